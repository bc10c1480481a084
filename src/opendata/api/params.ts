import { z } from 'zod';

// Query and path parameters of the open-data API, validated before any query runs. Messages are
// French: they are shown as is to whoever calls the API.

export const MAX_LIMIT = 500;
export const DEFAULT_LIMIT = 100;
/** Past every row of any table: an offset beyond it is read as this one (an empty page). */
const MAX_OFFSET = 1_000_000_000;

const electionId = z.string().regex(/^[a-z0-9-]{1,64}$/, 'identifiant d’élection attendu (ex. municipales-2026)');
const insee = z
  .string()
  .transform((s) => s.toUpperCase())
  .pipe(z.string().regex(/^[0-9][0-9AB][0-9]{3}$/, 'code INSEE de commune attendu (5 caractères, ex. 62498)'));
const departement = z
  .string()
  .transform((s) => s.toUpperCase())
  .pipe(z.string().regex(/^([0-9]{2,3}|2[AB])$/, 'code de département attendu (ex. 62, 2A, 971)'));
const nuance = z
  .string()
  .transform((s) => s.toUpperCase())
  .pipe(z.string().regex(/^[A-Z0-9]{1,10}$/, 'code de nuance attendu (ex. LDVG)'));
export const entityId = z.string().regex(/^[A-Za-z0-9._-]{1,100}$/, 'identifiant invalide');

const page = {
  limit: z.coerce
    .number({ error: 'nombre entier attendu' })
    .int('nombre entier attendu')
    .min(1, 'doit valoir au moins 1')
    .default(DEFAULT_LIMIT)
    // A huge limit is not an error: pages are capped.
    .transform((n) => Math.min(n, MAX_LIMIT)),
  offset: z.coerce
    .number({ error: 'nombre entier attendu' })
    .int('nombre entier attendu')
    .min(0, 'doit être positif ou nul')
    .default(0)
    // Out of range: an empty page, not an error.
    .transform((n) => Math.min(n, MAX_OFFSET)),
};

// Strict: a parameter the route does not know (a misspelt filter) is an error, not silently ignored.
export const ballotsQuery = z
  .object({
    ...page,
    election: electionId.optional(),
    commune: insee.optional(),
    departement: departement.optional(),
  })
  .strict();

export const listsQuery = ballotsQuery.extend({ nuance: nuance.optional(), ballot: entityId.optional() }).strict();

export const candidaciesQuery = z
  .object({
    ...page,
    election: electionId.optional(),
    ballot: entityId.optional(),
    list: entityId.optional(),
  })
  .strict();

export const statisticsQuery = z.object({ election: electionId.optional() }).strict();

export const signaturesQuery = z
  .object({
    ...page,
    election: electionId.optional(),
    departement: departement.optional(),
    commune: insee.optional(),
    nuance: nuance.optional(),
    reponse: z.enum(['avec', 'sans'], { error: '« avec » ou « sans » attendu' }).optional(),
  })
  .strict();

/** "Paramètre « limit » invalide : doit valoir au plus 500" from the first problem zod found. */
export function frenchError(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'Paramètres invalides';
  if (issue.code === 'unrecognized_keys') {
    const names = issue.keys.map((k) => `« ${k.slice(0, 40).replace(/[<>&"]/g, '')} »`).join(', ');
    return `Paramètre inconnu : ${names}`;
  }
  const name = issue.path.join('.');
  return name ? `Paramètre « ${name} » invalide : ${issue.message}` : issue.message;
}
