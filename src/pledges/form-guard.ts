// Bots without a third-party captcha: a honeypot field people never see, and a minimum fill time
// proven by a timestamp the server signed when it drew the form (it cannot be forged or reused
// for another form: the signature covers the form's name).
import { createHmac, timingSafeEqual } from 'node:crypto';

export const HONEYPOT_FIELD = 'adresse_postale_2';
export const STAMP_FIELD = 'formulaire_ouvert';
/** A person needs more than this to fill the signature form. */
export const MIN_FILL_MS = 3_000;
/** A form left open longer than this must be reloaded. */
export const MAX_FILL_MS = 24 * 3_600_000;

function mac(secret: string, form: string, at: number): string {
  return createHmac('sha256', secret).update(`form-stamp|${form}|${at}`).digest('base64url');
}

export function issueFormStamp(secret: string, form: string, now = Date.now()): string {
  return `${now}.${mac(secret, form, now)}`;
}

export type StampCheck = 'ok' | 'too_fast' | 'invalid';

export function checkFormStamp(
  secret: string,
  form: string,
  stamp: string,
  { now = Date.now(), minMs = MIN_FILL_MS, maxMs = MAX_FILL_MS } = {},
): StampCheck {
  const match = /^(\d{13})\.([A-Za-z0-9_-]{43})$/.exec(stamp);
  if (!match) return 'invalid';
  const at = Number(match[1]);
  const expected = Buffer.from(mac(secret, form, at));
  const given = Buffer.from(match[2] ?? '');
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return 'invalid';
  if (now - at > maxMs || at > now + 60_000) return 'invalid';
  if (now - at < minMs) return 'too_fast';
  return 'ok';
}
