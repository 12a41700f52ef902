// What the page says, capped: visible text, headings, and every amount of money with the words next to it,
// so detectors can compare prices across pages and look for what the shopper needs.
(limits) => {
  const clean = (text) => (text || '').trim().replace(/\s+/g, ' ');
  // An amount: a currency sign or code before or after a number written with the page's separators ($29.99,
  // 25,90 €, EUR 1.234,56, £5, 1 299 kr). Element text joins what a framework renders as several nodes.
  const CURRENCY = 'R\\$|CA\\$|A\\$|US\\$|[€$£¥₹₩₽₺₪฿₫₴₦]|zł|Kč|\\bkr\\b'
    + '|\\b(?:EUR|USD|GBP|CHF|JPY|CAD|AUD|NZD|SEK|NOK|DKK|PLN|CZK|HUF|INR|BRL|MXN|ZAR)\\b';
  const NUMBER = '\\d{1,3}(?:[.,\'\\u00a0\\u202f ]\\d{3})+(?:[.,]\\d{1,2})?|\\d+(?:[.,]\\d{1,2})?(?:[.,]-{1,2})?';
  const money = new RegExp(`(?:${CURRENCY})\\s?(?:${NUMBER})|(?:${NUMBER})\\s?(?:${CURRENCY})`, 'g');
  const amounts = (text) => (clean(text).match(money) || []).map((found) => found.replace(/[.,]$/, '').trim());
  const visible = (el) => el.checkVisibility({checkOpacity: true, checkVisibilityCSS: true});
  const struck = (el) => !!el.closest('del, s, strike')
    || getComputedStyle(el).textDecorationLine.includes('line-through');
  const describe = (el) => {
    const tag = el.tagName.toLowerCase();
    if (el.id) return `${tag}#${el.id}`;
    const testId = el.getAttribute('data-testid');
    if (testId) return `${tag}[data-testid="${testId}"]`;
    const classes = typeof el.className === 'string' ? el.className.trim().split(/\s+/).filter(Boolean) : [];
    return tag + classes.slice(0, 2).map((c) => '.' + c).join('');
  };
  const SHORT = 48;  // an element whose whole text is about this long can hold one amount and little else
  const SKIP = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'SVG', 'OPTION']);
  const found = [];  // [element, amount]
  const holders = new Set();
  // The smallest elements whose rendered text holds a whole amount: `<span>$</span><span>29</span><span>.99</span>`
  // is one price on its outer span, since none of its parts holds the amount alone.
  const walk = (el) => {
    if (found.length >= limits.prices || SKIP.has(el.tagName.toUpperCase())) return;
    const raw = el.textContent || '';
    if (!/\d/.test(raw)) return;
    for (const child of el.children) walk(child);
    if (raw.length > SHORT * 4 || !visible(el)) return;
    const own = clean(el.innerText);
    if (own.length > SHORT) return;  // running text: its amounts are read from its text nodes below
    const inChildren = new Set([...el.children].filter((c) => holders.has(c)).flatMap((c) => c.__wtAmounts || []));
    const here = amounts(own).filter((amount) => !inChildren.has(amount));
    if (!here.length) {
      if ([...el.children].some((c) => holders.has(c))) holders.add(el), el.__wtAmounts = [...inChildren];
      return;
    }
    holders.add(el);
    el.__wtAmounts = [...inChildren, ...here];
    for (const amount of here) found.push([el, amount]);
  };
  if (document.body) walk(document.body);
  // Amounts inside running text ("Free shipping over €50"), where no small element holds them.
  const nodes = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = nodes.nextNode(); node && found.length < limits.prices; node = nodes.nextNode()) {
    const el = node.parentElement;
    if (!el || holders.has(el) || [...holders].some((h) => h.contains(el)) || !visible(el)) continue;
    for (const amount of amounts(node.textContent)) found.push([el, amount]);
  }
  for (const el of holders) delete el.__wtAmounts;
  const prices = found.slice(0, limits.prices).map(([el, amount]) => {
    // The label is the nearest ancestor that says more than the amount: "Shipping €4.95", "Total €93.95".
    let holder = el;
    while (holder.parentElement && holder !== document.body && clean(holder.innerText).length <= amount.length + 1) {
      holder = holder.parentElement;
    }
    const r = el.getBoundingClientRect();
    const testId = el.closest('[data-testid]');
    return {
      text: amount, label: clean(holder.innerText).slice(0, 160), font_px: parseFloat(getComputedStyle(el).fontSize),
      test_id: testId ? testId.getAttribute('data-testid') : null,
      in_main: !el.closest('header, nav, footer, aside'),
      box: {x: Math.round(r.x), y: Math.round(r.y), width: Math.round(r.width), height: Math.round(r.height)},
      selector: describe(el), struck: struck(el),
    };
  });
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
    url: location.href, protocol: location.protocol.replace(':', ''), title: document.title,
    lang: document.documentElement.lang || null, browser_locale: navigator.language || null,
    headings, prices, text: text.slice(0, limits.text), text_length: text.length,
    chrome_text: squeeze(chrome).slice(0, limits.chrome),
  };
}
