/**
 * Node 20 workaround for the MCP conformance CLI, which imports `globSync` from `fs` (added in
 * Node 22): `node --import ./node20-globsync.mjs .../conformance/dist/index.js ...`.
 *
 * On Node >= 22 this does nothing. On Node 20 it registers a resolve hook that sends the
 * conformance package's `fs` / `node:fs` imports to `fs-with-globsync.mjs`: the real `node:fs`
 * plus a `globSync` built on tinyglobby. Nothing else is changed and no other module is affected.
 */
import fs from 'node:fs';
import { register } from 'node:module';

if (typeof fs.globSync !== 'function') {
  register('./node20-globsync-hooks.mjs', import.meta.url);
}
