import { checkEmail, normalizeEmail } from '../accounts/users.service.ts';

/** What a mairie may want to hear about (keys stored, labels shown). */
export const INTERESTS = {
  bureautique: 'Bureautique (traitement de texte, tableur, courriel)',
  'logiciels-metiers': 'Logiciels métiers (état civil, finances, urbanisme…)',
  serveurs: 'Serveurs et réseau de la mairie',
  ecoles: 'Informatique des écoles',
  'mediation-numerique': 'Médiation numérique pour les habitants',
  autre: 'Autre',
} as const;
export type Interest = keyof typeof INTERESTS;

export interface RequestValues {
  /** What the visitor typed to find the commune (name or postcode). */
  communeQuery: string;
  /** The INSEE code chosen (hidden or radio), empty until known. */
  commune: string;
  contactName: string;
  contactRole: string;
  email: string;
  phone: string;
  periods: string;
  interests: Interest[];
  interestsOther: string;
  hasPolicy: boolean;
  policyDescription: string;
  policyLinks: string;
}

export type RequestField = keyof RequestValues;
export type RequestErrors = Partial<Record<RequestField | 'form', string>>;

export function emptyRequest(): RequestValues {
  return {
    communeQuery: '',
    commune: '',
    contactName: '',
    contactRole: '',
    email: '',
    phone: '',
    periods: '',
    interests: [],
    interestsOther: '',
    hasPolicy: false,
    policyDescription: '',
    policyLinks: '',
  };
}

function str(body: Record<string, unknown>, name: string): string {
  const v = body[name];
  return typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : '';
}

function list(body: Record<string, unknown>, name: string): string[] {
  const v = body[name];
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string');
  return typeof v === 'string' ? [v] : [];
}

/** Reads the posted form (parseBody with `all: true`). */
export function valuesFromBody(body: Record<string, unknown>): RequestValues {
  return {
    communeQuery: str(body, 'commune_q').trim().slice(0, 100),
    commune: str(body, 'commune').trim().toUpperCase().slice(0, 5),
    contactName: str(body, 'contact_name').trim(),
    contactRole: str(body, 'contact_role').trim(),
    email: str(body, 'email').trim(),
    phone: str(body, 'phone').trim(),
    periods: str(body, 'periods').trim(),
    interests: list(body, 'interests').filter((i): i is Interest => Object.hasOwn(INTERESTS, i)),
    interestsOther: str(body, 'interests_other').trim(),
    hasPolicy: str(body, 'has_policy') === 'oui',
    policyDescription: str(body, 'policy_description').trim(),
    policyLinks: str(body, 'policy_links').trim(),
  };
}

/** Web addresses, one per line; each must be http(s). */
export function parseLinks(text: string): { links: string[]; bad?: string } {
  const links: string[] = [];
  for (const raw of text.split(/\s*\n\s*/)) {
    const line = raw.trim();
    if (!line) continue;
    const url = URL.canParse(line) ? new URL(line) : undefined;
    if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) return { links, bad: line };
    links.push(url.href);
  }
  return { links };
}

/** Checks every field except the commune (looked up in the database by the service). */
export function checkFields(v: RequestValues): RequestErrors {
  const errors: RequestErrors = {};
  if (!v.contactName) errors.contactName = 'Indiquez le nom de la personne à contacter.';
  else if (v.contactName.length > 200) errors.contactName = 'Nom trop long (200 caractères au plus).';
  if (!v.contactRole) errors.contactRole = 'Indiquez sa fonction (maire, adjoint·e, secrétaire de mairie…).';
  else if (v.contactRole.length > 200) errors.contactRole = 'Fonction trop longue (200 caractères au plus).';
  if (!v.email) errors.email = 'Indiquez l’adresse électronique de la mairie.';
  else if (checkEmail(v.email)) errors.email = 'Adresse électronique invalide (exemple : mairie@commune.fr).';
  const digits = v.phone.replace(/[\s.\-()]/g, '');
  if (!v.phone) errors.phone = 'Indiquez le téléphone de la mairie.';
  else if (!/^\+?\d{9,15}$/.test(digits)) errors.phone = 'Numéro de téléphone invalide (exemple : 03 21 00 00 00).';
  if (v.periods.length > 1000) errors.periods = 'Texte trop long (1 000 caractères au plus).';
  if (v.interests.includes('autre') && !v.interestsOther)
    errors.interestsOther = 'Précisez l’autre sujet qui vous intéresse.';
  if (v.interestsOther.length > 500) errors.interestsOther = 'Texte trop long (500 caractères au plus).';
  if (v.hasPolicy && !v.policyDescription) {
    errors.policyDescription = 'Décrivez en quelques lignes votre politique en faveur du logiciel libre.';
  }
  if (v.policyDescription.length > 5000)
    errors.policyDescription = 'Description trop longue (5 000 caractères au plus).';
  const { links, bad } = parseLinks(v.policyLinks);
  if (bad)
    errors.policyLinks = `Adresse invalide : « ${bad.slice(0, 80)} » (elle doit commencer par https:// ou http://).`;
  else if (links.length > 10) errors.policyLinks = 'Dix adresses au plus.';
  return errors;
}

export function normalizedEmail(v: RequestValues): string {
  return normalizeEmail(v.email);
}
