// `npm start` again is quick: a package is built only when its sources, its configs or a workspace
// package it depends on changed, or its dist is missing or altered; otherwise the build is skipped.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BUILD_STAMP } from '../lib/build-stamp.mjs';
import { ensureBuilt, estimateBuildSeconds, planBuilds } from '../lib/prepare.mjs';
import { fakeRunner, removeDir, testdir, workspaceFiles, writeFiles } from './fixture.mjs';

let root;
beforeEach(() => {
  root = testdir(workspaceFiles());
});
afterEach(() => removeDir(root));

/** Plans and runs the builds like the bootstrap does; returns the package folders built, in order. */
async function build(options = {}) {
  const runner = fakeRunner(root, options);
  const plan = planBuilds(root, { force: options.force });
  await ensureBuilt({ root, run: runner.run, pnpm: runner.pnpm, log: () => {}, plan, concurrency: options.concurrency ?? 1 });
  return runner;
}
const built = async (options) => (await build(options)).calls.map((call) => call.replace(/^build /, ''));

describe('building only what changed', () => {
  it('builds every package the first time, each after the packages it depends on, then nothing', async () => {
    const order = await built();
    expect(order.sort()).toEqual(['packages/cli', 'packages/core', 'packages/mcp', 'packages/other']);
    expect(planBuilds(root).map((entry) => entry.pkg.name)).toEqual(['@t/core', '@t/mcp', '@t/other', 't-cli']);
    expect(planBuilds(root).every((entry) => entry.upToDate)).toBe(true);
    expect(await built()).toEqual([]);
  });

  it('rebuilds a changed package and every package built on it, not the others', async () => {
    await built();
    writeFiles(root, { 'packages/core/src/deep/nested.ts': 'export const nested = 2;\n' });
    expect(
      planBuilds(root)
        .filter((entry) => !entry.upToDate)
        .map((entry) => [entry.pkg.name, entry.reason]),
    ).toEqual([
      ['@t/core', 'its sources, configs or dependencies changed'],
      ['@t/mcp', 'its sources, configs or dependencies changed'],
      ['t-cli', 'its sources, configs or dependencies changed'],
    ]);
    expect(await built()).toEqual(['packages/core', 'packages/mcp', 'packages/cli']);
    expect(readFileSync(join(root, 'packages/core/dist/index.js'), 'utf8')).toContain('nested = 2');
    expect(await built()).toEqual([]);
  });

  it('rebuilds only the package itself when nothing depends on it', async () => {
    await built();
    writeFiles(root, { 'packages/cli/src/bin.ts': 'console.log(2);\n' });
    expect(await built()).toEqual(['packages/cli']);
  });

  it('notices an added or removed source file, a changed package.json or build config, and a changed shared config', async () => {
    await built();
    writeFiles(root, { 'packages/other/src/added.ts': 'export {};\n' });
    expect(await built()).toEqual(['packages/other']);
    rmSync(join(root, 'packages/other/src/added.ts'));
    expect(await built()).toEqual(['packages/other']);
    writeFiles(root, { 'packages/mcp/tsup.config.ts': 'export default { dts: false };\n' });
    expect(await built()).toEqual(['packages/mcp', 'packages/cli']);
    const manifest = JSON.parse(readFileSync(join(root, 'packages/other/package.json'), 'utf8'));
    writeFiles(root, { 'packages/other/package.json': JSON.stringify({ ...manifest, version: '0.0.1' }) });
    expect(await built()).toEqual(['packages/other']);
    writeFiles(root, { 'tsup.base.ts': 'export const base = 2;\n' });
    expect((await built()).sort()).toEqual(['packages/cli', 'packages/core', 'packages/mcp', 'packages/other']);
  });

  it('ignores files that are not build inputs (README, tests)', async () => {
    await built();
    writeFiles(root, { 'packages/core/README.md': '# core, documented\n', 'packages/core/test/a.test.ts': 'it();\n' });
    expect(await built()).toEqual([]);
  });

  it('rebuilds a package whose dist was deleted or altered, without rebuilding its dependants', async () => {
    await built();
    rmSync(join(root, 'packages/core/dist'), { recursive: true });
    expect(planBuilds(root)[0].reason).toBe('dist is missing');
    expect(await built()).toEqual(['packages/core']);
    writeFiles(root, { 'packages/mcp/dist/index.js': '// edited by hand\n' });
    expect(planBuilds(root)[1].reason).toBe('dist was changed since it was built');
    expect(await built()).toEqual(['packages/mcp']);
    writeFiles(root, { 'packages/mcp/dist/extra.js': '' });
    expect(await built()).toEqual(['packages/mcp']);
  });

  it('rebuilds when the record of the last build is missing, corrupt or damaged', async () => {
    await built();
    writeFileSync(join(root, 'packages/core', BUILD_STAMP), '{"inputs": "abc", trunc');
    expect(planBuilds(root)[0].reason).toBe('no record of a finished build');
    expect(await built()).toEqual(['packages/core']);
    writeFileSync(join(root, 'packages/core', BUILD_STAMP), '{"inputs": 7}');
    expect(planBuilds(root)[0].reason).toBe('the build record is damaged');
    expect(await built()).toEqual(['packages/core']);
    rmSync(join(root, 'packages/other', BUILD_STAMP));
    expect(await built()).toEqual(['packages/other']);
  });

  it('rebuilds everything when asked to', async () => {
    await built();
    expect((await built({ force: true })).sort()).toEqual(['packages/cli', 'packages/core', 'packages/mcp', 'packages/other']);
  });

  it('after a failed build, records the packages that did build and builds the rest next time', async () => {
    await expect(build({ failBuild: 'packages/mcp' })).rejects.toThrow('build of packages/mcp failed');
    const after = planBuilds(root);
    // One build at a time: core built, mcp failed, nothing started after the failure.
    expect(after.filter((entry) => entry.upToDate).map((entry) => entry.pkg.name)).toEqual(['@t/core']);
    expect(await built()).toEqual(['packages/mcp', 'packages/other', 'packages/cli']);
  });

  it('a failed rebuild leaves no record claiming the old dist is good', async () => {
    await built();
    writeFiles(root, { 'packages/cli/src/bin.ts': 'console.log(3);\n' });
    await expect(build({ failBuild: 'packages/cli' })).rejects.toThrow();
    writeFiles(root, { 'packages/cli/src/bin.ts': 'console.log(1);\n' });
    expect(planBuilds(root).find((entry) => entry.pkg.name === 't-cli').upToDate).toBe(false);
  });

  it('builds independent packages at the same time, never a package before those it depends on', async () => {
    const runner = await build({ concurrency: 2, delayMs: 20 });
    const at = (event) => runner.events.indexOf(event);
    expect(at('start packages/mcp')).toBeGreaterThan(at('end packages/core'));
    expect(at('start packages/cli')).toBeGreaterThan(at('end packages/mcp'));
    // core and other have no dependency between them: the second starts before the first ends.
    expect(Math.max(at('start packages/core'), at('start packages/other'))).toBeLessThan(Math.min(at('end packages/core'), at('end packages/other')));
  });
});

describe('the estimate of a build', () => {
  it('is the longest chain of dependent builds, or the total spread over parallel builds if longer', () => {
    const plan = planBuilds(root);
    const seconds = { '@t/core': 10, '@t/mcp': 5, '@t/other': 4, 't-cli': 2 };
    expect(estimateBuildSeconds(plan, (name) => seconds[name], 2)).toBe(17);
    expect(estimateBuildSeconds(plan, (name) => seconds[name], 1)).toBe(21);
    expect(estimateBuildSeconds([], () => 10, 2)).toBe(0);
  });
});
