import { z } from 'zod';
import type { PublicFilters } from './publication.service.ts';

// Filters of the signatories directory, its downloads, feeds and the API, validated once. An empty
// value means "no filter" (the HTML form sends every field).

const empty = (v: unknown) => (v === '' ? undefined : v);
const upper = (v: unknown) => (typeof v === 'string' && v !== '' ? v.trim().toUpperCase() : empty(v));

export const signatureFilters = z.object({
  election: z.preprocess(
    empty,
    z
      .string()
      .regex(/^[a-z0-9-]{1,64}$/, 'identifiant d’élection attendu (ex. municipales-2026)')
      .optional(),
  ),
  departement: z.preprocess(
    upper,
    z
      .string()
      .regex(/^([0-9]{2,3}|2[AB])$/, 'code de département attendu (ex. 62, 2A, 971)')
      .optional(),
  ),
  commune: z.preprocess(
    upper,
    z
      .string()
      .regex(/^[0-9][0-9AB][0-9]{3}$/, 'code INSEE de commune attendu (5 caractères, ex. 62498)')
      .optional(),
  ),
  nuance: z.preprocess(
    upper,
    z
      .string()
      .regex(/^[A-Z0-9]{1,10}$/, 'code de nuance attendu (ex. LDVG)')
      .optional(),
  ),
  reponse: z.preprocess(empty, z.enum(['avec', 'sans'], { error: '« avec » ou « sans » attendu' }).optional()),
});

export type SignatureFilterInput = z.output<typeof signatureFilters>;

export function toPublicFilters(input: SignatureFilterInput): PublicFilters {
  return {
    election: input.election,
    departement: input.departement,
    commune: input.commune,
    nuance: input.nuance,
    answer: input.reponse,
  };
}

/** The query string of a filter set (for pagination and download links), without empty values. */
export function filterQuery(input: SignatureFilterInput, extra: Record<string, string | number> = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...input, ...extra })) {
    if (value !== undefined && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

/**
 * Parses the filters of a request; on a bad value, answers with the per-field French messages and
 * the filters that were valid.
 */
export function parseSignatureFilters(query: Record<string, string>): {
  input: SignatureFilterInput;
  errors: Partial<Record<keyof SignatureFilterInput, string>>;
} {
  const outcome = signatureFilters.safeParse(query);
  if (outcome.success) return { input: outcome.data, errors: {} };
  const errors: Partial<Record<keyof SignatureFilterInput, string>> = {};
  const bad = new Set<string>();
  for (const issue of outcome.error.issues) {
    const key = String(issue.path[0]) as keyof SignatureFilterInput;
    errors[key] ??= issue.message;
    bad.add(key);
  }
  const kept = Object.fromEntries(Object.entries(query).filter(([k]) => !bad.has(k)));
  const retry = signatureFilters.safeParse(kept);
  return { input: retry.success ? retry.data : {}, errors };
}
