/**
 * The MCP load bench's queries: heading and title text of chunks drawn with a fixed seed from the
 * index, a fifth of them filtered to the chunk's vendor. Shared with search-ab.mjs, so both
 * measure the same calls.
 * @returns {{ query: string, vendor?: string }[]}
 */
export function benchQueries(library, count) {
  const out = [];
  let seed = 42;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  while (out.length < count && library.chunkCount > 0) {
    const chunk = library.chunkAt(Math.floor(random() * library.chunkCount));
    const text = (chunk.headings.at(-1) ?? chunk.title).replace(/\s+/g, ' ').trim().slice(0, 120);
    if (!/[a-z]{3}/i.test(text)) continue;
    out.push({ query: text, ...(out.length % 5 === 0 ? { vendor: chunk.vendor } : {}) });
  }
  return out;
}
