import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import type { User } from '../accounts/users.service.ts';
import { createMailer } from '../mail/mailer.ts';
import { forEachDatabase } from '../testing/databases.ts';
import { startSmtpServer } from '../testing/smtp.ts';
import { answerItem, createAnswerLink, findAnswerLink, revokeAnswerLink } from './answers.service.ts';
import { auditEntries } from './audit.queries.ts';
import { bulkUpdate } from './bulk.service.ts';
import { type FollowupFixture, seedFollowup, writeFixture } from './followup.fixtures.ts';
import { actionLevel, computeProgress } from './levels.ts';
import { sendReminders, setReminderMonths } from './reminders.service.ts';
import {
  electedSignatories,
  importSecondRound,
  qualifiedSignatories,
  refreshElectedFromRne,
  resultFlags,
} from './results.service.ts';
import { getScorecard, publishedFeed, refreshScorecards } from './scorecards.service.ts';
import { proposeUpdate, publishUpdate, rejectUpdate } from './updates.service.ts';

const actor = (u: User) => ({ id: u.id, role: u.role });
const evidence = { evidenceUrl: '', evidenceDocument: '', evidenceDate: '', note: '' };

test('levels: actions of the 2026 pact tagged from seed 004, level reached only when all its actions are kept', () => {
  assert.equal(
    actionLevel('Commencer par des logiciels libres éprouvés… Par exemple LibreOffice pour la bureautique'),
    1,
  );
  assert.equal(actionLevel("Migrer les serveurs informatiques sur un système d'exploitation libre"), 2);
  assert.equal(actionLevel('publier sous licence libre les développements réalisés par la commune ;'), 3);
  assert.equal(actionLevel('Prévoir des instances de remontées de besoins dans les marchés publics ;'), null);
  const items = [
    { kind: 'action' as const, pactLevel: 1, status: 'tenu' as const },
    { kind: 'action' as const, pactLevel: 2, status: 'tenu' as const },
    { kind: 'action' as const, pactLevel: 2, status: 'en-cours' as const },
    { kind: 'action' as const, pactLevel: 3, status: 'tenu' as const },
    { kind: 'commitment' as const, pactLevel: null, status: 'non-evalue' as const },
  ];
  const p = computeProgress(items);
  assert.equal(p.level, 1, 'level 2 not reached while one of its actions is in progress; level 3 needs level 2');
  assert.equal(p.kept, 3);
  assert.equal(p.evaluated, 4);
});

forEachDatabase('follow-up of elected signatories', (database) => {
  let f: FollowupFixture;
  before(async () => {
    f = await seedFollowup(database().connection);
  });

  test('RNE import marks the right candidacies and lists elected, and elected signatories are counted', async () => {
    const { db } = database().connection;
    const r = await refreshElectedFromRne(db, 'municipales-2026', { actor: 'test' });
    // LEFÈBVRE (maire + CM), KACZMAREK, DUBOIS; the 2020 councillor of Liévin is not a 2026 winner.
    assert.equal(r.candidacies.created, 3);
    assert.equal(r.lists.created, 2);
    const again = await refreshElectedFromRne(db, 'municipales-2026', { actor: 'test' });
    assert.equal(again.candidacies.created + again.candidacies.updated + again.candidacies.ended, 0, 'idempotent');
    const flags = await resultFlags(db, { listIds: [f.listId] });
    const listFlag = flags.get(`list:${f.listId}`)?.[0];
    assert.equal(listFlag?.flag, 'elected');
    assert.equal(listFlag?.source, 'rne');
    assert.equal(listFlag?.asOf, '2026-03-15');
    assert.match(listFlag?.detail ?? '', /maire/);
    const counts = await electedSignatories(db, 'municipales-2026');
    // The list « Lens en commun » and Jérôme KACZMAREK; Paris (not in the official data) is not elected.
    assert.deepEqual(counts, { signatures: 2, lists: 1, individuals: 1, collectivities: 1 });
  });

  test('second-round file: lists qualified through the importer’s parsers, unknown lists reported by line', async () => {
    const { db } = database().connection;
    const header =
      '"Code département";"Département";"Code circonscription";"Circonscription";"Numéro de panneau";"Libellé abrégé de liste";"Libellé de la liste";"Code nuance de liste";"Nuance de liste";"Tête de liste";"Ordre";"Sexe";"Nom sur le bulletin de vote";"Prénom sur le bulletin de vote";"Nationalité";"Code personnalité";"CC"';
    const path = writeFixture(f.dir, 'tour2.csv', [
      header,
      '"62";"Pas-de-Calais";"62498";"Lens";"2";"LENS EN COMMUN";"Lens en commun";"LDVG";"Liste divers gauche";"OUI";"1";"F";"LEFÈBVRE";"Anne-Sophie";"Française";"";"OUI"',
      '"62";"Pas-de-Calais";"62498";"Lens";"1";"LENS; DEMAIN";"Lens; demain";"LDVD";"Liste divers droite";"OUI";"1";"M";"DUBOIS";"Théo";"Française";"";"OUI"',
      '"62";"Pas-de-Calais";"62498";"Lens";"3";"INCONNUE";"Liste inconnue";"LDIV";"Liste divers";"OUI";"1";"M";"X";"Y";"Française";"";""',
    ]);
    await assert.rejects(importSecondRound(db, path, { electionId: 'municipales-2026', round: 1 }), /second tour/);
    const dry = await importSecondRound(db, path, { electionId: 'municipales-2026', round: 2, dryRun: true });
    assert.equal(dry.qualified, 2);
    assert.deepEqual(
      dry.rejected.map((r) => r.line),
      [4],
    );
    assert.equal(
      (await resultFlags(db, { listIds: [f.listId] })).get(`list:${f.listId}`)?.length,
      1,
      'dry run writes nothing',
    );
    const s = await importSecondRound(db, path, { electionId: 'municipales-2026' });
    assert.equal(s.counts.created, 2);
    const flags = (await resultFlags(db, { listIds: [f.listId] })).get(`list:${f.listId}`) ?? [];
    assert.deepEqual(flags.map((x) => x.flag).sort(), ['elected', 'qualified']);
    assert.equal(flags.find((x) => x.flag === 'qualified')?.asOf, '2026-03-22');
    // /statistiques: signatories in the second round (the list, and its member who signed alone).
    assert.equal(await qualifiedSignatories(db, 'municipales-2026'), 2);
    assert.equal(await qualifiedSignatories(db, 'legislatives-2024'), null, 'unknown until a file is imported');
  });

  test('a scorecard per collectivity, from the pact version signed', async () => {
    const { db } = database().connection;
    const r = await refreshScorecards(db, 'municipales-2026', { actor: 'test' });
    // Lens (mayor's list, councillor) and the CA de Lens - Liévin (conseiller communautaire).
    assert.equal(r.created, 2);
    assert.equal(r.signatoriesAdded, 4);
    assert.equal((await refreshScorecards(db, 'municipales-2026')).created, 0, 'idempotent');
    const card = await getScorecard(db, '62498');
    assert.ok(card);
    assert.equal(card.scorecard.collectivity_name, 'Lens');
    assert.equal(card.items.filter((i) => i.kind === 'commitment').length, 3);
    assert.ok(card.items.some((i) => /LibreOffice/.test(i.text) && i.pactLevel === 1));
    assert.ok(card.items.every((i) => i.status === 'non-evalue'));
    assert.equal(card.progress.level, 0);
    assert.equal(card.signatories.length, 2);
    const epci = await getScorecard(db, 'epci-246200364');
    assert.equal(epci?.scorecard.collectivity_kind, 'epci');
    assert.equal(epci?.scorecard.collectivity_name, 'CA de Lens - Liévin');
  });

  test('a volunteer of the zone proposes with evidence, a moderator publishes: item, level and feed change, audit logged', async () => {
    const { db } = database().connection;
    const card = (await getScorecard(db, '62498'))!;
    const libreoffice = card.items.find((i) => i.pactLevel === 1)!;
    const base = { scorecardId: card.scorecard.id, itemKey: libreoffice.key };
    // Outside the zone: refused.
    const outside = await proposeUpdate(db, actor(f.users.outsider), {
      ...base,
      ...evidence,
      status: 'tenu',
      evidenceUrl: 'https://lens.fr/x',
    });
    assert.equal(outside.ok, false);
    // Bad input: not http(s), no evidence.
    const ftp = await proposeUpdate(db, actor(f.users.volunteer), {
      ...base,
      ...evidence,
      status: 'tenu',
      evidenceUrl: 'ftp://lens.fr/x',
    });
    assert.ok(!ftp.ok && /https:\/\//.test(ftp.errors.evidenceUrl ?? ''));
    const js = await proposeUpdate(db, actor(f.users.volunteer), {
      ...base,
      ...evidence,
      status: 'tenu',
      evidenceUrl: 'javascript:alert(1)',
    });
    assert.ok(!js.ok && js.errors.evidenceUrl);
    const none = await proposeUpdate(db, actor(f.users.volunteer), { ...base, ...evidence, status: 'en cours' });
    assert.ok(!none.ok && /preuve/.test(none.errors.evidenceUrl ?? ''));
    const notAssessed = await proposeUpdate(db, actor(f.users.volunteer), {
      ...base,
      ...evidence,
      status: 'non évalué',
    });
    assert.ok(notAssessed.ok, 'non évalué needs no evidence');
    await rejectUpdate(db, notAssessed.updateId, actor(f.users.moderator), 'Rien de nouveau');

    const proposed = await proposeUpdate(db, actor(f.users.volunteer), {
      ...base,
      status: 'tenu',
      evidenceUrl: 'https://www.villedelens.fr/deliberation-2026-45.pdf',
      evidenceDocument: 'Délibération n° 2026-45',
      evidenceDate: '12/09/2026',
      note: 'LibreOffice installé dans tous les services.',
    });
    assert.ok(proposed.ok);
    const pending = (await getScorecard(db, '62498'))!;
    assert.equal(pending.pending, 1);
    assert.equal(
      pending.items.find((i) => i.key === libreoffice.key)?.status,
      'non-evalue',
      'not public before moderation',
    );
    assert.equal((await publishedFeed(db)).length, 0);

    await publishUpdate(db, proposed.updateId, actor(f.users.moderator));
    await assert.rejects(publishUpdate(db, proposed.updateId, actor(f.users.moderator)), /déjà traitée/);
    const after = (await getScorecard(db, '62498'))!;
    const item = after.items.find((i) => i.key === libreoffice.key)!;
    assert.equal(item.status, 'tenu');
    assert.equal(item.evidenceDate, '2026-09-12');
    assert.equal(after.progress.level, 1);
    assert.equal(Number(after.scorecard.level), 1, 'cached on the row for /suivi');
    assert.equal(after.timeline.length, 1);
    assert.equal(after.timeline[0]?.previous_status, 'non-evalue');
    const feed = await publishedFeed(db);
    assert.equal(feed.length, 1);
    assert.equal(feed[0]?.slug, '62498');
    const log = await auditEntries(db, 'followup_item', `${card.scorecard.id}:${libreoffice.key}`);
    assert.equal(log.length, 1);
    assert.equal(log[0]?.actor, f.users.moderator.id);
    assert.equal(JSON.parse(log[0]?.before ?? '{}').status, 'non-evalue');
    assert.equal(JSON.parse(log[0]?.after ?? '{}').status, 'tenu');
  });

  test('CSV bulk update: dry run shows the changes, errors by line apply nothing, then one transaction', async () => {
    const { db } = database().connection;
    const card = (await getScorecard(db, '62498'))!;
    const level2 = card.items.filter((i) => i.pactLevel === 2).map((i) => i.key);
    assert.equal(level2.length, 5);
    const header = 'collectivite;element;statut;preuve;date;note';
    const good = level2.map((k) => `62498;${k};tenu;https://www.villedelens.fr/numerique;2027-01-10;Fait`);
    const bad = [
      header,
      ...good,
      '99999;1.1;tenu;https://exemple.fr;2027-01-10;',
      '62498;9.9;tenu;https://exemple.fr;2027-01-10;',
      '62498;2.1;tenu;ftp://exemple.fr/x;2027-01-10;',
      '62498;2.2;en cours;;2027-01-10;',
      '62498;2.3;non évalué;;;',
    ].join('\n');
    const failed = await bulkUpdate(db, f.users.coordinator.id, bad, { dryRun: false });
    assert.equal(failed.applied, false);
    assert.deepEqual(
      failed.errors.map((e) => e.line),
      [7, 8, 9, 10],
    );
    assert.match(failed.errors[0]?.message ?? '', /collectivité inconnue/);
    assert.match(failed.errors[1]?.message ?? '', /élément inconnu/);
    assert.equal(
      (await getScorecard(db, '62498'))!.items.filter((i) => i.status === 'tenu').length,
      1,
      'nothing half-applied',
    );

    const okText = [header, ...good, '62498;2.3;non évalué;;;'].join('\n');
    const dry = await bulkUpdate(db, f.users.coordinator.id, okText, { dryRun: true });
    assert.equal(dry.errors.length, 0);
    assert.equal(dry.changes.filter((c) => c.changes).length, 5);
    assert.equal(dry.changes[0]?.before, 'non-evalue');
    assert.equal(dry.changes[0]?.after, 'tenu');
    assert.equal((await getScorecard(db, '62498'))!.progress.level, 1, 'dry run writes nothing');

    const done = await bulkUpdate(db, f.users.coordinator.id, okText, { dryRun: false });
    assert.equal(done.applied, true);
    const after = (await getScorecard(db, '62498'))!;
    assert.equal(after.progress.level, 2);
    assert.equal(after.timeline.length, 6);
  });

  test('the elected team answers through a personal link; revoked and expired links refused', async () => {
    const { db } = database().connection;
    const card = (await getScorecard(db, '62498'))!;
    const link = await createAnswerLink(db, card.scorecard.id, 'Équipe municipale de Lens', f.users.moderator.id);
    assert.equal((await findAnswerLink(db, link.token)).status, 'ok');
    assert.deepEqual(await answerItem(db, link.token, '1.1', 'La direction générale a validé le plan de migration.'), {
      ok: true,
    });
    assert.equal((await answerItem(db, link.token, '1.1', '   ')).ok, false);
    const shown = (await getScorecard(db, '62498'))!.items.find((i) => i.key === '1.1');
    assert.equal(shown?.answers[0]?.body, 'La direction générale a validé le plan de migration.');
    await revokeAnswerLink(db, link.id, f.users.moderator.id);
    assert.equal((await findAnswerLink(db, link.token)).status, 'revoked');
    assert.equal((await answerItem(db, link.token, '1.1', 'encore')).ok, false);
    const old = await createAnswerLink(db, card.scorecard.id, 'x', 'test', { now: new Date('2020-01-01') });
    assert.equal((await findAnswerLink(db, old.token)).status, 'expired');
    assert.equal((await findAnswerLink(db, 'pas-un-jeton')).status, 'invalid');
  });

  test('« did they act? »: the volunteers of the zone receive the email on a real SMTP server, once per period', async () => {
    const { db } = database().connection;
    const smtp = await startSmtpServer();
    try {
      const mailer = createMailer(
        { smtpUrl: smtp.url, outboxDir: f.dir, mailFrom: 'Pacte <pacte@example.org>' },
        { logError: () => {} },
      );
      await setReminderMonths(db, 3);
      const dry = await sendReminders(db, mailer, { baseUrl: 'http://pacte.test', dryRun: true });
      assert.deepEqual(dry.sent.map((s) => s.email).sort(), ['benevole@example.org', 'coordination@example.org']);
      assert.equal(smtp.received.length, 0, 'a dry run sends nothing');
      const report = await sendReminders(db, mailer, { baseUrl: 'http://pacte.test' });
      assert.equal(report.months, 3);
      assert.equal(report.sent.length, 2);
      const mails = [await smtp.nextMail(), await smtp.nextMail()];
      const mail = mails.find((m) => m.envelope.to.includes('benevole@example.org'));
      assert.ok(mail);
      assert.match(mail.parsed.subject ?? '', /Ont-ils agi/);
      assert.match(mail.parsed.text ?? '', /Lens — éléments à vérifier : 1, 1\.1/);
      assert.match(mail.parsed.text ?? '', /http:\/\/pacte\.test\/espace\/suivi\/62498#proposer/);
      assert.doesNotMatch(mail.parsed.text ?? '', /Chtinux/);
      const again = await sendReminders(db, mailer, { baseUrl: 'http://pacte.test' });
      assert.equal(again.sent.length, 0);
      assert.equal(again.skipped, 2);
    } finally {
      await smtp.close();
    }
  });

  test('mandate change: a collectivity without a signatory in office keeps its history, the scorecard says so', async () => {
    const { db } = database().connection;
    // The RNE no longer says anyone of Lens is in office (simulated: every Lens mandate ended).
    await db
      .updateTable('mandates')
      .set({ current: 0, ended_at: '2027-06-01T00:00:00.000Z' })
      .where('commune_code', '=', '62498')
      .execute();
    const r = await refreshElectedFromRne(db, 'municipales-2026', { actor: 'test', now: '2027-06-02T00:00:00.000Z' });
    assert.equal(r.candidacies.updated, 3);
    const s = await refreshScorecards(db, 'municipales-2026', { now: '2027-06-02T00:00:00.000Z' });
    assert.equal(s.ended, 2);
    const card = (await getScorecard(db, '62498'))!;
    assert.equal(card.scorecard.status, 'ended');
    assert.match(card.scorecard.status_note ?? '', /historique du suivi est conservé/);
    assert.ok(card.signatories.every((x) => x.until === '2027-06-02'));
    assert.equal(card.progress.level, 2, 'history kept');
  });
});
