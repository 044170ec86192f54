import { estimateTokens } from '@mcdewey/core';
import type { ResourceLink } from '@modelcontextprotocol/sdk/types.js';

/**
 * Tokens a tool answer costs an agent, estimated with the chunker's own estimate (which errs high):
 * the structured content as JSON (the text item carries the same JSON) plus every resource link.
 */
export function answerTokens(structured: unknown, links: readonly ResourceLink[] = []): number {
  let tokens = estimateTokens(JSON.stringify(structured));
  for (const link of links) tokens += estimateTokens(JSON.stringify(link));
  return tokens;
}

/**
 * The first `tokens` estimated tokens of `text`, cut at a space where there is one: the longest
 * prefix whose estimate fits (found by bisection, the estimate growing with the prefix).
 */
export function prefixWithin(text: string, tokens: number): string {
  if (estimateTokens(text) <= tokens) return text;
  let low = 0;
  let high = text.length;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (estimateTokens(text.slice(0, middle)) <= tokens) low = middle;
    else high = middle - 1;
  }
  const space = text.lastIndexOf(' ', low);
  return text.slice(0, space > low / 2 ? space : low);
}
