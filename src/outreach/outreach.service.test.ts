import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createSignature, transitionSignature } from '../pledges/signatures.service.ts';
import { forEachDatabase } from '../testing/databases.ts';
import { logContact, moderateResponse, recordResponse, updateContact } from './contacts.service.ts';
import type { OutreachError } from './errors.ts';
import { organisationScope, setOrganisationZone, zoneScopeOf } from './organisations.service.ts';
import { type OutreachFixture, seedOutreach } from './outreach.fixtures.ts';
import { currentReservation, reserve } from './reservations.service.ts';
import { resolveTarget } from './targets.service.ts';
import { coverage, organisationCounts, unassignedHeads, workspacePage } from './workspace.service.ts';

const contact = {
  channel: 'telephone',
  contactedOn: '2026-01-10',
  notes: 'Appel à la permanence',
  nextStep: 'rappeler le candidat',
  nextStepDue: '2026-01-17',
};

forEachDatabase('outreach services', (database) => {
  const db = () => database().connection.db;
  let f: OutreachFixture;

  test('seed', async () => {
    f = await seedOutreach(db());
  });

  test('zone: communes, département (and its circonscriptions), not elsewhere', async () => {
    const scope = await zoneScopeOf(db(), f.users.volunteer);
    const page = await workspacePage(db(), scope, { headsOnly: true, eligibleFirst: false }, 1);
    // Lens and Liévin: 3 lists each (heads) + 2 individual candidacies of 62-13.
    assert.equal(page.total, 8);
    assert.ok(page.rows.every((r) => r.status.kind === 'non-contacte'));
    const all = await workspacePage(db(), scope, { headsOnly: false, eligibleFirst: true }, 1);
    assert.equal(all.total, 20);
    assert.equal(all.rows[0]?.position ?? 0, 0);
    const lens = await workspacePage(
      db(),
      scope,
      { headsOnly: true, eligibleFirst: false, commune: '62498', nuance: 'LUG' },
      1,
    );
    assert.equal(lens.total, 1);
    assert.equal(lens.rows[0]?.list_name, 'Lens liste 2');
    const admin = await workspacePage(db(), { all: true }, { headsOnly: true, eligibleFirst: false }, 1);
    assert.equal(admin.total, 11);
  });

  test('unknown zone codes are refused by name', async () => {
    const result = await setOrganisationZone(db(), f.organisationId, '62498\n99999\ndep:62');
    assert.deepEqual(result, { ok: false, error: 'Commune inconnu(e) : 99999.' });
  });

  test('reservations: one holder, clear message, zone enforced', async () => {
    const target = await resolveTarget(db(), 'list', f.lists['62498']?.[0] ?? '');
    const r = await reserve(db(), f.users.volunteer, target);
    assert.ok(r.expiresAt);
    const days = (Date.parse(r.expiresAt) - Date.now()) / 86_400_000;
    assert.ok(days > 6.9 && days <= 7);
    await assert.rejects(reserve(db(), f.users.other, target), (e: OutreachError) => {
      assert.equal(e.status, 409);
      assert.match(e.message, /déjà réservée par Bénédicte Bénévole jusqu’au \d+ \S+ 20\d\d/);
      return true;
    });
    const lille = await resolveTarget(db(), 'list', f.lists['59350']?.[0] ?? '');
    await assert.rejects(reserve(db(), f.users.volunteer, lille), (e: OutreachError) => e.status === 403);
    // An expired reservation can be taken.
    const later = Date.now() + 8 * 86_400_000;
    const taken = await reserve(db(), f.users.other, target, { now: later });
    assert.equal(taken.userId, f.users.other.id);
    // A candidacy on a list is reached through its list.
    const viaCandidacy = await resolveTarget(db(), 'candidacy', `${f.lists['62498']?.[1]}.2`);
    assert.equal(viaCandidacy.type, 'list');
  });

  test('contacts: hold for good, author only, optimistic version', async () => {
    const target = await resolveTarget(db(), 'list', f.lists['62510']?.[0] ?? '');
    const created = await logContact(db(), f.users.volunteer, target, contact, { organisationId: f.organisationId });
    const held = await currentReservation(db(), target);
    assert.equal(held?.expiresAt, null);
    await assert.rejects(logContact(db(), f.users.other, target, contact), (e: OutreachError) => e.status === 409);
    await assert.rejects(
      updateContact(db(), f.users.other, created.id, 1, contact),
      (e: OutreachError) => e.status === 403,
    );
    await updateContact(db(), f.users.volunteer, created.id, 1, { ...contact, notes: 'première édition' });
    await assert.rejects(
      updateContact(db(), f.users.volunteer, created.id, 1, { ...contact, notes: 'édition concurrente' }),
      (e: OutreachError) => e.status === 409 && /modifié par ailleurs/.test(e.message),
    );
    const individual = await resolveTarget(db(), 'candidacy', f.individual[0] ?? '');
    await logContact(
      db(),
      f.users.volunteer,
      individual,
      { ...contact, channel: 'courrier' },
      { organisationId: f.organisationId },
    );
    const id = await recordResponse(
      db(),
      f.users.volunteer,
      target,
      { receivedOn: '2026-01-12', verbatim: 'Nous signons.', classification: 'signe', level: '2', consent: true },
      { organisationId: f.organisationId },
    );
    await moderateResponse(db(), f.users.moderator.id, id, 1, 'published');
    await assert.rejects(
      moderateResponse(db(), f.users.moderator.id, id, 1, 'rejected'),
      (e: OutreachError) => e.status === 409,
    );
    const counts = await organisationCounts(db(), f.organisationId);
    assert.deepEqual(counts, { contacts: 2, answers: 1, signed: 1 });
    const cov = await coverage(db(), organisationScope(f.organisationId));
    assert.equal(cov.all.total, 8);
    assert.equal(cov.all.contacted, 2);
    assert.equal(cov.all.signed, 1);
    const unassigned = await unassignedHeads(db(), organisationScope(f.organisationId));
    assert.equal(unassigned.length, 5);
  });

  test('a published signature of the pact makes a list « signé »', async () => {
    const listId = f.lists['62510']?.[1] ?? '';
    const created = await createSignature(db(), {
      electionId: 'municipales-2026',
      variant: 'list',
      channel: 'paper',
      listId,
      fields: {
        listName: 'Liévin liste 2',
        listPosition: '1',
        parties: '',
        website: '',
        communeName: 'Liévin',
        postcode: '62800',
        lastName: 'NOM21',
        firstName: 'Prénom1',
        phone: '',
        email: 'tete@example.org',
        place: 'Liévin',
        signedOn: '2026-02-01',
      },
      consentPublish: true,
      consentContact: false,
      enteredBy: f.users.volunteer.id,
    });
    const scope = organisationScope(f.organisationId);
    const statusOf = async () =>
      (await workspacePage(db(), scope, { headsOnly: true, eligibleFirst: false, commune: '62510', nuance: 'LUG' }, 1))
        .rows[0]?.status.kind;
    assert.equal(await statusOf(), 'non-contacte', 'a signature to verify does not count yet');
    await transitionSignature(db(), created.signature.id, 'published', f.users.moderator.id);
    assert.equal(await statusOf(), 'signe');
    assert.equal((await coverage(db(), scope)).all.signed, 2);
  });
});
