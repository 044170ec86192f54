import type { Request } from 'express';
import { HttpError } from './errors.js';

/** A query parameter given at most once, or undefined (empty counts as absent). */
export function one(request: Request, name: string): string | undefined {
  const value: unknown = (request.query as Record<string, unknown>)[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new HttpError(400, 'INVALID_ARGUMENT', `Query parameter "${name}" must be given once`);
  return value === '' ? undefined : value;
}

/** A query parameter that may repeat (`?vendor=a&vendor=b`); empty values are dropped. */
export function many(request: Request, name: string): string[] | undefined {
  const value: unknown = (request.query as Record<string, unknown>)[name];
  if (value === undefined) return undefined;
  const values = Array.isArray(value) ? value : [value];
  if (!values.every((item): item is string => typeof item === 'string')) throw new HttpError(400, 'INVALID_ARGUMENT', `Query parameter "${name}" must be text`);
  const kept = values.filter((item) => item !== '');
  return kept.length > 0 ? kept : undefined;
}

/** An integer query parameter within bounds, or `fallback` when absent. */
export function integer(request: Request, name: string, min: number, max: number, fallback: number): number {
  const text = one(request, name);
  if (text === undefined) return fallback;
  if (!/^\d{1,6}$/.test(text) || Number(text) < min || Number(text) > max) {
    throw new HttpError(400, 'INVALID_ARGUMENT', `Query parameter "${name}" must be an integer from ${min} to ${max}, got "${text.slice(0, 40)}"`);
  }
  return Number(text);
}

/** A boolean flag: `1`, `true` or `yes` (case-insensitive); anything else is false. */
export function flag(request: Request, name: string): boolean {
  const text = one(request, name);
  return text !== undefined && /^(1|true|yes)$/i.test(text);
}

/** An integer query parameter within bounds, or undefined when absent (the core default applies). */
export function optionalInteger(request: Request, name: string, min: number, max: number): number | undefined {
  return one(request, name) === undefined ? undefined : integer(request, name, min, max, min);
}

/**
 * An on/off query parameter: `1`, `true`, `yes`, `on` or `0`, `false`, `no`, `off`
 * (case-insensitive); undefined when absent.
 * @throws HttpError 400 naming the parameter for any other value.
 */
export function toggle(request: Request, name: string): boolean | undefined {
  const text = one(request, name);
  if (text === undefined) return undefined;
  if (/^(1|true|yes|on)$/i.test(text)) return true;
  if (/^(0|false|no|off)$/i.test(text)) return false;
  throw new HttpError(400, 'INVALID_ARGUMENT', `Query parameter "${name}" must be 1 or 0 (true or false), got "${text.slice(0, 40)}"`);
}
