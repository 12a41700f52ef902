// Amounts as a framework renders them: one element per part of the formatted number (currency sign, integer,
// decimal separator, fraction), in the market's locale — `$27.50`, or `25,90 €` with a decimal comma.
import { html } from './html.js';

export function formatMoney(cents, currency, locale) {
  return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(cents / 100);
}

export function Price({ cents, currency, locale, testid, className = '' }) {
  const parts = new Intl.NumberFormat(locale, { style: 'currency', currency }).formatToParts(cents / 100);
  return html`<span class=${`price ${className}`.trim()} data-testid=${testid}>${parts.map(
    (part) => html`<span class=${`price__${part.type}`}>${part.value}</span>`,
  )}</span>`;
}
