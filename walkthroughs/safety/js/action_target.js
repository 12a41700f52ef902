// What a click, tap or key press on these elements would set off, for the production walk's commit check: the
// element that acts (the button, link or submit input the target is, or sits in), every text that names it, and
// the form submission it starts; plus the page's forms that post, with their submit buttons, so the network
// guard learns the shop's order address before anything is pressed. `how`: activate | enter | space.
(elements, how) => {
  const ACTIVATORS = 'button, input[type=submit], input[type=image], input[type=button], input[type=reset], a, '
    + '[role=button], [role=link], [role=menuitem], [role=menuitemradio], [role=tab], [role=option], summary';
  const clean = (text) => (text || '').replace(/\s+/g, ' ').trim().slice(0, 200);
  const isSubmitter = (el) => (el.tagName === 'BUTTON' && (el.getAttribute('type') || 'submit').toLowerCase() === 'submit')
    || (el.tagName === 'INPUT' && /^(submit|image)$/i.test(el.type));
  const isChoice = (el) => (el.tagName === 'INPUT' && /^(radio|checkbox|file|range|color)$/i.test(el.type))
    || el.tagName === 'SELECT' || el.tagName === 'OPTION' || el.tagName === 'TEXTAREA'
    || (el.tagName === 'LABEL' && el.control && isChoice(el.control));
  const isField = (el) => el.tagName === 'INPUT' && !/^(submit|image|button|reset|hidden)$/i.test(el.type);
  // Every text a shopper or a screen reader could take for the element's name, not only the one the accessible
  // name computation would pick: a button is judged by its aria-label, its text, its value, its title and the
  // alt of its picture alike, so "Pay" in any of them is seen whichever would win.
  const names = (el) => {
    const texts = [el.getAttribute('aria-label'), el.innerText || el.textContent, el.getAttribute('title')];
    const labelledBy = el.getAttribute('aria-labelledby');
    if (labelledBy) {
      texts.push(labelledBy.split(/\s+/).map((id) => (document.getElementById(id) || {}).textContent || '').join(' '));
    }
    if (el.tagName === 'INPUT' || el.tagName === 'BUTTON') texts.push(el.getAttribute('value'), el.getAttribute('alt'));
    for (const inner of el.querySelectorAll('img[alt], [aria-label]')) {
      texts.push(inner.getAttribute('alt') || inner.getAttribute('aria-label'));
    }
    return [...new Set(texts.map(clean).filter(Boolean))].slice(0, 12);
  };
  const submission = (form, submitter) => ({
    method: ((submitter && submitter.hasAttribute('formmethod') ? submitter.formMethod : form.method) || 'get').toUpperCase(),
    action: submitter && submitter.hasAttribute('formaction') ? submitter.formAction : form.action,
  });
  const defaultButton = (form) => Array.from(form.elements).find(isSubmitter) || null;
  const scriptLink = (el) => {
    const href = (el.getAttribute('href') || '').trim();
    return !href || href === '#' || href.toLowerCase().startsWith('javascript:');
  };

  const describe = (target) => {
    let el = target.closest(ACTIVATORS) || target;
    if (how === 'enter' && isField(target) && target.form) {
      // Enter in a field submits its form as if its first submit button were pressed.
      const button = defaultButton(target.form);
      return {acts: 'form', element: 'field', texts: button ? names(button) : [],
              submits: submission(target.form, button)};
    }
    if (how !== 'activate' && !target.closest(ACTIVATORS)) return {acts: 'nothing', element: target.tagName.toLowerCase(), texts: []};
    if (isChoice(target) || (el === target && isChoice(el))) return {acts: 'nothing', element: 'choice', texts: []};
    if (el.tagName === 'A' && !scriptLink(el)) return {acts: 'link', element: 'link', texts: names(el), href: el.href};
    const form = isSubmitter(el) ? el.form : null;
    return {acts: form ? 'form' : 'script', element: el.tagName.toLowerCase(), texts: names(el),
            submits: form ? submission(form, el) : null};
  };

  const forms = Array.from(document.forms).filter((form) => (form.method || 'get').toLowerCase() === 'post')
    .slice(0, 20).map((form) => ({
      submitters: Array.from(form.elements).filter(isSubmitter).slice(0, 10)
        .map((button) => ({texts: names(button), ...submission(form, button)})),
    }));
  return {targets: elements.slice(0, 20).map(describe), forms};
}
