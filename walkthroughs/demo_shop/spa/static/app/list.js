// The product list: cards with pictures and prices, and a sort box (without a label, as on many shops).
import { useEffect, useState } from 'preact/hooks';
import { api } from './api.js';
import { WishButton } from './controls.js';
import { html } from './html.js';
import { Price } from './money.js';
import { Link, navigate } from './router.js';
import { flags, market, useStore } from './state.js';

const SORTS = [
  ['featured', 'Featured'],
  ['price-asc', 'Price: low to high'],
  ['price-desc', 'Price: high to low'],
  ['name', 'Name'],
];

function sorted(products, sort) {
  const copy = [...products];
  if (sort === 'price-asc') copy.sort((a, b) => a.price - b.price);
  if (sort === 'price-desc') copy.sort((a, b) => b.price - a.price);
  if (sort === 'name') copy.sort((a, b) => a.title.localeCompare(b.title));
  return copy;
}

const FIRST_ROW = 4;  // pictures of the first row load at once, the rest as they scroll into view

function ProductCard({ product, catalogue, onOpen, eager }) {
  return html`
    <div class="product-card sc-card-7f2k1" data-component="ProductCard">
      <${Link} href=${`/products/${product.slug}`} class="product-card__link" onNavigate=${onOpen}>
        <div class="product-card__media"><img src=${product.image} alt="" width="400" height="400" loading=${eager ? 'eager' : 'lazy'}/></div>
        <h2 class="product-card__title">${product.title}</h2>
      <//>
      <div class="product-card__meta">
        <${Price} cents=${product.price} currency=${catalogue.currency} locale=${catalogue.locale} testid="card-price"/>
        ${product.in_stock ? '' : html`<span class="tag">Sold out</span>`}
      </div>
      <${WishButton} title=${product.title}/>
    </div>`;
}

export function ProductList({ query }) {
  const current = useStore(market);
  const [catalogue, setCatalogue] = useState(null);
  const [failed, setFailed] = useState(null);
  const sort = SORTS.some(([id]) => id === query.get('sort')) ? query.get('sort') : 'featured';
  useEffect(() => {
    document.title = 'Coffee gear – Grindhouse Coffee Supply';
    api('/api/products').then(setCatalogue, setFailed);
  }, [current]);
  const onSort = (event) => {
    const value = event.currentTarget.value;
    if (flags.has('alert-on-sort')) alert(`Sorting by ${value}`);
    navigate(value === 'featured' ? '/' : `/?sort=${value}`, { replace: true });
  };
  if (failed) return html`<p class="notice">We could not load the products. Please try again.</p>`;
  const products = catalogue ? sorted(catalogue.products, sort) : [];
  // The link opens the product clicked; with the defect the handler takes the next one in the list.
  const open = (index) => () => {
    const target = flags.has('wrong-product-link') ? products[(index + 1) % products.length] : products[index];
    navigate(`/products/${target.slug}`);
  };
  return html`
    <div class="css-k3l2p9" data-component="ProductListPage">
      <h1>Coffee gear</h1>
      <div class="toolbar">
        <p class="toolbar__count">${catalogue ? `${products.length} products` : 'Loading…'}</p>
        <select class="sort-select" data-testid="sort" value=${sort} onChange=${onSort}>
          ${SORTS.map(([id, label]) => html`<option value=${id}>${label}</option>`)}
        </select>
      </div>
      <ul class="product-grid" aria-busy=${catalogue ? 'false' : 'true'}>
        ${products.map((product, index) => html`<li key=${product.slug}>
          <${ProductCard} product=${product} catalogue=${catalogue} onOpen=${open(index)} eager=${index < FIRST_ROW}/></li>`)}
      </ul>
    </div>`;
}
