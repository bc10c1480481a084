import { normalizeSearch } from '../../db/portability.ts';
import { type MergeValues, merge, TemplateError } from './merge-fields.ts';
import { frenchDate, type Recipient } from './recipients.service.ts';
import type { ParsedTemplate } from './templates.service.ts';

/** Who writes: typed by the volunteer on the letter form (or taken from their organisation). */
export interface Sender {
  organisationName: string;
  organisationSite: string;
  /** Postal address of the organisation, one line per line. */
  address: string;
  volunteerName: string;
  /** The signature block; « Pour <organisation>,\n<nom> » when empty. */
  signature: string;
  /** Town the letter is written from (« Liévin »). */
  place: string;
}

/** A letter ready to lay out: every field merged, plain text (the writers escape it). */
export interface Letter {
  recipientKey: string;
  senderLines: string[];
  recipientLines: string[];
  /** « Liévin, le 30 mai 2007 » */
  placeDate: string;
  subject: string;
  /** Paragraphs; a paragraph may hold line breaks. */
  paragraphs: string[];
  signatureLines: string[];
  /** File name without extension (« lettre-lens-libre-dupont »). */
  fileName: string;
}

export interface ComposeOptions {
  /** Public URL of the site, without trailing slash. */
  baseUrl: string;
  /** Today (tests fix it). */
  today?: Date;
  /**
   * A personal signing link for this recipient (pledges' invitations). Absent: a template using
   * {{lien_invitation}} is refused with a message saying the field is not available.
   */
  invitationLink?: (recipient: Recipient) => Promise<string>;
}

/** One line per value; control characters (other than line breaks) removed. */
function clean(value: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
  return value.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0009\u000b-\u001f\u007f]+/g, ' ');
}

/** French typography: no line break inside « » nor before : ; ! ? (non-breaking spaces). */
export function typeset(text: string): string {
  return text.replace(/« /g, '«\u00a0').replace(/ (»|:|;|!|\?)/g, '\u00a0$1');
}

function lines(value: string): string[] {
  return clean(value)
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
}

export function signatureOf(sender: Sender): string {
  if (sender.signature.trim()) return clean(sender.signature).trim();
  const org = sender.organisationName.trim();
  const name = sender.volunteerName.trim();
  return [org ? `Pour ${org},` : '', name].filter(Boolean).join('\n');
}

/** True when the template asks for a personal invitation link (one is created per letter then). */
function usesInvitation(template: ParsedTemplate): boolean {
  return [...template.subjectParts, ...template.bodyParts].some((p) => 'field' in p && p.field === 'lien_invitation');
}

/** Refuses, before anything is produced, a template using a field that cannot be filled. */
export function checkUsable(template: ParsedTemplate, options: ComposeOptions): void {
  if (usesInvitation(template) && !options.invitationLink) {
    throw new TemplateError(
      'Le champ {{lien_invitation}} n’est pas disponible : les liens personnels d’invitation ne sont pas encore en service. Retirez-le du modèle ou utilisez {{lien_pacte}}.',
      ['lien_invitation'],
    );
  }
}

/** The values of every field for one recipient; `withInvitation` creates the personal link. */
export async function mergeValues(
  recipient: Recipient,
  sender: Sender,
  options: ComposeOptions,
  withInvitation = false,
): Promise<MergeValues> {
  const today = options.today ?? new Date();
  return {
    'candidat.civilite': recipient.civility,
    'candidat.prenom': recipient.firstName,
    'candidat.nom': recipient.lastName,
    'candidat.nom_complet': [recipient.firstName, recipient.lastName].filter(Boolean).join(' '),
    'liste.nom': recipient.listName,
    'liste.nuance': recipient.nuance,
    'commune.nom': recipient.communeName,
    'commune.code_postal': recipient.postcode,
    circonscription: recipient.circonscription,
    'departement.nom': recipient.departementName,
    'election.nom': recipient.electionName,
    'election.date_tour1': recipient.round1,
    'election.date_tour2': recipient.round2,
    'organisation.nom': clean(sender.organisationName).trim(),
    'organisation.site': clean(sender.organisationSite).trim(),
    'benevole.nom': clean(sender.volunteerName).trim(),
    'benevole.signature': signatureOf(sender),
    'expediteur.lieu': clean(sender.place).trim(),
    date: frenchDate(today.toISOString()),
    lien_pacte: `${options.baseUrl}/pacte`,
    lien_invitation: withInvitation && options.invitationLink ? await options.invitationLink(recipient) : '',
  };
}

function recipientLines(r: Recipient): string[] {
  const name = [r.firstName, r.lastName].filter(Boolean).join(' ');
  const out = [name ? `${r.civility} ${name}` : r.civility];
  if (r.listName) out.push(`Tête de liste « ${r.listName} »`);
  if (r.circonscription) out.push(`Candidat·e, ${r.circonscription}`);
  const town = [r.postcode, r.communeName].filter(Boolean).join(' ');
  if (town) out.push(town);
  return out;
}

/** Merges a checked template for one recipient. */
export async function composeLetter(
  template: ParsedTemplate,
  recipient: Recipient,
  sender: Sender,
  options: ComposeOptions,
): Promise<Letter> {
  checkUsable(template, options);
  const values = await mergeValues(recipient, sender, options, usesInvitation(template));
  const body = clean(merge(template.bodyParts, values)).trim();
  const place = values['expediteur.lieu'];
  return {
    recipientKey: recipient.key,
    senderLines: [values['organisation.nom'], ...lines(sender.address), values['organisation.site']].filter(Boolean),
    recipientLines: recipientLines(recipient).map(typeset),
    placeDate: place ? `${place}, le ${values.date}` : `Le ${values.date}`,
    subject: typeset(clean(merge(template.subjectParts, values)).replace(/\n/g, ' ').trim()),
    paragraphs: body
      .split(/\n[ \t]*\n+/)
      .map((p) => typeset(p.trim()))
      .filter(Boolean),
    signatureLines: lines(values['benevole.signature']),
    fileName: `lettre-${fileSlug(`${recipient.listName || recipient.circonscription} ${recipient.lastName}`)}`,
  };
}

/** ASCII words joined by hyphens (« Lens « libre » LŒUVRE » → lens-libre-loeuvre), at most 60 characters. */
function fileSlug(text: string): string {
  return normalizeSearch(text).slice(0, 60).trim().replace(/ /g, '-') || 'destinataire';
}

/** The letter as an email body (plain text): paragraphs, then the signature. */
export function letterAsText(letter: Letter): string {
  return `${[...letter.paragraphs, letter.signatureLines.join('\n')].filter(Boolean).join('\n\n')}\n`;
}
