// What the page says, capped: visible text, headings, and every amount of money with the words next to it,
// so detectors can compare prices across pages and look for what the shopper needs.
(limits) => {
  const clean = (text) => (text || '').trim().replace(/\s+/g, ' ');
  const money = /(?:[€$£¥]|\b(?:EUR|USD|GBP|CHF)\b)\s?\d[\d.,]*|\d[\d.,]*\s?(?:€|\b(?:EUR|USD|GBP|CHF)\b)/g;
  const prices = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node && prices.length < limits.prices; node = walker.nextNode()) {
    const found = node.textContent.match(money);
    const el = node.parentElement;
    if (!found || !el || !el.checkVisibility({checkOpacity: true, checkVisibilityCSS: true})) continue;
    // The label is the nearest ancestor that says more than the amount: "Shipping €4.95", "Total €93.95".
    let holder = el;
    while (holder.parentElement && holder !== document.body && clean(holder.innerText).length <= found[0].length + 1) {
      holder = holder.parentElement;
    }
    const r = el.getBoundingClientRect();
    const testId = el.closest('[data-testid]');
    for (const text of found) {
      prices.push({
        text: clean(text).replace(/[.,]$/, ''), label: clean(holder.innerText).slice(0, 160), font_px: parseFloat(getComputedStyle(el).fontSize),
        test_id: testId ? testId.getAttribute('data-testid') : null,
        in_main: !el.closest('header, nav, footer, aside'),
        box: {x: Math.round(r.x), y: Math.round(r.y), width: Math.round(r.width), height: Math.round(r.height)},
      });
    }
  }
  const headings = [...document.querySelectorAll('h1, h2, h3')]
    .filter((h) => h.checkVisibility()).slice(0, limits.headings)
    .map((h) => ({level: Number(h.tagName[1]), text: clean(h.innerText).slice(0, 120)}));
  // The page's own content apart from its chrome (header, navigation, footer), which repeats on every page.
  const squeeze = (t) => (t || '').replace(/[ \t]+/g, ' ').replace(/\n\s*\n+/g, '\n').trim();
  const main = document.querySelector('main, [role=main]') || document.body;
  const chrome = [...document.querySelectorAll('header, nav, footer, [role=banner], [role=contentinfo]')]
    .filter((n, _, all) => (main === document.body || !main.contains(n)) && !all.some((o) => o !== n && o.contains(n)))
    .map((n) => n.innerText).join('\n');
  const text = squeeze(main ? main.innerText : '');
  return {
    url: location.href, protocol: location.protocol.replace(':', ''), title: document.title, lang: document.documentElement.lang || null,
    headings, prices, text: text.slice(0, limits.text), text_length: text.length,
    chrome_text: squeeze(chrome).slice(0, limits.chrome),
  };
}
