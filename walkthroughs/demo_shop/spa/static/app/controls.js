// Small controls several pages use: the wishlist heart and the quantity stepper, icon buttons with hidden names.
import { useState } from 'preact/hooks';
import { html } from './html.js';
import { heartIcon, minusIcon, plusIcon } from './icons.js';

export function WishButton({ title }) {
  const [saved, setSaved] = useState(false);
  return html`<button type="button" class=${saved ? 'icon-button wish is-saved' : 'icon-button wish'}
      aria-pressed=${saved ? 'true' : 'false'} onClick=${() => setSaved(!saved)}>
    ${heartIcon}<span class="label-hidden">${`Save ${title} to your wishlist`}</span></button>`;
}

export function QuantityStepper({ id, value, onChange, label }) {
  const set = (next) => onChange(Math.max(1, Math.min(10, next)));
  return html`
    <div class="stepper" data-component="QuantityStepper">
      <button type="button" class="icon-button stepper__button" onClick=${() => set(value - 1)} disabled=${value <= 1}>
        ${minusIcon}<span class="label-hidden">${`Decrease ${label}`}</span></button>
      <input id=${id} class="stepper__input" type="number" inputmode="numeric" min="1" max="10" value=${value}
             aria-label=${label} onInput=${(event) => set(Number(event.currentTarget.value) || 1)}/>
      <button type="button" class="icon-button stepper__button" onClick=${() => set(value + 1)} disabled=${value >= 10}>
        ${plusIcon}<span class="label-hidden">${`Increase ${label}`}</span></button>
    </div>`;
}
