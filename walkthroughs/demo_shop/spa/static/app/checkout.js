// Guest checkout: contact, address, shipping, payment, and a banner at the top of the form that sums up what
// stops the order — next to the fields for what the browser checks, in the banner only for what the shop refuses.
import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from './api.js';
import { Totals } from './cart.js';
import { html } from './html.js';
import { Price } from './money.js';
import { Link, navigate } from './router.js';
import { cart, flags, loadCart, marketInfo, shop, useStore } from './state.js';

const ADDRESS = [
  ['first_name', 'First name', 'given-name'],
  ['last_name', 'Last name', 'family-name'],
  ['address', 'Street address', 'street-address'],
  ['city', 'City', 'address-level2'],
  ['postcode', 'ZIP / Postcode', 'postal-code'],
];
const CARD = [
  ['card_number', 'Card number', 'cc-number', 'numeric'],
  ['card_expiry', 'Expiry date (MM/YY)', 'cc-exp', 'numeric'],
  ['card_cvc', 'Security code', 'cc-csc', 'numeric'],
];
function check(form) {
  const errors = {};
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(form.email.trim())) errors.email = 'Enter an email address like name@example.com.';
  for (const [name, words] of [['first_name', 'first name'], ['last_name', 'last name'], ['address', 'street address'], ['city', 'city']]) {
    if (!form[name].trim()) errors[name] = `Enter your ${words}.`;
  }
  if (!form.postcode.trim()) errors.postcode = 'Enter your ZIP or postcode.';
  if (form.payment === 'card') {
    if (!form.card_number.trim()) errors.card_number = 'Enter your card number.';
    if (!form.card_expiry.trim()) errors.card_expiry = 'Enter the expiry date as MM/YY.';
    if (!form.card_cvc.trim()) errors.card_cvc = 'Enter the security code.';
  }
  return errors;
}

function Field({ name, label, autocomplete, inputmode, type = 'text', form, errors, onInput }) {
  const error = errors[name];
  return html`
    <div class=${error ? 'field has-error' : 'field'}>
      <label for=${`f-${name}`}>${label}</label>
      <input id=${`f-${name}`} name=${name} type=${type} autocomplete=${autocomplete} inputmode=${inputmode}
             value=${form[name]} onInput=${onInput(name)} aria-invalid=${error ? 'true' : undefined}
             aria-describedby=${error ? `f-${name}-error` : undefined}/>
      ${error ? html`<p class="field-error" id=${`f-${name}-error`}>${error}</p>` : ''}
    </div>`;
}

function Banner({ banner }) {
  const ref = useRef(null);
  useEffect(() => { if (banner && ref.current) ref.current.focus(); }, [banner]);
  if (!banner) return '';
  return html`
    <div class="form-banner" role="alert" tabindex="-1" ref=${ref} data-testid="form-errors">
      <h2>${banner.title}</h2>
      <ul>${banner.items.map(([name, message]) => html`<li>${name ? html`<a href=${`#f-${name}`}>${message}</a>` : message}</li>`)}</ul>
    </div>`;
}

export function CheckoutPage() {
  const basket = useStore(cart);
  const market = marketInfo();
  const [form, setForm] = useState({
    email: '', phone: '', first_name: '', last_name: '', address: '', city: '', postcode: '', country: market.country,
    shipping: 'standard', payment: 'card', card_number: '', card_expiry: '', card_cvc: '',
  });
  const [errors, setErrors] = useState({});
  const [banner, setBanner] = useState(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => { document.title = 'Checkout – Grindhouse Coffee Supply'; loadCart(); }, []);

  const onInput = (name) => (event) => {
    const value = event.currentTarget.value;
    if (name === 'last_name' && flags.has('last-name-into-first-name')) {
      setForm((before) => ({ ...before, first_name: value }));  // the defect: the wrong key
      return;
    }
    setForm((before) => ({ ...before, [name]: value }));
  };

  const placeOrder = async (event) => {
    event.preventDefault();
    const found = check(form);
    setErrors(found);
    if (Object.keys(found).length) {
      const count = Object.keys(found).length;
      setBanner({ title: count === 1 ? 'There is 1 problem with your details' : `There are ${count} problems with your details`,
                  items: Object.entries(found) });
      return;
    }
    setBusy(true);
    try {
      const order = await api('/api/orders', { method: 'POST', body: form });
      await loadCart();
      navigate(`/order/${order.number}`);
    } catch (failure) {
      const data = failure.data || {};
      const items = [...(data.general || []).map((message) => [null, message]), ...Object.entries(data.errors || {})];
      setBanner({ title: data.message || "We couldn't place your order", items: items.length ? items : [[null, failure.message]] });
      setBusy(false);
    }
  };

  if (!basket) return html`<div class="skeleton" aria-busy="true">Loading…</div>`;
  if (!basket.items.length) {
    return html`<div class="prose"><h1>Checkout</h1><p>Your cart is empty.</p><p><${Link} href="/">Continue shopping<//></p></div>`;
  }
  const shipping = basket.shipping_options[form.shipping];
  const summary = { ...basket, shipping, total: basket.subtotal + shipping };
  const money = (cents) => html`<${Price} cents=${cents} currency=${basket.currency} locale=${basket.locale}/>`;
  const field = ([name, label, autocomplete, inputmode]) => html`<${Field} name=${name} label=${label}
      autocomplete=${autocomplete} inputmode=${inputmode} form=${form} errors=${errors} onInput=${onInput}/>`;
  const radio = (group, value, label) => html`
    <label class="choice"><input type="radio" name=${group} value=${value} checked=${form[group] === value}
      onChange=${() => setForm((before) => ({ ...before, [group]: value }))}/> ${label}</label>`;
  return html`
    <div class="checkout css-q8w2e" data-component="CheckoutPage">
      <p><${Link} href="/cart">‹ Back to cart<//></p>
      <h1>Checkout</h1>
      <div class="checkout__layout">
        <form class="checkout-form" onSubmit=${placeOrder} noValidate>
          <${Banner} banner=${banner}/>
          <fieldset><legend>Contact</legend>
            <${Field} name="email" label="Email" type="email" autocomplete="email" form=${form} errors=${errors} onInput=${onInput}/>
            <${Field} name="phone" label="Phone (optional)" type="tel" autocomplete="tel" form=${form} errors=${errors} onInput=${onInput}/>
          </fieldset>
          <fieldset><legend>Shipping address</legend>
            ${ADDRESS.map(field)}
            <div class="field">
              <label for="f-country">Country</label>
              <select id="f-country" name="country" value=${form.country} autocomplete="country"
                      onChange=${(event) => setForm((before) => ({ ...before, country: event.currentTarget.value }))}>
                ${Object.entries(shop.countries).map(([code, name]) => html`<option value=${code}>${name}</option>`)}
              </select>
            </div>
          </fieldset>
          <fieldset><legend>Shipping method</legend>
            ${Object.entries(shop.shipping).map(([id, method]) => radio('shipping', id, html`${`${method.label} · ${method.days} · `}${
              basket.shipping_options[id] ? money(basket.shipping_options[id]) : 'Free'}`))}
          </fieldset>
          <fieldset><legend>Payment</legend>
            ${Object.entries(shop.payments).map(([id, label]) => radio('payment', id, label))}
            ${form.payment === 'card' ? CARD.map(field) : html`<p class="notice">You will confirm the payment with PayPal after placing the order.</p>`}
          </fieldset>
          <button type="submit" class="button button-large" disabled=${busy}>Place order</button>
        </form>
        <aside class="order-summary" aria-label="Order summary">
          <h2>Order summary</h2>
          <ul>${basket.items.map((item) => html`<li>${`${item.quantity} × ${item.title}, ${item.option} `}${money(item.line_total)}</li>`)}</ul>
          <${Totals} basket=${summary} testid="checkout-total"/>
        </aside>
      </div>
    </div>`;
}
