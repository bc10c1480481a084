import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { createUser } from '../accounts/users.service.ts';
import { assertOneLineError, runPacte } from '../testing/cli.ts';
import { forEachDatabase } from '../testing/databases.ts';
import { startSmtpServer } from '../testing/smtp.ts';

forEachDatabase('pacte ambassadors remind', (database) => {
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  const cwd = mkdtempSync(join(tmpdir(), 'pacte-amb-cli-'));
  before(async () => {
    smtp = await startSmtpServer();
  });
  after(async () => {
    await smtp.close();
    rmSync(cwd, { recursive: true, force: true });
  });

  test('a request waiting for assignment for 10 days: the coordinators are reminded once', async () => {
    const db = database().connection.db;
    await createUser(db, { email: 'coord@example.org', role: 'coordinator', password: 'mot de passe solide' });
    const old = new Date(Date.now() - 10 * 86_400_000).toISOString();
    await db
      .insertInto('visit_requests')
      .values({
        id: 'vr-1',
        commune_insee: '62498',
        departement_code: '62',
        contact_name: 'Claire Martin',
        contact_role: 'Maire',
        email: 'mairie@lens.example',
        phone: '0321000000',
        state: 'demandee',
        state_since: old,
        confirmed_at: old,
        created_at: old,
        updated_at: old,
      } as never)
      .execute();
    const env = { DATABASE_URL: database().url, SMTP_URL: smtp.url, BASE_URL: 'https://pacte.example' };
    const run = await runPacte(['ambassadors', 'remind'], { cwd, env });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /Demandes de visite relancées : 1 \(1 courriel\(s\), SMTP 127\.0\.0\.1:\d+\)/);
    const mail = await smtp.nextMail();
    assert.deepEqual(mail.envelope.to, ['coord@example.org']);
    assert.match(mail.parsed.text ?? '', /https:\/\/pacte\.example\/espace\/ambassadeurs\/demandes\/vr-1/);
    assert.match(mail.parsed.text ?? '', /à l’étape « demandée » depuis 10 jours/);
    const again = await runPacte(['ambassadors', 'remind'], { cwd, env });
    assert.match(again.stdout, /relancées : 0 /);
    assert.match(again.stdout, /Données personnelles : 0 demande\(s\) jamais confirmée\(s\) supprimée\(s\)/);
    assertOneLineError(
      await runPacte(['ambassadors', 'remind', 'extra'], { cwd, env }),
      /usage : pacte ambassadors remind/,
    );
  });
});
