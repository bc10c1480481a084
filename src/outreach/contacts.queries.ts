import type { Insertable, Selectable, Updateable } from 'kysely';
import type { Db } from '../db/connection.ts';
import type { Database } from '../db/schema.ts';

export type ContactRow = Selectable<Database['contacts']>;
export type ResponseRow = Selectable<Database['responses']>;

export async function insertContact(db: Db, row: Insertable<Database['contacts']>) {
  await db.insertInto('contacts').values(row).execute();
}

export function findContact(db: Db, id: string) {
  return db.selectFrom('contacts').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Updates only if the version is still the one the editor saw; returns whether it did. */
export async function updateContactIfVersion(
  db: Db,
  id: string,
  version: number,
  values: Updateable<Database['contacts']> & { updated_at: string },
) {
  const result = await db
    .updateTable('contacts')
    .set((eb) => ({ ...values, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export function contactsOfTarget(db: Db, targetType: string, targetId: string) {
  return db
    .selectFrom('contacts as k')
    .leftJoin('users as u', 'u.id', 'k.user_id')
    .leftJoin('organisations as o', 'o.id', 'k.organisation_id')
    .select([
      'k.id',
      'k.channel',
      'k.contacted_on',
      'k.notes',
      'k.next_step',
      'k.next_step_due',
      'k.next_step_done_at',
      'k.delivery_state',
      'k.version',
      'k.user_id',
      'u.email as user_email',
      'u.display_name as user_name',
      'o.name as organisation_name',
    ])
    .where('k.target_type', '=', targetType)
    .where('k.target_id', '=', targetId)
    .orderBy('k.contacted_on', 'desc')
    .orderBy('k.created_at', 'desc')
    .execute();
}

/** Follow-ups not done yet, due on or before `until` (YYYY-MM-DD), oldest first. */
export function dueFollowUps(db: Db, userId: string, until: string) {
  return db
    .selectFrom('contacts as k')
    .innerJoin('ballots as b', 'b.id', 'k.ballot_id')
    .leftJoin('lists as l', (j) => j.on('k.target_type', '=', 'list').onRef('l.id', '=', 'k.target_id'))
    .leftJoin('candidacies as c', (j) => j.on('k.target_type', '=', 'candidacy').onRef('c.id', '=', 'k.target_id'))
    .select([
      'k.id',
      'k.target_type',
      'k.target_id',
      'k.next_step',
      'k.next_step_due',
      'k.channel',
      'k.contacted_on',
      'k.version',
      'b.name as ballot_name',
      'l.name as list_name',
      'c.first_name',
      'c.last_name',
    ])
    .where('k.user_id', '=', userId)
    .where('k.next_step_due', 'is not', null)
    .where('k.next_step_due', '<=', until)
    .where('k.next_step_done_at', 'is', null)
    .orderBy('k.next_step_due')
    .execute();
}

export async function insertResponse(db: Db, row: Insertable<Database['responses']>) {
  await db.insertInto('responses').values(row).execute();
}

export function findResponse(db: Db, id: string) {
  return db.selectFrom('responses').selectAll().where('id', '=', id).executeTakeFirst();
}

export function responsesOfTarget(db: Db, targetType: string, targetId: string) {
  return db
    .selectFrom('responses')
    .selectAll()
    .where('target_type', '=', targetType)
    .where('target_id', '=', targetId)
    .orderBy('received_on', 'desc')
    .execute();
}

export function publishedResponsesOfList(db: Db, listId: string) {
  return db
    .selectFrom('responses')
    .select(['id', 'received_on', 'verbatim', 'classification', 'level', 'document_name'])
    .where('list_id', '=', listId)
    .where('moderation_state', '=', 'published')
    .where('consent', '=', 1)
    .orderBy('received_on', 'desc')
    .execute();
}

export function pendingResponses(db: Db) {
  return db
    .selectFrom('responses as r')
    .innerJoin('ballots as b', 'b.id', 'r.ballot_id')
    .leftJoin('lists as l', 'l.id', 'r.list_id')
    .leftJoin('candidacies as c', (j) => j.on('r.target_type', '=', 'candidacy').onRef('c.id', '=', 'r.target_id'))
    .leftJoin('organisations as o', 'o.id', 'r.organisation_id')
    .select([
      'r.id',
      'r.received_on',
      'r.verbatim',
      'r.document_name',
      'r.classification',
      'r.level',
      'r.consent',
      'r.version',
      'b.name as ballot_name',
      'l.name as list_name',
      'c.first_name',
      'c.last_name',
      'o.name as organisation_name',
    ])
    .where('r.moderation_state', '=', 'pending')
    .orderBy('r.created_at')
    .execute();
}

export async function moderateResponse(db: Db, id: string, version: number, state: string, by: string, at: string) {
  const result = await db
    .updateTable('responses')
    .set((eb) => ({ moderation_state: state, moderated_by: by, moderated_at: at, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

// Personal-data rights (privacy/): where an email address appears in the outreach records.

export function contactsMentioning(db: Db, email: string) {
  const pattern = `%${email}%`;
  return db
    .selectFrom('contacts')
    .select(['id', 'target_type', 'target_id', 'ballot_id', 'channel', 'contacted_on', 'notes', 'next_step'])
    .where((eb) =>
      eb.or([eb(eb.fn('lower', ['notes']), 'like', pattern), eb(eb.fn('lower', ['next_step']), 'like', pattern)]),
    )
    .execute();
}

export function responsesMentioning(db: Db, email: string) {
  return db
    .selectFrom('responses')
    .select([
      'id',
      'target_type',
      'target_id',
      'ballot_id',
      'received_on',
      'classification',
      'verbatim',
      'moderation_state',
    ])
    .where((eb) => eb(eb.fn('lower', ['verbatim']), 'like', `%${email}%`))
    .execute();
}

export function lettersSentTo(db: Db, email: string) {
  return db
    .selectFrom('letter_sends')
    .select(['id', 'subject', 'sent_at', 'status', 'list_id', 'candidacy_id'])
    .where('email', '=', email)
    .orderBy('sent_at')
    .execute();
}

export async function setContactText(db: Db, id: string, notes: string, nextStep: string | null) {
  await db.updateTable('contacts').set({ notes, next_step: nextStep }).where('id', '=', id).execute();
}

export async function setResponseVerbatim(db: Db, id: string, verbatim: string) {
  await db.updateTable('responses').set({ verbatim }).where('id', '=', id).execute();
}

export async function eraseLetterEmail(db: Db, email: string): Promise<number> {
  const result = await db.updateTable('letter_sends').set({ email: '' }).where('email', '=', email).executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Letters emailed to lists or candidacies of these elections whose address is still kept. */
function lettersOfElections(db: Db, electionIds: string[]) {
  return db
    .selectFrom('letter_sends')
    .where('email', '!=', '')
    .where((eb) =>
      eb.or([
        eb(
          'list_id',
          'in',
          eb
            .selectFrom('lists')
            .innerJoin('ballots', 'ballots.id', 'lists.ballot_id')
            .select('lists.id')
            .where('ballots.election_id', 'in', electionIds),
        ),
        eb(
          'candidacy_id',
          'in',
          eb
            .selectFrom('candidacies')
            .innerJoin('ballots', 'ballots.id', 'candidacies.ballot_id')
            .select('candidacies.id')
            .where('ballots.election_id', 'in', electionIds),
        ),
      ]),
    );
}

export async function countLetterEmailsOfElections(db: Db, electionIds: string[]): Promise<number> {
  const row = await lettersOfElections(db, electionIds)
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function eraseLetterEmailsOfElections(db: Db, electionIds: string[]): Promise<void> {
  const ids = (await lettersOfElections(db, electionIds).select('letter_sends.id').execute()).map((r) => r.id);
  for (let i = 0; i < ids.length; i += 500) {
    await db
      .updateTable('letter_sends')
      .set({ email: '' })
      .where('id', 'in', ids.slice(i, i + 500))
      .execute();
  }
}
