/* walkthroughs: send this document's Web Vitals and load costs to the walker as they change.
   Runs in the same init script as web-vitals' IIFE (its `webVitals` variable); reports go through the binding __wtVitalsReport,
   so nothing is lost when the shopper navigates away. Top-level documents only. */
(() => {
  const vitals = typeof webVitals !== "undefined" ? webVitals : undefined;
  if (window !== window.top || !vitals) return;
  const documentId = String(performance.timeOrigin);
  const send = (message) => {
    try {
      const sent = window.__wtVitalsReport({document: documentId, url: location.href, ...message});
      if (sent && sent.catch) sent.catch(() => {});
    } catch (error) { /* the binding is not there yet or the page is going away */ }
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

  const load = {requests: 0, transfer_bytes: 0, long_tasks: []};
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
  observe("resource", (entry) => { load.requests += 1; load.transfer_bytes += entry.transferSize || 0; });
  observe("longtask", (entry) => {
    if (load.long_tasks.length < 500) load.long_tasks.push([round(entry.startTime), round(entry.duration)]);
  });
  addEventListener("pagehide", () => { if (queued) sendLoad(); }, true);
})();
