import assert from 'node:assert/strict';
import { test } from 'node:test';
import { connect } from '../db/connection.ts';
import { KNOWN_ELECTIONS } from '../elections/elections.seed.ts';
import { testApp } from '../testing/app.ts';
import { forEachDatabase } from '../testing/databases.ts';
import { createApp } from './app.tsx';

/** Text content of an HTML page, tags removed, whitespace collapsed (for "the page says X" checks). */
function textOf(html: string): string {
  return html
    .replace(/<script[\s\S]*?<\/script>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ');
}

forEachDatabase('public pages', (database) => {
  const app = () => testApp(database().connection);
  const get = async (path: string, init?: RequestInit) => {
    const { app: hono, errors } = app();
    const response = await hono.request(path, init);
    assert.deepEqual(errors, [], `no unexpected error on ${path}`);
    return response;
  };
  const page = async (path: string, status = 200) => {
    const response = await get(path);
    assert.equal(response.status, status, path);
    assert.match(response.headers.get('content-type') ?? '', /^text\/html; charset=utf-8/i);
    const html = await response.text();
    assert.ok(html.startsWith('<!DOCTYPE html>'), `${path} is a full HTML document`);
    return { html, text: textOf(html), response };
  };

  test('home page: French, with the commune search form', async () => {
    const { html, text } = await page('/');
    assert.match(html, /<html lang="fr">/);
    assert.match(html, /<title>Pacte du Logiciel Libre<\/title>/);
    assert.match(html, /<form[^>]*role="search"[^>]*action="\/recherche"[^>]*method="get"/);
    assert.match(html, /<label for="recherche-accueil">Commune, code postal ou code INSEE<\/label>/);
    assert.match(html, /<input id="recherche-accueil" type="search" name="q"/);
    assert.match(text, /Trouver ma commune/);
    for (const election of KNOWN_ELECTIONS) assert.ok(text.includes(election.name), election.name);
    assert.match(text, /15 mars 2026, 22 mars 2026/);
    assert.match(html, /<a href="\/sources">Sources des données<\/a>/, 'the footer links to the sources');
    assert.match(html, /<a class="skip-link" href="#contenu">Aller au contenu<\/a>/);
  });

  test('commune page: Lens with its département, postcode, population, intercommunality and elections', async () => {
    const { html, text } = await page('/communes/62498');
    assert.match(html, /<title>Lens — Pacte du Logiciel Libre<\/title>/);
    assert.match(html, /<h1>Lens<\/h1>/);
    assert.match(html, /<link rel="canonical" href="http:\/\/pacte\.test\/communes\/62498"\/>/);
    assert.match(text, /Code INSEE 62498/);
    assert.match(html, /<a href="\/departements\/62">Pas-de-Calais \(62\)<\/a>/);
    assert.match(text, /Région Hauts-de-France/);
    assert.match(text, /Codes postaux 62300/);
    assert.match(text, /Population municipale \d{2}\s\d{3}/, 'population with French digit grouping');
    assert.match(text, /CA de Lens - Liévin \(Communauté d’agglomération\)/);
    for (const election of KNOWN_ELECTIONS) {
      assert.ok(html.includes(`>${election.name}</h3>`), `a heading for ${election.name}`);
    }
    assert.equal(html.match(/<h3[ >]/g)?.length, KNOWN_ELECTIONS.length, 'one heading per election');
    assert.match(text, /Tours : 15 mars 2026 · 22 mars 2026/);
    assert.match(
      html,
      /<a href="\/departements\/62#circonscriptions">Voir les circonscriptions du département<\/a>/,
      'législatives link to the circonscriptions of the département until the table is imported',
    );
    assert.match(html, /<span aria-current="page">Lens<\/span>/, 'breadcrumb');
  });

  test('Paris lists its 20 arrondissements; an arrondissement links back to Paris', async () => {
    const paris = await page('/communes/75056');
    assert.equal(paris.html.match(/<a href="\/communes\/751\d\d">Paris \d+e?r? Arrondissement<\/a>/g)?.length, 20);
    const first = await page('/communes/75101');
    assert.match(first.html, /<h1>Paris 1er Arrondissement<\/h1>/);
    assert.match(first.text, /Arrondissement municipal de Paris/);
    assert.match(first.html, /<a href="\/communes\/75056">Paris<\/a>/);
    assert.match(first.text, /Codes postaux 75001/);
    assert.match(first.text, /Métropole du Grand Paris/, "the parent commune's intercommunality");
  });

  test('Corsican code in lower case redirects to the canonical commune URL', async () => {
    const response = await get('/communes/2a004');
    assert.equal(response.status, 301);
    assert.equal(response.headers.get('location'), '/communes/2A004');
    assert.match((await page('/communes/2A004')).html, /<h1>Ajaccio<\/h1>/);
  });

  test('unknown commune: French 404 page with the code and a search form', async () => {
    const { html, text } = await page('/communes/99999', 404);
    assert.match(html, /<html lang="fr">/);
    assert.match(html, /<h1>Page introuvable<\/h1>/);
    assert.match(text, /Aucune commune ne porte le code INSEE « 99999 »/);
    assert.match(html, /<form[^>]*action="\/recherche"/);
    assert.match(html, /id="recherche-404"/);
  });

  test('markup in a commune code is escaped', async () => {
    const { html } = await page('/communes/%3Cscript%3Ealert(1)%3C%2Fscript%3E', 404);
    assert.ok(!html.includes('<script>alert'), 'no injected script tag');
    assert.match(html, /« &lt;script&gt;alert\(1\)&lt;\/sc »/, 'the echoed code is cut to 20 characters');
  });

  test('département page lists its communes; a lower-case code redirects', async () => {
    const { html, text } = await page('/departements/62');
    assert.match(html, /<h1>Pas-de-Calais <span class="muted">\(62\)<\/span><\/h1>/);
    assert.match(html, /<a href="\/communes\/62498">Lens<\/a>/);
    assert.match(html, /<a href="\/communes\/62510">Liévin<\/a>/);
    assert.match(text, /Communes \(8\d\d\)/, 'about 890 communes');
    assert.match(text, /CA de Lens - Liévin/);
    assert.match(html, /<link rel="canonical" href="http:\/\/pacte\.test\/departements\/62"\/>/);
    const redirect = await get('/departements/2a');
    assert.equal(redirect.status, 301);
    assert.equal(redirect.headers.get('location'), '/departements/2A');
    assert.match((await page('/departements/2A')).html, /<a href="\/communes\/2A004">Ajaccio<\/a>/);
    await page('/departements/00', 404);
  });

  test('search page: a hint without a query, a helpful message when too short', async () => {
    const none = await page('/recherche');
    assert.match(none.text, /Tapez le nom d’une commune/);
    for (const q of ['', 'a', '%20']) {
      const { text } = await page(`/recherche?q=${q}`);
      assert.match(text, /Saisissez au moins 2 lettres/, `q=${q}`);
    }
  });

  test('search page: 62300 lists Lens, a name finds it, nothing found is said so', async () => {
    const byPostcode = await page('/recherche?q=62300');
    assert.match(byPostcode.html, /<ul class="results"><li><a href="\/communes\/62498">Lens<\/a>/, 'Lens first');
    assert.match(byPostcode.html, /<input id="recherche-page" type="search" name="q" value="62300"/);
    const byName = await page('/recherche?q=saint%20etienne');
    assert.match(byName.html, /<ul class="results"><li><a href="\/communes\/42218">Saint-Étienne<\/a>/);
    const nothing = await page('/recherche?q=zzzzqx');
    assert.match(nothing.text, /Aucune commune ne correspond à « zzzzqx »/);
  });

  test('HTML in the search query is escaped everywhere it is echoed', async () => {
    const q = '"><script>alert(1)</script><b x="';
    const { html } = await page(`/recherche?q=${encodeURIComponent(q)}`);
    assert.ok(!html.includes('<script>alert'), 'no injected script');
    assert.ok(!html.includes('<b x='), 'no injected element');
    assert.match(html, /value="&quot;&gt;&lt;script&gt;alert\(1\)&lt;\/script&gt;&lt;b x=&quot;"/);
    assert.match(html, /« &quot;&gt;&lt;script&gt;/);
  });

  test('a huge query is answered and echoed cut short', async () => {
    const { html } = await page(`/recherche?q=${'x'.repeat(10_000)}`);
    assert.match(html, /<input id="recherche-page" type="search" name="q" value="x{80}"/);
    assert.match(html, /Aucune commune ne correspond à « x{80} »/);
    const api = await get(`/api/v1/communes?q=${'6'.repeat(10_000)}`);
    assert.equal(api.status, 200);
    assert.deepEqual(((await api.json()) as { results: unknown[] }).results, []);
  });

  test('API: search, one commune, unknown commune', async () => {
    const search = await get('/api/v1/communes?q=62300');
    assert.equal(search.status, 200);
    assert.match(search.headers.get('content-type') ?? '', /^application\/json/);
    const body = (await search.json()) as { query: string; results: Record<string, unknown>[] };
    assert.equal(body.query, '62300');
    const { population, ...lensHit } = body.results[0] ?? {};
    assert.deepEqual(lensHit, {
      insee: '62498',
      name: 'Lens',
      kind: 'commune',
      departement_code: '62',
      departement_name: 'Pas-de-Calais',
    });
    assert.ok(typeof population === 'number' && population > 20_000, 'population is a number on both databases');

    const short = (await (await get('/api/v1/communes?q=a')).json()) as { results: unknown[]; message: string };
    assert.deepEqual(short.results, []);
    assert.match(short.message, /au moins 2 lettres/);

    const lens = await get('/api/v1/communes/62498');
    assert.equal(lens.status, 200);
    const commune = (await lens.json()) as Record<string, unknown>;
    assert.equal(commune.name, 'Lens');
    assert.equal(commune.departement_name, 'Pas-de-Calais');
    assert.equal(commune.region_name, 'Hauts-de-France');
    assert.deepEqual(commune.postcodes, ['62300']);
    assert.equal(commune.parent, null);
    assert.deepEqual(
      (commune.intercommunalities as { code: string }[]).map((i) => i.code),
      ['246200364'],
    );

    const arrondissement = (await (await get('/api/v1/communes/75101')).json()) as Record<string, unknown>;
    assert.deepEqual(arrondissement.parent, { insee: '75056', name: 'Paris' });

    const missing = await get('/api/v1/communes/00000');
    assert.equal(missing.status, 404);
    assert.match(missing.headers.get('content-type') ?? '', /^application\/json/);
    assert.equal(((await missing.json()) as { error: string }).error, 'not_found');

    const unknownRoute = await get('/api/v1/nothing-here');
    assert.equal(unknownRoute.status, 404);
    assert.deepEqual(await unknownRoute.json(), { error: 'not_found' });
  });

  test('health and metrics', async (t) => {
    const { app: hono, errors } = app();
    const health = await hono.request('/health');
    assert.equal(health.status, 200);
    assert.deepEqual(await health.json(), { status: 'ok', database: database().connection.dialect });
    await hono.request('/');
    await hono.request('/nowhere');
    const metrics = await hono.request('/metrics');
    assert.equal(metrics.status, 200);
    assert.match(metrics.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
    const body = await metrics.text();
    assert.match(body, /^# TYPE pacte_http_requests_total counter$/m);
    assert.match(body, /^pacte_http_requests_total\{method="GET",status="200"\} 2$/m, 'health and home');
    assert.match(body, /^pacte_http_requests_total\{method="GET",status="404"\} 1$/m);
    assert.match(body, /^pacte_communes 35014$/m);
    assert.match(body, /^pacte_http_request_duration_seconds_count 3$/m);
    assert.match(body, /^pacte_emails_total\{outcome="sent"\} 0$/m);
    assert.match(body, /^pacte_emails_total\{outcome="failed"\} 0$/m);
    assert.match(body, /^pacte_import_queue_length 0$/m);
    assert.deepEqual(errors, []);
    t.diagnostic(`${body.split('\n').length} metric lines`);
  });

  test('sources page credits the Etalab and La Poste datasets with their licence', async () => {
    const { html, text } = await page('/sources');
    assert.match(html, /<h1>Sources des données<\/h1>/);
    assert.match(text, /Découpage administratif/);
    assert.match(text, /Etalab/);
    assert.match(text, /Codes postaux/);
    assert.equal(text.match(/Licence Licence Ouverte 2\.0/g)?.length, 2);
    assert.match(html, /<a href="https:\/\/github\.com\/etalab\/decoupage-administratif">/);
    assert.match(html, /<time datetime="\d{4}-\d{2}-\d{2}T[^"]+">\d{1,2} \p{L}+ \d{4}<\/time>/u);
    assert.match(text, /CC-BY-4\.0/, 'the map licence');
  });

  test('unknown URL: French 404 page', async () => {
    const { html } = await page('/nulle-part', 404);
    assert.match(html, /<html lang="fr">/);
    assert.match(html, /<h1>Page introuvable<\/h1>/);
    assert.match(html, /Cette page n’existe pas ou plus/);
    assert.match(html, /action="\/recherche"/);
  });

  test('?lang=en gives the English page and remembers the choice', async () => {
    const { app: hono } = app();
    const response = await hono.request('/communes/62498?lang=en');
    assert.equal(response.status, 200);
    const html = await response.text();
    assert.match(html, /<html lang="en">/);
    assert.match(html, /Postcodes/);
    assert.match(html, /<a href="\/communes\/62498\?lang=fr" lang="fr" hreflang="fr">Français<\/a>/);
    const cookie = response.headers.get('set-cookie') ?? '';
    assert.match(cookie, /^lang=en;/);
    const next = await hono.request('/', { headers: { cookie: 'lang=en' } });
    assert.match(await next.text(), /<html lang="en">.*Find my town/s);
    const back = await hono.request('/', { headers: { cookie: 'lang=en' } });
    const fr = await hono.request('/?lang=fr', { headers: { cookie: 'lang=en' } });
    assert.match(await back.text(), /<html lang="en">/);
    assert.match(await fr.text(), /<html lang="fr">/);
  });

  test('an unknown language falls back to French without setting a cookie', async () => {
    const response = await get('/?lang=de');
    assert.match(await response.text(), /<html lang="fr">/);
    assert.equal(response.headers.get('set-cookie'), null);
  });

  test('security headers on pages', async () => {
    const { response } = await page('/');
    const csp = response.headers.get('content-security-policy') ?? '';
    assert.match(csp, /default-src 'self'/);
    assert.match(csp, /script-src 'self'(;|$)/, 'no inline or third-party script');
    assert.match(csp, /frame-ancestors 'none'/);
    assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(response.headers.get('referrer-policy'), 'no-referrer');
  });

  test('static assets are served with a type and an ETag', async () => {
    const css = await get('/static/style.css');
    assert.equal(css.status, 200);
    assert.match(css.headers.get('content-type') ?? '', /^text\/css/);
    const etag = css.headers.get('etag');
    assert.ok(etag);
    const again = await get('/static/style.css', { headers: { 'if-none-match': etag } });
    assert.equal(again.status, 304);
    assert.equal((await get('/static/search.js')).headers.get('content-type'), 'text/javascript; charset=utf-8');
    assert.equal((await get('/static/nothing.js')).status, 404);
  });

  test('an unexpected error gives a French 500 page, and is logged', async () => {
    // A database connection that was working, then closed: every query now fails.
    const broken = connect(database().url);
    await broken.db.selectFrom('settings').select('key').execute();
    await broken.close();
    const errors: unknown[] = [];
    const { config } = testApp(database().connection);
    const hono = createApp({ connection: broken, config, logError: (e) => errors.push(e) });

    const response = await hono.request('/');
    assert.equal(response.status, 500);
    const html = await response.text();
    assert.match(html, /<html lang="fr">/);
    assert.match(html, /<h1>Erreur du serveur<\/h1>/);
    assert.match(html, /Elle a été enregistrée/);
    assert.ok(!/at \w+ \(|node_modules|Error:/.test(html), 'no stack trace or error message shown');
    assert.equal(errors.length, 1);
    assert.ok(errors[0] instanceof Error);

    const api = await hono.request('/api/v1/communes?q=lens');
    assert.equal(api.status, 500);
    assert.deepEqual(await api.json(), { error: 'internal_error' });
    assert.equal(errors.length, 2);

    const health = await hono.request('/health');
    assert.ok(health.status >= 500, `health says the database does not answer (got ${health.status})`);
  });
});
