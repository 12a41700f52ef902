// The cart: lines with a quantity stepper and a remove icon, the totals, and the way on to checkout.
import { useEffect, useState } from 'preact/hooks';
import { api } from './api.js';
import { QuantityStepper } from './controls.js';
import { html } from './html.js';
import { trashIcon } from './icons.js';
import { Price } from './money.js';
import { Link } from './router.js';
import { cart, flags, loadCart, useStore } from './state.js';

function CartLine({ item, basket, onChange }) {
  const money = (cents) => html`<${Price} cents=${cents} currency=${basket.currency} locale=${basket.locale}/>`;
  return html`
    <li class="cart-line sc-line-2m9d" data-testid="cart-line" data-component="CartLine">
      <img src=${item.image} alt="" width="96" height="96"/>
      <div class="cart-line__details">
        <${Link} href=${`/products/${item.slug}`} class="cart-line__title">${item.title}<//>
        <p class="cart-line__option">${`${item.option_name}: ${item.option}`}</p>
        <p class="cart-line__unit">${money(item.unit_price)}${' each'}</p>
      </div>
      <${QuantityStepper} id=${`qty-${item.id}`} value=${item.quantity} label=${`quantity of ${item.title}`}
        onChange=${(quantity) => onChange(item, quantity)}/>
      <p class="cart-line__total">${money(item.line_total)}</p>
      <button type="button" class="icon-button remove" onClick=${() => onChange(item, 0)}>
        ${trashIcon}<span class="sr-only">${`Remove ${item.title}, ${item.option}`}</span></button>
    </li>`;
}

export function Totals({ basket, testid }) {
  const money = (cents, id) => html`<${Price} cents=${cents} currency=${basket.currency} locale=${basket.locale} testid=${id}/>`;
  return html`
    <dl class="totals" data-component="Totals">
      <div><dt>Subtotal</dt><dd>${money(basket.subtotal, 'subtotal')}</dd></div>
      <div><dt>Shipping</dt><dd data-testid="shipping">${basket.shipping ? money(basket.shipping) : 'Free'}</dd></div>
      <div class="totals__total"><dt>Total</dt><dd>${money(basket.total, testid)}</dd></div>
    </dl>`;
}

export function CartPage() {
  const basket = useStore(cart);
  const [error, setError] = useState('');
  useEffect(() => { document.title = 'Your cart – Grindhouse Coffee Supply'; loadCart(); }, []);
  const change = async (item, quantity) => {
    try {
      setError('');
      cart.set(await api(`/api/cart/items/${item.id}`, quantity ? { method: 'PATCH', body: { quantity } } : { method: 'DELETE' }));
    } catch (failure) {
      setError(failure.message);
    }
  };
  if (!basket) return html`<div class="skeleton" aria-busy="true">Loading…</div>`;
  if (!basket.items.length) {
    return html`<div class="prose"><h1>Your cart</h1><p data-testid="cart-empty">Your cart is empty.</p>
      <p><${Link} href="/" class="button">Continue shopping<//></p></div>`;
  }
  const missing = basket.free_shipping_from - basket.subtotal;
  return html`
    <div class="css-c4r7t" data-component="CartPage">
      <h1>Your cart</h1>
      ${error ? html`<p class="form-banner" role="alert">${error}</p>` : ''}
      <ul class="cart-lines">${basket.items.map((item) => html`<${CartLine} key=${item.id} item=${item} basket=${basket} onChange=${change}/>`)}</ul>
      <div class="cart-summary">
        ${missing > 0 ? html`<p class="notice">Add <${Price} cents=${missing} currency=${basket.currency} locale=${basket.locale}/> more for free standard shipping.</p>` : ''}
        <${Totals} basket=${basket} testid="cart-total"/>
        <${Link} href="/checkout" class=${flags.has('checkout-over-header') ? 'button button-large checkout-button is-pinned' : 'button button-large checkout-button'}>Checkout<//>
        <p><${Link} href="/">Continue shopping<//></p>
      </div>
    </div>`;
}
