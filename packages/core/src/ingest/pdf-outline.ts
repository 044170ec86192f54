import type { PDFDocumentProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';

/** An outline (bookmark) entry placed on its page: it becomes a `heading` block. */
export interface OutlineHeading {
  title: string;
  level: number;
  /** Top of the destination on its page, when the outline says. */
  top: number | undefined;
}

interface OutlineNode {
  title: string;
  dest: string | unknown[] | null;
  items: OutlineNode[];
}

/** Outline entries by 0-based page index, in outline order. */
export async function outlineOf(doc: PDFDocumentProxy): Promise<{ headings: Map<number, OutlineHeading[]>; firstTitle: string | undefined }> {
  const headings = new Map<number, OutlineHeading[]>();
  const outline = ((await doc.getOutline().catch(() => null)) ?? []) as OutlineNode[];
  const pageOfRef = new Map<string, number>();
  const firstTitle = outline.map((node) => node.title.replace(/\s+/g, ' ').trim()).find((title) => title !== '');

  const resolve = async (dest: OutlineNode['dest']): Promise<{ index: number; top: number | undefined } | undefined> => {
    const explicit = typeof dest === 'string' ? await doc.getDestination(dest) : dest;
    if (!Array.isArray(explicit) || explicit.length === 0) return undefined;
    const [target, mode] = explicit as [unknown, { name?: string } | undefined];
    let index: number;
    if (typeof target === 'number') {
      index = target;
    } else if (target !== null && typeof target === 'object' && 'num' in target && 'gen' in target) {
      const ref = target as { num: number; gen: number };
      const key = `${ref.num}R${ref.gen}`;
      index = pageOfRef.get(key) ?? (await doc.getPageIndex(ref));
      pageOfRef.set(key, index);
    } else {
      return undefined;
    }
    const topAt = mode?.name === 'XYZ' ? 3 : mode?.name === 'FitH' || mode?.name === 'FitBH' ? 2 : mode?.name === 'FitR' ? 5 : -1;
    const top = explicit[topAt];
    return { index, top: typeof top === 'number' ? top : undefined };
  };

  const visit = async (nodes: OutlineNode[], depth: number): Promise<void> => {
    for (const node of nodes) {
      const title = node.title.replace(/\s+/g, ' ').trim();
      const target = await resolve(node.dest).catch(() => undefined);
      if (target && title !== '' && target.index >= 0 && target.index < doc.numPages) {
        const list = headings.get(target.index) ?? [];
        list.push({ title, level: Math.min(depth, 6), top: target.top });
        headings.set(target.index, list);
      }
      await visit(node.items ?? [], depth + 1);
    }
  };
  await visit(outline, 1);
  return { headings, firstTitle };
}
