import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { createUser, findUserByEmail } from '../accounts/users.service.ts';
import { importFile } from '../candidates/import/import.service.ts';
import type { Db } from '../db/connection.ts';
import { logContact, recordResponse } from '../outreach/contacts.service.ts';
import { resolveTarget } from '../outreach/targets.service.ts';
import { campaignReach, coverage } from '../outreach/workspace.service.ts';
import { createSignature, transitionSignature } from '../pledges/signatures.service.ts';
import { testApp } from '../testing/app.ts';
import { forEachDatabase } from '../testing/databases.ts';
import { countClasses, shareClasses } from './map.views.tsx';
import {
  campaignStatistics,
  departementOfBallot,
  type SignatureFact,
  StatisticsCache,
  type StatisticsSources,
} from './statistics.service.ts';
import { campaignSources } from './statistics.sources.ts';

const fixtures = join(import.meta.dirname, '..', 'candidates', 'import', 'fixtures');

describe('statistics helpers', () => {
  test('the département of a ballot: commune, sector, overseas, Corsica, circonscription', () => {
    assert.equal(departementOfBallot('municipales-2026.62498'), '62');
    assert.equal(departementOfBallot('municipales-2026.13055SR01'), '13');
    assert.equal(departementOfBallot('municipales-2026.97411'), '974');
    assert.equal(departementOfBallot('municipales-2026.2A004'), '2A');
    assert.equal(departementOfBallot('legislatives-2024.62-13'), '62');
    assert.equal(departementOfBallot('legislatives-2024.976-01'), '976');
    assert.equal(departementOfBallot('europeennes-2024.FR'), null);
  });

  test('map classes: counts in four steps up to the maximum, shares in quarters', () => {
    const counts = countClasses('fr', 8);
    assert.deepEqual(
      counts.classes.map((c) => c.label),
      ['0', '1–2', '3–4', '5–6', '7–8'],
    );
    assert.deepEqual([0, 1, 2, 3, 8].map(counts.classOf), [0, 1, 1, 2, 4]);
    assert.deepEqual(countClasses('fr', 0).classes.length, 1);
    const shares = shareClasses();
    assert.deepEqual([0, 0.1, 0.25, 0.6, 1].map(shares.classOf), [0, 1, 2, 3, 4]);
  });
});

async function publishListSignature(db: Db, listId: string, lastName: string, position: string, at: string) {
  const made = await createSignature(
    db,
    {
      electionId: 'municipales-2026',
      variant: 'list',
      channel: 'paper',
      listId,
      fields: {
        listName: '',
        listPosition: position,
        parties: '',
        website: '',
        communeName: '',
        postcode: '',
        lastName,
        firstName: 'Test',
        phone: '06 00 00 00 01',
        email: `${lastName.toLowerCase()}@prive.test`,
        place: 'Lens',
        signedOn: at.slice(0, 10),
      },
      consentPublish: true,
      consentContact: false,
    },
    { now: new Date(at) },
  );
  await transitionSignature(db, made.signature.id, 'published', 'moderateur', null, new Date(at));
  return made.signature.id;
}

forEachDatabase('statistics, map and home page', (database) => {
  let lensLists: { id: string; nuance_code: string | null }[] = [];

  before(async () => {
    const { db } = database().connection;
    await importFile(database().connection, join(fixtures, 'municipales-2026.csv'), {
      reportDir: mkdtempSync(join(tmpdir(), 'pacte-reports-')),
    });
    lensLists = await db
      .selectFrom('lists')
      .select(['id', 'nuance_code'])
      .where('ballot_id', '=', 'municipales-2026.62498')
      .orderBy('panel')
      .execute();
    assert.ok(lensLists.length >= 2, 'the fixture has at least two lists in Lens');
    await publishListSignature(db, (lensLists[0] as { id: string }).id, 'PREMIER', '1', '2026-02-01T10:00:00Z');
    await publishListSignature(db, (lensLists[1] as { id: string }).id, 'SECOND', '3', '2026-02-03T10:00:00Z');
  });

  test('published signatures are counted by département, day and nuance; no mandate yet → elected unknown', async () => {
    const stats = await campaignStatistics(database().connection.db, campaignSources);
    assert.equal(stats.election?.id, 'municipales-2026');
    assert.equal(stats.totals.signatures, 2);
    assert.equal(stats.totals.heads, 1, 'position 1 counts as tête de liste');
    assert.equal(stats.totals.communes, 1);
    assert.equal(stats.totals.elected, null);
    assert.equal(stats.totals.secondRound, null);
    assert.equal(stats.totals.listsSigned, 2);
    assert.equal(stats.departements.find((d) => d.code === '62')?.signatures, 2);
    assert.ok((stats.departements.find((d) => d.code === '62')?.lists ?? 0) >= 2);
    assert.equal(stats.departements.find((d) => d.code === '75')?.signatures, 0);
    assert.ok(
      stats.departements.some((d) => d.code === '974'),
      'overseas départements are there',
    );
    assert.deepEqual(
      stats.timeline.map((p) => [p.day, p.count, p.total]),
      [
        ['2026-02-01', 1, 1],
        ['2026-02-03', 1, 2],
      ],
    );
    assert.equal(stats.latest[0]?.variant, 'list');
    assert.ok(stats.latest[0]?.label, 'the list’s name');
    const signed = stats.nuances.reduce((sum, n) => sum + n.signed, 0);
    assert.equal(signed, 2);
    const regions = stats.regions.find((r) => r.code === '32');
    assert.equal(regions?.signatures, 2, 'Hauts-de-France');
  });

  test('contact coverage comes from the outreach figures, per département and nuance', async () => {
    const nuance = lensLists[0]?.nuance_code ?? '';
    const sources: StatisticsSources = {
      signatures: campaignSources.signatures,
      async outreach() {
        return {
          byBallot: [
            { ballotId: 'municipales-2026.62498', contacted: 2, answered: 1 },
            { ballotId: 'legislatives-2024.62-13', contacted: 5, answered: 5 },
          ],
          byNuance: [{ nuance, contacted: 1, answered: 1 }],
        };
      },
    };
    const stats = await campaignStatistics(database().connection.db, sources);
    const pas = stats.departements.find((d) => d.code === '62');
    assert.equal(pas?.contacted, 2, 'ballots of other elections are left out');
    assert.equal(pas?.coverage, 2 / (pas?.lists ?? 1));
    assert.equal(stats.totals.listsContacted, 2);
    assert.equal(stats.nuances.find((n) => n.code === nuance)?.contacted, 1);
  });

  test('/carte draws one link per département, overseas included, with name and value, and a table', async () => {
    const { app } = testApp(database().connection);
    const response = await app.request('/carte');
    assert.equal(response.status, 200);
    const html = await response.text();
    assert.equal((html.match(/<a href="\/departements\/[0-9AB]+" aria-label=/g) ?? []).length, 101);
    assert.match(html, /aria-label="Pas-de-Calais \(62\) : 2 signature\(s\)"/);
    assert.match(html, /href="\/departements\/974"/);
    assert.match(html, /<title>Pas-de-Calais \(62\) : 2 signature\(s\)<\/title>/);
    assert.match(html, /<table class="data-table">/);
    assert.match(html, /Légende/);
    assert.ok(!/https?:\/\/(?!pacte\.test)[a-z]/i.test(html), 'no third-party address in the page');
    const coverage = await (await app.request('/carte?vue=couverture')).text();
    assert.match(coverage, /Pas-de-Calais \(62\) : 0 % des listes contactées/);
    assert.match(coverage, /aria-current="page">Couverture/);
    const bogus = await (await app.request('/carte?vue=%3Cscript%3E&tri=nom')).text();
    assert.match(bogus, /La vue « &lt;script&gt; » n’existe pas/);
    assert.match(bogus, /Le paramètre « tri » n’est pas reconnu/);
    const english = await (await app.request('/carte?lang=en')).text();
    assert.match(english, /Campaign map/);
  });

  test('/statistiques: chart, tables by nuance, région and département; unknown election → notice', async () => {
    const { app } = testApp(database().connection);
    const html = await (await app.request('/statistiques')).text();
    assert.match(html, /<svg viewBox="0 0 480 240" role="img"/);
    assert.match(html, /Couverture par nuance politique/);
    assert.match(html, /Hauts-de-France/);
    assert.match(html, /pas encore connu/);
    const bogus = await (await app.request('/statistiques?election=nulle')).text();
    assert.match(bogus, /L’élection « nulle » est inconnue/);
  });

  test('home: counts, latest signatures, small map, search and calls to action', async () => {
    const { app } = testApp(database().connection);
    const html = await (await app.request('/')).text();
    assert.match(html, /<dd>2<\/dd>/);
    assert.match(html, /href="\/signer"/);
    assert.match(html, /href="\/inscription"/);
    assert.match(
      html,
      /<img src="\/carte\/signatures\.svg" alt="Carte des signatures par département\. En tête : Pas-de-Calais \(2\)\./,
    );
    assert.ok(html.length < 40_000, `the home page is light (${html.length} characters)`);
    const picture = await app.request('/carte/signatures.svg');
    assert.equal(picture.headers.get('Content-Type'), 'image/svg+xml; charset=utf-8');
    assert.ok(picture.headers.get('ETag'), 'the picture is cached like the pages');
    const svg = await picture.text();
    assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" viewBox="0 0 613 /);
    assert.equal((svg.match(/<path /g) ?? []).length, 96 + 4, 'every metropolitan département, and Paris enlarged');
    assert.match(svg, />Mayotte<\/text>/);
    assert.doesNotMatch(svg, /<a |<script/);
    assert.equal((await app.request('/carte/autre.svg')).status, 404);
    assert.match(html, /id="recherche-accueil"/);
    assert.match(html, /Dernières signatures/);
    assert.match(html, /<strong>Liste « [^»]+ »<\/strong>/);
    const english = await (await app.request('/?lang=en')).text();
    assert.match(english, /<strong>List “[^”]+”<\/strong>/);
    assert.ok(!/prive\.test|06 00 00 00 01/.test(html), 'no email or phone');
  });

  test('contacts logged through the outreach service show on the coverage map and by nuance', async () => {
    const { db } = database().connection;
    const user = await createUser(db, {
      email: 'coordination@pacte.test',
      role: 'admin',
      password: 'un mot de passe long',
    });
    const listId = (lensLists[0] as { id: string }).id;
    const target = await resolveTarget(db, 'list', listId);
    const contact = await logContact(db, user, target, {
      channel: 'courriel',
      contactedOn: '2026-02-02',
      notes: 'Lettre envoyée',
      nextStep: '',
      nextStepDue: '',
    });
    await recordResponse(
      db,
      user,
      target,
      { receivedOn: '2026-02-04', verbatim: 'Nous signons.', classification: 'favorable', level: '2', consent: true },
      { contactId: contact.id },
    );
    const stats = await campaignStatistics(db, campaignSources);
    const pas = stats.departements.find((d) => d.code === '62');
    assert.equal(pas?.contacted, 1);
    assert.equal(stats.totals.listsContacted, 1);
    assert.equal(stats.totals.listsAnswered, 1);
    const nuance = stats.nuances.find((n) => n.code === (lensLists[0]?.nuance_code ?? ''));
    assert.equal(nuance?.contacted, 1);
    assert.equal(nuance?.answered, 1);
    const { app } = testApp(database().connection);
    const html = await (await app.request('/carte?vue=couverture')).text();
    assert.match(
      html,
      new RegExp(`Pas-de-Calais \\(62\\) : [0-9,]+ % des listes contactées \\(1 sur ${pas?.lists}\\)`),
    );
  });

  test('outreach figures come from one aggregate query, equal to the coverage of the whole campaign', async () => {
    const { db } = database().connection;
    // The coordinator of the test above: Lens's first list is already held by them.
    const user = await findUserByEmail(db, 'coordination@pacte.test');
    assert.ok(user);
    const contact = (type: 'list' | 'candidacy', id: string) =>
      resolveTarget(db, type, id).then((target) =>
        logContact(db, user, target, {
          channel: 'courrier',
          contactedOn: '2026-02-05',
          notes: '',
          nextStep: '',
          nextStepDue: '',
        }),
      );
    const respond = async (type: 'list' | 'candidacy', id: string, classification: string) =>
      recordResponse(db, user, await resolveTarget(db, type, id), {
        receivedOn: '2026-02-06',
        verbatim: classification === 'sans-reponse' ? '' : 'Réponse.',
        classification,
        level: '',
        consent: true,
      });
    // Contacted twice (counts once); answered without a logged contact; « sans réponse » only.
    await contact('list', (lensLists[0] as { id: string }).id);
    await respond('list', (lensLists[1] as { id: string }).id, 'favorable');
    const others = await db
      .selectFrom('lists')
      .select('id')
      .where('ballot_id', '<>', 'municipales-2026.62498')
      .limit(2)
      .execute();
    for (const l of others) await contact('list', l.id);
    if (others[0]) await respond('list', others[0].id, 'sans-reponse');
    const alone = await db
      .selectFrom('candidacies')
      .select('id')
      .where('list_id', 'is', null)
      .limit(1)
      .executeTakeFirst();
    if (alone) {
      await contact('candidacy', alone.id);
      await respond('candidacy', alone.id, 'favorable');
    }

    const reach = await campaignReach(db);
    const whole = await coverage(db, { all: true });
    const touched = <T extends { contacted: number; answered: number }>(rows: T[], key: (r: T) => string) =>
      rows
        .filter((r) => r.contacted > 0 || r.answered > 0)
        .map((r) => [key(r), r.contacted, r.answered])
        .sort((a, b) => String(a[0]).localeCompare(String(b[0])));
    assert.deepEqual(
      touched(reach.byBallot, (r) => r.ballotId),
      touched(whole.byBallot, (r) => r.ballotId),
    );
    assert.deepEqual(
      touched(reach.byNuance, (r) => r.nuance),
      touched(whole.byNuance, (r) => r.nuance),
    );
    const lens = reach.byBallot.find((b) => b.ballotId === 'municipales-2026.62498');
    assert.deepEqual([lens?.contacted, lens?.answered], [1, 2], 'Lens: one list contacted, two answered');
    const stats = await campaignStatistics(db, campaignSources);
    assert.equal(stats.totals.listsAnswered, whole.all.answered);
  });

  test('statistics cache: one snapshot per version; while a new one is computed, the previous one (not fresh)', async () => {
    const { db } = database().connection;
    let version = 'v1';
    let computations = 0;
    let release: () => void = () => {};
    let gate: Promise<void> = Promise.resolve();
    const fact = (id: string): SignatureFact => ({
      id,
      publishedAt: '2026-02-01T10:00:00Z',
      listId: null,
      personId: null,
      communeInsee: null,
      communeName: null,
      departementCode: '62',
      variant: 'list',
      head: false,
      label: id,
    });
    const sources: StatisticsSources = {
      async signatures() {
        computations++;
        const n = computations;
        await gate;
        return Array.from({ length: n }, (_, i) => fact(`s${i}`));
      },
      outreach: async () => ({ byBallot: [], byNuance: [] }),
    };
    const cache = new StatisticsCache({ current: async () => version }, sources);
    const first = await cache.snapshot(db);
    assert.deepEqual([first.fresh, first.stats.totals.signatures, computations], [true, 1, 1]);
    assert.equal((await cache.snapshot(db)).stats, first.stats, 'the same snapshot for the same version');
    assert.equal(computations, 1);

    gate = new Promise((resolve) => {
      release = resolve;
    });
    version = 'v2';
    const during = await cache.snapshot(db);
    assert.deepEqual([during.fresh, during.stats.totals.signatures], [false, 1], 'the previous snapshot at once');
    version = 'v3';
    assert.equal((await cache.snapshot(db)).fresh, false);
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(computations, 2, 'one background computation at a time');
    /** Asks until a snapshot with `n` signatures comes (the background computation has finished). */
    const until = async (n: number) => {
      for (let i = 0; i < 500; i++) {
        const snapshot = await cache.snapshot(db);
        if (snapshot.stats.totals.signatures === n) return snapshot;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      throw new Error(`no snapshot with ${n} signatures`);
    };
    release();
    const after = await until(2);
    assert.equal(after.fresh, false, 'v3 is being computed, v2’s result shown meanwhile');
    const current = await until(3);
    assert.equal(current.fresh, true);
    assert.equal(computations, 3);
    assert.equal((await cache.get(db)).totals.signatures, 3, 'get waits for the current version');
  });
});
