// Client-side routing with the History API: links change the address without loading a page, and back/forward
// and reloads land on the same view (the server answers every page address with the same shell).
import { useEffect, useState } from 'preact/hooks';
import { html } from './html.js';

const listeners = new Set();
const here = () => location.pathname + location.search;

export function navigate(to, { replace = false } = {}) {
  if (to === here()) return;
  history[replace ? 'replaceState' : 'pushState']({}, '', to);
  listeners.forEach((listener) => listener(here()));
}

window.addEventListener('popstate', () => listeners.forEach((listener) => listener(here())));

export function useLocation() {
  const [where, setWhere] = useState(here());
  useEffect(() => { listeners.add(setWhere); return () => listeners.delete(setWhere); }, []);
  return where;
}

const ROUTES = [
  ['list', /^\/$/],
  ['product', /^\/products\/([a-z0-9-]+)$/],
  ['cart', /^\/cart$/],
  ['checkout', /^\/checkout$/],
  ['order', /^\/order\/(GH-\d+)$/],
  ['help', /^\/help$/],
];

export function match(where) {
  const url = new URL(where, location.origin);
  for (const [name, pattern] of ROUTES) {
    const found = url.pathname.match(pattern);
    if (found) return { name, param: found[1], path: url.pathname, query: url.searchParams };
  }
  return { name: 'not-found', path: url.pathname, query: url.searchParams };
}

// An <a> with a real address that routes on the client; a modified click (new tab, download) is the browser's.
export function Link({ href, onNavigate, children, ...rest }) {
  const onClick = (event) => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    if (onNavigate) onNavigate(event);
    else navigate(href);
  };
  return html`<a ...${rest} href=${href} onClick=${onClick}>${children}</a>`;
}
