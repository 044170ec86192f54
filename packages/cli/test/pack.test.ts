import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The packages as a user gets them: each one packed with `pnpm pack` from its built dist (this
// test builds nothing), the tarballs installed with npm into an empty project under os.tmpdir(),
// and used there: the CLI through npx, MCP over stdio, core from a script, the types from tsc.
// npm needs the registry for the third-party dependencies; without it the test says so.

const repo = fileURLToPath(new URL('../../../', import.meta.url));
/** Every publishable package folder (packages/<name> whose package.json is not private). */
const PACKAGES = readdirSync(join(repo, 'packages')).filter((name) => {
  const path = join(repo, 'packages', name, 'package.json');
  return existsSync(path) && !(JSON.parse(readFileSync(path, 'utf8')) as { private?: boolean }).private;
});
/** Imported by a built file but not a dependency, on purpose: only loaded when running from the TypeScript sources. */
const SOURCE_ONLY_IMPORTS: Record<string, string[]> = { '@mcdewey/core': ['esbuild'], '@mcdewey/static': ['esbuild'], '@mcdewey/mcp': ['esbuild'] };
/** A small real corpus, one vendor: a single PDF, so the packed read worker and pdf.js are used. */
const CORPUS_VENDOR = 'erlang-otp';
const INSTALL_TIMEOUT_MS = 8 * 60_000;

interface PackageJson {
  name: string;
  version: string;
  bin?: Record<string, string>;
  exports?: Record<string, string | { types?: string; import?: string }>;
  types?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

interface Packed {
  dir: string;
  tarball: string;
  manifest: PackageJson;
}

const work = mkdtempSync(join(tmpdir(), 'mcdewey-pack-'));
const project = join(work, 'project');
const index = join(work, 'index');
const packed = new Map<string, Packed>();

/** The environment a user's shell would have: none of the variables pnpm and vitest set for their children. */
function userEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(npm_(package|lifecycle)_|npm_config_user_agent$|npm_(node_)?execpath$|npm_command$|PNPM_|INIT_CWD$|VITEST)/.test(key)) continue;
    env[key] = value;
  }
  return { ...env, NO_COLOR: '1', ...extra };
}

/** npm's environment for the install, as the README tells users (see "Installing from npm"). */
function npmEnv(): NodeJS.ProcessEnv {
  // onnxruntime-node's postinstall downloads CUDA add-ons; the CPU runtime is already in the package.
  const env = userEnv({ ONNXRUNTIME_NODE_INSTALL: 'skip' });
  // hnswlib-node is built by node-gyp, which downloads Node's headers unless they sit beside Node.
  if (!env.npm_config_nodedir && headersMatchRunningNode('/usr/include/node/node_version.h')) env.npm_config_nodedir = '/usr';
  return env;
}

function headersMatchRunningNode(path: string): boolean {
  if (!existsSync(path)) return false;
  const header = readFileSync(path, 'utf8');
  const part = (name: string) => header.match(new RegExp(`#define ${name} (\\d+)`))?.[1];
  return `v${part('NODE_MAJOR_VERSION')}.${part('NODE_MINOR_VERSION')}.${part('NODE_PATCH_VERSION')}` === process.version;
}

function run(command: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv; timeout?: number }): SpawnSyncReturns<string> {
  return spawnSync(command, args, { cwd: options.cwd, env: options.env ?? userEnv(), encoding: 'utf8', timeout: options.timeout ?? 120_000, maxBuffer: 64 * 1024 * 1024 });
}

function ok(result: SpawnSyncReturns<string>, what: string): string {
  if (result.error) throw new Error(`${what}: ${result.error.message}`);
  if (result.status !== 0) throw new Error(`${what} exited ${result.status}:\n${result.stderr.slice(-4000)}\n${result.stdout.slice(-2000)}`);
  return result.stdout;
}

/** pnpm as the test was started with it (`pnpm exec vitest`), else from PATH, else the workspace's version through npx. */
function pnpm(): [string, string[]] {
  const execPath = process.env.npm_execpath;
  if (execPath && /pnpm/.test(execPath) && existsSync(execPath)) return /\.[cm]?js$/.test(execPath) ? [process.execPath, [execPath]] : [execPath, []];
  if (spawnSync('pnpm', ['--version']).status === 0) return ['pnpm', []];
  const { packageManager } = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { packageManager: string };
  return ['npx', ['--yes', packageManager]];
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => statSync(join(dir, name)).isFile())
    .map((name) => name.split('\\').join('/'));
}

/** Bare specifiers a built file imports (static, dynamic, side effect) or requires. */
function importedSpecifiers(code: string): string[] {
  const patterns = [/^\s*(?:import|export)\s[^;]*?\sfrom\s*["']([^"']+)["']/gm, /^\s*import\s*["']([^"']+)["']/gm, /\bimport\(\s*["']([^"']+)["']\s*\)/g, /\b\w*[rR]equire\(\s*["']([^"']+)["']\s*\)/g];
  return patterns.flatMap((pattern) => [...code.matchAll(pattern)].map((match) => match[1]!)).filter((specifier) => !/^(\.|\/|data:)/.test(specifier));
}

/** Every module specifier the packed packages export (`@mcdewey/core`, `@mcdewey/core/ranking`, ...). */
function exportedModules(): string[] {
  return [...packed.values()].flatMap(({ manifest }) =>
    Object.entries(manifest.exports ?? {})
      .filter(([subpath, target]) => typeof target !== 'string' && subpath !== './package.json')
      .map(([subpath]) => `${manifest.name}${subpath.slice(1)}`),
  );
}

const packageOf = (specifier: string) =>
  specifier
    .split('/')
    .slice(0, specifier.startsWith('@') ? 2 : 1)
    .join('/');
const isBuiltin = (specifier: string) => specifier.startsWith('node:') || builtinModules.includes(packageOf(specifier));

/** One JSON-RPC exchange with `mcdewey mcp` over stdio: initialize, then tools/list; resolves with the tool names. */
async function mcpToolNames(
  command: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv },
): Promise<{ tools: string[]; exitCode: number | null | 'still running'; stderr: string }> {
  const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['pipe', 'pipe', 'pipe'] });
  let pending = ''; // stdout after its last complete line
  let stderr = '';
  child.stderr.on('data', (data: Buffer) => (stderr += data.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const send = (message: object) => child.stdin.write(`${JSON.stringify(message)}\n`);
  const response = new Promise<{ result?: { tools: { name: string }[] } }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no tools/list answer in 60 s; stderr: ${stderr}`)), 60_000);
    child.stdout.on('data', (data: Buffer) => {
      pending += data.toString();
      const lines = pending.split('\n');
      pending = lines.pop()!;
      for (const line of lines) {
        if (!line.trim()) continue;
        const message = JSON.parse(line) as { id?: number };
        if (message.id === 2) {
          clearTimeout(timer);
          resolve(message as { result?: { tools: { name: string }[] } });
        }
      }
    });
    void exited.then((code) => reject(new Error(`the server exited (${code}) before answering; stderr: ${stderr}`)));
  });
  send({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'pack-test', version: '0' } } });
  send({ jsonrpc: '2.0', method: 'notifications/initialized' });
  send({ jsonrpc: '2.0', id: 2, method: 'tools/list' });
  try {
    const answer = await response;
    child.stdin.end();
    const exitCode = await Promise.race([exited, new Promise<'still running'>((resolve) => setTimeout(() => resolve('still running'), 30_000).unref())]);
    return { tools: (answer.result?.tools ?? []).map((tool) => tool.name).sort(), exitCode, stderr };
  } finally {
    child.kill();
  }
}

beforeAll(() => {
  // 1. Pack every package from its built dist.
  const packDir = join(work, 'tarballs');
  mkdirSync(packDir);
  const [pnpmCommand, pnpmPrefix] = pnpm();
  for (const name of PACKAGES) {
    const dir = join(repo, 'packages', name);
    if (!existsSync(join(dir, 'dist'))) throw new Error(`packages/${name}/dist is missing: run \`pnpm build\` before this test (it packs the built packages)`);
    ok(run(pnpmCommand, [...pnpmPrefix, 'pack', '--pack-destination', packDir], { cwd: dir }), `pnpm pack in packages/${name}`);
  }
  for (const tarball of readdirSync(packDir).filter((file) => file.endsWith('.tgz'))) {
    const dir = join(work, 'unpacked', tarball.replace(/\.tgz$/, ''));
    mkdirSync(dir, { recursive: true });
    ok(run('tar', ['-xzf', join(packDir, tarball), '-C', dir, '--strip-components=1'], { cwd: work }), `tar -xzf ${tarball}`);
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as PackageJson;
    packed.set(manifest.name, { dir, tarball: join(packDir, tarball), manifest });
  }

  // 2. Install the tarballs with npm into an empty project, as a user would.
  const ping = run('npm', ['ping'], { cwd: work, env: npmEnv(), timeout: 60_000 });
  if (ping.status !== 0) {
    throw new Error(`This test installs the packed tarballs with npm and needs the npm registry; \`npm ping\` failed: ${(ping.stderr || String(ping.error)).trim().split('\n').pop()}`);
  }
  mkdirSync(project);
  // allowScripts: npm versions that ask before running dependencies' install scripts build hnswlib-node.
  const projectJson = { name: 'mcdewey-pack-check', private: true, type: 'module', allowScripts: { 'hnswlib-node': true } };
  writeFileSync(join(project, 'package.json'), JSON.stringify(projectJson, null, 2));
  const tarballs = [...packed.values()].map((each) => each.tarball);
  ok(run('npm', ['install', '--no-audit', '--no-fund', ...tarballs], { cwd: project, env: npmEnv(), timeout: INSTALL_TIMEOUT_MS }), 'npm install <tarballs>');
  cpSync(join(repo, 'corpus', CORPUS_VENDOR), join(work, 'corpus', CORPUS_VENDOR), { recursive: true });
}, INSTALL_TIMEOUT_MS + 120_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the packed tarballs', () => {
  it('packs every package, the CLI and the four libraries among them', () => {
    expect(packed.size).toBe(PACKAGES.length);
    expect([...packed.keys()]).toEqual(expect.arrayContaining(['@mcdewey/core', '@mcdewey/express', '@mcdewey/mcp', '@mcdewey/static', 'mcdewey']));
  });

  it('each holds its README, the root LICENSE, and real versions for workspace dependencies', () => {
    const license = readFileSync(join(repo, 'LICENSE'), 'utf8');
    expect(license).toMatch(/^MIT License\n\nCopyright \(c\) 2026 The McDewey authors\n/);
    for (const { dir, manifest } of packed.values()) {
      expect(readFileSync(join(dir, 'LICENSE'), 'utf8'), `${manifest.name} LICENSE`).toBe(license);
      expect(readFileSync(join(dir, 'README.md'), 'utf8'), `${manifest.name} README.md`).toMatch(new RegExp(`^# ${manifest.name.replace('/', '\\/')}\\n`));
      for (const [dependency, range] of Object.entries({ ...manifest.dependencies, ...manifest.optionalDependencies })) {
        expect(range, `${manifest.name} → ${dependency}`).not.toMatch(/^(workspace|link|file):/);
        if (dependency.startsWith('@mcdewey/')) expect(range, `${manifest.name} → ${dependency}`).toBe(packed.get(dependency)!.manifest.version);
      }
    }
  });

  it('ships every export target with its types, and the CLI bin with its shebang', () => {
    for (const { dir, manifest } of packed.values()) {
      for (const [subpath, target] of Object.entries(manifest.exports ?? {})) {
        if (typeof target === 'string') {
          expect(existsSync(join(dir, target)), `${manifest.name} exports ${subpath} → ${target}`).toBe(true);
          continue;
        }
        expect(target.types, `${manifest.name} exports ${subpath} has a types condition`).toMatch(/\.d\.ts$/);
        expect(Object.keys(target)[0], `${manifest.name} exports ${subpath}: types first`).toBe('types');
        for (const file of [target.types!, target.import!]) expect(existsSync(join(dir, file)), `${manifest.name} exports ${subpath} → ${file}`).toBe(true);
      }
      if (manifest.types) expect(existsSync(join(dir, manifest.types)), `${manifest.name} types`).toBe(true);
    }
    const cli = packed.get('mcdewey')!;
    expect(cli.manifest.bin).toEqual({ mcdewey: './dist/bin.js' });
    expect(readFileSync(join(cli.dir, 'dist/bin.js'), 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
  });

  it('ships the files read at run time: the ingest read worker, the web app script, the MCP App view, the static site script', () => {
    const files = (name: string) => filesUnder(packed.get(name)!.dir);
    expect(files('@mcdewey/core')).toContain('dist/read-worker.js');
    // The stylesheet is @mcdewey/pages' (served from there); the web app's own script is a file.
    expect(files('@mcdewey/express')).toContain('dist/assets/app.js');
    expect(files('@mcdewey/mcp')).toContain('dist/apps/chunk-card-view.js');
    expect(files('@mcdewey/static')).toContain('dist/client/app.js');
    // Nothing from the sources or the tests.
    for (const { dir, manifest } of packed.values()) {
      expect(
        filesUnder(dir).filter((file) => /^(src|test|bench)\//.test(file) || (file.endsWith('.ts') && !file.endsWith('.d.ts'))),
        manifest.name,
      ).toEqual([]);
    }
  });

  it('imports at run time only its own dependencies (not devDependencies, not what the workspace hoists)', () => {
    for (const { dir, manifest } of packed.values()) {
      const allowed = new Set([
        manifest.name,
        ...Object.keys({ ...manifest.dependencies, ...manifest.optionalDependencies, ...manifest.peerDependencies }),
        ...(SOURCE_ONLY_IMPORTS[manifest.name] ?? []),
      ]);
      for (const file of filesUnder(dir).filter((name) => name.endsWith('.js'))) {
        const specifiers = importedSpecifiers(readFileSync(join(dir, file), 'utf8'));
        // The static site's browser script is one self-contained bundle.
        if (file.startsWith('dist/client/')) {
          expect(specifiers, `${manifest.name}/${file}`).toEqual([]);
          continue;
        }
        for (const specifier of specifiers) {
          if (isBuiltin(specifier)) continue;
          expect(allowed.has(packageOf(specifier)), `${manifest.name}/${file} imports ${specifier}, which is not among its dependencies`).toBe(true);
        }
      }
      for (const sourceOnly of SOURCE_ONLY_IMPORTS[manifest.name] ?? []) expect(manifest.dependencies?.[sourceOnly], `${sourceOnly} stays a devDependency`).toBeUndefined();
    }
  });
});

describe('installed with npm in an empty project', { timeout: 180_000 }, () => {
  const npx = (...args: string[]) => run('npx', args, { cwd: project, timeout: 180_000 });

  it('built the hnswlib-node native addon (onnxruntime-node skipped its CUDA download)', () => {
    ok(run(process.execPath, ['-e', "require('hnswlib-node')"], { cwd: project }), "require('hnswlib-node') in the installed project");
  });

  it('npx mcdewey --version prints the package version', () => {
    expect(ok(npx('mcdewey', '--version'), 'npx mcdewey --version').trim()).toBe(packed.get('mcdewey')!.manifest.version);
  });

  it('npx mcdewey ingest + search --json: a PDF corpus, a trained embedder, hybrid results with pages', () => {
    const ingested = npx('mcdewey', 'ingest', join(work, 'corpus'), '--index', index);
    ok(ingested, 'npx mcdewey ingest');
    expect(ingested.stderr).toMatch(/Indexed 1 document/);
    const response = JSON.parse(ok(npx('mcdewey', 'search', 'TLS session resumption', '--index', index, '--json'), 'npx mcdewey search')) as {
      mode: string;
      results: { id: string; page?: number }[];
    };
    expect(response.mode).toBe('hybrid');
    expect(response.results.length).toBeGreaterThan(0);
    expect(response.results[0]!.id).toMatch(/^erlang-otp::v25::applications::ssl::\d+$/);
    expect(response.results[0]!.page).toBeGreaterThan(0);
  });

  it('npx mcdewey mcp answers tools/list over stdio, and ends quietly when the client closes the pipe', async () => {
    const { tools, exitCode, stderr } = await mcpToolNames('npx', ['mcdewey', 'mcp', '--index', index], { cwd: project, env: userEnv() });
    expect(tools).toEqual(expect.arrayContaining(['get_chunk', 'list_documents', 'list_vendors', 'search_docs']));
    expect(exitCode, stderr).toBe(0);
  });

  it('the npx client configurations in examples/mcp-client-config start a server that answers tools/list', async () => {
    const configDir = join(repo, 'examples', 'mcp-client-config');
    let launched = 0;
    for (const file of readdirSync(configDir).filter((name) => name.endsWith('.json'))) {
      const config = JSON.parse(readFileSync(join(configDir, file), 'utf8')) as { mcpServers: Record<string, { command?: string; args?: string[]; env?: Record<string, string> }> };
      for (const [name, server] of Object.entries(config.mcpServers)) {
        if (server.command !== 'npx') continue;
        const args = server.args!.map((arg) => arg.replace('/absolute/path/to/.mcdewey/index', index));
        // In this project npx finds the installed mcdewey, as it will find the published one.
        const { tools } = await mcpToolNames('npx', args, { cwd: project, env: userEnv(server.env) });
        expect(tools, `${file} ${name}`).toContain('search_docs');
        launched++;
      }
    }
    expect(launched).toBeGreaterThan(0);
  });

  it('a script imports openIndex and search from @mcdewey/core, and every export of every package loads', () => {
    const subpaths = exportedModules();
    expect(subpaths).toEqual(
      expect.arrayContaining(['@mcdewey/core', '@mcdewey/core/ranking', '@mcdewey/core/eval', '@mcdewey/core/models', '@mcdewey/mcp', '@mcdewey/mcp/guard', '@mcdewey/express', '@mcdewey/static']),
    );
    writeFileSync(
      join(project, 'check.mjs'),
      [
        "import { openIndex, search } from '@mcdewey/core';",
        "import { assetSizes } from '@mcdewey/express';",
        `for (const specifier of ${JSON.stringify(subpaths)}) if (Object.keys(await import(specifier)).length === 0) throw new Error(specifier + ' exports nothing');`,
        'const index = await openIndex(process.argv[2]);',
        "const { mode, results } = await search(index, 'TLS session resumption', { limit: 3 });",
        'index.close();',
        'console.log(JSON.stringify({ mode, ids: results.map((result) => result.id), assets: assetSizes().map((asset) => asset.name).sort() }));',
      ].join('\n'),
    );
    const output = JSON.parse(ok(run(process.execPath, ['check.mjs', index], { cwd: project }), 'node check.mjs')) as { mode: string; ids: string[]; assets: string[] };
    expect(output.ids.length).toBeGreaterThan(0);
    expect(output.ids[0]).toMatch(/^erlang-otp::/);
    expect(output.assets).toEqual(['app.js', 'style.css']);
  });

  it('TypeScript finds the types of every export through the installed packages', () => {
    const subpaths = exportedModules();
    writeFileSync(
      join(project, 'consumer.ts'),
      [
        "import { openIndex, search, type SearchResult } from '@mcdewey/core';",
        ...subpaths.map((specifier, i) => `import * as entry${i} from '${specifier}';`),
        `export const entries = [${subpaths.map((_, i) => `entry${i}`).join(', ')}];`,
        'export async function firstId(dir: string): Promise<string | undefined> {',
        '  const index = await openIndex(dir);',
        "  const results: SearchResult[] = (await search(index, 'tls')).results;",
        '  return results[0]?.id;',
        '}',
        // Library's internal classes are not in the published types (an unused @ts-expect-error fails too).
        'export async function narrowSurface(dir: string): Promise<number> {',
        '  const index = await openIndex(dir);',
        '  // @ts-expect-error lexical is @internal',
        '  void index.lexical;',
        '  // @ts-expect-error vectors is @internal',
        '  void index.vectors;',
        '  // @ts-expect-error embedder is @internal',
        '  void index.embedder;',
        '  const words = index.correctionList().terms.length + (index.hasVectors ? index.vectorAt(0).length : 0);',
        '  await index.dispose();',
        '  return words;',
        '}',
      ].join('\n'),
    );
    // Strict: an import without types is an error (TS7016), so `any` cannot slip through.
    const options = ['--noEmit', '--strict', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022', '--skipLibCheck', '--types', 'node'];
    const typeRoots = ['--typeRoots', join(repo, 'node_modules', '@types')];
    const tsc = createRequire(join(repo, 'package.json')).resolve('typescript/bin/tsc');
    ok(run(process.execPath, [tsc, ...options, ...typeRoots, 'consumer.ts'], { cwd: project }), 'tsc consumer.ts');
  });

  it('npx mcdewey export writes a static site with the packed browser script', () => {
    const site = join(work, 'site');
    ok(npx('mcdewey', 'export', '--index', index, '--out', site), 'npx mcdewey export');
    expect(readFileSync(join(site, 'assets', 'app.js'), 'utf8')).toBe(readFileSync(join(packed.get('@mcdewey/static')!.dir, 'dist', 'client', 'app.js'), 'utf8'));
    expect(existsSync(join(site, 'index.html'))).toBe(true);
  });
});
