// Page views and error reports, posted to the shop's telemetry service. Its address is unreachable and its token
// a placeholder nobody replaced, as on many live shops: every post fails, and nothing on the page depends on it.
import { shop } from './state.js';

function send(url, payload) {
  try {
    fetch(url, { method: 'POST', mode: 'no-cors', keepalive: true, headers: { 'Content-Type': 'text/plain' },
                 body: JSON.stringify(payload) }).catch(() => {});
  } catch (error) { /* telemetry never breaks the shop */ }
}

export function pageView(path) {
  send(shop.telemetry.rum, { type: 'page_view', path, ts: Date.now(), viewport: [innerWidth, innerHeight] });
}

export function startErrorReporting() {
  send(shop.telemetry.errors, { type: 'session', status: 'ok', started: new Date().toISOString() });
  addEventListener('error', (event) => send(shop.telemetry.errors, { type: 'error', message: String(event.message) }));
  addEventListener('unhandledrejection', (event) =>
    send(shop.telemetry.errors, { type: 'error', message: String(event.reason && event.reason.message) }));
}
