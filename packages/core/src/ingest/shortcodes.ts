// Hugo shortcodes in Markdown (`{{< name args >}}`, `{{% name %}}`), removed in linear time: the
// regular expressions this replaces backtracked over every later shortcode when one was left
// open, which made 3,000 of them in 45 KB take more than a minute.

const COMMENT_OPEN = /\{\{[<%]\s*comment\b/g;
const COMMENT_CLOSE = /\{\{[<%]\s*\/\s*comment\s*[>%]\}\}/g;
const SHORTCODE_END = /[>%]\}\}/g;

/** Replaces Hugo shortcodes: links resolve to their target, `highlight` becomes a fence, the rest goes. */
export function stripShortcodes(source: string): string {
  if (!source.includes('{{')) return source;
  return replaceShortcodes(removeCommentPairs(source));
}

/** Drops `{{< comment >}} … {{< /comment >}}` with what they enclose. */
function removeCommentPairs(source: string): string {
  let out = '';
  let kept = 0;
  for (;;) {
    COMMENT_OPEN.lastIndex = kept;
    const open = COMMENT_OPEN.exec(source);
    if (!open) break;
    SHORTCODE_END.lastIndex = open.index + open[0].length;
    const openEnd = SHORTCODE_END.exec(source);
    if (!openEnd) break;
    COMMENT_CLOSE.lastIndex = openEnd.index + 3;
    const close = COMMENT_CLOSE.exec(source);
    // Without a closing shortcode after this one, none follows a later one either.
    if (!close) break;
    out += source.slice(kept, open.index);
    kept = close.index + close[0].length;
  }
  return kept === 0 ? source : out + source.slice(kept);
}

/** Replaces each `{{<…>}}` and `{{%…%}}`, each ending at the first matching `>}}` / `%}}`. */
function replaceShortcodes(source: string): string {
  let out = '';
  let kept = 0;
  /** Per kind, where the last search for an end marker found one (-1: none from there on). */
  const ends: Record<string, number> = { '<': -2, '%': -2 };
  let at = source.indexOf('{{');
  while (at !== -1) {
    const kind = source[at + 2];
    if (kind === '<' || kind === '%') {
      let end = ends[kind]!;
      if (end !== -1 && end < at + 3) end = ends[kind] = source.indexOf(`${kind === '<' ? '>' : '%'}}}`, at + 3);
      if (end !== -1) {
        const inner = source.slice(at + 3, end);
        out += source.slice(kept, at) + replaceShortcode(source, at, end + 3, inner, kind);
        kept = end + 3;
        at = source.indexOf('{{', kept);
        continue;
      }
    }
    at = source.indexOf('{{', at + 1);
  }
  return out + source.slice(kept);
}

function replaceShortcode(whole: string, start: number, end: number, rawInner: string, kind: '<' | '%'): string {
  const inner = rawInner.trim();
  if (inner.startsWith('/*') && inner.endsWith('*/')) return kind === '<' ? `{{<${inner.slice(2, -2)}>}}` : `{{%${inner.slice(2, -2)}%}}`;
  const closing = inner.startsWith('/');
  const [name = '', ...args] = inner.replace(/^\//, '').trim().split(/\s+/);
  switch (name) {
    case 'ref':
    case 'relref':
      return quotedValues(inner)[0]?.value ?? args[0] ?? '';
    case 'highlight': {
      const before = start === 0 || whole[start - 1] === '\n' ? '' : '\n';
      const after = whole[end] === '\n' ? '' : '\n';
      return `${before}\`\`\`${closing ? '' : (args[0] ?? '').replace(/"/g, '')}${after}`;
    }
    case 'figure':
      return quotedValues(inner)
        .filter(({ key }) => key === 'caption' || key === 'alt' || key === 'title')
        .map(({ value }) => value)
        .join(' ');
    default:
      return '';
  }
}

/** The `"value"` and `key="value"` arguments of a shortcode, in order (as `/(?:(\w+)=)?"([^"]*)"/g` finds them, without its backtracking). */
function quotedValues(inner: string): { key: string | undefined; value: string }[] {
  const values: { key: string | undefined; value: string }[] = [];
  let from = 0;
  for (;;) {
    const open = inner.indexOf('"', from);
    if (open === -1) break;
    const close = inner.indexOf('"', open + 1);
    if (close === -1) break;
    let keyStart = open - 1;
    if (inner[keyStart] === '=') while (keyStart > from && /\w/.test(inner[keyStart - 1]!)) keyStart--;
    const key = inner[open - 1] === '=' && keyStart < open - 1 ? inner.slice(keyStart, open - 1) : undefined;
    values.push({ key, value: inner.slice(open + 1, close) });
    from = close + 1;
  }
  return values;
}
