// The product pictures of the page's main content, each with the product it stands for and a small copy of its
// pixels (a PNG data URL drawn on a canvas), so the gatherer can fingerprint it. Pictures in the header, footer,
// navigation or a dialog are left out, and so are icons (smaller than limits.min_px) and pictures not loaded yet.
// A picture from another origin taints the canvas; it is returned without pixels, marked `tainted`.
(limits) => {
  const main = document.querySelector('main, [role="main"]') || document.body;
  const CHROME = 'header, footer, nav, aside, dialog, [role="banner"], [role="contentinfo"], [role="navigation"], ' +
    '[role="dialog"], [aria-modal="true"]';
  const text = (node) => (node ? (node.innerText || node.textContent || '').replace(/\s+/g, ' ').trim() : '');
  const pathOf = (href) => {
    try {
      const url = new URL(href, location.href);
      return url.origin === location.origin ? url.pathname.replace(/\/+$/, '') || '/' : url.origin + url.pathname;
    } catch (error) {
      return null;
    }
  };
  const heading = text(main.querySelector('h1') || document.querySelector('h1'));
  // The product a linked picture stands for: the link's address, and its words or its card's heading.
  const linkedProduct = (img, link) => {
    let name = text(link) || link.getAttribute('aria-label') || '';
    for (let card = link.parentElement, up = 0; !name && card && card !== main && up < 4; card = card.parentElement, up++) {
      const same = [...card.querySelectorAll('a[href]')].find((a) => a !== link && pathOf(a.href) === pathOf(link.href));
      name = text(same) || text(card.querySelector('h2, h3, h4, [itemprop="name"]'));
    }
    return { key: pathOf(link.href), name: (name || img.alt || '').slice(0, 120) };
  };
  const box = (r) => ({ x: Math.round(r.x), y: Math.round(r.y), width: Math.round(r.width), height: Math.round(r.height) });
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = limits.thumb_px;
  const context = canvas.getContext('2d', { willReadFrequently: true });
  context.imageSmoothingQuality = 'high';
  const seen = [];
  let unloaded = 0;
  let largest = null;
  for (const img of main.querySelectorAll('img')) {
    if (img.closest(CHROME)) continue;
    const rect = img.getBoundingClientRect();
    if (rect.width < limits.min_px || rect.height < limits.min_px) continue;
    if (img.checkVisibility && !img.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })) continue;
    if (!img.complete || !img.naturalWidth) {
      unloaded += 1;
      continue;
    }
    const link = img.closest('a[href]');
    const entry = {
      src: (img.currentSrc || img.src).slice(0, 300), alt: (img.alt || '').slice(0, 120), box: box(rect),
      product: link ? linkedProduct(img, link) : null, data: null, tainted: false,
    };
    context.clearRect(0, 0, canvas.width, canvas.height);
    try {
      context.drawImage(img, 0, 0, canvas.width, canvas.height);
      entry.data = canvas.toDataURL('image/png');
    } catch (error) {
      entry.tainted = true;  // another origin's picture: the gatherer reads it from the browser's cache instead
    }
    if (!link && (!largest || rect.width * rect.height > largest.area)) largest = { entry, area: rect.width * rect.height };
    seen.push(entry);
    if (seen.length >= limits.pictures) break;
  }
  // The page's own picture (a product page's main image): the largest one not in a link, named by the heading.
  if (largest && largest.area >= limits.page_picture_px * limits.page_picture_px && heading) {
    largest.entry.product = { key: pathOf(location.href), name: heading.slice(0, 120), page: true };
  }
  return { url: location.href, pictures: seen, unloaded };
}
