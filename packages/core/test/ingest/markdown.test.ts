import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { readMarkdown } from '../../src/ingest/markdown.js';

const corpusText = (path: string): Promise<string> => readFile(new URL(`../../../../corpus/${path}`, import.meta.url), 'utf8');

const allText = (blocks: Array<{ text: string }>): string => blocks.map((block) => block.text).join('\n');

describe('readMarkdown on etcd docs (Hugo)', () => {
  it('moves front matter into metadata, never into text', async () => {
    const doc = readMarkdown(await corpusText('etcd/v3.6/op-guide/recovery.md'), 'recovery.md');
    expect(doc.format).toBe('markdown');
    expect(doc.title).toBe('Disaster recovery');
    expect(doc.metadata).toEqual({ title: 'Disaster recovery', weight: '4275', description: 'etcd v3 snapshot & restore facilities' });
    const text = allText(doc.blocks);
    expect(text).not.toContain('weight');
    expect(text).not.toContain('snapshot & restore facilities');
    expect(text).not.toMatch(/^---$/m);
    expect(doc.blocks[0]?.text).toMatch(/^etcd is designed to withstand machine failures\./);
  });

  it('reduces inline markdown to plain text and keeps code and headings as blocks', async () => {
    const doc = readMarkdown(await corpusText('etcd/v3.6/op-guide/recovery.md'), 'recovery.md');
    expect(doc.blocks).toContainEqual({ kind: 'heading', level: 2, text: 'Snapshotting the keyspace' });
    expect(doc.blocks).toContainEqual({ kind: 'heading', level: 3, text: 'Revision Difference' });
    const status = doc.blocks.find((block) => block.kind === 'code' && block.text.startsWith('$ etcdutl snapshot status'));
    expect(status?.text.split('\n')).toHaveLength(6);
    // "tolerates up to *(N-1)/2* permanent failures", "[v2 admin guide][v2_recover]"
    expect(doc.blocks[0]?.text).toContain('tolerates up to (N-1)/2 permanent failures');
    expect(doc.blocks[1]?.text).toContain('refer to the v2 admin guide.');
    expect(allText(doc.blocks.filter((block) => block.kind !== 'code'))).not.toMatch(/[`*]|\]\(|\[v2/);
  });

  it('drops Hugo shortcodes, keeping the prose inside paired ones', async () => {
    const doc = readMarkdown(await corpusText('etcd/v3.6/op-guide/configuration.md'), 'configuration.md');
    const text = allText(doc.blocks);
    expect(text).not.toMatch(/\{\{[<%]|[>%]\}\}/);
    expect(text).not.toMatch(/alert|psubstr|param version/);
    // {{% alert color="warning" %}} **Caution**: If you mix-and-match ... {{% /alert %}}
    expect(text).toContain('Caution: If you mix-and-match configuration options, then the following rules apply.');
  });

  it('keeps tables, one row per line with cells joined by " | "', async () => {
    const doc = readMarkdown(await corpusText('etcd/v3.6/op-guide/clustering.md'), 'clustering.md');
    const table = doc.blocks.find((block) => block.kind === 'table');
    expect(table?.text).toBe('Name | Address | Hostname\ninfra0 | 10.0.1.10 | infra0.example.com\ninfra1 | 10.0.1.11 | infra1.example.com\ninfra2 | 10.0.1.12 | infra2.example.com');
  });
});

describe('readMarkdown on small documents', () => {
  it('handles every shortcode form', () => {
    const doc = readMarkdown(
      [
        '{{< tabpane >}}',
        '{{% tab header="Linux" %}}Install with **apt**.{{% /tab %}}',
        '{{< /tabpane >}}',
        '',
        'Version {{< param version >}} is current; see the [FAQ]({{< relref "faq" >}}).',
        '',
        '{{< figure src="/img/a.png" caption="Storage layout" >}}',
        '',
        '{{< comment >}}Draft note, not for readers.{{< /comment >}}',
        '',
        '{{< highlight go >}}',
        'fmt.Println("hi")',
        '{{< /highlight >}}',
      ].join('\n'),
      'tabs.md',
    );
    expect(doc.blocks).toEqual([
      { kind: 'paragraph', text: 'Install with apt.' },
      { kind: 'paragraph', text: 'Version is current; see the FAQ.' },
      { kind: 'paragraph', text: 'Storage layout' },
      { kind: 'code', text: 'fmt.Println("hi")' },
    ]);
  });

  it('reduces links, emphasis, images, code spans, HTML and entities to plain text', () => {
    const doc = readMarkdown(
      'Use `etcdctl` with **care** and _patience_: [docs](https://etcd.io) ![a diagram](d.png) <kbd>Ctrl</kbd>+C &amp; more\\*.\n\n' +
        '<div class="note">\n<p>HTML &lt;block&gt;</p>\n</div>\n\n> Quoted *text*\n\n- one\n- two\n  - nested\n\n1. first\n2. second',
      'inline.md',
    );
    expect(doc.blocks).toEqual([
      { kind: 'paragraph', text: 'Use etcdctl with care and patience: docs a diagram Ctrl+C & more*.' },
      { kind: 'paragraph', text: 'HTML <block>' },
      { kind: 'paragraph', text: 'Quoted text' },
      { kind: 'list', text: 'one\ntwo\nnested\nfirst\nsecond' },
    ]);
  });

  it('titles from front matter, then the first # heading, then the file name', () => {
    expect(readMarkdown('---\ntitle: From matter\n---\n# Heading\n\ntext', 'a.md').title).toBe('From matter');
    expect(readMarkdown('## Sub\n\n# Top *one*\n\ntext', 'b.md').title).toBe('Top one');
    expect(readMarkdown('just text', 'docs/c.md').title).toBe('c.md');
  });

  it('stringifies front matter values and never evaluates executable front matter', () => {
    const yaml = readMarkdown('---\ntitle: T\ndate: 2024-05-01\ntags: [a, b]\ndraft: false\nparams: {x: 1}\n---\nBody', 'y.md');
    expect(yaml.metadata).toEqual({ title: 'T', date: '2024-05-01', tags: 'a, b', draft: 'false', params: '{"x":1}' });
    const js = readMarkdown('---js\n{ title: (globalThis.pwned = true, "x") }\n---\nBody', 'j.md');
    expect((globalThis as { pwned?: boolean }).pwned).toBeUndefined();
    expect(js.metadata.frontMatterError).toMatch(/not evaluated/);
    expect(js.blocks).toEqual([{ kind: 'paragraph', text: 'Body' }]);
    const toml = readMarkdown('+++\ntitle = "Toml page"\nweight = 3\n+++\nBody', 't.md');
    expect(toml.metadata).toEqual({ title: 'Toml page', weight: '3' });
    expect(toml.title).toBe('Toml page');
  });
});
