import * as z from 'zod';
import { ok } from './result.js';
import type { McdeweyTool, ToolLibrary } from './tool.js';

const inputSchema = z.strictObject({});

const count = z.number().int();

const outputSchema = z.object({
  vendors: z.array(
    z.object({
      vendor: z.string(),
      documents: count,
      chunks: count,
      versions: z.array(z.object({ version: z.string(), documents: count, chunks: count })),
    }),
  ),
  totals: z.object({ vendors: count, versions: count, documents: count, chunks: count }),
});

const sum = <T>(items: readonly T[], value: (item: T) => number) => items.reduce((total, item) => total + value(item), 0);

/** `list_vendors`: every vendor with its versions and their document and chunk counts. */
export function listVendorsTool(_facts: ToolLibrary): McdeweyTool<typeof inputSchema> {
  return {
    name: 'list_vendors',
    title: 'List vendors and versions',
    description: 'List every vendor in the library with its versions and the number of documents and chunks in each. Use it to learn valid vendor / version filter values.',
    inputSchema,
    outputSchema,
    run(_args, library) {
      const listed = library.listVendors().map(({ vendor, versions }) => ({
        vendor,
        documents: sum(versions, (v) => v.documents),
        chunks: sum(versions, (v) => v.chunks),
        versions,
      }));
      return ok({
        vendors: listed,
        totals: {
          vendors: listed.length,
          versions: sum(listed, (v) => v.versions.length),
          documents: sum(listed, (v) => v.documents),
          chunks: sum(listed, (v) => v.chunks),
        },
      });
    },
  };
}
