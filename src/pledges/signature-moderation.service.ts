/**
 * The moderators' work on signatures: the queue, the proposed official match, verify & publish
 * (optionally re-linked to the right official list/candidacy), reject with a reason emailed to the
 * signatory, merge duplicates, withdraw on request, and the signed document. State changes go through
 * signatures.service (transitionSignature, mergeSignature), which writes every transition to
 * `signature_events` with who and why; a re-link is written there too (same state, before → after).
 *
 * Note for signatures.service: a re-link keeps the signature's dedup_key (computed from the list at
 * signing time); a new submission by the same email for the new list is then not recognised as the
 * same. No extra column was needed (no migration 0016).
 */
import { accountEmails } from '../accounts/users.service.ts';
import { ballotsForCommune } from '../candidates/candidates.service.ts';
import type { Config } from '../config.ts';
import type { Db } from '../db/connection.ts';
import { newId } from '../db/ids.ts';
import { MailError, type Mailer } from '../mail/mailer.ts';
import { signatureRejected } from '../mail/templates.tsx';
import { documentsDir, readStoredDocument, sniffDocumentType } from './documents.storage.ts';
import { getCurrentPact } from './pact-documents.service.ts';
import { type MatchList, type ProposedMatch, proposeMatches } from './signature-match.ts';
import * as q from './signatures.queries.ts';
import {
  countSignaturesByState,
  eventsOf,
  getSignature,
  listSignaturesForModeration,
  type ModerationSignature,
  mergeSignature,
  resolveOfficial,
  type Signature,
  SignatureError,
  type SignatureState,
  transitionSignature,
} from './signatures.service.ts';

export { SignatureError };

export const QUEUE_STATES: readonly SignatureState[] = [
  'to_verify',
  'published',
  'rejected',
  'withdrawn',
  'pending_confirmation',
];
export const QUEUE_PAGE_SIZE = 50;

export interface QueueItem {
  signature: ModerationSignature;
  best: ProposedMatch | undefined;
  /** How well the official list it is already linked to matches what was typed. */
  linked: ProposedMatch | undefined;
}

/** The official lists of the signatory's ballot (their commune, this election), for matching. */
async function ballotLists(db: Db, s: Pick<Signature, 'communeInsee' | 'electionId'>): Promise<MatchList[]> {
  if (!s.communeInsee) return [];
  const ballots = await ballotsForCommune(db, s.communeInsee);
  return ballots
    .filter((b) => b.election_id === s.electionId)
    .flatMap((b) =>
      b.lists.map((l) => ({
        id: l.id,
        ballot_id: l.ballot_id,
        name: l.name,
        short_name: l.short_name,
        nuance_code: l.nuance_code,
        members: l.members.map((m) => ({
          id: m.id,
          person_id: m.person_id,
          position: m.position,
          last_name: m.last_name,
          first_name: m.first_name,
        })),
      })),
    );
}

function matchInput(s: Signature) {
  return {
    variant: s.variant,
    list_name: s.fields.listName,
    list_position: s.fields.listPosition,
    last_name: s.fields.lastName,
    first_name: s.fields.firstName,
  };
}

/** One page of signatures in a state (oldest first), each with its best official match. */
export async function moderationQueue(db: Db, state: SignatureState, page = 1) {
  const [signatures, counts] = await Promise.all([
    listSignaturesForModeration(
      db,
      { states: [state] },
      { limit: QUEUE_PAGE_SIZE, offset: (page - 1) * QUEUE_PAGE_SIZE },
    ),
    countSignaturesByState(db),
  ]);
  const listsByBallot = new Map<string, Promise<MatchList[]>>();
  const items: QueueItem[] = await Promise.all(
    signatures.map(async (signature) => {
      const key = `${signature.electionId}|${signature.communeInsee ?? ''}`;
      let lists = listsByBallot.get(key);
      if (!lists) {
        lists = ballotLists(db, signature);
        listsByBallot.set(key, lists);
      }
      const proposals = proposeMatches(matchInput(signature), await lists);
      return { signature, best: proposals[0], linked: proposals.find((p) => p.list.id === signature.listId) };
    }),
  );
  return { items, counts };
}

/** Other live signatures for the same official list (or candidacy): candidates for a merge. */
async function duplicatesOf(db: Db, s: Signature): Promise<ModerationSignature[]> {
  if (!s.listId && !s.candidacyId) return [];
  const states: SignatureState[] = ['pending_confirmation', 'to_verify', 'published'];
  const found = await listSignaturesForModeration(
    db,
    s.candidacyId ? { states, electionId: s.electionId } : { states, listId: s.listId ?? undefined },
    { limit: 500, offset: 0 },
  );
  return found.filter(
    (o) =>
      o.id !== s.id &&
      o.variant === s.variant &&
      (s.candidacyId
        ? o.candidacyId === s.candidacyId
        : o.listId === s.listId && (s.variant === 'list' || o.candidacyId === s.candidacyId)),
  );
}

/** Everything a moderator needs to decide about one signature. */
export async function moderationDetails(db: Db, id: string) {
  const signature = await getSignature(db, id);
  if (!signature) return undefined;
  const [events, lists, duplicates, official] = await Promise.all([
    eventsOf(db, id),
    ballotLists(db, signature),
    duplicatesOf(db, signature),
    signature.listId || signature.candidacyId
      ? resolveOfficial(db, { listId: signature.listId, candidacyId: signature.candidacyId })
      : undefined,
  ]);
  const accounts = await accountEmails(db, [signature.enteredBy, ...events.map((e) => e.actor)]);
  return {
    signature,
    events,
    proposals: proposeMatches(matchInput(signature), lists),
    duplicates,
    official,
    /** Account id → email, for « saisie par » and the history. */
    accounts,
  };
}
export type ModerationDetails = NonNullable<Awaited<ReturnType<typeof moderationDetails>>>;

/**
 * Links a signature to an official list (and candidacy), or unlinks it; recorded in the audit with
 * before and after. The candidacy must be on the list; both must be of the signature's election.
 */
export async function relinkSignature(
  db: Db,
  id: string,
  target: { listId: string | null; candidacyId: string | null },
  actor: string,
  now = new Date(),
): Promise<void> {
  const row = await q.findSignatureById(db, id);
  if (!row) throw new SignatureError('Signature introuvable.');
  if ((row.list_id ?? null) === target.listId && (row.candidacy_id ?? null) === target.candidacyId) return;
  let values: Partial<q.SignatureRow> = { list_id: null, candidacy_id: null, person_id: null, ballot_id: null };
  if (target.listId || target.candidacyId) {
    const official = await resolveOfficial(db, target);
    if (!official) throw new SignatureError('Liste ou candidature inconnue.');
    if (official.electionId !== row.election_id)
      throw new SignatureError('Cette liste ne se présente pas à cette élection.');
    if (target.listId && target.candidacyId && official.listId !== target.listId) {
      throw new SignatureError('Cette candidature n’est pas sur cette liste.');
    }
    values = {
      list_id: official.listId,
      candidacy_id: official.candidacyId,
      person_id: official.personId,
      ballot_id: official.ballotId,
      commune_insee: official.communeInsee ?? row.commune_insee,
      departement_code: official.departementCode ?? row.departement_code,
    };
  }
  const at = now.toISOString();
  const describe = (listId: string | null, candidacyId: string | null) =>
    candidacyId ? `candidature ${candidacyId}` : listId ? `liste ${listId}` : 'aucune liste officielle';
  await db.transaction().execute(async (trx) => {
    await q.updateSignature(trx, id, { ...values, updated_at: at });
    await q.insertEvent(trx, {
      id: newId(),
      signature_id: id,
      from_state: row.state,
      to_state: row.state,
      actor,
      reason: `Rattachement : ${describe(row.list_id, row.candidacy_id)} → ${describe(values.list_id ?? null, values.candidacy_id ?? null)}`,
      at,
    });
  });
}

/** Verify & publish; `link` re-links first (undefined: keep the current link). */
export async function publishSignature(
  db: Db,
  id: string,
  actor: string,
  { link, note }: { link?: { listId: string | null; candidacyId: string | null }; note?: string } = {},
): Promise<Signature> {
  const signature = await getSignature(db, id);
  if (!signature) throw new SignatureError('Signature introuvable.');
  if (signature.state !== 'to_verify') {
    throw new SignatureError('Seule une signature « à vérifier » peut être publiée : rechargez la page.');
  }
  if (link) await relinkSignature(db, id, link, actor);
  return transitionSignature(db, id, 'published', actor, note?.trim() || 'Vérifiée et publiée');
}

export type MailOutcome = 'sent' | 'no-address' | 'failed';

/** Rejects with a reason, and emails the reason to the signatory when they gave an address. */
export async function rejectSignature(
  db: Db,
  mailer: Mailer,
  config: Pick<Config, 'baseUrl'>,
  id: string,
  actor: string,
  reason: string,
): Promise<MailOutcome> {
  const signature = await transitionSignature(db, id, 'rejected', actor, reason);
  const to = signature.fields.email;
  if (!to) return 'no-address';
  const pact = await getCurrentPact(db, signature.electionId);
  const content = signatureRejected(
    { baseUrl: config.baseUrl },
    {
      name: `${signature.fields.firstName} ${signature.fields.lastName}`,
      pactTitle: pact?.title ?? 'Pacte du Logiciel Libre',
      reason: reason.trim(),
      signLink: `${config.baseUrl}/signer`,
    },
  );
  try {
    await mailer.send({ to, ...content });
    return 'sent';
  } catch (error) {
    if (error instanceof MailError) return 'failed';
    throw error;
  }
}

/** Withdraws on the signatory's request (reason required: who asked, how). */
export async function withdrawSignature(db: Db, id: string, actor: string, reason: string): Promise<Signature> {
  return transitionSignature(db, id, 'withdrawn', actor, reason);
}

/** The same list signed twice: `duplicateId` is merged into `keepId` (rejected, with a pointer). */
export async function mergeDuplicate(db: Db, duplicateId: string, keepId: string, actor: string): Promise<void> {
  await mergeSignature(db, duplicateId, keepId, actor);
}

/** The signed document of a signature, re-checked by content before it is served. */
export async function signatureDocument(db: Db, config: Pick<Config, 'outboxDir'>, id: string) {
  const signature = await getSignature(db, id);
  if (!signature?.document) return undefined;
  const bytes = await readStoredDocument(documentsDir(config), signature.document.path);
  if (!bytes) return undefined;
  const type = sniffDocumentType(bytes);
  const extension =
    type === 'application/pdf' ? 'pdf' : type === 'image/png' ? 'png' : type === 'image/jpeg' ? 'jpg' : 'bin';
  return { bytes, type: type ?? 'application/octet-stream', fileName: `signature-${signature.id}.${extension}` };
}
