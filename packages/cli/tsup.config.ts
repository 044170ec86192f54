import { defineConfig } from 'tsup';
import { packageBuild } from '../../tsup.base.js';

// Code splitting keeps every command a chunk of its own, imported only when that command runs.
export default defineConfig(packageBuild({ bin: 'src/bin.ts' }, { dts: false, splitting: true, banner: { js: '#!/usr/bin/env node' } }));
