// `walkthrough record`: tells the recorder what the shopper does, through the `__walkthroughsRecord` binding.
//
// Everything about the element is worked out here, at the moment of the action: a click that leaves the page
// leaves nothing to ask afterwards. Its role and accessible name are Chrome's own (`computedRole`,
// `computedName`: the accessibility tree, with the ComputedAccessibilityInfo feature the recorder's browser is
// started with), and each way of finding it is counted on the page as Playwright's locators would match it:
// a part of the name ignoring case, or the whole of it (`exact`). Password values never leave the page.
(() => {
  if (window.__walkthroughsRecorder) return;
  const ids = new WeakMap();
  let next = 0;
  const page = `${Date.now()}-${Math.random()}`; // which document an element id belongs to
  Object.defineProperty(window, "__walkthroughsRecorder", { value: true, enumerable: false });

  const ACTIONABLE = "a[href], button, input, select, textarea, summary, label, [role=button], [role=link], " +
    "[role=checkbox], [role=radio], [role=switch], [role=tab], [role=menuitem], [role=option], [onclick]";
  const TEXT_TYPES = new Set(["text", "email", "tel", "url", "search", "password", "number", ""]);
  const ROLE_ALIASES = { image: "img" };
  const isTextField = (el) => el instanceof HTMLTextAreaElement || (el instanceof HTMLInputElement && TEXT_TYPES.has(el.type));
  const isCheckable = (el) => el instanceof HTMLInputElement && (el.type === "checkbox" || el.type === "radio");
  const isField = (el) => isTextField(el) || isCheckable(el) || el instanceof HTMLSelectElement;
  const words = (text) => (text || "").replace(/\s+/g, " ").trim();
  const idOf = (el) => {
    if (!ids.has(el)) ids.set(el, next++);
    return ids.get(el);
  };

  // Playwright's matching: a part of the text ignoring case, or with `exact` the whole text, spaces normalised.
  const matches = (actual, wanted, exact) =>
    exact ? words(actual) === words(wanted) : words(actual).toLowerCase().includes(words(wanted).toLowerCase());
  const hidden = (el) => !el.checkVisibility({ visibilityProperty: true }) || el.closest("[aria-hidden=true]") !== null;
  const roleOf = (el) => ROLE_ALIASES[el.computedRole] || el.computedRole || "";
  const labelsOf = (el) => [
    ...[...(el.labels || [])].map((label) => label.innerText),
    el.getAttribute("aria-label") || "",
    ...(el.getAttribute("aria-labelledby") || "").split(/\s+/).map((id) => document.getElementById(id)?.innerText || ""),
  ].map(words).filter(Boolean);
  const textOf = (el) => words(el.textContent);

  // How many elements a locator finds, and where this one is among them: for each of part-match and whole-match.
  const tally = (el, find) => {
    const count = (exact) => {
      const found = find(exact);
      return { count: found.length, index: found.indexOf(el) };
    };
    const part = count(false);
    const whole = count(true);
    return { count: part.count, index: part.index, exactCount: whole.count, exactIndex: whole.index };
  };
  const everything = () => [...document.body.querySelectorAll("*")];
  const byRole = (role, name) => (exact) =>
    everything().filter((e) => roleOf(e) === role && !hidden(e) && matches(e.computedName, name, exact));
  const byLabel = (label) => (exact) => everything().filter((e) => labelsOf(e).some((l) => matches(l, label, exact)));
  const byText = (text) => (exact) => everything().filter((e) => {
    if (e.closest("script, style, noscript") || !matches(textOf(e), text, exact)) return false;
    return ![...e.children].some((child) => matches(textOf(child), text, exact));
  });
  const byCss = (css) => () => [...document.querySelectorAll(css)];

  // The shortest `a > b:nth-of-type(2)` path that finds only this element: the last resort of a locator.
  const cssPath = (el) => {
    const parts = [];
    for (let node = el; node instanceof Element && node !== document.documentElement; node = node.parentElement) {
      if (node.id && document.querySelectorAll("#" + CSS.escape(node.id)).length === 1) {
        parts.unshift("#" + CSS.escape(node.id));
        return parts.join(" > ");
      }
      let part = node.tagName.toLowerCase();
      const siblings = node.parentElement ? [...node.parentElement.children].filter((c) => c.tagName === node.tagName) : [];
      if (siblings.length > 1) part += `:nth-of-type(${siblings.indexOf(node) + 1})`;
      parts.unshift(part);
      if (document.querySelectorAll(parts.join(" > ")).length === 1) return parts.join(" > ");
    }
    return parts.join(" > ");
  };

  // The words of a name before its first number or price ("Cart" of "Cart, 1 item, $24.00"): what stays the same
  // from walk to walk, and what another layout's element for the same thing is often called.
  const steady = (name) => {
    const cut = name.search(/[0-9€$£¥₹]/);
    return cut > 0 ? words(name.slice(0, cut)).replace(/[^\p{L}\p{N}]+$/u, "") : "";
  };

  const candidates = (el) => {
    const found = [];
    const role = roleOf(el);
    const name = words(el.computedName);
    if (role && name) found.push({ kind: "role", locator: { role, name }, ...tally(el, byRole(role, name)) });
    const short = steady(name);
    if (role && short && short !== name) {
      found.push({ kind: "role", locator: { role, name: short }, ...tally(el, byRole(role, short)) });
    }
    const label = labelsOf(el)[0];
    if (label) found.push({ kind: "label", locator: { label }, ...tally(el, byLabel(label)) });
    const text = isField(el) ? "" : textOf(el);
    if (text && text.length <= 60) found.push({ kind: "text", locator: { text }, ...tally(el, byText(text)) });
    const testId = el.getAttribute("data-testid");
    if (testId) {
      const css = `[data-testid="${CSS.escape(testId)}"]`;
      found.push({ kind: "test_id", locator: { test_id: testId }, ...tally(el, byCss(css)) });
    }
    const css = cssPath(el);
    found.push({ kind: "css", locator: { css }, ...tally(el, byCss(css)) });
    return found;
  };

  // A field typed into is told at every key; how to find it is worked out at the first.
  const known = new WeakSet();
  const send = (kind, el, extra = {}) => {
    const again = (kind === "fill" || kind === "select") && known.has(el);
    known.add(el);
    try {
      window.__walkthroughsRecord({
        kind, id: `${page}/${idOf(el)}`, inFrame: window.top !== window, rolesKnown: "computedRole" in el,
        label: labelsOf(el)[0] || "", candidates: again ? null : candidates(el), ...extra,
      });
    } catch (error) {
      // the binding is gone (the recording has ended): nothing to tell
    }
  };

  // Enter in a field sends its form, and the browser clicks the form's button for it: that click is no step.
  let entered = { form: null, at: 0 };
  addEventListener("click", (event) => {
    if (!event.isTrusted || !(event.target instanceof Element)) return;
    const el = event.target.closest(ACTIONABLE) || event.target;
    if (event.detail === 0 && el.form && el.form === entered.form && performance.now() - entered.at < 1000) return;
    const control = el instanceof HTMLLabelElement ? el.control : null;
    // Typing, choosing and ticking are told by the field itself; a click into it (or on its label) is no step.
    if (isField(el) || (control && isField(control))) return;
    send("click", el);
  }, true);

  addEventListener("input", (event) => {
    const el = event.target;
    if (el instanceof HTMLSelectElement) {
      // Automation (Playwright's select_option too) sets a drop-down from script: untrusted events count here.
      const option = el.selectedOptions[0];
      send("select", el, { option: option ? words(option.label || option.text) : el.value });
    } else if (event.isTrusted && isTextField(el)) {
      send("fill", el, el.type === "password" ? { secret: true } : { value: el.value });
    }
  }, true);

  addEventListener("change", (event) => {
    const el = event.target;
    if (isCheckable(el)) send("check", el, { checked: el.checked, group: el.type === "radio" ? el.name : "" });
  }, true);

  addEventListener("keydown", (event) => {
    if (!event.isTrusted) return;
    const el = event.target;
    if (event.key === "Enter" && el instanceof HTMLInputElement && TEXT_TYPES.has(el.type)) {
      entered = { form: el.form, at: performance.now() };
      send("press", el, { key: "Enter" });
    } else if (event.key === "Escape" && el instanceof Element) {
      send("press", el, { key: "Escape", bare: true });
    }
  }, true);
})();
