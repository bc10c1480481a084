import { z } from 'zod';

// Query and path parameters of the open-data API, validated before any query runs. Messages are
// French: they are shown as is to whoever calls the API.

export const MAX_LIMIT = 500;
export const DEFAULT_LIMIT = 100;
const MAX_OFFSET = 1_000_000;

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
    .max(MAX_LIMIT, `doit valoir au plus ${MAX_LIMIT}`)
    .default(DEFAULT_LIMIT),
  offset: z.coerce
    .number({ error: 'nombre entier attendu' })
    .int('nombre entier attendu')
    .min(0, 'doit être positif ou nul')
    .max(MAX_OFFSET, `doit valoir au plus ${MAX_OFFSET}`)
    .default(0),
};

export const ballotsQuery = z.object({
  ...page,
  election: electionId.optional(),
  commune: insee.optional(),
  departement: departement.optional(),
});

export const listsQuery = ballotsQuery.extend({ nuance: nuance.optional(), ballot: entityId.optional() });

export const candidaciesQuery = z.object({
  ...page,
  election: electionId.optional(),
  ballot: entityId.optional(),
  list: entityId.optional(),
});

/** "Paramètre « limit » invalide : doit valoir au plus 500" from the first problem zod found. */
export function frenchError(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'Paramètres invalides';
  const name = issue.path.join('.');
  return name ? `Paramètre « ${name} » invalide : ${issue.message}` : issue.message;
}
