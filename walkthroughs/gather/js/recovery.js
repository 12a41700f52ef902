// What a shopper who went astray is offered: onward links in an area, or error messages near the fields.
// Called as (args) with args.kind "links" (args.scopes: elements or null) or "errors" (args.fields: elements or null).
(args) => {
  const visible = (el) => {
    const style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    return box.width > 0 && box.height > 0 && style.visibility !== "hidden" && style.display !== "none"
      && Number(style.opacity) > 0;
  };
  // Boxes in CSS px of the viewport, as the stage's last screenshot shows it (for drawing on it).
  const viewBox = (el) => {
    const r = el.getBoundingClientRect();
    return {x: Math.round(r.left), y: Math.round(r.top), width: Math.round(r.width), height: Math.round(r.height)};
  };
  const text = (el) => (el.innerText || el.textContent || "").replace(/\s+/g, " ").trim().slice(0, 160);
  const describe = (el) => {
    const label = el.labels && el.labels[0] ? text(el.labels[0]) : el.getAttribute("aria-label");
    return label || el.name || el.id || el.tagName.toLowerCase();
  };
  const viewport = {width: innerWidth, height: innerHeight};

  if (args.kind === "links") {
    const main = document.querySelector("main, [role=main]") || document.body;
    const scopes = args.scopes && args.scopes.length ? args.scopes : [main];
    const here = location.href.split("#")[0];
    const seen = new Map();
    for (const scope of scopes) {
      for (const link of scope.querySelectorAll("a[href]")) {
        const href = link.href;
        if (!href || href.startsWith("javascript:") || href.split("#")[0] === here) continue;
        if (link.closest("header, nav, footer, [role=navigation], [role=banner], [role=contentinfo]")) continue;
        if (!visible(link) || seen.has(href)) continue;
        const box = viewBox(link);
        seen.set(href, {href, text: text(link) || link.querySelector("img")?.alt || "", box,
                        first_screen: box.y + scrollY < viewport.height});
      }
    }
    return {viewport, links: [...seen.values()].slice(0, 24)};
  }

  const looksLikeError = "[role=alert], [aria-live=assertive], .error, .field-error, .invalid-feedback, "
    + "[class*=error], [class*=Error], [class*=invalid]";
  const candidates = [...document.querySelectorAll(looksLikeError)].filter((el) => visible(el) && text(el));
  const fields = args.fields && args.fields.length ? args.fields
    : [...document.querySelectorAll("[aria-invalid=true], :user-invalid")];
  const gap = (a, b) => {
    const dx = Math.max(0, a.x - (b.x + b.width), b.x - (a.x + a.width));
    const dy = Math.max(0, a.y - (b.y + b.height), b.y - (a.y + a.height));
    return Math.round(Math.hypot(dx, dy));
  };
  const result = [];
  for (const field of fields) {
    if (!visible(field)) continue;
    const box = viewBox(field);
    const ids = [field.getAttribute("aria-describedby"), field.getAttribute("aria-errormessage")].join(" ");
    const linked = ids.split(/\s+/).filter(Boolean).map((id) => document.getElementById(id))
      .filter((el) => el && visible(el) && text(el));
    const messages = [...new Set([...linked, ...candidates])]
      .filter((el) => !el.contains(field))
      .map((el) => ({text: text(el), box: viewBox(el), distance_px: gap(box, viewBox(el)), linked: linked.includes(el)}))
      .sort((a, b) => a.distance_px - b.distance_px);
    result.push({field: describe(field), box, invalid: field.getAttribute("aria-invalid") === "true",
                 messages: messages.slice(0, 3)});
  }
  return {viewport, fields: result, messages_on_page: candidates.length};
}
