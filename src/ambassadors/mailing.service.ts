/**
 * Letters to the mayors of a département (seed 002: « le courrier à destination de tous les maires du
 * Nord », then « la relance »): one letter per current mayor (RNE mandates), laid out with the
 * letters module's writers (outreach/letters: ODT and PDF), recorded so the reminder letter goes to
 * the mairies that did not ask for a visit since.
 */
import { type DepartementMayor, mayorsOfDepartement } from '../candidates/mandates.service.ts';
import type { Db } from '../db/connection.ts';
import { newId } from '../db/ids.ts';
import { nowIso } from '../db/portability.ts';
import { type Letter, typeset } from '../outreach/letters/letter.ts';
import { getCommune } from '../territories/territories.service.ts';
import * as q from './ambassadors.queries.ts';

export const MAILING_KINDS = { initial: 'Premier courrier', relance: 'Relance' } as const;
export type MailingKind = keyof typeof MAILING_KINDS;

export interface MailingSender {
  organisationName: string;
  address: string;
  signature: string;
  place: string;
}

export class MailingError extends Error {
  override name = 'MailingError';
}

function civility(sex: string | null): { salutation: string; title: string } {
  if (sex === 'F') return { salutation: 'Madame la Maire', title: 'Madame la Maire' };
  if (sex === 'M') return { salutation: 'Monsieur le Maire', title: 'Monsieur le Maire' };
  return { salutation: 'Madame la Maire, Monsieur le Maire', title: 'Madame la Maire, Monsieur le Maire' };
}

const frenchDate = (d: Date) =>
  new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeZone: 'Europe/Paris' }).format(d);

function lines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
}

export function mayorLetter(
  mayor: DepartementMayor & { postcode: string },
  kind: MailingKind,
  sender: MailingSender,
  { baseUrl, today, initialDate }: { baseUrl: string; today: Date; initialDate?: string },
): Letter {
  const { salutation, title } = civility(mayor.sex);
  const form = `${baseUrl}/mairies/demande-visite?commune=${mayor.insee}`;
  const intro =
    kind === 'initial'
      ? `Les logiciels libres — LibreOffice, Firefox, Thunderbird, mais aussi des logiciels métiers conçus par et pour les collectivités, comme ceux du Comptoir du Libre et de l’ADULLACT — permettent à une commune de maîtriser son informatique, de mutualiser ses dépenses et de garantir à tous l’accès aux documents publics grâce aux formats ouverts.`
      : `Nous vous avons écrit${initialDate ? ` le ${initialDate}` : ''} pour vous proposer la visite d’un ambassadeur du libre dans votre mairie. Nous n’avons pas encore reçu de demande de la commune de ${mayor.communeName} : nous nous permettons de vous renouveler cette proposition.`;
  const paragraphs = [
    `${salutation},`,
    intro,
    `Nous vous proposons la visite gratuite d’un « ambassadeur du libre » : une ou un bénévole d’une association locale d’utilisateurs de logiciels libres proche de ${mayor.communeName}, qui viendra présenter ces solutions à vous-même ou à la personne que vous désignerez, avec une documentation, une clé USB de logiciels à essayer et un système complet utilisable sans installation.`,
    `Pour demander cette visite, il suffit de remplir le formulaire en ligne : ${form}`,
    `Si votre commune mène déjà une politique en faveur du logiciel libre, dites-le-nous par le même formulaire : elle sera citée sur ${baseUrl}/ambassadeurs.`,
    `Nous vous prions d’agréer, ${title}, l’expression de notre haute considération.`,
  ];
  const place = sender.place.trim();
  return {
    recipientKey: mayor.insee,
    senderLines: [sender.organisationName.trim(), ...lines(sender.address)].filter(Boolean),
    recipientLines: [
      `${title}`,
      `${mayor.firstName} ${mayor.lastName}`.trim(),
      `Mairie de ${mayor.communeName}`,
      `${mayor.postcode} ${mayor.communeName}`.trim(),
    ].map(typeset),
    placeDate: place ? `${place}, le ${frenchDate(today)}` : `Le ${frenchDate(today)}`,
    subject: typeset(
      kind === 'initial'
        ? 'Logiciels libres en mairie : la visite d’un ambassadeur du libre'
        : 'Relance : la visite d’un ambassadeur du libre dans votre mairie',
    ),
    paragraphs: paragraphs.map(typeset),
    signatureLines: lines(sender.signature || `Pour ${sender.organisationName}`),
    fileName: `${kind === 'initial' ? 'courrier' : 'relance'}-maire-${mayor.insee}`,
  };
}

function checkSender(sender: MailingSender): Partial<Record<keyof MailingSender, string>> {
  const errors: Partial<Record<keyof MailingSender, string>> = {};
  if (!sender.organisationName.trim()) errors.organisationName = 'Indiquez l’organisation qui écrit.';
  if (sender.address.length > 1000) errors.address = 'Adresse trop longue.';
  if (sender.signature.length > 1000) errors.signature = 'Signature trop longue.';
  if (sender.place.length > 100) errors.place = 'Lieu trop long.';
  return errors;
}

/**
 * The mayors who receive a mailing: all current mayors of the département (initial), or those of
 * communes written to by an initial mailing whose mairie has not asked for a visit since (relance).
 */
export async function mailingRecipients(db: Db, departement: string, kind: MailingKind) {
  const mayors = await mayorsOfDepartement(db, departement);
  if (kind === 'initial') return { mayors, initialDate: undefined };
  const mailings = (await q.mailingsOf(db, departement)).filter((m) => m.kind === 'initial');
  const first = mailings.at(-1);
  if (!first)
    throw new MailingError('Aucun premier courrier n’a été produit pour ce département : pas de relance possible.');
  const [written, answered] = await Promise.all([
    q.writtenCommunes(db, departement),
    q.answeredCommunes(db, departement),
  ]);
  return {
    mayors: mayors.filter((m) => written.has(m.insee) && !answered.has(m.insee)),
    initialDate: frenchDate(new Date(first.created_at)),
  };
}

/** Builds the letters, records the mailing, and returns them (the route writes them as ODT or PDF). */
export async function prepareMailing(
  db: Db,
  {
    departement,
    kind,
    sender,
    actorId,
    baseUrl,
    today = new Date(),
  }: {
    departement: string;
    kind: MailingKind;
    sender: MailingSender;
    actorId: string;
    baseUrl: string;
    today?: Date;
  },
): Promise<
  { ok: true; letters: Letter[] } | { ok: false; errors: Partial<Record<keyof MailingSender | 'form', string>> }
> {
  const errors: Partial<Record<keyof MailingSender | 'form', string>> = checkSender(sender);
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  let recipients: Awaited<ReturnType<typeof mailingRecipients>>;
  try {
    recipients = await mailingRecipients(db, departement, kind);
  } catch (error) {
    if (error instanceof MailingError) return { ok: false, errors: { form: error.message } };
    throw error;
  }
  if (recipients.mayors.length === 0) {
    return {
      ok: false,
      errors: {
        form:
          kind === 'initial'
            ? 'Aucun maire connu dans ce département : importez d’abord le fichier des maires du Répertoire national des élus.'
            : 'Toutes les mairies ayant reçu le premier courrier ont déjà demandé une visite : aucune relance à faire.',
      },
    };
  }
  const letters: Letter[] = [];
  for (const mayor of recipients.mayors) {
    const commune = await getCommune(db, mayor.insee);
    letters.push(
      mayorLetter({ ...mayor, postcode: commune?.postcodes[0] ?? '' }, kind, sender, {
        baseUrl,
        today,
        initialDate: recipients.initialDate,
      }),
    );
  }
  await q.recordMailing(
    db,
    {
      id: newId(),
      departement_code: departement,
      kind,
      letters: letters.length,
      created_by: actorId,
      created_at: nowIso(),
    },
    recipients.mayors.map((m) => m.insee),
  );
  return { ok: true, letters };
}

export const mailingsOf = q.mailingsOf;
