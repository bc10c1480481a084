import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { createUser, findUserByEmail } from '../accounts/users.service.ts';
import { ballotsForCommune } from '../candidates/candidates.service.ts';
import { importFile } from '../candidates/import/import.service.ts';
import type { Connection, Db } from '../db/connection.ts';
import { getSetting } from '../db/settings.ts';
import { logContact, moderateResponse, recordResponse } from '../outreach/contacts.service.ts';
import { createOrganisation, setMember, setOrganisationZone } from '../outreach/organisations.service.ts';
import { resolveTarget } from '../outreach/targets.service.ts';
import {
  createSignature,
  type NewSignature,
  type SignatureState,
  transitionSignature,
} from '../pledges/signatures.service.ts';

/**
 * `pacte demo`: a small, realistic campaign to explore — five communes' lists for the municipales
 * 2026 read from demo/*.csv (the Ministère's exact format) by the ordinary importer, signatures in
 * every state through the pledges service, a relay organisation with a coordinator, contacts and
 * answers through the outreach service. Every person is fictional. Loaded once (a second run says so).
 */

export const DEMO_DIR = join(import.meta.dirname, '..', '..', 'demo');
const MARKER = 'demo.loaded_at';
const ELECTION = 'municipales-2026';
const MODERATOR = 'demo';

export interface DemoSummary {
  alreadyLoaded: boolean;
  lists: number;
  signatures: Partial<Record<SignatureState, number>>;
  organisation?: string;
  contacts: number;
  responses: number;
  /** The coordinator account created, with its password (printed once). */
  account?: { email: string; password: string };
}

interface DemoSignature {
  commune: string;
  list: string;
  /** 'list': the list signs through its head; a position: that member signs alone. */
  signer: 'list' | number;
  state: SignatureState;
  /** Day of signing (and publication, two days later). */
  day: string;
  comment?: string;
  reason?: string;
}

const SIGNATURES: DemoSignature[] = [
  {
    commune: '62498',
    list: 'Lens en commun',
    signer: 'list',
    state: 'published',
    day: '2026-02-02',
    comment: 'Notre liste s’engage : la mairie passera aux logiciels libres et aux formats ouverts.',
  },
  { commune: '62498', list: 'Lens, écologie et solidarités', signer: 'list', state: 'published', day: '2026-02-04' },
  { commune: '62510', list: 'Liévin pour tous', signer: 'list', state: 'published', day: '2026-02-09' },
  { commune: '62041', list: 'Arras citoyenne et solidaire', signer: 'list', state: 'published', day: '2026-02-10' },
  { commune: '93066', list: 'Saint-Denis en commun', signer: 'list', state: 'published', day: '2026-02-16' },
  { commune: '59350', list: 'Lille libre et solidaire', signer: 'list', state: 'published', day: '2026-02-17' },
  { commune: '59350', list: 'Lille ensemble', signer: 3, state: 'published', day: '2026-02-23' },
  { commune: '62510', list: 'Agir pour Liévin', signer: 'list', state: 'to_verify', day: '2026-02-25' },
  { commune: '93066', list: 'Vivre à Saint-Denis', signer: 'list', state: 'pending_confirmation', day: '2026-02-26' },
  {
    commune: '62041',
    list: 'Arras, l’avenir ensemble',
    signer: 'list',
    state: 'rejected',
    day: '2026-02-12',
    reason: 'La tête de liste ne reconnaît pas cette signature.',
  },
  {
    commune: '62498',
    list: 'Lens demain',
    signer: 'list',
    state: 'withdrawn',
    day: '2026-02-06',
    reason: 'Retrait à la demande de la liste.',
  },
];

interface DemoContact {
  commune: string;
  list: string;
  channel: 'courrier' | 'courriel' | 'telephone' | 'rencontre';
  day: string;
  answer?: {
    classification: 'refus' | 'favorable' | 'favorable-engage' | 'signe';
    level: '' | '1' | '2' | '3';
    text: string;
  };
}

const CONTACTS: DemoContact[] = [
  {
    commune: '62498',
    list: 'Lens en commun',
    channel: 'courrier',
    day: '2026-01-20',
    answer: { classification: 'signe', level: '3', text: 'Nous avons signé le pacte et le mettrons en œuvre.' },
  },
  { commune: '62498', list: 'Lens demain', channel: 'courriel', day: '2026-01-21' },
  {
    commune: '62498',
    list: 'Lens, écologie et solidarités',
    channel: 'rencontre',
    day: '2026-01-24',
    answer: {
      classification: 'favorable-engage',
      level: '2',
      text: 'Favorables, nous nous engageons sur les formats ouverts.',
    },
  },
  {
    commune: '62510',
    list: 'Liévin pour tous',
    channel: 'telephone',
    day: '2026-01-27',
    answer: { classification: 'favorable', level: '1', text: 'Le sujet nous intéresse, nous reviendrons vers vous.' },
  },
  { commune: '62510', list: 'Agir pour Liévin', channel: 'courrier', day: '2026-01-28' },
  {
    commune: '62041',
    list: 'Arras d’abord',
    channel: 'courriel',
    day: '2026-02-01',
    answer: { classification: 'refus', level: '', text: 'Nous ne prenons pas d’engagement sur ce sujet.' },
  },
  { commune: '59350', list: 'Lille libre et solidaire', channel: 'rencontre', day: '2026-02-03' },
];

function fields(lastName: string, firstName: string, listName: string, position: number, commune: string, day: string) {
  const slug = `${lastName}.${firstName}`
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z.]+/g, '-');
  return {
    listName,
    listPosition: String(position),
    parties: '',
    website: '',
    communeName: commune,
    postcode: '',
    lastName,
    firstName,
    // Fictional and never public: shows that contact details stay private.
    phone: '06 00 00 00 00',
    email: `${slug}@demo.pacte.test`,
    place: commune,
    signedOn: day,
  };
}

/** A list of the demo (and its members) by commune and name, through the candidates service. */
async function listOf(db: Db, insee: string, name: string) {
  const ballots = await ballotsForCommune(db, insee);
  const lists = ballots.filter((b) => b.election_id === ELECTION).flatMap((b) => b.lists);
  const list = lists.find((l) => l.name === name.replace(/’/g, "'"));
  if (!list) throw new Error(`liste de démonstration introuvable : ${name} (${insee})`);
  return list;
}

async function loadSignatures(db: Db, summary: DemoSummary) {
  for (const s of SIGNATURES) {
    const list = await listOf(db, s.commune, s.list);
    const members = list.members;
    const position = s.signer === 'list' ? 1 : s.signer;
    const member = members.find((m) => Number(m.position) === position) ?? members[0];
    if (!member) continue;
    const signedAt = new Date(`${s.day}T10:00:00Z`);
    const input: NewSignature = {
      electionId: ELECTION,
      variant: s.signer === 'list' ? 'list' : 'individual',
      channel: s.state === 'pending_confirmation' ? 'form' : 'paper',
      listId: list.id,
      candidacyId: s.signer === 'list' ? null : member.id,
      fields: fields(member.last_name, member.first_name, list.name, position, s.commune, s.day),
      consentPublish: true,
      consentContact: false,
      comment: s.comment ?? null,
      enteredBy: s.state === 'pending_confirmation' ? null : MODERATOR,
    };
    const made = await createSignature(db, input, { now: signedAt, confirmationHours: 24 * 365 });
    const id = made.signature.id;
    const later = (days: number) => new Date(signedAt.getTime() + days * 86_400_000);
    if (s.state === 'published' || s.state === 'withdrawn') {
      await transitionSignature(db, id, 'published', MODERATOR, null, later(2));
    }
    if (s.state === 'withdrawn') await transitionSignature(db, id, 'withdrawn', MODERATOR, s.reason ?? null, later(5));
    if (s.state === 'rejected') await transitionSignature(db, id, 'rejected', MODERATOR, s.reason ?? null, later(1));
    summary.signatures[s.state] = (summary.signatures[s.state] ?? 0) + 1;
  }
}

async function loadOutreach(db: Db, summary: DemoSummary) {
  const email = 'coordination@demo.pacte.test';
  const password = randomBytes(9).toString('base64url');
  const existing = await findUserByEmail(db, email);
  const user =
    existing ?? (await createUser(db, { email, role: 'coordinator', password, displayName: 'Coordination démo' }));
  if (!existing) summary.account = { email, password };
  const created = await createOrganisation(db, {
    name: 'Libre en Artois et Flandre (démo)',
    kind: 'lug',
    website: '',
    description:
      'Groupe d’utilisateurs de logiciels libres fictif : il contacte les listes du Pas-de-Calais et du Nord.',
  });
  if (!created.ok) throw new Error(`organisation de démonstration refusée : ${JSON.stringify(created.errors)}`);
  const organisation = created.organisation;
  summary.organisation = organisation.slug;
  await setMember(db, organisation.id, user.id, 'coordinator');
  const zone = await setOrganisationZone(db, organisation.id, 'dep:62\ndep:59');
  if (!zone.ok) throw new Error(zone.error);
  const actor = { id: user.id, role: 'coordinator' as const };
  for (const c of CONTACTS) {
    const list = await listOf(db, c.commune, c.list);
    const target = await resolveTarget(db, 'list', list.id);
    const contact = await logContact(
      db,
      actor,
      target,
      {
        channel: c.channel,
        contactedOn: c.day,
        notes: 'Présentation du pacte (démonstration).',
        nextStep: '',
        nextStepDue: '',
      },
      { organisationId: organisation.id, now: Date.parse(`${c.day}T09:00:00Z`) },
    );
    summary.contacts++;
    if (!c.answer) continue;
    const responseId = await recordResponse(
      db,
      actor,
      target,
      {
        receivedOn: c.day,
        verbatim: c.answer.text,
        classification: c.answer.classification,
        level: c.answer.level,
        consent: true,
      },
      { organisationId: organisation.id, contactId: contact.id },
    );
    await moderateResponse(db, user.id, responseId, 1, 'published');
    summary.responses++;
  }
}

export async function loadDemo(connection: Connection, options: { reportDir: string }): Promise<DemoSummary> {
  const { db } = connection;
  const summary: DemoSummary = { alreadyLoaded: false, lists: 0, signatures: {}, contacts: 0, responses: 0 };
  if (await getSetting(db, MARKER)) return { ...summary, alreadyLoaded: true };
  const imported = await importFile(connection, join(DEMO_DIR, 'municipales-2026-demo.csv'), {
    electionId: ELECTION,
    reportDir: options.reportDir,
    actor: 'demo',
  });
  if (imported.rejected > 0) throw new Error(`${imported.rejected} ligne(s) de démonstration rejetée(s)`);
  summary.lists = imported.lists.created + imported.lists.updated + imported.lists.unchanged;
  await loadSignatures(db, summary);
  await loadOutreach(db, summary);
  await db
    .insertInto('settings')
    .values({ key: MARKER, value: new Date().toISOString() })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  return summary;
}
