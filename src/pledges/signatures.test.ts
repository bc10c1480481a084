import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { importFile } from '../candidates/import/import.service.ts';
import { forEachDatabase } from '../testing/databases.ts';
import {
  confirmSignature,
  countSignatures,
  countSignaturesByState,
  createInvitation,
  createSignature,
  eventsOf,
  findInvitation,
  findSignatureByToken,
  getSignature,
  listInvitations,
  listPublishedSignatures,
  listSignaturesForModeration,
  mergeSignature,
  type NewSignature,
  purgeUnconfirmedSignatures,
  revokeInvitation,
  SignatureError,
  signWithInvitation,
  transitionSignature,
} from './signatures.service.ts';

const fixtures = join(import.meta.dirname, '..', 'candidates', 'import', 'fixtures');

export function sampleSignature(overrides: Partial<NewSignature> = {}): NewSignature {
  return {
    electionId: 'municipales-2026',
    variant: 'list',
    channel: 'form',
    communeInsee: '62498',
    fields: {
      listName: 'Lens en commun',
      listPosition: '1',
      parties: 'Les Écologistes',
      website: 'https://lens-en-commun.example.org',
      communeName: 'Lens',
      postcode: '62300',
      lastName: 'Lefèbvre',
      firstName: 'Anne-Sophie',
      phone: '06 12 34 56 78',
      email: 'anne-sophie@example.org',
      place: 'Lens',
      signedOn: '22/11/2026',
    },
    consentPublish: true,
    consentContact: false,
    comment: 'Nous soutenons « le libre ».',
    ...overrides,
  };
}

forEachDatabase('signatures (service)', (database) => {
  let listId = '';
  let candidacyId = '';
  before(async () => {
    const { db } = database().connection;
    await importFile(database().connection, join(fixtures, 'municipales-2026.csv'), {
      reportDir: mkdtempSync(join(tmpdir(), 'pacte-reports-')),
    });
    const list = await db
      .selectFrom('lists')
      .select('id')
      .where('ballot_id', '=', 'municipales-2026.62498')
      .where('panel', '=', 1)
      .executeTakeFirstOrThrow();
    listId = list.id;
    const c = await db
      .selectFrom('candidacies')
      .select('id')
      .where('list_id', '=', listId)
      .where('position', '=', 2)
      .executeTakeFirstOrThrow();
    candidacyId = c.id;
  });

  test('a form signature waits for confirmation; the link moves it to to_verify, once', async () => {
    const { db } = database().connection;
    const now = new Date('2026-11-22T10:00:00Z');
    const made = await createSignature(db, sampleSignature({ listId }), { now });
    assert.equal(made.created, true);
    assert.equal(made.signature.state, 'pending_confirmation');
    assert.equal(made.signature.listId, listId);
    assert.equal(made.signature.ballotId, 'municipales-2026.62498');
    assert.equal(made.signature.departementCode, '62');
    assert.equal(made.signature.documentVersion, 1);
    assert.equal((await confirmSignature(db, 'a'.repeat(32), now)).status, 'invalid');
    assert.equal((await confirmSignature(db, '<script>', now)).status, 'invalid');
    const confirmed = await confirmSignature(db, made.token, new Date('2026-11-23T10:00:00Z'));
    assert.equal(confirmed.status, 'confirmed');
    assert.equal((await confirmSignature(db, made.token, new Date('2026-11-23T11:00:00Z'))).status, 'already');
    const found = await findSignatureByToken(db, made.token);
    assert.equal(found?.state, 'to_verify');
    assert.ok(found?.confirmedAt);
    const events = await eventsOf(db, made.signature.id);
    assert.deepEqual(
      events.map((e) => [e.from, e.to]),
      [
        [null, 'pending_confirmation'],
        ['pending_confirmation', 'to_verify'],
      ],
    );
  });

  test('an expired confirmation link changes nothing', async () => {
    const { db } = database().connection;
    const now = new Date('2026-11-22T10:00:00Z');
    const made = await createSignature(
      db,
      sampleSignature({ fields: { ...sampleSignature().fields, email: 'late@example.org' } }),
      {
        now,
      },
    );
    const result = await confirmSignature(db, made.token, new Date('2026-11-25T10:00:01Z'));
    assert.equal(result.status, 'expired');
    assert.equal((await findSignatureByToken(db, made.token))?.state, 'pending_confirmation');
    // Never confirmed: deleted once the grace period is over, and only then.
    assert.equal((await purgeUnconfirmedSignatures(db, { now: new Date('2026-12-01T00:00:00Z') })).deleted, 0);
    const purged = await purgeUnconfirmedSignatures(db, { now: new Date('2026-12-26T00:00:00Z') });
    assert.equal(purged.deleted, 1);
    assert.equal(await findSignatureByToken(db, made.token), undefined);
    assert.equal(await getSignature(db, made.signature.id), undefined);
  });

  test('the same email signing the same list twice gives one signature', async () => {
    const { db } = database().connection;
    const input = sampleSignature({ listId, fields: { ...sampleSignature().fields, email: 'Twice@Example.org' } });
    const [a, b] = await Promise.all([createSignature(db, input), createSignature(db, input)]);
    assert.equal(a.signature.id, b.signature.id);
    assert.equal([a.created, b.created].filter(Boolean).length, 1);
    const again = await createSignature(db, { ...input, fields: { ...input.fields, email: 'twice@example.org ' } });
    assert.equal(again.created, false);
    assert.equal(again.signature.id, a.signature.id);
    // the latest token is the one that works
    assert.equal((await confirmSignature(db, again.token)).status, 'confirmed');
  });

  test('moderation: publish, reject with a reason, merge, withdraw; public rows carry no phone or email', async () => {
    const { db } = database().connection;
    const paper = await createSignature(
      db,
      sampleSignature({ channel: 'paper', candidacyId, variant: 'individual', enteredBy: 'user-1' }),
    );
    assert.equal(paper.signature.state, 'to_verify');
    assert.equal(paper.signature.enteredBy, 'user-1');
    assert.equal(paper.signature.personId !== null, true);
    const queue = await listSignaturesForModeration(db);
    assert.ok(queue.some((s) => s.id === paper.signature.id));
    await assert.rejects(() => transitionSignature(db, paper.signature.id, 'withdrawn', 'mod'), SignatureError);
    const published = await transitionSignature(db, paper.signature.id, 'published', 'mod');
    assert.ok(published.publishedAt);
    await assert.rejects(() => transitionSignature(db, paper.signature.id, 'published', 'mod'), SignatureError);
    const publicRows = await listPublishedSignatures(db, { electionId: 'municipales-2026', departementCode: '62' });
    assert.equal(publicRows.length, 1);
    assert.equal(publicRows[0]?.nuanceCode, 'LDVG');
    assert.equal(publicRows[0]?.listName, 'Lens en commun');
    const text = JSON.stringify(publicRows);
    assert.doesNotMatch(text, /06 12 34 56 78|@example\.org/);
    assert.equal((await listPublishedSignatures(db, { nuance: 'LDVD' })).length, 0);
    assert.equal((await listPublishedSignatures(db, { communeInsee: '62498', withComment: true })).length, 1);
    assert.equal(await countSignatures(db, { states: ['published'] }), 1);

    const dup = await createSignature(
      db,
      sampleSignature({
        channel: 'paper',
        candidacyId,
        variant: 'individual',
        enteredBy: 'user-2',
        fields: { ...sampleSignature().fields, email: '' },
      }),
    );
    await mergeSignature(db, dup.signature.id, paper.signature.id, 'mod');
    assert.equal(await countSignatures(db, { states: ['rejected'] }), 0, 'merged rows are hidden by default');
    const withdrawn = await transitionSignature(db, paper.signature.id, 'withdrawn', 'mod', 'Demande de la signataire');
    assert.equal(withdrawn.state, 'withdrawn');
    assert.equal((await listPublishedSignatures(db)).length, 0);
    const counts = await countSignaturesByState(db);
    assert.equal(counts.withdrawn, 1);
  });

  test('invitations: single use, expire, can be revoked; signing through one goes to to_verify', async () => {
    const { db } = database().connection;
    const now = new Date('2026-11-22T10:00:00Z');
    const { token, invitation } = await createInvitation(db, { candidacyId }, 'volunteer-1', { now });
    const found = await findInvitation(db, token, now);
    assert.equal(found.status, 'valid');
    if (found.status === 'valid') {
      assert.equal(found.official.lastName, 'KACZMAREK');
      assert.equal(found.official.communeName, 'Lens');
      assert.ok(found.official.postcodes.includes('62300'));
    }
    assert.equal((await findInvitation(db, token, new Date('2027-01-01T00:00:00Z'))).status, 'expired');
    const signed = await signWithInvitation(
      db,
      token,
      { ...sampleSignature({ variant: 'individual' }), fields: { ...sampleSignature().fields, email: '' } },
      now,
    );
    assert.equal(signed.signature.state, 'to_verify');
    assert.equal(signed.signature.channel, 'link');
    assert.equal(signed.signature.candidacyId, candidacyId);
    assert.equal(signed.signature.invitationId, invitation.id);
    assert.equal((await findInvitation(db, token, now)).status, 'used');
    await assert.rejects(() => signWithInvitation(db, token, sampleSignature(), now), SignatureError);

    const other = await createInvitation(db, { listId }, 'volunteer-1', { now });
    await assert.rejects(
      () => revokeInvitation(db, other.invitation.id, { id: 'someone-else', any: false }),
      SignatureError,
    );
    await revokeInvitation(db, other.invitation.id, { id: 'volunteer-1', any: false });
    assert.equal((await findInvitation(db, other.token, now)).status, 'revoked');
    const mine = await listInvitations(db, 'volunteer-1');
    assert.equal(mine.length, 2);
    assert.equal(mine.find((i) => i.id === other.invitation.id)?.listName, 'Lens en commun');
    assert.match(mine.find((i) => i.id === invitation.id)?.candidateName ?? '', /KACZMAREK/);
  });
});
