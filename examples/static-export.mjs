// Publishing McDewey as a static site: export an index to a folder that any static file server
// (GitHub Pages, S3, nginx, `python3 -m http.server`) serves as it is, search included.
//
//   node examples/static-export.mjs <index-dir> <out-dir> [--base-path /docs/] [--with-model DIR] [--corpus DIR]
//
// Then serve <out-dir> (under the base path) and open index.html. Search runs in the browser
// over the index's own data, loaded in small shards as queries need them; no request leaves the site.
import { openIndex } from '@mcdewey/core';
import { exportSite, siteFileLoader, StaticLibrary } from '@mcdewey/static';

const args = process.argv.slice(2);
const flag = (name) => {
  const at = args.indexOf(name);
  return at < 0 ? undefined : args.splice(at, 2)[1];
};
const basePath = flag('--base-path');
const withModel = flag('--with-model');
const corpusDir = flag('--corpus');
const [indexDir, outDir] = args;
if (!indexDir || !outDir) {
  console.error('usage: node examples/static-export.mjs <index-dir> <out-dir> [--base-path /docs/] [--with-model DIR] [--corpus DIR]');
  process.exit(2);
}

// 1. Export: pages, search data, assets (and the model, with --with-model) into out-dir.
const library = await openIndex(indexDir);
const report = await exportSite(library, {
  outDir,
  ...(basePath ? { basePath } : {}),
  ...(withModel ? { withModel } : {}),
  ...(corpusDir ? { corpusDir } : {}),
  onProgress: ({ phase, done, total }) => {
    if (done === total) console.error(`  ${phase}: ${total}`);
  },
});
console.log(`site: ${report.outDir} — ${report.files} files, ${(report.bytes / 1024 / 1024).toFixed(1)} MiB, ${report.semantic ? `semantic with ${report.semantic.model}` : 'lexical search'}`);

// 2. The site's own search, run here over the exported files: the same code the browser runs.
const loader = siteFileLoader(report.outDir);
const site = await StaticLibrary.open(loader);
const title = library.documents[0]?.title ?? 'install';
const { results } = await site.search(title, { limit: 3 });
console.log(`"${title}" on the static site (${(loader.bytesRead / 1024).toFixed(0)} KiB read):`);
for (const result of results) console.log(`- ${result.title} [${result.vendor} ${result.version}] ${result.id}`);
