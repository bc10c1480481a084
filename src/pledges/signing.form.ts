// The signature form (/signer, /signer/invitation/:token): what was typed, kept as typed to show it
// again, and its validation with zod in French, one message per field.
import { z } from 'zod';
import type { PactVariant } from './pact-documents.service.ts';
import type { SignatoryFields } from './signatures.service.ts';

/** Field names of the HTML form. */
export const FORM_FIELDS = [
  'variant',
  'liste',
  'listName',
  'listPosition',
  'parties',
  'website',
  'postcode',
  'lastName',
  'firstName',
  'phone',
  'email',
  'place',
  'signedOn',
  'comment',
] as const;
export type FormField = (typeof FORM_FIELDS)[number];

export interface SigningValues extends Record<FormField, string> {
  consentPublish: boolean;
  consentContact: boolean;
}

export type SigningErrors = Partial<Record<FormField | 'form', string>>;

/** The value of « ma liste n'est pas dans la liste ». */
export const OTHER_LIST = 'autre';

export function emptyValues(): SigningValues {
  const values = Object.fromEntries(FORM_FIELDS.map((f) => [f, ''])) as Record<FormField, string>;
  return { ...values, consentPublish: false, consentContact: false };
}

/** Reads the posted body (strings only; anything else is ignored). */
export function valuesFromBody(body: Record<string, unknown>): SigningValues {
  const text = (name: string) => (typeof body[name] === 'string' ? (body[name] as string) : '');
  const values = emptyValues();
  for (const f of FORM_FIELDS) values[f] = text(f).slice(0, 6000);
  values.consentPublish = text('consentPublish') === 'oui';
  values.consentContact = text('consentContact') === 'oui';
  return values;
}

const optional = (max: number, label: string) =>
  z
    .string()
    .trim()
    .max(max, { message: `${label} : ${max} caractères au plus.` });
const required = (max: number, message: string, label: string) =>
  z
    .string()
    .trim()
    .min(1, { message })
    .max(max, { message: `${label} : ${max} caractères au plus.` });

const schema = z.object({
  variant: z.enum(['list', 'individual'], {
    message: 'Indiquez si vous signez au nom de votre liste ou en votre nom.',
  }),
  listPosition: z
    .string()
    .trim()
    .refine((v) => v === '' || (/^\d{1,3}$/.test(v) && Number(v) >= 1), {
      message: 'La position sur la liste est un nombre (1 pour la tête de liste).',
    }),
  parties: optional(300, 'Parti(s)'),
  website: optional(500, 'Site web').refine((v) => v === '' || isWebsite(v), {
    message: 'Adresse de site web invalide (exemple : https://ma-liste.fr).',
  }),
  postcode: z
    .string()
    .trim()
    .regex(/^\d{5}$/, { message: 'Le code postal compte 5 chiffres (exemple : 62300).' }),
  lastName: required(200, 'Indiquez votre nom.', 'Nom'),
  firstName: required(200, 'Indiquez votre prénom.', 'Prénom'),
  phone: optional(40, 'Téléphone').refine((v) => v === '' || /^\+?[\d\s.()-]{6,25}$/.test(v), {
    message: 'Numéro de téléphone invalide (exemple : 06 12 34 56 78).',
  }),
  email: optional(320, 'Courriel').refine((v) => v === '' || z.email().safeParse(v).success, {
    message: 'Adresse de courriel invalide (exemple : nom@exemple.fr).',
  }),
  place: required(200, 'Indiquez où vous signez (« Fait à »).', 'Fait à'),
  signedOn: z
    .string()
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'Indiquez la date de signature (« le »), au format jj/mm/aaaa.' })
    .refine((v) => !Number.isNaN(Date.parse(`${v}T12:00:00Z`)), { message: 'Cette date n’existe pas.' }),
  comment: optional(2000, 'Commentaire'),
});

function isWebsite(value: string): boolean {
  const withScheme = /^https?:\/\//i.test(value) ? value : `https://${value}`;
  if (!URL.canParse(withScheme)) return false;
  const url = new URL(withScheme);
  return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname.includes('.');
}

export function normalizeWebsite(value: string): string {
  const v = value.trim();
  if (!v) return '';
  return /^https?:\/\//i.test(v) ? v : `https://${v}`;
}

/** « 2026-11-22 » → « 22/11/2026 » (the PDF's « le »). */
export function frenchDate(isoDate: string): string {
  const [y, m, d] = isoDate.split('-');
  return y && m && d ? `${d}/${m}/${y}` : isoDate;
}

export interface ListChoice {
  id: string;
  name: string;
}

export interface ValidForm {
  variant: PactVariant;
  /** An official list id, or null (« ma liste n'est pas dans la liste » / no list known). */
  listId: string | null;
  fields: SignatoryFields;
  consentPublish: boolean;
  consentContact: boolean;
  comment: string | null;
}

export type FormResult = { ok: true; data: ValidForm } | { ok: false; errors: SigningErrors };

/**
 * Validates a submission. `lists`: the official lists offered (empty when the ballot is unknown or
 * the list is fixed by an invitation); `communeName`/`postcodes`: the commune signed in;
 * `emailRequired`: the public form needs it (double opt-in); an invitation link does not.
 */
export function parseSigningForm(
  values: SigningValues,
  context: {
    lists: ListChoice[];
    fixedList?: { id: string | null; name: string };
    communeName: string;
    postcodes: string[];
    emailRequired: boolean;
    today?: Date;
  },
): FormResult {
  const errors: SigningErrors = {};
  const parsed = schema.safeParse(values);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = issue.path[0] as FormField;
      errors[field] ??= issue.message;
    }
  }
  let listId: string | null = null;
  let listName = values.listName.trim();
  if (context.fixedList) {
    listId = context.fixedList.id;
    listName = context.fixedList.name || listName;
  } else if (context.lists.length > 0) {
    const chosen = context.lists.find((l) => l.id === values.liste);
    if (chosen) {
      listId = chosen.id;
      listName = chosen.name;
    } else if (values.liste !== OTHER_LIST) {
      errors.liste = 'Choisissez votre liste, ou « Ma liste n’est pas dans la liste ».';
    }
  }
  if (!listId && !context.fixedList && !errors.liste && values.variant === 'list' && !listName) {
    errors.listName = 'Indiquez le nom de votre liste.';
  }
  if (listName.length > 300) errors.listName = 'Nom de la liste : 300 caractères au plus.';
  const postcode = values.postcode.trim();
  if (!errors.postcode && context.postcodes.length > 0 && !context.postcodes.includes(postcode)) {
    errors.postcode = `Le code postal ${postcode} ne correspond pas à la commune de ${context.communeName} (code${
      context.postcodes.length > 1 ? 's' : ''
    } postal${context.postcodes.length > 1 ? 'ux' : ''} : ${context.postcodes.join(', ')}).`;
  }
  if (context.emailRequired && !values.email.trim()) {
    errors.email = 'Indiquez votre adresse de courriel : vous y recevrez le lien pour confirmer votre signature.';
  }
  const today = context.today ?? new Date();
  if (!errors.signedOn && Date.parse(`${values.signedOn.trim()}T00:00:00Z`) > today.getTime() + 86_400_000) {
    errors.signedOn = 'La date de signature ne peut pas être dans le futur.';
  }
  if (!parsed.success || Object.keys(errors).length > 0) return { ok: false, errors };
  const d = parsed.data;
  return {
    ok: true,
    data: {
      variant: d.variant,
      listId,
      fields: {
        listName,
        listPosition: d.listPosition,
        parties: d.parties,
        website: normalizeWebsite(d.website),
        communeName: context.communeName,
        postcode: d.postcode,
        lastName: d.lastName,
        firstName: d.firstName,
        phone: d.phone,
        email: d.email.toLowerCase(),
        place: d.place,
        signedOn: frenchDate(d.signedOn),
      },
      consentPublish: values.consentPublish,
      consentContact: values.consentContact,
      comment: d.comment || null,
    },
  };
}
