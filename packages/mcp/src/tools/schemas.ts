import * as z from 'zod';

/** "One of: a, b, c." for short value lists, else a pointer to the listing tool. */
export function oneOf(values: readonly string[], tool: string): string {
  if (values.length === 0) return '';
  return values.length <= 30 ? ` One of: ${values.join(', ')}.` : ` ${values.length} values; see ${tool}.`;
}

/** A filter argument (vendor, version, group, doc): a non-empty string of at most 200 characters. */
export const filterText = (name: string) =>
  z
    .string({ error: `${name} must be a string` })
    .min(1, `${name} must not be empty`)
    .max(200, `${name} is at most 200 characters`);

/** An integer argument from `min` to `max` with a default, every refusal naming the range. */
export function boundedInteger(name: string, min: number, max: number, fallback: number) {
  const range = `${name} must be an integer from ${min} to ${max}`;
  return z.number({ error: range }).int(range).min(min, range).max(max, range).default(fallback);
}

/** A chunk with its text, as `get_chunk` returns it. */
export const cardSchema = z.object({
  chunk_id: z.string(),
  n: z.number().int().describe('0-based ordinal of the chunk in its document.'),
  vendor: z.string(),
  version: z.string(),
  group: z.string(),
  doc: z.string(),
  title: z.string(),
  headings: z.array(z.string()),
  page: z.number().int().optional(),
  page_end: z.number().int().optional(),
  page_label: z.string().optional().describe('The printed page ("23", "23–24") where the PDF numbers its pages unlike the physical page.'),
  source: z.string(),
  source_url: z.string().optional().describe("View on vendor site: the URL of the chunk's section on the site the document was fetched from (fetched documents only)."),
  resource_uri: z.string(),
  citation: z.string().describe('The chunk as one citation line: vendor version · title · section · pages · chunk_id · source.'),
  text: z.string().describe('The chunk text, quoted inside <source> tags.'),
});

/** A document summary, as `get_chunk` and `list_documents` return it. */
export const documentSchema = z.object({
  doc_id: z.string(),
  vendor: z.string(),
  version: z.string(),
  group: z.string(),
  doc: z.string(),
  title: z.string(),
  source: z.string(),
  format: z.string(),
  chunks: z.number().int(),
  pages: z.number().int().optional(),
  first_chunk_id: z.string().describe('Pass to get_chunk to start reading the document.'),
  resource_uri: z.string(),
});
