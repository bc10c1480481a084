/**
 * Merge fields of letter templates: `{{candidat.nom}}` in a subject or a body is replaced by the
 * recipient's value. Only the fields below exist; a template naming another one is refused (on save
 * and again before anything is produced or sent) with a message naming it.
 */
export const MERGE_FIELDS = {
  'candidat.civilite': 'Madame, Monsieur ou « Madame, Monsieur » quand le sexe n’est pas connu',
  'candidat.prenom': 'Prénom de la tête de liste ou du candidat',
  'candidat.nom': 'Nom de la tête de liste ou du candidat',
  'candidat.nom_complet': 'Prénom et nom',
  'liste.nom': 'Nom de la liste (vide pour une candidature individuelle)',
  'liste.nuance': 'Nuance politique attribuée par le ministère',
  'commune.nom': 'Commune du scrutin (municipales)',
  'commune.code_postal': 'Code postal de la commune',
  circonscription: 'Circonscription (« 13e circonscription du Pas-de-Calais »)',
  'departement.nom': 'Département',
  'election.nom': 'Nom de l’élection',
  'election.date_tour1': 'Date du premier tour (« 15 mars 2026 »)',
  'election.date_tour2': 'Date du second tour',
  'organisation.nom': 'Organisation relais qui écrit',
  'organisation.site': 'Site web de l’organisation',
  'benevole.nom': 'Nom de la personne qui écrit',
  'benevole.signature': 'Signature (« Pour Cliss XXI, Lucien Petit »)',
  'expediteur.lieu': 'Ville d’où part la lettre',
  date: 'Date du jour (« 22 novembre 2026 »)',
  lien_pacte: 'Adresse du pacte sur le site',
  lien_invitation: 'Lien personnel d’invitation à signer (un par destinataire)',
} as const;

export type MergeField = keyof typeof MERGE_FIELDS;
export type MergeValues = Record<MergeField, string>;

export function isMergeField(name: string): name is MergeField {
  return Object.hasOwn(MERGE_FIELDS, name);
}

export type TemplatePart = { text: string } | { field: MergeField };

/** A problem in a template, in French, naming the field or the unclosed brace. */
export class TemplateError extends Error {
  override name = 'TemplateError';
  constructor(
    message: string,
    readonly unknownFields: string[] = [],
  ) {
    super(message);
  }
}

/**
 * Splits a template into text and fields. Throws a TemplateError naming every unknown field (or
 * pointing at a `{{` that is never closed).
 */
export function parseTemplate(template: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  const unknown: string[] = [];
  let at = 0;
  while (at < template.length) {
    const open = template.indexOf('{{', at);
    if (open < 0) {
      parts.push({ text: template.slice(at) });
      break;
    }
    if (open > at) parts.push({ text: template.slice(at, open) });
    const close = template.indexOf('}}', open + 2);
    const nextOpen = template.indexOf('{{', open + 2);
    if (close < 0 || (nextOpen >= 0 && nextOpen < close)) {
      const excerpt = template.slice(open, open + 30).split('\n')[0];
      throw new TemplateError(`Accolades non fermées : « ${excerpt} ». Écrivez les champs ainsi : {{candidat.nom}}.`);
    }
    const name = template.slice(open + 2, close).trim();
    if (isMergeField(name)) parts.push({ field: name });
    else if (!unknown.includes(name)) unknown.push(name);
    at = close + 2;
  }
  if (unknown.length > 0) {
    const names = unknown.map((n) => `{{${n}}}`).join(', ');
    throw new TemplateError(
      unknown.length === 1 ? `Champ de fusion inconnu : ${names}.` : `Champs de fusion inconnus : ${names}.`,
      unknown,
    );
  }
  return parts;
}

/** The fields a template uses, in order of first use (after checking them all). */
export function fieldsOf(template: string): MergeField[] {
  const fields: MergeField[] = [];
  for (const part of parseTemplate(template)) {
    if ('field' in part && !fields.includes(part.field)) fields.push(part.field);
  }
  return fields;
}

/** Replaces the fields of a parsed template by their values (plain text: the writers escape it). */
export function merge(parts: TemplatePart[], values: MergeValues): string {
  return parts.map((p) => ('text' in p ? p.text : values[p.field])).join('');
}
