/* slow-heavy-product: a synchronous "tag manager", served late, that keeps the main thread busy before first paint. */
(function () {
  var until = Date.now() + 600;
  while (Date.now() < until) { /* busy */ }
  window.vendorReady = true;
})();
