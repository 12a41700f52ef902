// What a shopper on a small screen meets: sideways scrolling, tap targets too small to hit, tiny text,
// the viewport set-up and where the main call to action sits. Boxes are in CSS px of the viewport.
(limits) => {
  const vw = document.documentElement.clientWidth;
  const vh = innerHeight;
  const boxOf = (r) => ({x: Math.round(r.x), y: Math.round(r.y), width: Math.round(r.width), height: Math.round(r.height)});
  const describe = (node) => describeElement(node, true);  // js/describe.js
  const shown = (el) => {
    const r = el.getBoundingClientRect();
    return r.width > 1 && r.height > 1 && el.checkVisibility({checkOpacity: true, checkVisibilityCSS: true});
  };
  const nameOf = (el) => (el.getAttribute('aria-label') || el.innerText || el.value || el.getAttribute('title') || '')
    .trim().replace(/\s+/g, ' ').slice(0, 80);

  // Sideways scrolling: the outermost elements reaching past the right edge that no scroll box clips.
  const scrollWidth = Math.max(document.documentElement.scrollWidth, document.body ? document.body.scrollWidth : 0);
  const clipped = (el) => {
    for (let a = el.parentElement; a && a !== document.body && a !== document.documentElement; a = a.parentElement) {
      if (getComputedStyle(a).overflowX !== 'visible') return true;
    }
    return false;
  };
  const overflowing = [];
  if (scrollWidth > vw + 1) {
    for (const el of document.body.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      if (r.right <= vw + 1 || r.width === 0) continue;
      const parent = el.parentElement;
      if (parent && parent !== document.body && parent.getBoundingClientRect().right > vw + 1) continue;
      if (getComputedStyle(el).position === 'fixed' || clipped(el)) continue;
      overflowing.push({selector: describe(el), box: boxOf(r), right: Math.round(r.right + scrollX)});
      if (overflowing.length >= limits.elements) break;
    }
  }

  // Tap targets: under 24 px unless spaced apart (WCAG 2.2, 2.5.8), or under 48 px and crowded by a neighbour.
  const interactive = 'a[href], button, input:not([type=hidden]), select, textarea, summary, [role=button], [role=link],'
    + ' [role=checkbox], [role=radio], [role=tab], [role=menuitem], [onclick]';
  const targets = [];
  for (const el of document.querySelectorAll(interactive)) {
    if (el.disabled || !shown(el)) continue;
    const rects = [el.getBoundingClientRect()];
    for (const label of el.labels || []) if (shown(label)) rects.push(label.getBoundingClientRect());
    const best = rects.reduce((a, b) => (Math.min(b.width, b.height) > Math.min(a.width, a.height) ? b : a));
    const style = getComputedStyle(el);
    const inText = el.tagName === 'A' && style.display === 'inline'
      && [...el.parentElement.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    targets.push({el, rect: el.getBoundingClientRect(), best, inText});
  }
  const gap = (r, x, y) => Math.hypot(Math.max(r.left - x, 0, x - r.right), Math.max(r.top - y, 0, y - r.bottom));
  const related = (a, b) => a.el.contains(b.el) || b.el.contains(a.el) || [...(a.el.labels || [])].some((l) => l.contains(b.el));
  const centre = (r) => [r.x + r.width / 2, r.y + r.height / 2];
  const overlap = (a, b) => Math.max(0, Math.min(a.right, b.right) - Math.max(a.left, b.left))
    * Math.max(0, Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top));
  const tooSmall = [], crowded = [];
  for (const t of targets) {
    if (t.inText) continue;
    const width = t.best.width, height = t.best.height;
    if (width >= limits.recommended && height >= limits.recommended) continue;
    const [cx, cy] = centre(t.rect);
    const others = targets.filter((o) => o !== t && !related(t, o));
    const entry = {selector: describe(t.el), name: nameOf(t.el), box: boxOf(t.rect),
                   width: Math.round(width), height: Math.round(height)};
    if (width < limits.minimum || height < limits.minimum) {
      // WCAG's spacing exception, read strictly: a 24 px circle on the target that reaches a neighbour fails.
      const half = limits.minimum / 2;
      const near = others.find((o) => gap(o.rect, cx, cy) <= half
        || ((o.best.width < limits.minimum || o.best.height < limits.minimum) && Math.hypot(cx - centre(o.rect)[0], cy - centre(o.rect)[1]) <= limits.minimum));
      if (near) {
        tooSmall.push({...entry, neighbour: describe(near.el)});
        continue;
      }
    }
    // Like Lighthouse: a finger-sized zone on the target's centre that another target takes a good share of.
    const half = limits.recommended / 2;
    const zone = {left: cx - half, right: cx + half, top: cy - half, bottom: cy + half};
    const own = overlap(zone, t.rect);
    const near = others.find((o) => overlap(zone, o.rect) > limits.crowding * own);
    if (near) crowded.push({...entry, neighbour: describe(near.el)});
  }

  // Text smaller than a phone can show legibly. Text hidden on purpose for screen readers — font-size 0 beside an
  // icon, the clipped `sr-only` / `visually-hidden` patterns, text moved off screen — is marked, not counted: no
  // shopper reads it on the screen.
  const hiddenClass = /(^|\s)(sr-only|visually-hidden|visuallyhidden|screen-reader-text|screenreader-only|a11y-hidden|assistive-text|u-hidden-visually|offscreen|hide-text)(\s|$)/i;
  const clippedAway = (style, el) => /^rect\(0(px)?,?\s*0(px)?,?\s*0(px)?,?\s*0(px)?\)$/.test(style.clip || '')
    || /inset\((50|100)%\)/.test(style.clipPath || '')
    || (style.overflow === 'hidden' && Math.min(el.getBoundingClientRect().width, el.getBoundingClientRect().height) <= 1);
  const visuallyHidden = (el, size) => {
    if (size === 0) return 'font-size 0';
    for (let a = el, depth = 0; a && a !== document.body && depth < 4; a = a.parentElement, depth += 1) {
      if (typeof a.className === 'string' && hiddenClass.test(a.className)) return 'a visually-hidden class';
      if (clippedAway(getComputedStyle(a), a)) return 'clipped';
    }
    const r = el.getBoundingClientRect();
    if (r.right + scrollX <= 0 || r.bottom + scrollY <= 0 || r.left + scrollX >= scrollWidth) return 'off screen';
    return null;
  };
  const small = new Map();
  const hiddenSmall = new Map();
  let smallCount = 0;
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!el || !node.textContent.trim() || small.has(el) || hiddenSmall.has(el)) continue;
    const size = parseFloat(getComputedStyle(el).fontSize);
    if (size >= limits.text || !shown(el)) continue;
    const entry = {selector: describe(el), text: node.textContent.trim().slice(0, 60), font_px: size,
                   box: boxOf(el.getBoundingClientRect())};
    const hidden = visuallyHidden(el, size);
    if (hidden) {
      if (hiddenSmall.size < limits.elements) hiddenSmall.set(el, {...entry, visually_hidden: hidden});
      continue;
    }
    smallCount += 1;
    if (small.size < limits.elements) small.set(el, entry);
  }

  // The primary call to action: the biggest buy/checkout control outside header, navigation and footer.
  const ctaWords = /add to (cart|bag|basket)|buy|shop now|order now|checkout|check out|place order|pay\b|continue to/i;
  let cta = null;
  for (const t of targets) {
    if (t.el.closest('header, nav, footer') || !ctaWords.test(nameOf(t.el))) continue;
    const area = t.rect.width * t.rect.height;
    if (!cta || area > cta.area) cta = {...t, area};
  }
  const ctaRecord = cta && {
    selector: describe(cta.el), name: nameOf(cta.el), box: boxOf(cta.rect),
    page_top: Math.round(cta.rect.top + scrollY), page_left: Math.round(cta.rect.left + scrollX),
    page_right: Math.round(cta.rect.right + scrollX),
  };

  const meta = document.querySelector('meta[name=viewport]');
  return {
    viewport: {width: vw, height: vh, scroll_x: Math.round(scrollX), scroll_y: Math.round(scrollY)},
    viewport_meta: meta ? meta.getAttribute('content') : null,
    scroll_width: scrollWidth,
    overflowing,
    tap_targets: {count: targets.length, too_small: tooSmall.slice(0, limits.elements), crowded: crowded.slice(0, limits.elements),
                  too_small_count: tooSmall.length, crowded_count: crowded.length},
    small_text: {count: smallCount, elements: [...small.values(), ...hiddenSmall.values()]},
    primary_cta: ctaRecord,
  };
}
