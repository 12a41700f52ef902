/* walkthroughs: send this document's Web Vitals and load costs to the walker as they change.
   Runs in the same init script as web-vitals' IIFE (its `webVitals` variable); reports go as JSON through the
   DevTools binding __wtVitalsReport, so nothing is lost when the shopper navigates away. Top-level documents only. */
(() => {
  const vitals = typeof webVitals !== "undefined" ? webVitals : undefined;
  if (window !== window.top || !vitals) return;
  const documentId = String(performance.timeOrigin);
  const stringify = JSON.stringify;  // as it was before the page's own scripts ran
  const send = (message) => {
    // An old library (Prototype.js) gives arrays a toJSON that would encode ours twice: set aside while we encode.
    const arrayToJSON = Array.prototype.toJSON;
    try {
      if (arrayToJSON) delete Array.prototype.toJSON;
      window.__wtVitalsReport(stringify({document: documentId, url: location.href, ...message}));
    } catch (error) { /* the binding is not there or the page is going away */ } finally {
      if (arrayToJSON) Array.prototype.toJSON = arrayToJSON;
    }
  };
  const round = (value) => (typeof value === "number" ? Math.round(value * 1000) / 1000 : value);
  const attributionOf = {
    TTFB: (a) => ({waiting_ms: a.waitingDuration, dns_ms: a.dnsDuration, connection_ms: a.connectionDuration,
                   request_ms: a.requestDuration}),
    FCP: (a) => ({time_to_first_byte_ms: a.timeToFirstByte, first_byte_to_fcp_ms: a.firstByteToFCP}),
    LCP: (a) => ({element: a.target, resource: a.url, time_to_first_byte_ms: a.timeToFirstByte,
                  resource_load_delay_ms: a.resourceLoadDelay, resource_load_ms: a.resourceLoadDuration,
                  element_render_delay_ms: a.elementRenderDelay}),
    CLS: (a) => ({largest_shift_element: a.largestShiftTarget, largest_shift: a.largestShiftValue,
                  largest_shift_at_ms: a.largestShiftTime}),
    INP: (a) => ({element: a.interactionTarget, interaction: a.interactionType, input_delay_ms: a.inputDelay,
                  processing_ms: a.processingDuration, presentation_delay_ms: a.presentationDelay}),
  };
  const onMetric = (metric) => {
    const attribution = {};
    for (const [key, value] of Object.entries(attributionOf[metric.name](metric.attribution || {}))) {
      if (value !== undefined && value !== null) attribution[key] = round(value);
    }
    send({kind: "metric", name: metric.name, value: round(metric.value), rating: metric.rating, attribution});
  };
  const options = {reportAllChanges: true};
  for (const name of ["onTTFB", "onFCP", "onLCP", "onCLS", "onINP"]) vitals[name](onMetric, options);
  // web-vitals reports TTFB only once the page has loaded; a shopper who moves on before that still waited for it.
  const earlyTTFB = () => {
    const navigation = performance.getEntriesByType("navigation")[0];
    if (navigation && navigation.responseStart > 0) {
      send({kind: "metric", name: "TTFB", value: round(Math.max(navigation.responseStart - (navigation.activationStart || 0), 0)),
            attribution: {}});
    }
  };
  if (document.readyState === "loading") addEventListener("DOMContentLoaded", earlyTTFB, {once: true}); else earlyTTFB();

  // Raw entries with their times, so the walker can charge what a client-side render costs (layout shifts, long
  // tasks, requests) to the stage whose step caused it, not to the stage that loaded this document.
  const load = {requests: 0, transfer_bytes: 0, long_tasks: [], time_origin: performance.timeOrigin,
                shifts: [], resources: []};
  const nameOf = (node) => {
    if (!node || node.nodeType !== 1) return null;
    return node.tagName.toLowerCase() + (node.id ? '#' + node.id : '')
      + (typeof node.className === 'string' && node.className.trim() ? '.' + node.className.trim().split(/\s+/)[0] : '');
  };
  let queued = false;
  const sendLoad = () => { queued = false; send({kind: "load", ...load}); };
  const queueLoad = () => { if (!queued) { queued = true; setTimeout(sendLoad, 50); } };
  const observe = (type, take) => {
    try {
      new PerformanceObserver((list) => { list.getEntries().forEach(take); queueLoad(); })
        .observe({type, buffered: true});
    } catch (error) { /* this browser does not know the entry type */ }
  };
  observe("navigation", (entry) => { load.requests += 1; load.transfer_bytes += entry.transferSize || 0; });
  observe("resource", (entry) => {
    load.requests += 1;
    load.transfer_bytes += entry.transferSize || 0;
    if (load.resources.length < 2000) load.resources.push([round(entry.startTime), entry.transferSize || 0]);
  });
  observe("longtask", (entry) => {
    if (load.long_tasks.length < 500) load.long_tasks.push([round(entry.startTime), round(entry.duration)]);
  });
  observe("layout-shift", (entry) => {
    if (load.shifts.length >= 1000) return;
    const largest = (entry.sources || []).reduce((a, b) => (!a || b.previousRect.width * b.previousRect.height
      > a.previousRect.width * a.previousRect.height ? b : a), null);
    load.shifts.push([round(entry.startTime), round(entry.value), entry.hadRecentInput ? 1 : 0,
                      largest ? nameOf(largest.node) : null]);
  });
  // Route changes of a single-page app: the History API, and back/forward within the document.
  const soft = (how) => send({kind: "soft", how, at: round(performance.now())});
  for (const [method, how] of [["pushState", "push"], ["replaceState", "replace"]]) {
    const original = history[method];
    history[method] = function (...args) {
      const before = location.href;
      const result = original.apply(this, args);
      if (location.href !== before) soft(how);
      return result;
    };
  }
  addEventListener("popstate", () => soft("pop"));
  addEventListener("pagehide", () => { if (queued) sendLoad(); }, true);
})();
