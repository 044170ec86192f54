// Only Node and npm are needed: pnpm is used when it is the right version, else fetched through npx.
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { pnpmCommand, processRunner, withNodeHeaders } from '../lib/run.mjs';
import { removeDir, testdir } from './fixture.mjs';

const installed =
  (status, stdout = '') =>
  () => ({ status, stdout });

describe('finding pnpm', () => {
  it('uses the installed pnpm when it is the version package.json names', () => {
    expect(pnpmCommand('12.4.2', installed(0, '12.4.2\n'))).toEqual(['pnpm']);
  });

  it('fetches that version through npx when pnpm is missing or another version', () => {
    expect(pnpmCommand('12.4.2', installed(null))).toEqual(['npx', '--yes', 'pnpm@12.4.2']);
    expect(pnpmCommand('12.4.2', installed(0, '9.15.0\n'))).toEqual(['npx', '--yes', 'pnpm@12.4.2']);
  });
});

describe('Node headers for the native addon build', () => {
  let dir;
  afterEach(() => dir && removeDir(dir));
  const header = (major, minor, patch) => `#define NODE_MAJOR_VERSION ${major}\n#define NODE_MINOR_VERSION ${minor}\n#define NODE_PATCH_VERSION ${patch}\n`;

  it('points node-gyp at headers beside Node only when they match the running Node', () => {
    dir = testdir({ 'node_version.h': header(20, 19, 0) });
    const file = join(dir, 'node_version.h');
    expect(withNodeHeaders({}, file, 'v20.19.0').npm_config_nodedir).toBe('/usr');
    expect(withNodeHeaders({}, file, 'v22.1.0').npm_config_nodedir).toBeUndefined();
    expect(withNodeHeaders({ npm_config_nodedir: '/opt/node' }, file, 'v20.19.0').npm_config_nodedir).toBe('/opt/node');
    expect(withNodeHeaders({}, join(dir, 'missing.h'), 'v20.19.0').npm_config_nodedir).toBeUndefined();
  });
});

describe('running commands', () => {
  it('resolves on exit code 0 and rejects with the exit code otherwise', async () => {
    const run = processRunner(process.env);
    await expect(run(process.execPath, ['-e', 'process.exit(0)'], { cwd: process.cwd() })).resolves.toBeUndefined();
    await expect(run(process.execPath, ['-e', 'process.exit(3)'], { cwd: process.cwd(), label: 'x' })).rejects.toMatchObject({ exitCode: 3 });
  });
});
