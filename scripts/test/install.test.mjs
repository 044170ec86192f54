// The install is skipped while node_modules matches the lockfile and the Node it was made with.
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { INSTALL_STAMP, installState } from '../lib/install-stamp.mjs';
import { ensureInstalled } from '../lib/prepare.mjs';
import { fakeRunner, removeDir, testdir, workspaceFiles, writeFiles } from './fixture.mjs';

const node20 = { nodeVersion: 'v20.19.0', platform: 'linux', arch: 'x64' };
let root;
beforeEach(() => {
  root = testdir(workspaceFiles());
});
afterEach(() => removeDir(root));

async function install(options = {}) {
  const runner = fakeRunner(root, options);
  const lines = [];
  const outcome = await ensureInstalled({ root, run: runner.run, pnpm: runner.pnpm, log: (line) => lines.push(line), runtime: options.runtime ?? node20 });
  return { ...outcome, calls: runner.calls, lines };
}

describe('installing only when needed', () => {
  it('installs a fresh clone, then skips while nothing changed', async () => {
    expect(installState(root, node20)).toEqual({ upToDate: false, reason: 'node_modules is missing' });
    expect(await install()).toMatchObject({ installed: true, calls: ['install'] });
    expect(installState(root, node20).upToDate).toBe(true);
    expect(await install()).toMatchObject({ installed: false, calls: [] });
  });

  it('installs again when the lockfile, the workspace file or any workspace package.json changed', async () => {
    await install();
    for (const [file, content] of [
      ['pnpm-lock.yaml', "lockfileVersion: '9.0'\n# changed\n"],
      ['pnpm-workspace.yaml', 'packages:\n  - packages/*\n  - examples\n\nallowBuilds:\n  esbuild: false\n'],
      ['packages/cli/package.json', '{"name":"t-cli","dependencies":{"commander":"^15.0.0"}}'],
      ['examples/package.json', '{"name":"@t/examples","dependencies":{}}'],
      ['.npmrc', 'onnxruntime-node-install=skip\n'],
    ]) {
      writeFiles(root, { [file]: content });
      expect(installState(root, node20).reason, file).toBe('the lockfile or a package.json changed since the last install');
      expect((await install()).calls, file).toEqual(['install']);
    }
  });

  it('installs again under another Node (native addons are built for one)', async () => {
    await install();
    const node22 = { ...node20, nodeVersion: 'v22.1.0' };
    expect(installState(root, node22).reason).toBe('Node changed since the last install (node v20.19.0 linux-x64 → node v22.1.0 linux-x64)');
    expect((await install({ runtime: node22 })).calls).toEqual(['install']);
  });

  it('installs again when the record is corrupt or missing, or a package lost its node_modules', async () => {
    await install();
    writeFileSync(join(root, INSTALL_STAMP), 'not json');
    expect(installState(root, node20).reason).toBe('no record of a finished install');
    await install();
    writeFileSync(join(root, INSTALL_STAMP), '{"hash": 1}');
    expect(installState(root, node20).reason).toBe('the install record is damaged');
    await install();
    rmSync(join(root, 'packages/mcp/node_modules'), { recursive: true });
    expect(installState(root, node20).reason).toBe('packages/mcp/node_modules is missing');
    expect((await install()).calls).toEqual(['install']);
    expect(installState(root, node20).upToDate).toBe(true);
  });

  it('records nothing when the install fails, so the next run installs again', async () => {
    await expect(install({ failInstall: true })).rejects.toThrow('install failed');
    expect(installState(root, node20).upToDate).toBe(false);
  });
});
