// The app: routes to the page for the address, inside the header and footer, and starts the telemetry.
import { render } from 'preact';
import { useEffect, useLayoutEffect } from 'preact/hooks';
import { CartPage } from './cart.js';
import { CheckoutPage } from './checkout.js';
import { Confirmation } from './confirmation.js';
import { html } from './html.js';
import { Help, NotFound } from './info.js';
import { Footer, Header } from './layout.js';
import { ProductList } from './list.js';
import { ProductPage } from './product.js';
import { match, useLocation } from './router.js';
import { flags, loadCart, market, shop } from './state.js';
import { pageView, startErrorReporting } from './telemetry.js';

function freeze(ms) {
  const end = performance.now() + ms;
  while (performance.now() < end) { /* render-freeze: the main thread is busy, nothing can paint or respond */ }
}

function Page({ route }) {
  switch (route.name) {
    case 'list': return html`<${ProductList} query=${route.query}/>`;
    case 'product': return html`<${ProductPage} slug=${route.param}/>`;
    case 'cart': return html`<${CartPage}/>`;
    case 'checkout': return html`<${CheckoutPage}/>`;
    case 'order': return html`<${Confirmation} number=${route.param}/>`;
    case 'help': return html`<${Help}/>`;
    default: return html`<${NotFound}/>`;
  }
}

function App() {
  const where = useLocation();
  const route = match(where);
  useLayoutEffect(() => { if (flags.has('render-freeze')) freeze(shop.freezeMs); }, [where]);
  useEffect(() => { window.scrollTo(0, 0); pageView(route.path); }, [route.path]);
  return html`
    <${Header}/>
    <main id="main" tabindex="-1" data-route=${route.name}><${Page} route=${route}/></main>
    <${Footer}/>`;
}

document.documentElement.lang = shop.markets[market.get()].locale;
startErrorReporting();
loadCart().catch(() => {});
const root = document.getElementById('app');
root.textContent = '';  // the boot skeleton
render(html`<${App}/>`, root);
