// Cheap, linear upper-bound estimates of how deep a document nests, checked before a parser whose
// cost grows with depth sees it (parse5 walks its stack of open elements for every tag; marked
// re-lexes a list item's text at every level).

const VOID_ELEMENTS = new Set([
  'area',
  'base',
  'basefont',
  'bgsound',
  'br',
  'col',
  'command',
  'embed',
  'frame',
  'hr',
  'image',
  'img',
  'input',
  'keygen',
  'link',
  'meta',
  'param',
  'source',
  'track',
  'wbr',
]);
/** Elements whose end tag may be left out: the parser closes them itself, so they do not pile up. */
const OPTIONAL_END = new Set(['html', 'head', 'body', 'p', 'li', 'dt', 'dd', 'tr', 'td', 'th', 'thead', 'tbody', 'tfoot', 'option', 'optgroup', 'rb', 'rt', 'rtc', 'rp', 'colgroup', 'caption']);
/** Elements whose content is text up to their end tag (no tags inside). */
const RAW_TEXT = new Set(['script', 'style', 'textarea', 'title', 'xmp', 'iframe', 'noembed', 'noframes', 'plaintext']);
const TAG_NAME = /[A-Za-z][^\s/>]*/y;
const rawTextEnds = new Map<string, RegExp>();

/**
 * The deepest element nesting of an HTML source, as an HTML parser would build it (void elements,
 * elements with optional end tags, comments and the content of `script`/`style` do not count).
 * Stops counting once the depth passes `stopAbove`.
 */
export function htmlNestingDepth(html: string, stopAbove = Infinity): number {
  let depth = 0;
  let deepest = 0;
  /** Depth of the `svg`/`math` element we are inside, where `<tag/>` closes itself; -1 outside. */
  let foreignFrom = -1;
  let at = html.indexOf('<');
  while (at !== -1) {
    if (html.startsWith('<!--', at)) {
      const end = html.indexOf('-->', at + 4);
      if (end === -1) break;
      at = html.indexOf('<', end + 3);
      continue;
    }
    const closing = html[at + 1] === '/';
    TAG_NAME.lastIndex = at + (closing ? 2 : 1);
    const name = TAG_NAME.exec(html)?.[0].toLowerCase();
    if (name === undefined) {
      at = html.indexOf('<', at + 1);
      continue;
    }
    const end = html.indexOf('>', TAG_NAME.lastIndex);
    if (end === -1) break;
    let next = end + 1;
    if (closing) {
      if (!VOID_ELEMENTS.has(name) && !OPTIONAL_END.has(name) && depth > 0) depth--;
      if (depth <= foreignFrom) foreignFrom = -1;
    } else if (RAW_TEXT.has(name)) {
      const closeTag = rawTextEnd(name);
      closeTag.lastIndex = next;
      const close = closeTag.exec(html);
      if (!close) break;
      next = close.index + 2;
    } else if (!VOID_ELEMENTS.has(name) && !OPTIONAL_END.has(name) && !(foreignFrom >= 0 && html[end - 1] === '/')) {
      depth++;
      if ((name === 'svg' || name === 'math') && foreignFrom < 0) foreignFrom = depth - 1;
      if (depth > deepest) {
        deepest = depth;
        if (deepest > stopAbove) return deepest;
      }
    }
    at = html.indexOf('<', next);
  }
  return deepest;
}

function rawTextEnd(name: string): RegExp {
  let pattern = rawTextEnds.get(name);
  if (!pattern) {
    pattern = new RegExp(`</${name}[\\s/>]`, 'gi');
    rawTextEnds.set(name, pattern);
  }
  return pattern;
}

/**
 * An upper bound of a Markdown text's nesting of lists and block quotes: per line, the block quote
 * markers and list markers it starts with, plus one level per two columns of indentation (a list
 * item's content is indented at least two columns past its parent's). Stops
 * once the depth passes `stopAbove`.
 */
export function markdownNestingDepth(markdown: string, stopAbove = Infinity): number {
  let deepest = 0;
  let at = 0;
  while (at < markdown.length) {
    let columns = 0;
    let markers = 0;
    let i = at;
    for (;;) {
      const char = markdown.charCodeAt(i);
      if (char === 0x20) {
        columns++;
        i++;
      } else if (char === 0x09) {
        columns += 4 - (columns % 4);
        i++;
      } else if (char === 0x3e /* > */) {
        markers++;
        i = afterMarker(markdown, i + 1);
      } else if ((char === 0x2d || char === 0x2a || char === 0x2b) /* - * + */ && isBlank(markdown.charCodeAt(i + 1))) {
        markers++;
        i = afterMarker(markdown, i + 1);
      } else if (char >= 0x30 && char <= 0x39) {
        let j = i;
        while (j - i < 9 && markdown.charCodeAt(j) >= 0x30 && markdown.charCodeAt(j) <= 0x39) j++;
        const delimiter = markdown.charCodeAt(j);
        if ((delimiter !== 0x2e && delimiter !== 0x29) /* . ) */ || !isBlank(markdown.charCodeAt(j + 1))) break;
        markers++;
        i = afterMarker(markdown, j + 1);
      } else {
        break;
      }
    }
    const blankLine = markers === 0 && (i >= markdown.length || markdown.charCodeAt(i) === 0x0a);
    const depth = blankLine ? 0 : markers + Math.floor(columns / 2);
    if (depth > deepest) {
      deepest = depth;
      if (deepest > stopAbove) return deepest;
    }
    const lineEnd = markdown.indexOf('\n', i);
    if (lineEnd === -1) break;
    at = lineEnd + 1;
  }
  return deepest;
}

/** The space after a marker belongs to the marker, not to the indentation. */
function afterMarker(markdown: string, at: number): number {
  return markdown.charCodeAt(at) === 0x20 ? at + 1 : at;
}

function isBlank(char: number): boolean {
  return char === 0x20 || char === 0x09 || char === 0x0a || Number.isNaN(char);
}
