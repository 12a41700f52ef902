// The form fields a shopper sees: what each asks for, the keyboard and autofill it offers, whether it is
// filled (never what was typed; a drop-down's chosen option), and any error message shown for it with its distance from the field.
(limits) => {
  const boxOf = (r) => ({x: Math.round(r.x), y: Math.round(r.y), width: Math.round(r.width), height: Math.round(r.height)});
  const clean = (text) => (text || '').trim().replace(/\s+/g, ' ');
  const shown = (el) => {
    const r = el.getBoundingClientRect();
    return r.width > 1 && r.height > 1 && el.checkVisibility({checkOpacity: true, checkVisibilityCSS: true});
  };
  const describe = (el) => el.id ? `${el.tagName.toLowerCase()}#${el.id}`
    : `${el.tagName.toLowerCase()}${el.name ? `[name="${el.name}"]` : ''}`;
  const byIds = (ids) => (ids || '').split(/\s+/).map((id) => id && document.getElementById(id)).filter(Boolean);
  const labelOf = (el) => clean([...(el.labels || [])].map((l) => l.innerText).join(' '))
    || clean(el.getAttribute('aria-label')) || clean(byIds(el.getAttribute('aria-labelledby')).map((n) => n.innerText).join(' '))
    || clean(el.getAttribute('placeholder')) || el.name || '';
  const looksLikeError = (node) => node.getAttribute('role') === 'alert'
    || /error|invalid/i.test(`${node.className} ${node.id}`);
  const distance = (a, b) => Math.round(Math.hypot(Math.max(a.left - b.right, 0, b.left - a.right),
                                                   Math.max(a.top - b.bottom, 0, b.top - a.bottom)));

  const errorFor = (el) => {
    const referenced = [...byIds(el.getAttribute('aria-describedby')), ...byIds(el.getAttribute('aria-errormessage'))];
    const container = el.closest('.field, .form-group, fieldset, li, p, div');
    const nearby = container ? [...container.querySelectorAll('*')].filter((n) => n !== el && !n.contains(el)) : [];
    const message = [...referenced, ...nearby].find((n) => looksLikeError(n) && shown(n) && clean(n.innerText));
    if (!message) return null;
    return {text: clean(message.innerText).slice(0, 160), distance_px: distance(el.getBoundingClientRect(), message.getBoundingClientRect()),
            box: boxOf(message.getBoundingClientRect())};
  };

  const skip = new Set(['hidden', 'submit', 'button', 'reset', 'image']);
  const fields = [];
  for (const el of document.querySelectorAll('input, select, textarea')) {
    const type = el.tagName === 'INPUT' ? (el.getAttribute('type') || 'text').toLowerCase() : el.tagName.toLowerCase();
    if (skip.has(type) || el.disabled || !shown(el)) continue;
    const choice = type === 'radio' || type === 'checkbox';
    fields.push({
      selector: describe(el), name: el.name || null, label: labelOf(el).slice(0, 120), type,
      autocomplete: el.getAttribute('autocomplete'), inputmode: el.getAttribute('inputmode'),
      required: el.required || el.getAttribute('aria-required') === 'true',
      filled: choice ? el.checked : el.value !== '',
      invalid: el.getAttribute('aria-invalid') === 'true',
      error: errorFor(el),
      form: el.form ? [...document.forms].indexOf(el.form) : null,
      box: boxOf(el.getBoundingClientRect()),
      // A drop-down's choice is one of the shop's own options, not what the shopper typed: kept, so the form's
      // country can be read (which keyboard its postcode needs).
      ...(type === 'select' && el.selectedIndex >= 0
        ? {chosen: {value: String(el.value).slice(0, 60), text: clean(el.options[el.selectedIndex].text).slice(0, 60)}}
        : {}),
    });
    if (fields.length >= limits.fields) break;
  }

  const alerts = [...document.querySelectorAll('[role=alert], .error-summary, .errors, .alert-danger')]
    .filter((n) => shown(n) && clean(n.innerText)).map((n) => clean(n.innerText).slice(0, 240)).slice(0, 5);
  const guest = [...document.querySelectorAll('button, a, label, legend, h1, h2, h3, p, summary')]
    .find((n) => /\bguest\b/i.test(n.innerText || '') && shown(n));
  return {
    fields,
    forms: document.forms.length,
    alerts,
    guest_option: guest ? {text: clean(guest.innerText).slice(0, 120), box: boxOf(guest.getBoundingClientRect()),
                           page_top: Math.round(guest.getBoundingClientRect().top + scrollY)} : null,
    viewport_height: innerHeight,
    lang: document.documentElement.lang || null,  // with the browser's locale: the country a form is for, when
    browser_locale: navigator.language || null,   // no country field says
  };
}
