import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { seedSignatures } from '../pledges/signatures.fixtures.ts';
import { assertOneLineError, runPacte } from '../testing/cli.ts';
import { forEachDatabase } from '../testing/databases.ts';
import { RETENTION_SETTING, retentionEnd } from './retention.service.ts';

// `pacte privacy purge` as a separate process: the municipales 2026 ended (last round 22 March 2026)
// more than 6 months ago, so the phone and email of its signatories go; a dry run only counts.

forEachDatabase('pacte privacy purge', (database) => {
  const cwd = mkdtempSync(join(tmpdir(), 'pacte-privacy-cli-'));
  const db = () => database().connection.db;
  const env = () => ({ DATABASE_URL: database().url });
  const withContact = async () =>
    (
      await db()
        .selectFrom('signatures')
        .select('id')
        .where((eb) => eb.or([eb('phone', '!=', ''), eb('email', '!=', '')]))
        .execute()
    ).length;

  before(async () => {
    const { listId, waiting } = await seedSignatures(database().connection);
    // An online signature never confirmed, its link expired 40 days ago.
    await db()
      .updateTable('signatures')
      .set({
        state: 'pending_confirmation',
        confirmation_expires_at: new Date(Date.now() - 40 * 86_400_000).toISOString(),
      })
      .where('id', '=', waiting)
      .execute();
    // A letter emailed to that list during the campaign.
    const at = '2026-02-01T10:00:00.000Z';
    await db()
      .insertInto('letter_templates')
      .values({
        id: 'tpl-privacy',
        name: 'Lettre',
        election_kind: 'municipales',
        subject: 'Le pacte',
        body: '…',
        builtin: 0,
        version: 1,
        created_at: at,
        updated_at: at,
        updated_by: null,
      })
      .execute();
    await db()
      .insertInto('letter_sends')
      .values({
        id: 'send-privacy',
        template_id: 'tpl-privacy',
        contact_id: null,
        list_id: listId,
        candidacy_id: null,
        email: 'tete.de.liste@lens.test',
        subject: 'Le pacte',
        status: 'sent',
        error: null,
        message_id: null,
        sent_by: 'benevole',
        sent_at: at,
      })
      .execute();
  });
  after(() => rmSync(cwd, { recursive: true, force: true }));

  test('retention end: last round plus N months', () => {
    assert.equal(retentionEnd('2026-03-22', 6).toISOString().slice(0, 10), '2026-09-22');
  });

  test('dry run counts, the real run anonymises, a second run finds nothing', async () => {
    assert.equal(await withContact(), 4);
    const dry = await runPacte(['privacy', 'purge', '--dry-run'], { cwd, env: env() });
    assert.equal(dry.code, 0, dry.stderr);
    assert.match(dry.stdout, /Conservation : 6 mois après le dernier tour \(simulation/);
    assert.match(dry.stdout, /municipales-2026 \(2026-03-22\)/);
    assert.match(dry.stdout, /Signatures \(téléphone, courriel\) à anonymiser : 4/);
    assert.match(dry.stdout, /Courriers aux candidats \(adresse\) à anonymiser : 1/);
    assert.match(dry.stdout, /Signatures jamais confirmées \(lien expiré depuis 30 jours\) à supprimer : 1/);
    assert.equal(await withContact(), 4, 'a dry run changes nothing');

    // A longer retention setting keeps the 2026 data for now.
    await db().insertInto('settings').values({ key: RETENTION_SETTING, value: '12' }).execute();
    const longer = await runPacte(['privacy', 'purge', '--dry-run'], { cwd, env: env() });
    assert.match(longer.stdout, /Conservation : 12 mois/);
    assert.match(longer.stdout, /Signatures \(téléphone, courriel\) à anonymiser : 0/);
    await db().deleteFrom('settings').where('key', '=', RETENTION_SETTING).execute();

    const real = await runPacte(['privacy', 'purge'], { cwd, env: env() });
    assert.equal(real.code, 0, real.stderr);
    assert.match(real.stdout, /Signatures \(téléphone, courriel\) anonymisé\(e\)s : 4/);
    assert.equal(await withContact(), 0);
    assert.match(real.stdout, /jamais confirmées \(lien expiré depuis 30 jours\) supprimées : 1/);
    const left = await db().selectFrom('signatures').select('id').execute();
    assert.equal(left.length, 3);
    const letter = await db()
      .selectFrom('letter_sends')
      .select('email')
      .where('id', '=', 'send-privacy')
      .executeTakeFirstOrThrow();
    assert.equal(letter.email, '');
    const published = await db()
      .selectFrom('signatures')
      .select('last_name')
      .where('state', '=', 'published')
      .execute();
    assert.equal(published.length, 3, 'the public record stays');
    const audit = await db().selectFrom('audit_log').select('after').where('action', '=', 'privacy.purge').execute();
    assert.equal(audit.length, 1);
    assert.deepEqual(JSON.parse(audit[0]?.after ?? '{}'), { months: 6, signatures: 4, letters: 1, unconfirmed: 1 });

    const again = await runPacte(['privacy', 'purge'], { cwd, env: env() });
    assert.match(again.stdout, /anonymisé\(e\)s : 0/);
    assertOneLineError(
      await runPacte(['privacy', 'purge', '--months', 'six'], { cwd, env: env() }),
      /nombre de mois invalide/,
    );
    assertOneLineError(
      await runPacte(['privacy', 'purge', 'extra'], { cwd, env: env() }),
      /usage : pacte privacy purge/,
    );
  });
});
