// A small workspace under the OS temp folder, shaped like this repository's, and a fake command
// runner that "installs" and "builds" it without pnpm.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { listFiles } from '../lib/hash.mjs';

/**
 * Writes `files` (path → content) under a new temporary folder and returns its path.
 * @param {Record<string, string>} files
 */
export function testdir(files) {
  const root = mkdtempSync(join(tmpdir(), 'mcdewey-bootstrap-'));
  writeFiles(root, files);
  return root;
}

export function writeFiles(root, files) {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
}

export function removeDir(root) {
  rmSync(root, { recursive: true, force: true });
}

const pkg = (name, dependencies = {}) => JSON.stringify({ name, version: '0.0.0', type: 'module', scripts: { build: 'tsup' }, dependencies }, null, 2);

/**
 * A workspace of four packages: core; mcp on core; cli on mcp and core; other on none of them;
 * plus examples (a workspace folder outside packages/, not built).
 */
export function workspaceFiles() {
  return {
    'package.json': JSON.stringify({ name: 'root', private: true, packageManager: 'pnpm@12.4.2' }),
    'pnpm-workspace.yaml': 'packages:\n  - packages/*\n  - examples\n\nallowBuilds:\n  esbuild: true\n',
    'pnpm-lock.yaml': "lockfileVersion: '9.0'\n",
    'tsup.base.ts': 'export const base = 1;\n',
    'tsconfig.base.json': '{}\n',
    'packages/core/package.json': pkg('@t/core'),
    'packages/core/tsup.config.ts': 'export default {};\n',
    'packages/core/tsconfig.json': '{}\n',
    'packages/core/src/index.ts': 'export const core = 1;\n',
    'packages/core/src/deep/nested.ts': 'export const nested = 1;\n',
    'packages/core/README.md': '# core\n',
    'packages/mcp/package.json': pkg('@t/mcp', { '@t/core': 'workspace:*' }),
    'packages/mcp/src/index.ts': 'export const mcp = 1;\n',
    'packages/cli/package.json': pkg('t-cli', { '@t/core': 'workspace:*', '@t/mcp': 'workspace:*', commander: '^14.0.0' }),
    'packages/cli/src/bin.ts': 'console.log(1);\n',
    'packages/other/package.json': pkg('@t/other', { lodash: '^4.0.0' }),
    'packages/other/src/index.ts': 'export const other = 1;\n',
    'examples/package.json': JSON.stringify({ name: '@t/examples', private: true, dependencies: { '@t/core': 'workspace:*' } }),
  };
}

/**
 * A runner that stands in for pnpm: `install` makes node_modules in the root and every workspace
 * folder; `run build` writes dist/index.js from the package's sources. Every call is logged in
 * `calls` (`install`, `build <dir>`, `start <dir>` / `end <dir>`). `failBuild` names a package
 * folder whose build fails (after cleaning dist, as tsup does).
 */
export function fakeRunner(root, { failBuild, failInstall = false, delayMs = 0 } = {}) {
  const calls = [];
  const events = [];
  const run = async (command, args, { cwd }) => {
    const dir = relative(root, cwd).split('\\').join('/');
    if (args.includes('install')) {
      calls.push('install');
      if (failInstall) throw Object.assign(new Error('install failed'), { exitCode: 1 });
      for (const folder of ['', 'packages/core', 'packages/mcp', 'packages/cli', 'packages/other', 'examples']) mkdirSync(join(root, folder, 'node_modules'), { recursive: true });
      return;
    }
    if (args.at(-1) !== 'build') throw new Error(`unexpected command ${command} ${args.join(' ')}`);
    calls.push(`build ${dir}`);
    events.push(`start ${dir}`);
    rmSync(join(cwd, 'dist'), { recursive: true, force: true });
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    if (dir === failBuild) {
      events.push(`end ${dir}`);
      throw Object.assign(new Error(`build of ${dir} failed`), { exitCode: 2 });
    }
    const source = listFiles(join(cwd, 'src'))
      .map((file) => readFileSync(join(cwd, 'src', file), 'utf8'))
      .join('');
    writeFiles(cwd, { 'dist/index.js': `// built\n${source}`, 'dist/index.d.ts': 'export {};\n' });
    events.push(`end ${dir}`);
  };
  return { run, calls, events, pnpm: () => ['pnpm'] };
}
