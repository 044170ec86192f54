import { currentLibrary, type LibrarySource } from '@mcdewey/core';
import { completable } from '@modelcontextprotocol/sdk/server/completable.js';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import * as z from 'zod';
import { SOURCE_NOTICE } from './format.js';
import { completeKey } from './resources.js';

/** Registers `answer_from_docs`: a prompt that asks the model to answer from the library, with citations. */
export function registerPrompts(server: McpServer, source: LibrarySource): void {
  const library = () => currentLibrary(source);
  server.registerPrompt(
    'answer_from_docs',
    {
      title: 'Answer from the documentation, with citations',
      description: 'Answer a question from the indexed vendor documentation only, citing chunk ids and pages.',
      argsSchema: {
        question: z.string().min(1).max(1000).describe('The question to answer.'),
        // describe() inside completable(): a described copy would lose the completer.
        vendor: completable(z.string().optional().describe('Limit the search to this vendor.'), (value) => completeKey(library(), 'vendor', value ?? '')),
        version: completable(z.string().optional().describe('Limit the search to this version.'), (value, context) => completeKey(library(), 'version', value ?? '', context?.arguments)),
      },
    },
    ({ question, vendor, version }) => {
      const filters = [vendor ? `vendor "${vendor}"` : '', version ? `version "${version}"` : ''].filter(Boolean).join(' and ');
      const text = [
        'Answer the question below from the McDewey documentation library only.',
        `1. Call search_docs with the question or its key words${filters ? `, filtered to ${filters}` : ''}.`,
        '2. Call get_chunk (context 1) on the best chunk_ids and read the full text, or read_document for a whole section or page range; snippets are too short to answer from.',
        '3. Answer briefly. After each statement cite the chunk_id it comes from, with the page for PDFs, e.g. [vendor::version::group::doc::n, p. 27]. Say which version the answer applies to.',
        '4. If the documentation does not answer the question, say so rather than guessing.',
        SOURCE_NOTICE,
        '',
        `<question>\n${question.replace(/<\/?question>/gi, '')}\n</question>`,
      ].join('\n');
      return { messages: [{ role: 'user', content: { type: 'text', text } }] };
    },
  );
}
