import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stripShortcodes } from '../../src/ingest/shortcodes.js';

// The regular expressions stripShortcodes replaced (correct, but cubic on unclosed shortcodes):
// the linear version must give the same output on every input.
const PAIRED_NOISE = /\{\{[<%]\s*comment\b[\s\S]*?[>%]\}\}[\s\S]*?\{\{[<%]\s*\/\s*comment\s*[>%]\}\}/g;
const SHORTCODE = /\{\{(?:<([\s\S]*?)>|%([\s\S]*?)%)\}\}/g;

function regexStrip(source: string): string {
  if (!source.includes('{{')) return source;
  return source.replace(PAIRED_NOISE, '').replace(SHORTCODE, (match: string, angle: string | undefined, percent: string | undefined, offset: number, whole: string) => {
    const inner = (angle ?? percent ?? '').trim();
    if (inner.startsWith('/*') && inner.endsWith('*/')) return angle === undefined ? `{{%${inner.slice(2, -2)}%}}` : `{{<${inner.slice(2, -2)}>}}`;
    const closing = inner.startsWith('/');
    const [name = '', ...args] = inner.replace(/^\//, '').trim().split(/\s+/);
    const values = [...inner.matchAll(/(?:(\w+)=)?"([^"]*)"/g)];
    switch (name) {
      case 'ref':
      case 'relref':
        return values[0]?.[2] ?? args[0] ?? '';
      case 'highlight': {
        const before = offset === 0 || whole[offset - 1] === '\n' ? '' : '\n';
        const after = whole[offset + match.length] === '\n' ? '' : '\n';
        return `${before}\`\`\`${closing ? '' : (args[0] ?? '').replace(/"/g, '')}${after}`;
      }
      case 'figure':
        return values
          .filter(([, key]) => key === 'caption' || key === 'alt' || key === 'title')
          .map(([, , value]) => value)
          .join(' ');
      default:
        return '';
    }
  });
}

const pieces = [
  // Whole shortcodes, well formed or crossed (`{{< comment %}}`), so that pairs form often.
  '{{< comment >}}',
  '{{% comment %}}',
  '{{< comment %}}',
  '{{<comment>}}',
  '{{< /comment >}}',
  '{{% / comment %}}',
  '{{< commentary >}}',
  '{{< ref "a.md" >}}',
  '{{< relref path="b.md" >}}',
  '{{< figure src="x" caption="c" alt="a" >}}',
  '{{< highlight go >}}',
  '{{< /highlight >}}',
  '{{< figure "z"caption="c"title="t" >}}',
  '{{</* x */>}}',
  '{{%/* y */%}}',
  // Their parts, so that shortcodes stay open, nest or close early.
  '{{',
  '}}',
  '{{<',
  '>}}',
  '{{%',
  '%}}',
  '{{{',
  '<',
  '>',
  '%',
  '/',
  ' ',
  '\n',
  'comment',
  '/comment',
  'highlight',
  'ref',
  'figure',
  'caption=',
  'alt=',
  'title=',
  'x=',
  'k_1=',
  '"',
  '"a b"',
  '""',
  '/*',
  '*/',
  'text',
  'é',
];

describe('stripShortcodes', () => {
  it('gives what the regular expressions it replaced gave, on any mix of shortcode pieces', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 30 }), (parts) => {
        const source = parts.join('');
        expect(stripShortcodes(source)).toBe(regexStrip(source));
      }),
      { numRuns: 3000 },
    );
  });

  it('keeps the behaviour of real Hugo pages', () => {
    const page = [
      'See {{< ref "install.md" >}} and {{< relref path="a/b.md" >}}.',
      '{{< figure src="x.png" caption="The cluster" alt="diagram" >}}',
      '{{< highlight go >}}',
      'fmt.Println()',
      '{{< /highlight >}}',
      '{{< comment >}}hidden note{{< /comment >}}Visible {{% note %}}kept{{% /note %}}',
      '{{</* escaped */>}}',
    ].join('\n');
    expect(stripShortcodes(page)).toBe(regexStrip(page));
    expect(stripShortcodes(page)).toContain('install.md');
    expect(stripShortcodes(page)).not.toContain('hidden note');
  });

  // Cubic time on this input takes minutes; the bound is loose so a loaded machine cannot fail it.
  it('is linear where the regular expressions were cubic: 20,000 unclosed comment shortcodes', () => {
    const source = '{{< comment >}}\n'.repeat(20_000);
    const started = performance.now();
    stripShortcodes(source);
    expect(performance.now() - started).toBeLessThan(5000);
  });
});
