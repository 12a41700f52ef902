// What the whole app shares: the shop's initial state (feature flags, markets), the chosen market and the cart.
import { useEffect, useState } from 'preact/hooks';
import { api } from './api.js';

export const shop = window.__SHOP__;
export const flags = new Set(shop.flags);

export function createStore(initial) {
  let value = initial;
  const listeners = new Set();
  return {
    get: () => value,
    set(next) { value = next; listeners.forEach((listener) => listener(value)); },
    subscribe(listener) { listeners.add(listener); return () => listeners.delete(listener); },
  };
}

export function useStore(store) {
  const [value, setValue] = useState(store.get());
  useEffect(() => { setValue(store.get()); return store.subscribe(setValue); }, [store]);
  return value;
}

// The market (prices, currency, locale): the region picker's choice, else guessed from the browser's language.
function firstMarket() {
  if (shop.market) return shop.market;
  const guess = (navigator.language || 'en-US').toLowerCase().startsWith('de') ? 'de' : 'us';
  document.cookie = `market=${guess}; path=/; max-age=31536000; SameSite=Lax`;
  return guess;
}

export const market = createStore(firstMarket());
export const cart = createStore(null);

export function marketInfo() {
  return shop.markets[market.get()];
}

export function chooseMarket(id) {
  document.cookie = `market=${id}; path=/; max-age=31536000; SameSite=Lax`;
  market.set(id);
  document.documentElement.lang = shop.markets[id].locale;
  return loadCart();
}

export async function loadCart() {
  cart.set(await api('/api/cart'));
}
