// Inline icons; the buttons that use them carry their names in visually hidden text.
import { html } from './html.js';

const icon = (path) => html`<svg class="icon" aria-hidden="true" focusable="false" width="24" height="24" viewBox="0 0 24 24"><path fill="currentColor" d=${path}/></svg>`;

export const menuIcon = icon('M3 6h18v2H3zm0 5h18v2H3zm0 5h18v2H3z');
export const bagIcon = icon('M7 7V6a5 5 0 0 1 10 0v1h3l-1 14H5L4 7zm2 0h6V6a3 3 0 0 0-6 0z');
export const heartIcon = icon('M12 21 3.5 12.5A5 5 0 0 1 12 5.6a5 5 0 0 1 8.5 6.9z');
export const minusIcon = icon('M5 11h14v2H5z');
export const plusIcon = icon('M11 5h2v6h6v2h-6v6h-2v-6H5v-2h6z');
export const trashIcon = icon('M9 3h6l1 2h4v2H4V5h4zm-3 6h12l-1 12H7z');
