import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeTree } from '@mcdewey/test-support/corpora';
import { runCli as mcdewey, startServe } from './cli-run.js';

/** `mcdewey token` and `mcdewey serve --auth/--no-auth`, through the built CLI. */

const root = mkdtempSync(join(tmpdir(), 'mcdewey-cli-team-'));
const corpus = join(root, 'corpus');
const index = join(root, 'index');
const tokenFile = join(root, 'index.tokens.json');

beforeAll(() => {
  writeTree(corpus, {
    'acme/v1/guide/backup.md': '# Backups\n\nTake a snapshot with `acme snapshot save`.\n',
    'globex/9.0/manual/tuning.txt': 'Tuning\n\nIncrease the cache size.\n',
  });
  expect(mcdewey('ingest', corpus, '--index', index, '--no-embed').code).toBe(0);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Starts `mcdewey serve` over the test index with `args`. */
const serve = (args: string[]) => startServe(['--index', index, '--corpus', corpus, '--port', '0', ...args]);

describe('mcdewey token', () => {
  it('create prints the token once on stdout and stores only its hash beside the index (0600); list never shows it', () => {
    const created = mcdewey('token', 'create', '--name', 'ci-bot', '--vendors', 'acme', '--expires', '90d', '--index', index);
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toMatch(/^mcd_[0-9a-f]{12}_[\w-]{43}\n$/);
    expect(created.stderr).toContain(`only its hash is stored, in ${tokenFile}`);
    const token = created.stdout.trim();
    expect(readFileSync(tokenFile, 'utf8')).not.toContain(token.slice(18));
    expect(statSync(tokenFile).mode & 0o777).toBe(0o600);
    const listed = mcdewey('token', 'list', '--index', index);
    expect(listed.stdout).toMatch(/^ci-bot\tacme\tcreated \S+\texpires \S+\n$/);
    const json = JSON.parse(mcdewey('token', 'list', '--index', index, '--json').stdout) as { tokens: object[] };
    expect(json.tokens).toEqual([{ name: 'ci-bot', vendors: ['acme'], created: expect.any(String), expires: expect.any(String) }]);
  });

  it.each([
    [['token', 'create', '--name', 'x', '--vendors', 'acme,nope'], /^mcdewey: --vendors: the index has no vendor "nope"; it has acme, globex\n$/],
    [['token', 'create', '--name', 'ci-bot', '--vendors', 'acme'], /^mcdewey: a token named "ci-bot" exists/],
    [['token', 'create', '--name', 'y', '--vendors', 'acme', '--expires', 'soon'], /^mcdewey: --expires must be a duration/],
    [['token', 'revoke', '--name', 'nobody'], /^mcdewey: no token named "nobody"/],
  ])('%j fails with one line and exit 2', (args, message) => {
    const result = mcdewey(...args, '--index', index);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('mcdewey serve beyond loopback', () => {
  it('refuses a non-loopback --host without --auth or --no-auth, before opening anything', () => {
    const result = mcdewey('serve', '--index', join(root, 'no-index-here'), '--host', '0.0.0.0');
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^mcdewey: --host 0\.0\.0\.0 listens beyond this machine: choose --auth tokens .* or --no-auth/);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });

  it.each([
    [['--tokens', tokenFile], /^mcdewey: --tokens is the token file of --auth tokens/],
    [['--rate-limit', '5/day'], /--rate-limit must be requests per window/],
    [['--auth', 'ldap'], /--auth.*Allowed choices are tokens, oidc/],
    [['--oidc-issuer', 'https://login.example.com'], /^mcdewey: --oidc-issuer configures --auth oidc; add --auth oidc\n$/],
    [['--auth', 'oidc'], /^mcdewey: --auth oidc needs --oidc-issuer and --oidc-audience/],
    [['--auth', 'oidc', '--oidc-issuer', 'http://login.example.com', '--oidc-audience', 'https://docs.example.com/mcp'], /^mcdewey: --oidc-issuer must be an https URL/],
  ])('%j is refused with one line naming the flag', (args, message) => {
    const result = mcdewey('serve', '--index', index, ...args);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
  });

  it('--no-auth says what it exposes, then serves', async () => {
    const server = await serve(['--host', '0.0.0.0', '--no-auth']);
    try {
      expect(server.stderr()).toMatch(
        /warning: --no-auth: anyone who can reach 0\.0\.0\.0 can use the web app \(\/\), the JSON API \(\/api\), the MCP endpoint \(\/mcp\) and the original files \(\/files\/\) of all 2 documents from 2 vendors/,
      );
      expect((await fetch(`${server.url}api/vendors`)).status).toBe(200);
    } finally {
      expect(await server.stop()).toBe(0);
    }
  });

  it('--auth tokens serves token holders their vendors only, logs each request, and takes revocation at once', async () => {
    const token = mcdewey('token', 'create', '--name', 'globex-reader', '--vendors', 'globex', '--index', index).stdout.trim();
    const server = await serve(['--host', '0.0.0.0', '--auth', 'tokens']);
    try {
      const withToken = { headers: { authorization: `Bearer ${token}` } };
      expect((await fetch(`${server.url}api/vendors`)).status).toBe(401);
      const vendors = (await (await fetch(`${server.url}api/vendors`, withToken)).json()) as { vendors: { vendor: string }[] };
      expect(vendors.vendors.map((vendor) => vendor.vendor)).toEqual(['globex']);
      expect(mcdewey('token', 'revoke', '--name', 'globex-reader', '--index', index).code).toBe(0);
      expect((await fetch(`${server.url}api/vendors`, withToken)).status).toBe(401);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(server.stderr()).toMatch(/^\S+Z globex-reader GET \/api\/vendors 200 [\d.]+ms$/m);
      expect(server.stderr()).not.toContain(token.slice(4));
    } finally {
      expect(await server.stop()).toBe(0);
    }
  });

  it('--watch with --auth tokens: a corpus change is served as the next generation, to each token its vendors only', async () => {
    const token = mcdewey('token', 'create', '--name', 'acme-watcher', '--vendors', 'acme', '--index', index).stdout.trim();
    const server = await serve(['--host', '0.0.0.0', '--auth', 'tokens', '--watch']);
    try {
      const withToken = { headers: { authorization: `Bearer ${token}` } };
      const search = async () => {
        const response = await fetch(`${server.url}api/search?q=flux+capacitor`, withToken);
        return { generation: response.headers.get('mcdewey-generation'), ids: ((await response.json()) as { results: { id: string }[] }).results.map((result) => result.id) };
      };
      await expect.poll(() => server.stderr(), { timeout: 10_000 }).toContain('Watching ');
      expect(await search()).toEqual({ generation: '1', ids: [] });
      writeTree(corpus, {
        'acme/v1/guide/upgrade.md': '# Upgrading\n\nUpgrade the flux capacitor with `acme upgrade`.\n',
        'globex/9.0/manual/flux.txt': 'Flux\n\nThe globex flux capacitor.\n',
      });
      await expect.poll(async () => (await search()).generation, { timeout: 30_000, interval: 200 }).toBe('2');
      expect((await search()).ids).toEqual(['acme::v1::guide::upgrade::0']);
      // With auth, /healthz tells nothing of the index, not even its generation.
      expect(await (await fetch(`${server.url}healthz`)).json()).toEqual({ status: 'ok' });
    } finally {
      expect(await server.stop()).toBe(0);
    }
  });
});
