/**
 * Mairies' email addresses and the letters to mayors sent by email (seed 002's mailing). The
 * Répertoire national des élus gives no address: a coordinator pastes or uploads « code INSEE ;
 * adresse » lines (the Annuaire de l'administration publishes them); the address a mairie typed in a
 * visit request is used too. Loading is all or nothing, with the faulty lines reported.
 */
import { checkEmail, normalizeEmail } from '../accounts/users.service.ts';
import type { Db } from '../db/connection.ts';
import { nowIso } from '../db/portability.ts';
import { MailError, type Mailer } from '../mail/mailer.ts';
import type { Letter } from '../outreach/letters/letter.ts';
import { lettersPdf } from '../outreach/letters/letter-pdf.ts';

const INSEE = /^(?:[0-9][0-9AB]|2[AB])[0-9]{3}$/i;
const MAX_LINES = 50_000;

export interface EmailsLoad {
  created: number;
  updated: number;
  unchanged: number;
}

export type EmailsLoadResult = { ok: true; counts: EmailsLoad } | { ok: false; errors: string[] };

/** Reads « code INSEE ; adresse » lines (`;`, `,` or tab; quotes and a header line allowed). */
export async function loadMairieEmails(db: Db, text: string, source: string): Promise<EmailsLoadResult> {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  if (lines.length > MAX_LINES) return { ok: false, errors: [`Trop de lignes (${MAX_LINES} au plus).`] };
  const wanted = new Map<string, string>();
  const errors: string[] = [];
  lines.forEach((line, index) => {
    if (!line.trim()) return;
    const fields = line.split(/[;,\t]/).map((f) =>
      f
        .trim()
        .replace(/^"(.*)"$/, '$1')
        .trim(),
    );
    const insee = fields.find((f) => INSEE.test(f))?.toUpperCase();
    const email = fields.find((f) => f.includes('@'));
    if (index === 0 && !email) return; // a header line
    const where = `ligne ${index + 1}`;
    if (!insee) errors.push(`${where} : code INSEE manquant (5 caractères, ex. 59350).`);
    else if (!email) errors.push(`${where} : adresse électronique manquante.`);
    else if (checkEmail(email)) errors.push(`${where} : adresse électronique invalide « ${email.slice(0, 80)} ».`);
    else wanted.set(insee, normalizeEmail(email));
  });
  if (wanted.size === 0 && errors.length === 0) errors.push('Aucune ligne « code INSEE ; adresse » trouvée.');
  const known = new Set<string>();
  const codes = [...wanted.keys()];
  for (let i = 0; i < codes.length; i += 500) {
    const rows = await db
      .selectFrom('communes')
      .select('insee')
      .where('insee', 'in', codes.slice(i, i + 500))
      .execute();
    for (const row of rows) known.add(row.insee);
  }
  for (const insee of codes) if (!known.has(insee)) errors.push(`Commune inconnue : ${insee}.`);
  if (errors.length) return { ok: false, errors: errors.slice(0, 50) };

  return db.transaction().execute(async (trx) => {
    const counts: EmailsLoad = { created: 0, updated: 0, unchanged: 0 };
    const existing = new Map<string, string>();
    for (let i = 0; i < codes.length; i += 500) {
      const rows = await trx
        .selectFrom('mairie_emails')
        .select(['insee', 'email'])
        .where('insee', 'in', codes.slice(i, i + 500))
        .execute();
      for (const row of rows) existing.set(row.insee, row.email);
    }
    const at = nowIso();
    for (const [insee, email] of wanted) {
      const before = existing.get(insee);
      if (before === email) counts.unchanged++;
      else if (before === undefined) {
        await trx.insertInto('mairie_emails').values({ insee, email, source, updated_at: at }).execute();
        counts.created++;
      } else {
        await trx
          .updateTable('mairie_emails')
          .set({ email, source, updated_at: at })
          .where('insee', '=', insee)
          .execute();
        counts.updated++;
      }
    }
    return { ok: true as const, counts };
  });
}

/** The known address of each of these mairies: loaded ones first, else the latest visit request's. */
export async function mairieEmailsOf(db: Db, insees: readonly string[]): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  for (let i = 0; i < insees.length; i += 500) {
    const slice = insees.slice(i, i + 500);
    const [requests, loaded] = await Promise.all([
      db
        .selectFrom('visit_requests')
        .select(['commune_insee', 'email'])
        .where('commune_insee', 'in', slice)
        .orderBy('created_at')
        .execute(),
      db.selectFrom('mairie_emails').select(['insee', 'email']).where('insee', 'in', slice).execute(),
    ]);
    for (const r of requests) if (r.email) found.set(r.commune_insee, r.email);
    for (const r of loaded) found.set(r.insee, r.email);
  }
  return found;
}

export async function countMairieEmails(db: Db): Promise<number> {
  const row = await db
    .selectFrom('mairie_emails')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export interface EmailedMailing {
  sent: string[];
  failed: { insee: string; reason: string }[];
  /** Communes without a known address: their letters are to print. */
  withoutAddress: Letter[];
}

function LetterHtml({ letter }: { letter: Letter }) {
  return (
    <div>
      <p>{letter.placeDate}</p>
      <p>
        <strong>Objet : {letter.subject}</strong>
      </p>
      {letter.paragraphs.map((p) => (
        <p>{p}</p>
      ))}
      <p>
        {letter.signatureLines.map((l) => (
          <>
            {l}
            <br />
          </>
        ))}
      </p>
    </div>
  );
}

/** Emails each letter (text, HTML and the letter as PDF) to its mairie when its address is known. */
export async function emailMayorLetters(
  db: Db,
  mailer: Mailer,
  letters: readonly Letter[],
  options: { replyTo?: string } = {},
): Promise<EmailedMailing> {
  const addresses = await mairieEmailsOf(
    db,
    letters.map((l) => l.recipientKey),
  );
  const result: EmailedMailing = { sent: [], failed: [], withoutAddress: [] };
  for (const letter of letters) {
    const to = addresses.get(letter.recipientKey);
    if (!to) {
      result.withoutAddress.push(letter);
      continue;
    }
    const text = [
      letter.placeDate,
      '',
      `Objet : ${letter.subject}`,
      '',
      ...letter.paragraphs.flatMap((p) => [p, '']),
      ...letter.signatureLines,
    ].join('\n');
    try {
      await mailer.send({
        to,
        subject: letter.subject,
        text,
        html: `<!DOCTYPE html>${String(<LetterHtml letter={letter} />)}`,
        attachments: [
          { filename: `${letter.fileName}.pdf`, content: await lettersPdf([letter]), contentType: 'application/pdf' },
        ],
        replyTo: options.replyTo,
      });
      result.sent.push(letter.recipientKey);
    } catch (error) {
      if (!(error instanceof MailError)) throw error;
      result.failed.push({ insee: letter.recipientKey, reason: error.message });
    }
  }
  return result;
}
