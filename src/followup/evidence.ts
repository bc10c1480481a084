/** Validation of a follow-up change (form, CSV row): French messages per field. Pure. */
import { type ItemStatus, parseStatus } from './levels.ts';

export interface EvidenceInput {
  status: string;
  evidenceUrl: string;
  evidenceDocument: string;
  evidenceDate: string;
  note: string;
}

export interface Evidence {
  status: ItemStatus;
  evidenceUrl: string | null;
  evidenceDocument: string | null;
  evidenceDate: string | null;
  note: string | null;
}

export type EvidenceErrors = Partial<Record<keyof EvidenceInput, string>>;

function validDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const d = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text;
}

/** « 15/03/2027 » or « 2027-03-15 » → ISO; anything else unchanged (then refused). */
export function normaliseDate(text: string): string {
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text.trim());
  return m ? `${m[3]}-${m[2]?.padStart(2, '0')}-${m[1]?.padStart(2, '0')}` : text.trim();
}

export function isHttpUrl(text: string): boolean {
  if (!URL.canParse(text)) return false;
  const { protocol } = new URL(text);
  return protocol === 'http:' || protocol === 'https:';
}

export function validateEvidence(
  input: EvidenceInput,
): { ok: true; value: Evidence } | { ok: false; errors: EvidenceErrors } {
  const errors: EvidenceErrors = {};
  const status = parseStatus(input.status);
  if (!status) errors.status = 'Choisissez un statut : tenu, en cours, au point mort, non tenu ou non évalué.';
  const url = input.evidenceUrl.trim();
  if (url && !isHttpUrl(url))
    errors.evidenceUrl = 'Le lien de la preuve doit être une adresse web commençant par https:// ou http://.';
  else if (url.length > 2000) errors.evidenceUrl = 'Lien trop long (2 000 caractères au plus).';
  const document = input.evidenceDocument.trim();
  if (document.length > 500) errors.evidenceDocument = 'Référence du document trop longue (500 caractères au plus).';
  const date = normaliseDate(input.evidenceDate);
  if (date && !validDate(date)) errors.evidenceDate = 'Date invalide : écrivez-la AAAA-MM-JJ ou JJ/MM/AAAA.';
  const note = input.note.trim();
  if (note.length > 4000) errors.note = 'Note trop longue (4 000 caractères au plus).';
  if (status && status !== 'non-evalue' && !url && !document && !errors.evidenceUrl) {
    errors.evidenceUrl =
      'Une preuve est nécessaire pour ce statut : donnez un lien ou la référence d’un document (seul « non évalué » s’en passe).';
  }
  if (Object.keys(errors).length > 0 || !status) return { ok: false, errors };
  return {
    ok: true,
    value: {
      status,
      evidenceUrl: url || null,
      evidenceDocument: document || null,
      evidenceDate: date || null,
      note: note || null,
    },
  };
}
