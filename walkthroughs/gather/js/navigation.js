// How the page arrived: redirects and the milestones of its navigation, in ms from the first request.
() => {
  const entry = performance.getEntriesByType('navigation')[0];
  if (!entry) return null;
  const ms = (value) => (value > 0 ? Math.round(value) : null);
  return {
    url: entry.name, type: entry.type, redirect_count: entry.redirectCount,
    redirect_ms: ms(entry.redirectEnd - entry.redirectStart), response_start_ms: ms(entry.responseStart),
    dom_interactive_ms: ms(entry.domInteractive), dom_content_loaded_ms: ms(entry.domContentLoadedEventEnd),
    load_ms: ms(entry.loadEventEnd),
  };
}
