import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildLibrary, smallCorpus, startTestServer, type TestLibrary, type TestServer } from './helpers.js';

/** The small corpus, with a vendor the query can name and a word common enough to correct towards. */
function corpus(): Record<string, string | Uint8Array> {
  const files = smallCorpus();
  for (let i = 0; i < 4; i++) files[`postgresql/v17/admin/replication${i}.md`] = `# Replication ${i}\n\nConfigure streaming replication between servers, part ${i}.`;
  files['postgresql/v15/admin/replication.md'] = '# Replication\n\nConfigure streaming replication between servers in version 15.';
  const section = (name: string) => `## ${name}\n\n${`The failover daemon promotes a standby during ${name.toLowerCase()}. `.repeat(40)}\n\n`;
  files['acme/v2/guide/failover.md'] = `# Failover\n\n${['Planned switchover', 'Crash recovery', 'Network partition', 'Split brain'].map(section).join('')}`;
  return files;
}

let library: TestLibrary;
let server: TestServer;

beforeAll(async () => {
  library = await buildLibrary(corpus());
  server = await startTestServer(library.library, { corpusDir: library.corpusDir });
});
afterAll(async () => {
  await server?.close();
  library?.remove();
});

const getText = async (path: string) => {
  const response = await fetch(`${server.origin}${path}`);
  return { response, text: await response.text() };
};
const getJson = async (path: string) => {
  const response = await fetch(`${server.origin}${path}`);
  return { response, body: (await response.json()) as Record<string, any> };
};
/** Links are written with `&amp;`; this is the URL a browser follows. */
const hrefOf = (text: string, pattern: RegExp) => pattern.exec(text)?.[1]?.replaceAll('&amp;', '&');

describe('search page: what the query was understood as', () => {
  test('shows the corrected query and links to searching the query as typed (correct=0)', async () => {
    const { text } = await getText('/?q=streaming+replicaton');
    expect(text).toContain(
      '<p class="did-you-mean">Showing results for <strong>streaming replication</strong> — search instead for <a href="/?q=streaming+replicaton&amp;correct=0">streaming replicaton</a></p>',
    );
    const asTyped = await getText(hrefOf(text, /search instead for <a href="([^"]+)"/)!);
    expect(asTyped.text).not.toContain('did-you-mean');
    // The form keeps the choice when the search is refined.
    expect(asTyped.text).toContain('<input type="hidden" name="correct" value="0">');
  });

  test('shows the vendor and version read from the query as a chip that removes itself (interpret=0)', async () => {
    const { text } = await getText('/?q=postgres+17+streaming+replication&mode=lexical');
    expect(text).toMatch(
      /<p class="understood">Understood: <span class="chip">postgresql v17<a class="chip-remove" href="\/\?q=postgres\+17\+streaming\+replication&amp;mode=lexical&amp;interpret=0" aria-label="Remove postgresql v17: [^"]+"[^>]*>×<\/a><\/span>/,
    );
    const first = /<span class="badge"[^>]*>(\S+) <span class="badge-version">([^<]+)<\/span>/.exec(text);
    expect(first?.slice(1)).toEqual(['postgresql', 'v17']);
    const removed = await getText(hrefOf(text, /class="chip-remove" href="([^"]+)"/)!);
    expect(removed.text).not.toContain('class="understood"');
    expect(removed.text).toContain('<input type="hidden" name="interpret" value="0">');
    expect(removed.text).toContain('v15');
  });

  test('says "No strong match" with the suggestions as links, and the drop-filters link works', async () => {
    const { text } = await getText('/?q=streaming+replication+servers&vendor=acme');
    expect(text).toContain('<div class="notice no-strong-match" role="note">');
    expect(text).toContain('<strong>No strong match.</strong>');
    expect(text).toMatch(
      /<li>No strong match with these filters; without them there are matches in postgresql v\d+(, postgresql v\d+)?\. <a class="suggestion" href="\/\?q=streaming\+replication\+servers">Search without filters<\/a><\/li>/,
    );
    expect(text).toContain('<li>Try other words for the problem, fewer words, or a product name.</li>');
    const unfiltered = await getText(hrefOf(text, /<a class="suggestion" href="([^"]+)">Search without filters/)!);
    expect(unfiltered.text).not.toContain('no-strong-match');
    expect(unfiltered.text).toContain('href="/chunk/postgresql::');
  });

  test('with no results at all, the suggestions replace the generic hint', async () => {
    const { text } = await getText('/?q=zzzqqq&correct=0');
    expect(text).toContain('No results for “zzzqqq”');
    expect(text).toContain('<strong>No strong match.</strong> Nothing matched.');
    expect(text).not.toContain('class="hint"');
  });

  test('the script-refreshed results fragment carries the same notes', async () => {
    const { text } = await getText('/partials/results?q=postgres+17+streaming+replicaton');
    expect(text).toContain('class="did-you-mean"');
    expect(text).toContain('class="understood"');
  });
});

describe('search page: results grouped by document', () => {
  test("lists a PDF result's other matching pages as links to their chunk pages", async () => {
    const { text } = await getText('/?q=pdfco+gadget+dial');
    const line = /<p class="more-in-doc">(\d+) more in this document: (.*?)<\/p>/.exec(text);
    expect(line?.[1]).toBe('3');
    expect(line?.[2]).toMatch(
      /^<a href="\/chunk\/pdfco::v1::manual::guide::\d(?:\?q=[^"]*)?" title="[^"]*">p\. \d<\/a>(, <a href="\/chunk\/pdfco::v1::manual::guide::\d(?:\?q=[^"]*)?" title="[^"]*">p\. \d<\/a>){2}$/,
    );
    expect(text.match(/class="result-link"/g)).toHaveLength(1);
  });

  test('names the headings of the other matching chunks of a document without pages', async () => {
    const { text } = await getText('/?q=failover+daemon+promotes+a+standby');
    const line = /<p class="more-in-doc">(\d+) more in this document: (.*?)<\/p>/.exec(text);
    expect(line?.[1]).toBe('3');
    const labels = [...line![2]!.matchAll(/<a href="\/chunk\/acme::v2::guide::failover::\d+(?:\?q=[^"]*)?" title="[^"]*">([^<]+)<\/a>/g)].map((match) => match[1]);
    expect(labels).toHaveLength(3);
    for (const label of labels) expect(['Planned switchover', 'Crash recovery', 'Network partition', 'Split brain']).toContain(label);
  });

  test('keeps maxPerDocument and moreLimit from the address in the form', async () => {
    const { text } = await getText('/?q=failover+daemon&maxPerDocument=0&moreLimit=2');
    expect(text).toContain('<input type="hidden" name="maxPerDocument" value="0">');
    expect(text).toContain('<input type="hidden" name="moreLimit" value="2">');
    expect(text.match(/href="\/chunk\/acme::v2::guide::failover::\d+(?:\?q=[^"]*)?"><span class="result-title">/g)!.length).toBeGreaterThan(1);
  });
});

describe('JSON API: the new response fields and parameters', () => {
  test('returns interpreted, noStrongMatch, suggestions and more', async () => {
    const understood = await getJson('/api/search?q=postgres+17+streaming+replicaton');
    expect(understood.body.interpreted).toEqual({ vendor: 'postgresql', version: 'v17', corrected: 'postgres 17 streaming replication', corrections: [{ from: 'replicaton', to: 'replication' }] });
    const weak = await getJson('/api/search?q=streaming+replication+servers&vendor=acme');
    expect(weak.body.noStrongMatch).toBe(true);
    expect(weak.body.suggestions).toContainEqual(expect.objectContaining({ filters: {} }));
    const grouped = await getJson('/api/search?q=pdfco+gadget+dial');
    expect(grouped.body.results[0].more).toHaveLength(3);
    expect(grouped.body.results[0].more[0]).toEqual(
      expect.objectContaining({ id: expect.stringMatching(/^pdfco::v1::manual::guide::\d$/), page: expect.any(Number), headings: [], snippet: expect.any(String) }),
    );
  });

  test('interpret=0 and correct=0 search the query as typed', async () => {
    const { body } = await getJson('/api/search?q=postgres+17+streaming+replicaton&interpret=0&correct=false');
    expect(body.interpreted).toBeUndefined();
  });

  test('maxPerDocument and moreLimit change the grouping; explain returns the ranking settings', async () => {
    const capped = await getJson('/api/search?q=pdfco+gadget+dial&moreLimit=1');
    expect(capped.body.results[0].more).toHaveLength(1);
    const uncapped = await getJson('/api/search?q=pdfco+gadget+dial&maxPerDocument=0');
    expect(uncapped.body.results.length).toBe(4);
    expect(uncapped.body.results.every((result: { more?: unknown }) => result.more === undefined)).toBe(true);
    const explained = await getJson('/api/search?q=pdfco+gadget&explain=1');
    expect(explained.body.ranking).toEqual(expect.objectContaining({ rrfK: expect.any(Number), steer: expect.any(Number), floor: expect.any(Object), weights: expect.any(Object) }));
  });

  test.each([
    ['interpret=maybe', 'interpret'],
    ['correct=2', 'correct'],
    ['maxPerDocument=-1', 'maxPerDocument'],
    ['moreLimit=lots', 'moreLimit'],
    ['moreLimit=201', 'moreLimit'],
    ['interpret=1&interpret=0', 'interpret'],
  ])('a malformed %s is a 400 naming the parameter, in the API and on the page', async (query, name) => {
    const api = await getJson(`/api/search?q=snapshot&${query}`);
    expect(api.response.status).toBe(400);
    expect(api.body.error.code).toBe('INVALID_ARGUMENT');
    expect(api.body.error.message).toContain(`"${name}"`);
    const page = await getText(`/?q=snapshot&${query}`);
    expect(page.response.status).toBe(400);
    expect(page.text).toContain(`&quot;${name}&quot;`);
  });
});
