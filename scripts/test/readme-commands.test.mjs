// README commands all work with only Node and npm: every `npm run X` exists in package.json, no
// command needs a global pnpm (outside a note marked "if you have pnpm"), and the root scripts
// themselves never call a bare pnpm.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readmeCommands } from '../lib/readme-commands.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const scripts = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts;
const READMES = ['README.md', 'bench/README.md', '.changeset/README.md', ...['core', 'cli', 'mcp', 'express', 'static'].map((name) => `packages/${name}/README.md`)].filter((path) =>
  existsSync(join(root, path)),
);
const PNPM_NOTE = /if you have pnpm/i;

describe.each(READMES)('%s', (readme) => {
  const commands = readmeCommands(readFileSync(join(root, readme), 'utf8'));
  const where = (entry) => `${readme}:${entry.line}: ${entry.command}`;

  it('names only npm scripts that package.json has', () => {
    for (const entry of commands.filter((each) => /^npm (run|start|test)\b/.test(each.command))) {
      const name = entry.command.match(/^npm (?:run (\S+)|(start|test))/);
      expect(scripts, where(entry)).toHaveProperty(name[1] ?? name[2]);
    }
  });

  it('gives no command that needs a global pnpm, except in a note for those who have it', () => {
    const bare = commands.filter((entry) => /^pnpm\b/.test(entry.command) && !PNPM_NOTE.test(entry.context));
    expect(bare.map(where)).toEqual([]);
  });

  it('runs scripts that exist', () => {
    for (const entry of commands.filter((each) => /^node \S+\.m?[jt]s\b/.test(each.command))) {
      const file = entry.command.split(/\s+/)[1];
      // Built files (dist/) appear after a build; sources must be there in a clean clone.
      if (!file.includes('/dist/')) expect(existsSync(join(root, file)), where(entry)).toBe(true);
    }
  });
});

describe('the root scripts', () => {
  it('need only Node and npm: none calls a bare pnpm (the bootstrap finds pnpm or fetches it through npx)', () => {
    const bare = Object.entries(scripts).filter(([, command]) => command.split('&&').some((part) => /^\s*pnpm\b/.test(part)));
    expect(bare).toEqual([]);
  });

  it('include the commands the README gives for building, benchmarks and changesets', () => {
    expect(scripts.build).toMatch(/^node scripts\/bootstrap\.mjs build/);
    expect(scripts.bench).toMatch(/^node scripts\/bootstrap\.mjs build && /);
    expect(scripts.changeset).toMatch(/^node scripts\/bootstrap\.mjs changeset/);
  });
});

describe('reading commands out of Markdown', () => {
  it('finds shell block lines and inline commands, with the note around them', () => {
    const markdown = [
      'Run `npm start` first; `pnpm-lock.yaml` is a file.',
      '',
      'If you have pnpm:',
      '```sh',
      'pnpm build   # same',
      '```',
      '',
      '```ts',
      "import 'x';",
      '```',
      'and `node bench/run.mjs`.',
    ].join('\n');
    expect(readmeCommands(markdown).map(({ command, line }) => [command, line])).toEqual([
      ['npm start', 1],
      ['pnpm build', 5],
      ['node bench/run.mjs', 11],
    ]);
    expect(readmeCommands(markdown)[1].context).toMatch(PNPM_NOTE);
  });
});
