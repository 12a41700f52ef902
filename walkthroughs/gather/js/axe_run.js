// Run axe-core on the page for WCAG A and AA and keep its serious and critical violations, grouped by rule,
// with each element's selector and box (CSS px of the viewport).
async (options) => {
  const result = await axe.run(document, {
    runOnly: {type: 'tag', values: options.tags},
    rules: Object.fromEntries(options.skip.map((id) => [id, {enabled: false}])),
    resultTypes: ['violations'],
    preload: false,  // no second download of the stylesheets; only css-orientation-lock needs them
    iframes: false,  // the shop's own page; a payment or ad iframe without axe would be waited for a minute
  });
  const boxOf = (target) => {
    try {
      const el = typeof target === 'string' ? document.querySelector(target) : null;
      if (!el) return null;
      const r = el.getBoundingClientRect();
      return {x: Math.round(r.x), y: Math.round(r.y), width: Math.round(r.width), height: Math.round(r.height)};
    } catch (error) {
      return null;
    }
  };
  const violations = result.violations.filter((v) => options.impacts.includes(v.impact)).map((v) => ({
    id: v.id, impact: v.impact, help: v.help, help_url: v.helpUrl, tags: v.tags.filter((t) => /^wcag\d/.test(t)),
    node_count: v.nodes.length,
    nodes: v.nodes.slice(0, options.nodes).map((n) => ({
      target: n.target.join(' '), html: n.html.slice(0, 200), summary: (n.failureSummary || '').slice(0, 300),
      box: n.target.length === 1 ? boxOf(n.target[0]) : null,
    })),
  }));
  const other = result.violations.filter((v) => !options.impacts.includes(v.impact)).map((v) => ({id: v.id, impact: v.impact}));
  return {version: axe.version, violations, other};
}
