// The signature form (/signer, /signer/invitation/:token): what was typed, kept as typed to show it
// again, and its validation with zod in French, one message per field.
import { z } from 'zod';
import type { PactVariant } from './pact-documents.service.ts';
import type { SignatoryFields } from './signatures.service.ts';
import { type SigningKey, type SigningT, signingT } from './signing.i18n.ts';

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

function makeSchema(t: SigningT) {
  const tooLong = (field: SigningKey, max: number) => ({ message: t('err.tooLong', { field: t(field), max }) });
  const optional = (max: number, field: SigningKey) => z.string().trim().max(max, tooLong(field, max));
  const required = (max: number, message: SigningKey, field: SigningKey) =>
    z
      .string()
      .trim()
      .min(1, { message: t(message) })
      .max(max, tooLong(field, max));
  return z.object({
    variant: z.enum(['list', 'individual'], { message: t('err.variant') }),
    listPosition: z
      .string()
      .trim()
      .refine((v) => v === '' || (/^\d{1,3}$/.test(v) && Number(v) >= 1), { message: t('err.listPosition') }),
    parties: optional(300, 'sign.parties'),
    website: optional(500, 'sign.website').refine((v) => v === '' || isWebsite(v), { message: t('err.website') }),
    postcode: z
      .string()
      .trim()
      .regex(/^\d{5}$/, { message: t('err.postcode') }),
    lastName: required(200, 'err.lastName', 'sign.lastName'),
    firstName: required(200, 'err.firstName', 'sign.firstName'),
    phone: optional(40, 'sign.phone').refine((v) => v === '' || /^\+?[\d\s.()-]{6,25}$/.test(v), {
      message: t('err.phone'),
    }),
    email: optional(320, 'sign.email').refine((v) => v === '' || z.email().safeParse(v).success, {
      message: t('err.email'),
    }),
    place: required(200, 'err.place', 'sign.place'),
    signedOn: z
      .string()
      .trim()
      .regex(/^\d{4}-\d{2}-\d{2}$/, { message: t('err.signedOn') })
      .refine((v) => !Number.isNaN(Date.parse(`${v}T12:00:00Z`)), { message: t('err.signedOnInvalid') }),
    comment: optional(2000, 'sign.comment'),
  });
}

const schemas = new Map<SigningT, ReturnType<typeof makeSchema>>();

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

const FRENCH = signingT('fr');

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
    /** Messages in the visitor's language (French by default). */
    t?: SigningT;
  },
): FormResult {
  const t = context.t ?? FRENCH;
  let schema = schemas.get(t);
  if (!schema) {
    schema = makeSchema(t);
    if (schemas.size < 16) schemas.set(t, schema);
  }
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
      errors.liste = t('err.list');
    }
  }
  if (!listId && !context.fixedList && !errors.liste && values.variant === 'list' && !listName) {
    errors.listName = t('err.listName');
  }
  if (listName.length > 300) errors.listName = t('err.tooLong', { field: t('sign.listName'), max: 300 });
  const postcode = values.postcode.trim();
  if (!errors.postcode && context.postcodes.length > 0 && !context.postcodes.includes(postcode)) {
    errors.postcode = t('err.postcodeMismatch', {
      postcode,
      commune: context.communeName,
      label: t(context.postcodes.length > 1 ? 'err.postcodeMany' : 'err.postcodeOne'),
      codes: context.postcodes.join(', '),
    });
  }
  if (context.emailRequired && !values.email.trim()) {
    errors.email = t('err.emailRequired');
  }
  const today = context.today ?? new Date();
  if (!errors.signedOn && Date.parse(`${values.signedOn.trim()}T00:00:00Z`) > today.getTime() + 86_400_000) {
    errors.signedOn = t('err.signedOnFuture');
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
