// A product page: picture, price, stock, the size (or colour) box, a quantity stepper and Add to cart.
import { useEffect, useState } from 'preact/hooks';
import { api } from './api.js';
import { QuantityStepper, WishButton } from './controls.js';
import { html } from './html.js';
import { NotFound } from './info.js';
import { Price } from './money.js';
import { Link } from './router.js';
import { cart, flags, market, useStore } from './state.js';

export function ProductPage({ slug }) {
  const current = useStore(market);
  const [product, setProduct] = useState(null);
  const [missing, setMissing] = useState(false);
  const [choice, setChoice] = useState('');
  const [quantity, setQuantity] = useState(1);
  const [status, setStatus] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    setProduct(null); setMissing(false); setChoice(''); setQuantity(1); setStatus(''); setError('');
    api(`/api/products/${slug}`).then((data) => {
      setProduct(data);
      document.title = `${data.title} – Grindhouse Coffee Supply`;
    }, () => setMissing(true));
  }, [slug, current]);

  if (missing) return html`<${NotFound}/>`;
  if (!product) return html`<div class="skeleton" aria-busy="true" data-testid="loading">Loading…</div>`;

  const optionName = product.option.name.toLowerCase();
  const addToCart = async (event) => {
    event.preventDefault();
    if (!choice) {
      setError(`Choose a ${optionName}.`);
      return;
    }
    const values = product.option.values.map((entry) => entry.value);
    // The size box's value is text; the catalogue's sizes can be numbers (500 ml). With the defect they are
    // compared strictly, nothing matches, and the click ends here without a word.
    const value = flags.has('add-to-cart-does-nothing')
      ? values.find((entry) => entry === choice)
      : values.find((entry) => String(entry) === choice);
    if (value === undefined) return;
    setBusy(true); setError(''); setStatus('');
    try {
      const updated = await api('/api/cart/items', { method: 'POST', body: { slug, option: String(value), quantity } });
      cart.set(updated);
      const label = product.option.values.find((entry) => entry.value === value).label;
      setStatus(`Added to your cart: ${product.title}, ${label}`);
    } catch (failure) {
      setError(failure.message);
    } finally {
      setBusy(false);
    }
  };

  const delivery = product.delivery;
  const money = (cents) => html`<${Price} cents=${cents} currency=${product.currency} locale=${product.locale}/>`;
  return html`
    <div class="css-p9x1q" data-component="ProductPage">
      <nav class="breadcrumb" aria-label="Breadcrumb"><${Link} href="/">Shop all<//> › <span aria-current="page">${product.title}</span></nav>
      <article class="product">
        <div class="product__media">
          <img src=${product.image} alt=${product.title} width="400" height="400" data-testid="product-image"/>
        </div>
        <div class="product__info">
          <div class="product__heading">
            <h1>${product.title}</h1>
            <${WishButton} title=${product.title}/>
          </div>
          <p class="product__price"><${Price} cents=${product.price} currency=${product.currency} locale=${product.locale} testid="product-price"/></p>
          <p class="rating">${`★ ${product.rating} out of 5 · ${product.review_count} reviews`}</p>
          <p class=${product.in_stock ? 'stock in-stock' : 'stock sold-out'} data-testid="stock">${product.in_stock ? 'In stock' : 'Sold out'}</p>
          <p>${product.summary}</p>
          <form class="add-form" onSubmit=${addToCart} noValidate>
            <div class="field">
              <label for="option">${product.option.name}</label>
              <select id="option" value=${choice} disabled=${!product.in_stock} aria-invalid=${error ? 'true' : undefined}
                      aria-describedby=${error ? 'option-error' : undefined}
                      onChange=${(event) => { setChoice(event.currentTarget.value); setError(''); }}>
                <option value="">${`Choose a ${optionName}`}</option>
                ${product.option.values.map((entry) => html`<option value=${String(entry.value)}>${entry.label}</option>`)}
              </select>
              ${error ? html`<p class="field-error" id="option-error">${error}</p>` : ''}
            </div>
            <div class="field">
              <label for="quantity">Quantity</label>
              <${QuantityStepper} id="quantity" value=${quantity} onChange=${setQuantity} label="quantity"/>
            </div>
            <button type="submit" class="button button-large" disabled=${!product.in_stock || busy}>Add to cart</button>
          </form>
          <div class="add-status" role="status" data-testid="add-status">${status}</div>
          <section class="delivery" aria-labelledby="delivery-heading">
            <h2 id="delivery-heading">Shipping and returns</h2>
            <ul>
              <li>Standard shipping ${money(delivery.standard)}, free from ${money(delivery.free_from)}: 3–5 business days.</li>
              <li>Express shipping ${money(delivery.express)}: 1–2 business days.</li>
              <li>Free returns within 30 days. <${Link} href="/help">Returns policy<//></li>
            </ul>
          </section>
        </div>
      </article>
    </div>`;
}
