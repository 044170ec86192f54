import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readHtml } from '../../src/ingest/html.js';
import { isNavigationBar, withoutAnchorMark } from '../../src/ingest/navigation.js';
import { learnTitleSuffix, stripTitleSuffix } from '../../src/ingest/title-suffix.js';
import { openIndex } from '../../src/open.js';
import { ingest } from '../../src/pipeline/ingest.js';
import { testdir, writeTree } from '../helpers.js';

const BIND = ' — BIND 9 9.18.49-1~deb12u3-Debian documentation';

describe('learnTitleSuffix / stripTitleSuffix', () => {
  it("learns the site name a version's titles share and strips it", () => {
    const titles = ['1. Introduction to DNS and BIND 9', '5. DNSSEC', 'Release Notes'].map((title) => title + BIND);
    const suffix = learnTitleSuffix([...titles, 'BIND 9 9.18.49-1~deb12u3-Debian documentation']);
    expect(suffix).toBe(BIND);
    expect(titles.map((title) => stripTitleSuffix(title, suffix))).toEqual(['1. Introduction to DNS and BIND 9', '5. DNSSEC', 'Release Notes']);
  });

  it('learns nothing from one title, from titles without a spaced separator, or from a suffix few titles share', () => {
    expect(learnTitleSuffix(['Tuning — Globex docs'])).toBeUndefined();
    expect(learnTitleSuffix(['3. Conventions', '4. Further Information'])).toBeUndefined();
    expect(learnTitleSuffix(['a — X', 'b — X', 'c', 'd', 'e', 'f'])).toBeUndefined();
    expect(learnTitleSuffix(['os.path — Common pathname manipulations — Python 3.11.2 documentation', 're — Regular expressions — Python 3.11.2 documentation'])).toBe(
      ' — Python 3.11.2 documentation',
    );
  });

  it('never strips a title down to nothing', () => {
    expect(stripTitleSuffix(' — Site', ' — Site')).toBe(' — Site');
    expect(stripTitleSuffix('Other', ' — Site')).toBe('Other');
    expect(stripTitleSuffix('Page — Site', undefined)).toBe('Page — Site');
  });
});

describe('navigation bars and heading anchors', () => {
  it('tells a navigation bar from text', () => {
    expect(isNavigationBar('Prev | Up | Home | Next')).toBe(true);
    expect(isNavigationBar('Previous | Next')).toBe(true);
    expect(isNavigationBar('contents · index')).toBe(true);
    expect(isNavigationBar('Next')).toBe(false);
    expect(isNavigationBar('Table of Contents')).toBe(false);
    expect(isNavigationBar('Go to the next page to configure the index')).toBe(false);
    expect(withoutAnchorMark('3. Conventions #')).toBe('3. Conventions');
    expect(withoutAnchorMark('Syntax¶')).toBe('Syntax');
    expect(withoutAnchorMark('C#')).toBe('C#');
  });

  it('drops DocBook navigation tables and "#" heading anchors (PostgreSQL v17)', () => {
    const page = `<html><head><title>3. Conventions</title></head><body>
      <div class="navheader"><table><tr><th colspan="5">3. Conventions</th></tr><tr><td><a href="history.html">Prev</a></td><td><a href="preface.html">Up</a></td><th>Preface</th><td><a href="index.html">Home</a></td><td><a href="resources.html">Next</a></td></tr></table></div>
      <div class="sect1"><h2 class="title">3. Conventions <a href="#NOTATION" class="id_link">#</a></h2><p>The following conventions are used.</p>
      <table><tr><td><a href="a.html">Prev</a></td><td><a href="b.html">Next</a></td></tr><tr><td>Option</td><td>Meaning</td></tr></table></div>
      <div class="navfooter"><table><tr><td><a href="history.html">Prev</a></td><td><a href="preface.html">Up</a></td><td><a href="resources.html">Next</a></td></tr></table></div>
    </body></html>`;
    const blocks = readHtml(page, 'notation.html').blocks;
    expect(blocks.map((block) => [block.kind, block.text])).toEqual([
      ['heading', '3. Conventions'],
      ['paragraph', 'The following conventions are used.'],
      ['table', 'Option | Meaning'],
    ]);
  });
});

describe('ingest strips the site-name suffix per version', () => {
  const page = (title: string) => `<html><head><title>${title}${BIND}</title></head><body><main><h1>${title}</h1><p>About ${title}.</p></main></body></html>`;

  it('before chunk records are written, keeping the suffix in metadata for the next ingest', async () => {
    const corpus = testdir({
      'isc-bind/v9.18/arm/zones.html': page('Zone Files'),
      'isc-bind/v9.18/arm/dnssec.html': page('DNSSEC'),
      'other/v1/guide/solo.html': page('Solo'),
    });
    const index = join(testdir(), 'index');
    await ingest(corpus, index);
    let library = await openIndex(index);
    const zones = library.getDocument('isc-bind::v9.18::arm::zones');
    expect(zones.document.title).toBe('Zone Files');
    expect(zones.document.metadata.titleSuffix).toBe(BIND);
    expect(zones.chunks.every((chunk) => chunk.title === 'Zone Files')).toBe(true);
    // One document alone shares its suffix with nothing: its title is kept.
    expect(library.getDocument('other::v1::guide::solo').document.title).toBe(`Solo${BIND}`);
    library.close?.();

    // A re-ingest reuses the unchanged documents and learns again from their full titles.
    writeTree(corpus, { 'isc-bind/v9.18/arm/notes.html': page('Release Notes') });
    const report = await ingest(corpus, index);
    expect(report.reused).toBe(3);
    library = await openIndex(index);
    expect(library.getDocument('isc-bind::v9.18::arm::notes').document.title).toBe('Release Notes');
    expect(library.getDocument('isc-bind::v9.18::arm::dnssec').chunks[0]!.title).toBe('DNSSEC');
    library.close?.();
  });
});
