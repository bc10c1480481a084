import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { createUser } from '../accounts/users.service.ts';
import { createMailer } from '../mail/mailer.ts';
import { testApp } from '../testing/app.ts';
import { TestClient } from '../testing/client.ts';
import { forEachDatabase } from '../testing/databases.ts';
import { startSmtpServer } from '../testing/smtp.ts';
import { insertMayors } from './ambassadors.fixtures.ts';
import { prepareMailing } from './mailing.service.ts';
import { emailMayorLetters, loadMairieEmails } from './mairie-emails.service.tsx';

const PASSWORD = 'mot de passe solide';
forEachDatabase('letters to mayors by email', (database) => {
  const db = () => database().connection.db;
  const dir = mkdtempSync(join(tmpdir(), 'pacte-mairies-'));
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let coordinatorId = '';

  before(async () => {
    smtp = await startSmtpServer({ rejectRecipients: ['inconnue@mairie-arras.test'] });
    coordinatorId = (await createUser(db(), { email: 'coord@exemple.test', role: 'coordinator', password: PASSWORD }))
      .id;
    await insertMayors(db());
  });
  after(async () => {
    await smtp.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('addresses are loaded all or nothing, with the faulty lines named', async () => {
    const bad = await loadMairieEmails(
      db(),
      'code_insee;adresse\n62498;mairie@lens.test\n99999;x@y.test\n62041;pas-une-adresse\n;orphelin@x.test',
      'test',
    );
    assert.equal(bad.ok, false);
    if (!bad.ok) {
      assert.ok(
        bad.errors.includes('ligne 4 : adresse électronique manquante.') || bad.errors.some((e) => /ligne 4/.test(e)),
      );
      assert.ok(bad.errors.some((e) => /ligne 5 : code INSEE manquant/.test(e)));
      assert.ok(bad.errors.includes('Commune inconnue : 99999.'));
    }
    assert.equal((await db().selectFrom('mairie_emails').selectAll().execute()).length, 0, 'nothing stored');
    const good = await loadMairieEmails(
      db(),
      '"code_insee";"adresse"\n"62498";"Mairie@Lens.test"\n62041,inconnue@mairie-arras.test\n',
      'test',
    );
    assert.deepEqual(good, { ok: true, counts: { created: 2, updated: 0, unchanged: 0 } });
    const again = await loadMairieEmails(db(), '62498;mairie@lens.test', 'test');
    assert.deepEqual(again, { ok: true, counts: { created: 0, updated: 0, unchanged: 1 } });
  });

  test('each mairie with an address gets its letter by email (PDF attached); refusals and the others are reported', async () => {
    const prepared = await prepareMailing(db(), {
      departement: '62',
      kind: 'initial',
      sender: { organisationName: 'Libre 62', address: '1 rue du Libre\n62300 Lens', signature: '', place: 'Lens' },
      actorId: coordinatorId,
      baseUrl: 'http://pacte.test',
    });
    assert.ok(prepared.ok);
    const mailer = createMailer(
      { smtpUrl: smtp.url, outboxDir: dir, mailFrom: 'Pacte <noreply@pacte.test>' },
      { logError: () => {} },
    );
    const outcome = await emailMayorLetters(db(), mailer, prepared.letters, { replyTo: 'coord@exemple.test' });
    assert.deepEqual(outcome.sent, ['62498']);
    assert.deepEqual(
      outcome.failed.map((f) => f.insee),
      ['62041'],
    );
    assert.deepEqual(
      outcome.withoutAddress.map((l) => l.recipientKey),
      ['62119'],
    );
    const mail = await smtp.nextMail();
    assert.deepEqual(mail.envelope.to, ['mairie@lens.test']);
    assert.match(mail.parsed.subject ?? '', /ambassadeur du libre/);
    assert.match(mail.parsed.text ?? '', /Madame la Maire,/);
    assert.match(mail.parsed.text ?? '', /demande-visite\?commune=62498/);
    assert.equal(mail.parsed.attachments[0]?.contentType, 'application/pdf');
    assert.equal(mail.parsed.replyTo?.value[0]?.address, 'coord@exemple.test');
  });

  test('the coordinator pastes addresses on the mailing page; mistakes come back with the text kept', async () => {
    const client = new TestClient(testApp(database().connection).app);
    assert.equal((await client.login('coord@exemple.test', PASSWORD)).status, 303);
    const page = '/espace/ambassadeurs/courrier';
    const wrong = await client.post(`${page}/adresses`, { departement: '62', adresses: '62119;nimporte' }, page);
    assert.equal(wrong.status, 400);
    const html = await wrong.text();
    assert.match(html, /ligne 1 : adresse électronique manquante|adresse électronique invalide|code INSEE/);
    assert.match(html, />62119;nimporte<\/textarea>/);
    const ok = await client.post(
      `${page}/adresses`,
      { departement: '62', adresses: '62119;mairie@bethune.test' },
      page,
    );
    assert.equal(ok.status, 200);
    assert.match(await ok.text(), /Adresses enregistrées : 1 nouvelle\(s\)/);
  });
});
