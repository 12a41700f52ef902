// An element as findings name it: tag#id, tag[data-testid="…"] or tag.class.class (two classes at most), after its
// parents' names up to <body>. With `numbered`, a tag its parent holds more than once gets :nth-of-type(n), so twins
// stay apart (the layout's many tap targets); the header's few covering elements are named without.
(node, numbered) => {
  const describe = (node) => {
    let text = node.tagName.toLowerCase();
    if (node.id) return text + '#' + node.id;
    const testId = node.getAttribute('data-testid');
    if (testId) return text + `[data-testid="${testId}"]`;
    if (typeof node.className === 'string' && node.className.trim())
      text += '.' + node.className.trim().split(/\s+/).slice(0, 2).join('.');
    const parent = node.parentElement;
    if (!parent || parent === document.body) return text;
    if (numbered) {
      const twins = [...parent.children].filter((c) => c.tagName === node.tagName);
      if (twins.length > 1) text += `:nth-of-type(${twins.indexOf(node) + 1})`;
    }
    return describe(parent) + ' > ' + text;
  };
  return describe(node);
}
