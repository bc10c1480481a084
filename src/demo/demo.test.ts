import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { countSignaturesByState } from '../pledges/signatures.service.ts';
import { campaignStatistics } from '../statistics/statistics.service.ts';
import { campaignSources } from '../statistics/statistics.sources.ts';
import { testApp } from '../testing/app.ts';
import { forEachDatabase } from '../testing/databases.ts';
import { loadDemo } from './demo.service.ts';

forEachDatabase('pacte demo', (database) => {
  test('loads lists from the official-format file, signatures in every state, a relay with contacts; once', async () => {
    const reportDir = mkdtempSync(join(tmpdir(), 'pacte-demo-'));
    const summary = await loadDemo(database().connection, { reportDir });
    assert.equal(summary.alreadyLoaded, false);
    assert.equal(summary.lists, 13);
    assert.ok(summary.account?.password, 'a coordinator account is created');
    const { db } = database().connection;
    const states = await countSignaturesByState(db, 'municipales-2026');
    assert.deepEqual(states, { pending_confirmation: 1, to_verify: 1, published: 7, rejected: 1, withdrawn: 1 });
    assert.equal(summary.contacts, 7);
    assert.equal(summary.responses, 4);

    const stats = await campaignStatistics(db, campaignSources);
    assert.equal(stats.totals.signatures, 7);
    assert.equal(stats.totals.heads, 6, 'six lists signed through their head, one member alone');
    assert.equal(stats.totals.communes, 5);
    assert.equal(stats.totals.listsContacted, 7);
    assert.equal(stats.totals.listsAnswered, 4);
    assert.ok(stats.timeline.length >= 5, 'signatures spread over several days');
    assert.equal(stats.departements.find((d) => d.code === '62')?.signatures, 4);

    const { app } = testApp(database().connection);
    const home = await (await app.request('/')).text();
    assert.match(home, /Lens en commun/);
    assert.ok(!home.includes('@demo.pacte.test'), 'no email on the home page');

    const again = await loadDemo(database().connection, { reportDir });
    assert.equal(again.alreadyLoaded, true);
    assert.equal((await countSignaturesByState(db, 'municipales-2026')).published, 7);
  });
});
