// Published signatures as the public sees them: the directory (/signataires), its downloads, the API,
// feeds, the badge and the sections of the commune, list and person pages. Built on signatures.service
// (listPublishedSignatures: public columns only, state published), plus the names people read
// (election, nuance). Nothing here can reach phone, email, the uploaded document or who keyed it in.
import { nuanceLabels } from '../candidates/nuances.service.ts';
import type { Db } from '../db/connection.ts';
import { listElections } from '../elections/elections.service.ts';
import type { Column, Dataset } from '../opendata/dataset.ts';
import {
  countSignatures,
  getSignature,
  listPublishedSignatures,
  type PublicSignature as ServicePublicSignature,
  type SignatureFilters,
} from './signatures.service.ts';

export interface PublicFilters {
  election?: string;
  departement?: string;
  commune?: string;
  /** Nuance code of the signatory's list (or individual candidacy). */
  nuance?: string;
  /** 'avec': with a published answer/comment; 'sans': without. */
  answer?: 'avec' | 'sans';
}

/** What the public may know of a published signature. */
export interface PublicSignature {
  id: string;
  /** 'list': the list signed; 'individual': the person signed. */
  variant: 'list' | 'individual';
  election_id: string;
  election_name: string;
  ballot_id: string | null;
  list_id: string | null;
  /** The official list name when linked to the official data, else as typed. */
  list_name: string;
  /** Position on the list, as given by the signatory. */
  position: number | null;
  candidacy_id: string | null;
  person_id: string | null;
  first_name: string;
  last_name: string;
  parties: string;
  commune_insee: string | null;
  commune_name: string;
  departement_code: string | null;
  nuance_code: string | null;
  nuance_label: string | null;
  /** The verbatim answer, only when the signatory agreed to its publication. */
  comment: string | null;
  signed_on: string;
  published_at: string;
}

function serviceFilters(f: PublicFilters): SignatureFilters {
  return {
    electionId: f.election,
    departementCode: f.departement,
    communeInsee: f.commune,
    nuance: f.nuance,
    withComment: f.answer === undefined ? undefined : f.answer === 'avec',
  };
}

/** Election names and nuance labels, looked up once per request. */
class Names {
  #elections: Promise<Map<string, string>> | undefined;
  readonly #nuances = new Map<string, Promise<Map<string, string>>>();
  constructor(private readonly db: Db) {}
  async election(id: string): Promise<string> {
    this.#elections ??= listElections(this.db).then((all) => new Map(all.map((e) => [e.id, e.name])));
    return (await this.#elections).get(id) ?? id;
  }
  async nuance(electionId: string, code: string | null): Promise<string | null> {
    if (!code) return null;
    let labels = this.#nuances.get(electionId);
    if (!labels) {
      labels = nuanceLabels(this.db, electionId);
      this.#nuances.set(electionId, labels);
    }
    return (await labels).get(code) ?? null;
  }
}

async function toPublic(s: ServicePublicSignature, names: Names): Promise<PublicSignature> {
  const position = Number.parseInt(s.listPosition, 10);
  return {
    id: s.id,
    variant: s.variant === 'list' ? 'list' : 'individual',
    election_id: s.electionId,
    election_name: await names.election(s.electionId),
    ballot_id: s.ballotId,
    list_id: s.listId,
    list_name: s.listName,
    position: Number.isFinite(position) ? position : null,
    candidacy_id: s.candidacyId,
    person_id: s.personId,
    first_name: s.firstName,
    last_name: s.lastName,
    parties: s.parties,
    commune_insee: s.communeInsee,
    commune_name: s.communeName,
    departement_code: s.departementCode,
    nuance_code: s.nuanceCode,
    nuance_label: await names.nuance(s.electionId, s.nuanceCode),
    comment: s.comment?.trim() ? s.comment : null,
    signed_on: s.signedOn,
    published_at: s.publishedAt,
  };
}

async function published(db: Db, filters: SignatureFilters, page: { limit: number; offset: number }) {
  const names = new Names(db);
  const rows = await listPublishedSignatures(db, filters, page);
  return Promise.all(rows.map((r) => toPublic(r, names)));
}

/** The texts of the « J'ai signé » badge of a signature. */
export function badgeData(s: PublicSignature) {
  return { who: signatoryTitle(s), where: [s.commune_name, s.election_name].filter(Boolean).join(' · ') };
}

/** « Liste « Lens en commun » » or « Marie Curie », for titles, feeds and the badge. */
export function signatoryTitle(s: PublicSignature): string {
  if (s.variant === 'list') return `Liste « ${s.list_name || '(sans nom)'} »`;
  return `${s.first_name} ${s.last_name}`;
}

/** One page of the directory, newest publications first, and the number of results. */
export async function directory(db: Db, filters: PublicFilters, page: { limit: number; offset: number }) {
  const f = serviceFilters(filters);
  const [items, total] = await Promise.all([
    published(db, f, page),
    countSignatures(db, { ...f, states: ['published'] }),
  ]);
  return { items, total };
}

/** A published signature (undefined when unknown or not published). */
export async function getPublicSignature(db: Db, id: string): Promise<PublicSignature | undefined> {
  const signature = await getSignature(db, id);
  if (signature?.state !== 'published') return undefined;
  const scope = signature.listId
    ? { listId: signature.listId }
    : signature.personId
      ? { personId: signature.personId }
      : { communeInsee: signature.communeInsee ?? undefined, electionId: signature.electionId };
  // Read back through the public projection: one place decides what is public.
  for (let offset = 0; ; offset += 500) {
    const page = await published(db, scope, { limit: 500, offset });
    const found = page.find((s) => s.id === id);
    if (found || page.length < 500) return found;
  }
}

/** The published signature a merged duplicate points to (undefined otherwise). */
export async function mergedInto(db: Db, id: string): Promise<string | undefined> {
  const signature = await getSignature(db, id);
  if (!signature?.mergedInto) return undefined;
  return (await getPublicSignature(db, signature.mergedInto))?.id;
}

const ALL = { limit: 1000, offset: 0 };

export async function signaturesOfCommune(db: Db, insee: string) {
  return published(db, { communeInsee: insee }, ALL);
}

export async function signaturesOfList(db: Db, listId: string) {
  return published(db, { listId }, ALL);
}

/** A person's own signatures, and the list-level signatures of the lists they stand on. */
export async function signaturesOfPerson(db: Db, personId: string, listIds: string[]) {
  const own = await published(db, { personId }, ALL);
  const ofLists = (await Promise.all([...new Set(listIds)].map((listId) => published(db, { listId }, ALL)))).flat();
  const seen = new Set(own.map((s) => s.id));
  return [...own, ...ofLists.filter((s) => s.variant === 'list' && !seen.has(s.id))];
}

/** The latest publications, for feeds. */
export async function latestSignatures(db: Db, filters: PublicFilters, limit = 50) {
  return published(db, serviceFilters(filters), { limit, offset: 0 });
}

const col = (key: string, header: string, type: Column['type'] = 'string'): Column => ({ key, header, type });

export const SIGNATURE_COLUMNS = [
  col('id', 'Identifiant'),
  col('type', 'Signature de'),
  col('election', 'Élection'),
  col('scrutin', 'Scrutin'),
  col('liste', 'Identifiant de liste'),
  col('libelle_liste', 'Liste'),
  col('position', 'Position sur la liste', 'number'),
  col('personne', 'Identifiant de personne'),
  col('nom', 'Nom'),
  col('prenom', 'Prénom'),
  col('partis', 'Parti(s)'),
  col('code_insee', 'Code INSEE'),
  col('commune', 'Commune'),
  col('code_departement', 'Code département'),
  col('code_nuance', 'Code nuance'),
  col('nuance', 'Nuance'),
  col('date_signature', 'Signé le'),
  col('date_publication', 'Publié le'),
  col('reponse', 'Réponse ou commentaire'),
];

function datasetRow(s: PublicSignature) {
  return {
    id: s.id,
    type: s.variant === 'list' ? 'liste' : 'personne',
    election: s.election_id,
    scrutin: s.ballot_id,
    liste: s.list_id,
    libelle_liste: s.list_name,
    position: s.position,
    personne: s.person_id,
    nom: s.last_name,
    prenom: s.first_name,
    partis: s.parties,
    code_insee: s.commune_insee,
    commune: s.commune_name,
    code_departement: s.departement_code,
    code_nuance: s.nuance_code,
    nuance: s.nuance_label,
    date_signature: s.signed_on,
    date_publication: s.published_at.slice(0, 10),
    reponse: s.comment,
  };
}

/** Published signatures as a streamed dataset (CSV, ODS, JSON), with the directory's filters. */
export function signaturesDataset(db: Db, filters: PublicFilters = {}): Dataset {
  const name = ['signataires', filters.election, filters.departement, filters.commune].filter(Boolean).join('-');
  const f = serviceFilters(filters);
  return {
    name,
    columns: SIGNATURE_COLUMNS,
    async *rows() {
      const size = 500;
      for (let offset = 0; ; offset += size) {
        const page = await published(db, f, { limit: size, offset });
        for (const s of page) yield datasetRow(s);
        if (page.length < size) return;
      }
    },
  };
}
