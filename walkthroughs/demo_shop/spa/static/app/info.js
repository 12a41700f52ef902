// Pages with words only: shipping and returns, and the app's own "page not found".
import { useEffect } from 'preact/hooks';
import { html } from './html.js';
import { Link } from './router.js';

export function Help() {
  useEffect(() => { document.title = 'Shipping & returns – Grindhouse Coffee Supply'; }, []);
  return html`
    <div class="prose" data-component="HelpPage">
      <h1>Shipping & returns</h1>
      <h2>Shipping</h2>
      <p>Standard shipping takes 3–5 business days and is free above a minimum order; express takes 1–2 business days.</p>
      <h2>Returns</h2>
      <p>Return anything unused within 30 days for a full refund. Beans are fresh food and cannot be returned once opened.</p>
      <h2>Contact</h2>
      <p>Write to hello@grindhouse.example, Monday to Friday, 9–17.</p>
    </div>`;
}

export function NotFound() {
  useEffect(() => { document.title = 'Page not found – Grindhouse Coffee Supply'; }, []);
  return html`
    <div class="prose" data-component="NotFound">
      <h1>Page not found</h1>
      <p>We could not find this page. <${Link} href="/">See all our coffee gear<//>.</p>
    </div>`;
}
