// The thank-you page: the order number, what happens next, and what was paid.
import { useEffect, useState } from 'preact/hooks';
import { api } from './api.js';
import { html } from './html.js';
import { NotFound } from './info.js';
import { Price } from './money.js';
import { Link } from './router.js';
import { flags } from './state.js';

export function Confirmation({ number }) {
  const [order, setOrder] = useState(null);
  const [missing, setMissing] = useState(false);
  useEffect(() => {
    document.title = 'Thank you – Grindhouse Coffee Supply';
    api(`/api/orders/${number}`).then(setOrder, () => setMissing(true));
  }, [number]);
  if (missing) return html`<${NotFound}/>`;
  if (!order) return html`<div class="skeleton" aria-busy="true">Loading…</div>`;
  const money = (cents, testid) => html`<${Price} cents=${cents} currency=${order.currency} locale=${order.locale} testid=${testid}/>`;
  // With the defect the total is added up once more from the goods and shipping it already holds.
  const total = flags.has('doubled-total') ? order.total + order.subtotal + order.shipping : order.total;
  return html`
    <div class="prose confirmation" data-component="Confirmation">
      <h1>Thank you for your order</h1>
      <p class="order-number">Order number <strong data-testid="order-number">${order.number}</strong></p>
      <h2>What happens next</h2>
      <ul>
        <li>${`We have sent a confirmation email to ${order.email}.`}</li>
        <li>${`Your order ships within one business day and arrives in ${order.delivery_days}.`}</li>
        <li>Not what you wanted? Free returns within 30 days: <${Link} href="/help">how returns work<//>.</li>
      </ul>
      <h2>Your order</h2>
      <ul class="order-lines">${order.items.map((item) => html`<li>${`${item.quantity} × ${item.title}, ${item.option} `}${money(item.line_total)}</li>`)}</ul>
      <dl class="totals">
        <div><dt>Subtotal</dt><dd>${money(order.subtotal)}</dd></div>
        <div><dt>Shipping</dt><dd>${order.shipping ? money(order.shipping) : 'Free'}</dd></div>
        <div class="totals__total"><dt>Total paid</dt><dd>${money(total, 'order-total')}</dd></div>
      </dl>
      <p><${Link} href="/" class="button">Continue shopping<//></p>
    </div>`;
}
