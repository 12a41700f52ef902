// What a step did to a form, read around it: the values of the target's form before the step (`before`), what the
// target and the form's other fields hold once the page has rendered the typing (`after`), the fields this walk wrote
// into (`mark`), and the form-level error banners on the page with the fields they name (`banners`).
// The target is the element the walker's hit test last looked at (window.__wtTarget).
async (arg) => {
  const clean = (text) => (text || '').trim().replace(/\s+/g, ' ');
  const boxOf = (r) => ({x: Math.round(r.x), y: Math.round(r.y), width: Math.round(r.width), height: Math.round(r.height)});
  const shown = (el) => {
    const r = el.getBoundingClientRect();
    return r.width > 1 && r.height > 1 && el.checkVisibility({checkOpacity: true, checkVisibilityCSS: true});
  };
  const describe = (el) => {
    const tag = el.tagName.toLowerCase();
    if (el.id) return `${tag}#${el.id}`;
    if (el.name) return `${tag}[name="${el.name}"]`;
    const testId = el.getAttribute('data-testid');
    if (testId) return `${tag}[data-testid="${testId}"]`;
    const classes = typeof el.className === 'string' ? el.className.trim().split(/\s+/).filter(Boolean) : [];
    return tag + classes.slice(0, 2).map((c) => '.' + c).join('');
  };
  const byIds = (ids) => (ids || '').split(/\s+/).map((id) => id && document.getElementById(id)).filter(Boolean);
  const labelOf = (el) => clean([...(el.labels || [])].map((l) => l.innerText).join(' '))
    || clean(el.getAttribute('aria-label')) || clean(byIds(el.getAttribute('aria-labelledby')).map((n) => n.innerText).join(' '))
    || clean(el.getAttribute('placeholder')) || el.name || '';
  const FIELDS = 'input:not([type=hidden]):not([type=submit]):not([type=button]):not([type=reset]):not([type=image]), select, textarea';
  const cap = (el, value) => {
    const text = String(value ?? '').slice(0, 200);
    return el.type === 'password' ? '•'.repeat(text.length) : text;
  };
  const valueOf = (el) => (el.type === 'checkbox' || el.type === 'radio') ? (el.checked ? 'checked' : '')
    : el.isContentEditable ? el.innerText : el.value;
  const filled = window.__wtFilled || (window.__wtFilled = new WeakSet());
  const target = window.__wtTarget && window.__wtTarget.isConnected ? window.__wtTarget : null;
  const scopeOf = (el) => (el && (el.form || el.closest('form'))) || document;
  const settled = () => new Promise((resolve) => {  // two frames: the framework has rendered what was typed
    const timer = setTimeout(resolve, 200);
    requestAnimationFrame(() => requestAnimationFrame(() => { clearTimeout(timer); resolve(); }));
  });

  if (arg.op === 'before') {
    window.__wtBefore = new Map([...scopeOf(target).querySelectorAll(FIELDS)].map((el) => [el, valueOf(el)]));
    return target !== null;
  }
  if (arg.op === 'mark') {
    if (target) filled.add(target);
    return target !== null;
  }
  if (arg.op === 'after') {
    if (!target) return null;
    filled.add(target);
    await settled();
    const before = window.__wtBefore || new Map();
    const others = [];
    for (const el of scopeOf(target).querySelectorAll(FIELDS)) {
      if (el === target || !before.has(el)) continue;
      const now = valueOf(el);
      if (now !== before.get(el)) {
        others.push({selector: describe(el), label: labelOf(el).slice(0, 120), before: cap(el, before.get(el)),
                     after: cap(el, now)});
      }
    }
    return {selector: describe(target), label: labelOf(target).slice(0, 120), value: cap(target, valueOf(target)),
            others_changed: others.slice(0, 10)};
  }

  // Form-level error banners: an alert, a live region or an error summary of a form, not one field's own message.
  const candidates = document.querySelectorAll('[role=alert], [role=alertdialog], [aria-live=assertive], '
    + '[aria-live=polite], .error-summary, .errors, .alert-danger, .alert-error, .form-errors, .form-error, '
    + '.form-banner, [class*=error-summary], [class*=errorSummary], [data-testid*=error]');
  const fieldOwn = (el) => {
    const box = el.closest('.field, .form-group, .form-field, .form-row, .input-group, li');
    return box && box.querySelectorAll(FIELDS).length === 1;
  };
  const formOf = (el) => el.closest('form') || (el.nextElementSibling && el.nextElementSibling.matches('form')
    ? el.nextElementSibling : null);
  const banners = [];
  for (const el of candidates) {
    if (!shown(el) || !clean(el.innerText) || fieldOwn(el) || el.querySelector(FIELDS)) continue;
    const form = formOf(el);
    const explicit = el.matches('[role=alert], [role=alertdialog], .error-summary, [class*=error-summary], [class*=errorSummary]');
    if (!form && !explicit) continue;  // a live region away from any form: a status message, not a form's error
    if (banners.some((b) => b.el.contains(el))) continue;
    banners.push({el, form});
  }
  return banners.slice(0, 5).map(({el, form}) => {
    const text = clean(el.innerText);
    const lower = text.toLowerCase();
    const named = new Set();
    for (const link of el.querySelectorAll('a[href^="#"]')) {
      const to = document.getElementById(decodeURIComponent(link.getAttribute('href').slice(1)));
      const field = to && (to.matches(FIELDS) ? to : to.querySelector(FIELDS));
      if (field) named.add(field);
    }
    for (const field of (form || document).querySelectorAll(FIELDS)) {
      const pointsHere = [...byIds(field.getAttribute('aria-describedby')), ...byIds(field.getAttribute('aria-errormessage'))]
        .some((node) => el.contains(node));
      const label = labelOf(field).toLowerCase().replace(/[(*].*$/, '').trim();
      if (pointsHere || (label.length >= 3 && lower.includes(label))) named.add(field);
    }
    return {
      text: text.slice(0, 400), selector: describe(el), box: boxOf(el.getBoundingClientRect()),
      form: form ? [...document.forms].indexOf(form) : null,
      fields: [...named].slice(0, 12).map((field) => ({
        selector: describe(field), label: labelOf(field).slice(0, 120), filled: valueOf(field) !== '',
        filled_by_walk: filled.has(field),
      })),
    };
  });
}
