// Is the element the shopper wants really the one a tap at its centre reaches? If not, what covers it?
// The element is kept as the step's target (window.__wtTarget), so the walker can read back what a step left in it.
(el) => {
  window.__wtTarget = el;
  const rect = el.getBoundingClientRect();
  const box = {x: rect.x, y: rect.y, width: rect.width, height: rect.height};
  if (rect.width === 0 || rect.height === 0) return {covered: false, box};
  const cx = Math.min(Math.max(rect.x + rect.width / 2, 0), innerWidth - 1);
  const cy = Math.min(Math.max(rect.y + rect.height / 2, 0), innerHeight - 1);
  const hit = document.elementFromPoint(cx, cy);
  if (!hit || hit === el || el.contains(hit) || hit.contains(el)) return {covered: false, box};
  // The cover is the outermost ancestor of the hit element that does not also hold the target.
  let cover = hit;
  while (cover.parentElement && cover.parentElement !== document.body
         && cover.parentElement !== document.documentElement && !cover.parentElement.contains(el)) {
    cover = cover.parentElement;
  }
  const style = getComputedStyle(cover);
  const words = [cover.id, cover.className, cover.getAttribute('role'), cover.getAttribute('aria-label'),
                 (cover.innerText || '').slice(0, 200)].join(' ').toLowerCase();
  let kind = 'overlay';
  if (/cookie|consent|gdpr|privacy/.test(words)) kind = 'cookie banner';
  else if (/chat|messenger|support widget|intercom/.test(words)) kind = 'chat widget';
  else if (/newsletter|subscribe|sign up|discount|popup|pop-up|modal/.test(words)
           || cover.getAttribute('role') === 'dialog' || cover.getAttribute('aria-modal') === 'true') kind = 'pop-up';
  else if ((style.position === 'sticky' || style.position === 'fixed')
           && (cover.tagName === 'HEADER' || cover.tagName === 'NAV' || cover.getBoundingClientRect().top <= 0)) kind = 'sticky header';
  const describe = (node) => {
    let text = node.tagName.toLowerCase();
    if (node.id) text += '#' + node.id;
    else if (typeof node.className === 'string' && node.className.trim())
      text += '.' + node.className.trim().split(/\s+/).slice(0, 2).join('.');
    return text;
  };
  document.querySelectorAll('[data-wt-cover]').forEach((n) => n.removeAttribute('data-wt-cover'));
  cover.setAttribute('data-wt-cover', '1');  // lets the walker reach the cover's own buttons
  // A backdrop's wrapper fills the screen: box the part a shopper sees as the banner (the child with the most text).
  let shown = cover;
  const fills = (r) => r.width * r.height >= 0.9 * innerWidth * innerHeight;
  while (fills(shown.getBoundingClientRect())) {
    const children = [...shown.children].filter((n) => n.getBoundingClientRect().width > 0);
    if (!children.length) break;
    shown = children.reduce((a, b) => ((b.innerText || '').length > (a.innerText || '').length ? b : a));
  }
  const c = shown.getBoundingClientRect();
  return {
    covered: true, box,
    cover: {selector: describe(cover), kind, position: style.position,
            text: (cover.innerText || '').trim().replace(/\s+/g, ' ').slice(0, 120),
            box: {x: c.x, y: c.y, width: c.width, height: c.height}},
  };
}
