// The page's header (its banner landmark at the top of the screen) and what from outside it is drawn over it:
// points on a grid over the header's visible box are hit-tested, and every hit outside the header is grouped by
// the element it belongs to. Dialogs, status messages and in-page links (a skip link) are left out: they cover the
// page on purpose, and the obstruction check judges dialogs. Boxes are in CSS px of the viewport.
(limits) => {
  const boxOf = (r) => ({x: Math.round(r.x), y: Math.round(r.y), width: Math.round(r.width), height: Math.round(r.height)});
  const describe = (node) => describeElement(node);  // js/describe.js
  const nameOf = (el) => (el.getAttribute('aria-label') || el.innerText || el.value || el.getAttribute('title') || '')
    .trim().replace(/\s+/g, ' ').slice(0, 80);
  const CONTROL = 'a[href], button, input, select, textarea, [role="button"], [role="link"], [tabindex]:not([tabindex="-1"])';
  const ON_PURPOSE = 'dialog, [role="dialog"], [role="alertdialog"], [aria-modal="true"], [role="status"], ' +
    '[role="alert"], [popover], a[href^="#"]';
  const vw = document.documentElement.clientWidth;
  const vh = innerHeight;

  const header = [...document.querySelectorAll('header, [role="banner"]')].find((el) => {
    if (el.closest('main, article, section, aside, dialog, [role="main"]')) return false;
    const r = el.getBoundingClientRect();
    return r.height >= limits.min_height && r.width >= vw * limits.min_width_share && r.top < vh / 2 && r.bottom > 0;
  });
  if (!header) return {header: null, covered_by: []};
  const r = header.getBoundingClientRect();
  const top = Math.max(0, r.top), bottom = Math.min(vh, r.bottom), left = Math.max(0, r.left), right = Math.min(vw, r.right);
  const owners = new Map();
  let points = 0;
  for (let y = top + limits.step / 2; y < bottom; y += limits.step) {
    for (let x = left + limits.step / 2; x < right; x += limits.step) {
      points += 1;
      const hit = document.elementFromPoint(x, y);
      if (!hit || header.contains(hit) || hit === document.documentElement || hit === document.body) continue;
      if (hit.closest(ON_PURPOSE)) continue;
      const owner = hit.closest(CONTROL) || hit;
      if (!owners.has(owner)) owners.set(owner, []);
      owners.get(owner).push([x, y]);
    }
  }
  const covered_by = [];
  for (const [owner, hits] of owners) {
    const o = owner.getBoundingClientRect();
    const overlap = {x: Math.max(o.left, left), y: Math.max(o.top, top)};
    overlap.width = Math.min(o.right, right) - overlap.x;
    overlap.height = Math.min(o.bottom, bottom) - overlap.y;
    // What of the header lies underneath: the header's own elements at the hit points, controls first.
    const under = new Set();
    for (const [x, y] of hits) {
      const inside = document.elementsFromPoint(x, y).find((el) => el !== header && header.contains(el));
      if (inside) under.add(inside.closest(CONTROL) || inside);
    }
    const controls = [...under].filter((el) => el.matches(CONTROL) && header.contains(el));
    const named = (controls.length ? controls : [...under]).map(nameOf).filter(Boolean);
    covered_by.push({
      selector: describe(owner), name: nameOf(owner), tag: owner.tagName.toLowerCase(), box: boxOf(o),
      overlap: boxOf(overlap), share: Math.round((hits.length / Math.max(1, points)) * 1000) / 1000,
      position: getComputedStyle(owner).position, covers: [...new Set(named)].slice(0, 4),
      covers_control: controls.length > 0,
    });
  }
  return {
    header: {selector: describe(header), box: boxOf(r), position: getComputedStyle(header).position},
    covered_by: covered_by.sort((a, b) => b.share - a.share).slice(0, limits.elements),
  };
}
