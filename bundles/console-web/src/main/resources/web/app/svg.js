// A floor map is a file a building manager replaces in etc/console/floors/: it must never be a way to run script.
// Parsed as XML (DOMParser, which runs nothing), then everything that could run or fetch is removed before the
// elements are adopted into the page.
const SVG_NS = 'http://www.w3.org/2000/svg';
const DROPPED_ELEMENTS = new Set(['script', 'foreignobject', 'iframe', 'object', 'embed', 'audio', 'video', 'image',
  'use', 'animate', 'animatemotion', 'animatetransform', 'set', 'handler', 'listener', 'style', 'link', 'meta', 'a']);

export class MapError extends Error {}

/** Returns a clean <svg> element from the file's text, or throws MapError with what is wrong. */
export function sanitizeSvg(text) {
  const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
  const err = doc.querySelector('parsererror');
  if (err) throw new MapError(err.textContent.trim().split('\n')[0]);
  const root = doc.documentElement;
  if (root.localName !== 'svg' || root.namespaceURI !== SVG_NS) throw new MapError(`root element is <${root.localName}>, not an SVG <svg>`);
  clean(root);
  return document.importNode(root, true);
}

function clean(el) {
  for (const child of [...el.children]) {
    if (DROPPED_ELEMENTS.has(child.localName.toLowerCase()) || child.namespaceURI !== SVG_NS) child.remove();
    else clean(child);
  }
  for (const attr of [...el.attributes]) {
    const name = attr.name.toLowerCase();
    const value = attr.value.trim().toLowerCase();
    if (name.startsWith('on') || name === 'style'
        || ((name === 'href' || name.endsWith(':href')) && !value.startsWith('#'))
        || value.includes('javascript:') || value.includes('url(') && !/^url\(#[\w.-]+\)$/.test(value)) {
      el.removeAttribute(attr.name);
    }
  }
}
