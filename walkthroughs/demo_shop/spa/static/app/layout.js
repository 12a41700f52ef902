// The frame around every page: the header (mini-basket on wide screens, a cart icon below 1024 px) and the footer.
import { useEffect, useState } from 'preact/hooks';
import { html } from './html.js';
import { bagIcon, menuIcon } from './icons.js';
import { Price } from './money.js';
import { Link, useLocation } from './router.js';
import { cart, chooseMarket, market, marketInfo, shop, useStore } from './state.js';

const itemsText = (count) => `${count} item${count === 1 ? '' : 's'}`;

export function Header() {
  const basket = useStore(cart);
  useStore(market);  // drawn again in the new market's currency when the shopper changes it
  const [menuOpen, setMenuOpen] = useState(false);
  const where = useLocation();
  useEffect(() => setMenuOpen(false), [where]);
  const count = basket ? basket.count : 0;
  const { currency, locale } = marketInfo();
  return html`
    <a class="skip-link" href="#main">Skip to content</a>
    <header class="site-header css-1hx8k2a" data-component="Header">
      <div class="site-header__inner">
        <button type="button" class="icon-button menu-button" aria-expanded=${menuOpen ? 'true' : 'false'}
                aria-controls="site-nav" onClick=${() => setMenuOpen(!menuOpen)}>
          ${menuIcon}<span class="sr-only">Menu</span>
        </button>
        <${Link} href="/" class="logo">Grindhouse <span>Coffee Supply</span><//>
        <nav id="site-nav" class=${menuOpen ? 'site-nav is-open' : 'site-nav'} aria-label="Main">
          <ul>
            <li><${Link} href="/">Shop all<//></li>
            <li><${Link} href="/help">Shipping & returns<//></li>
          </ul>
        </nav>
        <${Link} href="/cart" class="mini-basket" data-testid="mini-basket">
          <span class="mini-basket__label">Cart</span>
          <span class="mini-basket__count">${`· ${itemsText(count)}`}</span>
          ${count ? html`<span class="mini-basket__total">${'· '}<${Price} cents=${basket.subtotal} currency=${currency} locale=${locale}/></span>` : ''}
        <//>
        <${Link} href="/cart" class="icon-button cart-button" data-testid="cart-button">
          ${bagIcon}<span class="label-hidden">${`Cart, ${itemsText(count)}`}</span>
          <span class="badge" aria-hidden="true">${count}</span>
        <//>
      </div>
    </header>`;
}

export function Footer() {
  const current = useStore(market);
  return html`
    <footer class="site-footer" data-component="Footer">
      <div class="site-footer__inner">
        <p><${Link} href="/help">Shipping & returns<//> · Free returns within 30 days · hello@grindhouse.example</p>
        <label class="region">Ship to
          <select value=${current} onChange=${(event) => chooseMarket(event.currentTarget.value)}>
            ${Object.entries(shop.markets).map(([id, info]) => html`<option value=${id}>${info.label}</option>`)}
          </select>
        </label>
        <p class="small">A single-page demo shop bundled with walkthroughs. Nothing here is for sale.</p>
      </div>
    </footer>`;
}
