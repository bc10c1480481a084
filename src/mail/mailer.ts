// Sends email through nodemailer: over SMTP when SMTP_URL is set, otherwise into an outbox folder
// (one RFC 822 .eml file per message, openable in any mail client) so development and tests need
// no mail server. Callers never see nodemailer's errors: they get a MailError with a short
// French message, and the cause is logged.
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import type { Config } from '../config.ts';

export interface MailAttachment {
  filename: string;
  content: Buffer;
  contentType: string;
}

export interface MailMessage {
  /** One bare address (« elise@example.org »); anything else is refused. */
  to: string;
  subject: string;
  text: string;
  html: string;
  attachments?: MailAttachment[];
  replyTo?: string;
}

export interface SentMail {
  messageId: string;
  /** The .eml file written, in outbox mode. */
  file?: string;
}

export interface Mailer {
  /** Sends one message; throws MailError (message fit for users) when it cannot. */
  send(message: MailMessage): Promise<SentMail>;
  /** Where messages go, for logs: « SMTP mail.example.org:587 » or « dossier ./data/outbox ». */
  readonly description: string;
}

/** A failed send: `message` can be shown to users as is; the technical cause is in `cause` and in the log. */
export class MailError extends Error {
  override name = 'MailError';
}

export interface MailerOptions {
  /** Where send failures are reported (stderr by default). */
  logError?: (error: unknown) => void;
}

type MailerConfig = Pick<Config, 'smtpUrl' | 'outboxDir' | 'mailFrom'>;

/** Lower-case ASCII words of a subject, for outbox file names. */
export function slugify(text: string, maxLength = 60): string {
  const slug = text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, maxLength)
    .replace(/-+$/, '');
  return slug || 'message';
}

/** One bare address: no name, no list, no spaces or line breaks. */
const SINGLE_ADDRESS = /^[^\s@<>,;:"()[\]\\]+@[^\s@<>,;:"()[\]\\]+\.[^\s@<>,;:"()[\]\\]+$/;

/** Header values come from templates and user input: never let a line break reach a header. */
function oneLine(value: string): string {
  return value.replace(/[\r\n]+/g, ' ').trim();
}

/** « smtp://user:secret@host:587 » → « SMTP host:587 » (never the password). */
function describeSmtp(url: string): string {
  const u = new URL(url);
  return `SMTP${u.protocol === 'smtps:' ? 'S' : ''} ${u.hostname}${u.port ? `:${u.port}` : ''}`;
}

export function createMailer(config: MailerConfig, { logError = console.error }: MailerOptions = {}): Mailer {
  const smtpUrl = config.smtpUrl;
  const transport = smtpUrl
    ? // Options in the URL's query (e.g. ?tls.rejectUnauthorized=false) override these timeouts.
      nodemailer.createTransport({
        url: smtpUrl,
        connectionTimeout: 15_000,
        greetingTimeout: 15_000,
        socketTimeout: 60_000,
      })
    : nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  const description = smtpUrl ? describeSmtp(smtpUrl) : `dossier ${config.outboxDir}`;

  async function send(message: MailMessage): Promise<SentMail> {
    const subject = oneLine(message.subject);
    for (const address of message.replyTo === undefined ? [message.to] : [message.to, message.replyTo]) {
      if (!SINGLE_ADDRESS.test(address)) {
        // Addresses come from forms: one bare address, or someone could add recipients.
        logError(new Error(`Envoi du courriel « ${subject} » refusé : adresse invalide`));
        throw new MailError('Adresse de courriel invalide.');
      }
    }
    try {
      const info = await transport.sendMail({
        from: config.mailFrom,
        to: message.to,
        replyTo: message.replyTo,
        subject,
        text: message.text,
        html: message.html,
        attachments: message.attachments?.map((a) => ({
          filename: oneLine(a.filename),
          content: a.content,
          contentType: a.contentType,
        })),
      });
      if (smtpUrl) return { messageId: info.messageId };
      await mkdir(config.outboxDir, { recursive: true });
      const stamp = new Date().toISOString().replace(/[:.]/g, '-');
      const file = join(config.outboxDir, `${stamp}-${randomBytes(4).toString('hex')}-${slugify(subject)}.eml`);
      await writeFile(file, (info as unknown as { message: Buffer }).message, { flag: 'wx' });
      return { messageId: info.messageId, file };
    } catch (error) {
      // The recipient's address is personal data: the log names the subject and the transport only.
      const reason = error instanceof Error ? error.message : String(error);
      const failure = new MailError('Le courriel n’a pas pu être envoyé. Réessayez dans quelques minutes.', {
        cause: error,
      });
      logError(new Error(`Envoi du courriel « ${subject} » impossible (${description}) : ${reason}`, { cause: error }));
      throw failure;
    }
  }

  return { send, description };
}
