import { z } from 'zod';

/** A user-facing configuration error: printed as one line, never as a stack trace. */
export class ConfigError extends Error {}

const databaseUrl = z
  .string()
  .trim()
  .refine((v) => /^sqlite:.+/.test(v) || /^postgres(ql)?:\/\/.+/.test(v), {
    message: 'attendu « sqlite:CHEMIN » ou « postgres://utilisateur@hôte/base »',
  });

function isSmtpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'smtp:' || url.protocol === 'smtps:') && url.hostname !== '';
  } catch {
    return false;
  }
}

/** An integer variable from `min` to `max`; any other value is named with `what` and the range. */
function integer(min: number, max: number, what: string) {
  const message = `${what}, de ${min} à ${max}`;
  return z.coerce.number({ message }).int({ message }).min(min, { message }).max(max, { message });
}

export const DEFAULT_MAIL_FROM = 'Pacte du Logiciel Libre <noreply@localhost>';

const schema = z.object({
  DATABASE_URL: databaseUrl.default('sqlite:./data/pacte.sqlite'),
  PORT: integer(0, 65535, 'numéro de port attendu').default(3000),
  BASE_URL: z.url({ message: 'URL absolue attendue, par exemple https://pacte.example.org' }).optional(),
  SMTP_URL: z
    .string()
    .trim()
    .refine(isSmtpUrl, {
      message: 'attendu « smtp://hôte:port » ou « smtps://utilisateur:motdepasse@hôte:465 »',
    })
    .optional(),
  SESSION_SECRET: z.string().min(32, { message: 'au moins 32 caractères' }).optional(),
  MAIL_FROM: z
    .string()
    .trim()
    .refine((v) => /^(?:"[^"\r\n]*" ?|[^"\r\n<>,]*)<[^\s@<>,]+@[^\s@<>,]+>$|^[^\s@<>,]+@[^\s@<>,]+$/.test(v), {
      message: 'attendu « adresse@exemple.org » ou « Nom <adresse@exemple.org> »',
    })
    .default(DEFAULT_MAIL_FROM),
  WEB_CONCURRENCY: integer(1, 64, 'nombre de processus attendu').default(1),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
      message: 'attendu fatal, error, warn, info, debug, trace ou silent',
    })
    .default('info'),
});

export interface Config {
  databaseUrl: string;
  port: number;
  baseUrl: string;
  smtpUrl: string | undefined;
  /** Undefined until the database provides the generated one (see settings). */
  sessionSecret: string | undefined;
  outboxDir: string;
  /** Sender of every email (`MAIL_FROM`), « Nom <adresse> » or a bare address. */
  mailFrom: string;
  /** How much `pacte serve` logs (`LOG_LEVEL`, default info: one line per request). */
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** How many processes `pacte serve` runs (`WEB_CONCURRENCY`, default 1; src/web/workers.ts). */
  webConcurrency: number;
}

/** Reads and validates the environment once; throws ConfigError naming the variable at fault. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(`Variable ${String(issue?.path[0])} invalide : ${issue?.message}`);
  }
  const c = parsed.data;
  return {
    databaseUrl: c.DATABASE_URL,
    port: c.PORT,
    baseUrl: (c.BASE_URL ?? `http://localhost:${c.PORT}`).replace(/\/$/, ''),
    smtpUrl: c.SMTP_URL,
    sessionSecret: c.SESSION_SECRET,
    outboxDir: './data/outbox',
    mailFrom: c.MAIL_FROM,
    logLevel: c.LOG_LEVEL,
    webConcurrency: c.WEB_CONCURRENCY,
  };
}
