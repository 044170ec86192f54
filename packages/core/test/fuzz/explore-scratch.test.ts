import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { it } from 'vitest';
import { ingest } from '../../src/ingest/pipeline.js';
import { manyPagesPdf } from '../fixtures/bad-files.js';
import { writeTree } from '../helpers.js';
import { applyIndexMutation, describeMutation, indexMutation, indexShape } from './index-mutations.js';
import { compileProbe, probeInChild } from './probe-child.js';

it('explore', async () => {
  const root = mkdtempSync(join(tmpdir(), 'h8-explore-'));
  const storage = 'database query index table column row sql transaction commit rollback schema replica backup restore snapshot'.split(' ');
  const network = 'router switch packet firewall vlan subnet gateway dns route latency bandwidth port tcp udp tunnel vpn'.split(' ');
  const rotate = (words: string[], i: number) => [...words.slice(i % words.length), ...words.slice(0, i % words.length)].join(' ');
  const files: Record<string, string | Uint8Array> = { 'globex/v2/net/manual.pdf': manyPagesPdf(3), 'acme/v1/db/notes.txt': `Release notes\n\nThe ${rotate(storage, 3)}.\n` };
  for (let i = 0; i < 10; i++) {
    files[`acme/v1/db/part-${i}.md`] = `---\ntitle: Storage ${i}\n---\n# Storage ${i}\n\nThe ${rotate(storage, i)}.\n\n## Restore\n\nThe ${rotate(storage, i + 5)}.\n`;
    files[`globex/v2/net/part-${i}.html`] = `<h1>Network ${i}</h1><p>The ${rotate(network, i)}.</p><h2>Routes</h2><p>The ${rotate(network, i + 5)}.</p>`;
  }
  writeTree(join(root, 'corpus'), files);
  const pristine = join(root, 'pristine');
  await ingest(join(root, 'corpus'), pristine, { trainEmbedder: { dims: 16, oversample: 8 } });
  const shape = indexShape(pristine);
  const probe = await compileProbe(root);
  const N = Number(process.env.H8_N ?? 400);
  const mutations = fc.sample(indexMutation(shape), { seed: Number(process.env.H8_SEED ?? 1), numRuns: N });
  const signatures = new Map<string, string[]>();
  let k = 0;
  for (let start = 0; start < N; start += 50) {
    const batch = mutations.slice(start, start + 50);
    const dirs = batch.map((m) => { const d = join(root, 'c', String(k++)); mkdirSync(d, { recursive: true }); cpSync(pristine, d, { recursive: true }); applyIndexMutation(d, m); return d; });
    const { cases, stackLines } = await probeInChild(probe, dirs, 60_000);
    if (stackLines.length) console.log('STACK', stackLines.slice(0, 5));
    cases.forEach((c, i) => {
      let sig: string | undefined;
      if (c.status !== 'reported') sig = `${c.status} ${'why' in c ? c.why : ''}`;
      else { const cr = c.report.steps.find((s) => 'crash' in s); if (cr && 'crash' in cr) sig = `${cr.crash.name}: ${cr.crash.message.slice(0, 80)} @ ${cr.crash.stack.split('\n').find((l) => l.includes('dist/index.js'))?.trim()}`; }
      if (sig) { const list = signatures.get(sig) ?? []; list.push(describeMutation(batch[i]!).slice(0, 300)); signatures.set(sig, list); }
    });
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  }
  for (const [sig, list] of signatures) console.log(`\n### ${list.length}× ${sig}\n  ${list.slice(0, 3).join('\n  ')}`);
  rmSync(root, { recursive: true, force: true });
}, 600_000);
