/* walkthroughs: in every document, what the walker needs to tell a click that did something from one that did not.
   - __wtMutations: DOM changes so far (the storyboard's "did the page change" check);
   - __wtView(): what the shopper sees, coarsely: a hash of the visible text, how many elements have a box, a hash of
     their boxes, where the focus is and the scroll position;
   - __wtChanged(before): the first way the page now differs from `before` — text, shown, hidden, layout, focus,
     scroll — and how many ms ago the mutation behind it happened, or null. A mutation that changes none of them (a same-value attribute write, a re-render of the same
     nodes) is no change: the view is only recomputed once a mutation that could matter has happened;
   - __wtEvents: Event Timing entries (input to next paint of the click). */
(() => {
  if (window.__wtView) return;
  window.__wtMutations = 0;
  let dirty = true;
  let changedAt = 0;  // when the last mutation that could matter happened (performance.now())
  const meaningful = (record) => {
    if (record.type === 'attributes') {
      return record.oldValue !== record.target.getAttribute(record.attributeName);
    }
    if (record.type === 'characterData') return record.oldValue !== record.target.data;
    return record.addedNodes.length > 0 || record.removedNodes.length > 0;
  };
  const start = () => new MutationObserver((records) => {
    for (const record of records) {
      if (meaningful(record)) {
        window.__wtMutations += 1;
        dirty = true;
        changedAt = performance.now();
      }
    }
  }).observe(document, {subtree: true, childList: true, attributes: true, characterData: true,
                        attributeOldValue: true, characterDataOldValue: true});
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start); else start();

  const hash = (text) => {
    let h = 0;
    for (let i = 0; i < text.length; i += 1) h = (h * 31 + text.charCodeAt(i)) | 0;
    return h;
  };
  const describe = (el) => {
    if (!el || el === document.body || el === document.documentElement) return null;
    return el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.name ? `[name="${el.name}"]` : '');
  };
  // The focus, where a shopper would see it move: a click focusing the very element clicked is no news, nor focus
  // that only leaves (to the page's body: null).
  const ON_TARGET = '(the element acted on)';
  const focusOf = () => {
    const el = document.activeElement, target = window.__wtTarget;
    if (el && target && (el === target || target.contains(el) || el.contains(target))) return ON_TARGET;
    return describe(el);
  };
  let last = null;
  window.__wtView = () => {
    const body = document.body;
    if (!body) return {text: 0, shown: 0, layout: 0, focus: null, scroll: [scrollX, scrollY]};
    if (dirty || !last) {
      dirty = false;
      let shown = 0, layout = 0;
      for (const el of body.getElementsByTagName('*')) {
        const w = el.offsetWidth, h = el.offsetHeight;  // layout boxes: an animation's transforms are not a change
        if (w || h) {
          shown += 1;
          layout = (layout * 31 + w * 7 + h * 13 + el.offsetLeft * 17 + el.offsetTop * 19) | 0;
        }
      }
      last = {text: hash(body.innerText), shown, layout};
    }
    return {...last, focus: focusOf(), scroll: [Math.round(scrollX), Math.round(scrollY)]};
  };
  const kindOfChange = (before, now) => {
    if (now.text !== before.text) return 'text';
    if (now.shown > before.shown) return 'shown';
    if (now.shown < before.shown) return 'hidden';
    if (now.layout !== before.layout) return 'layout';
    // the focus leaving for nothing (a tap that blurs the last field without focusing the button) is no news either
    if (now.focus !== before.focus && now.focus !== ON_TARGET && now.focus !== null) return 'focus';
    if (now.scroll[0] !== before.scroll[0] || now.scroll[1] !== before.scroll[1]) return 'scroll';
    return null;
  };
  window.__wtChanged = (before) => {
    const kind = kindOfChange(before, window.__wtView());
    if (!kind) return null;
    const ago = kind === 'focus' || kind === 'scroll' ? 0 : Math.max(0, performance.now() - changedAt);
    return [kind, Math.round(ago)];
  };

  // Event Timing: how long after an interaction the next frame was painted (what the shopper sees).
  window.__wtEvents = [];
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        if (e.interactionId) window.__wtEvents.push({name: e.name, duration: e.duration, start: e.startTime});
      }
    }).observe({type: 'event', durationThreshold: 16, buffered: true});
  } catch (error) { /* a browser without Event Timing: no paint times */ }
})();
