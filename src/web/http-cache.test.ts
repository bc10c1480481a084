import assert from 'node:assert/strict';
import { test } from 'node:test';
import { recordSourceLoad } from '../opendata/sources.service.ts';
import { testApp } from '../testing/app.ts';
import { forEachDatabase } from '../testing/databases.ts';
import { PRIVATE_CACHE_CONTROL, PUBLIC_CACHE_CONTROL } from './http-cache.ts';

forEachDatabase('HTTP caching of public pages and exports', (database) => {
  test('a public page has validators; the same ETag or a recent If-Modified-Since gets a 304', async () => {
    const { app } = testApp(database().connection);
    const first = await app.request('/communes/62498');
    assert.equal(first.status, 200);
    assert.equal(first.headers.get('Cache-Control'), PUBLIC_CACHE_CONTROL);
    const etag = first.headers.get('ETag') ?? '';
    const lastModified = first.headers.get('Last-Modified') ?? '';
    assert.match(etag, /^W\/"[\w-]+"$/);
    assert.ok(!Number.isNaN(Date.parse(lastModified)));
    const again = await app.request('/communes/62498', { headers: { 'If-None-Match': etag } });
    assert.equal(again.status, 304);
    assert.equal(await again.text(), '');
    assert.equal(again.headers.get('ETag'), etag);
    const since = await app.request('/communes/62498', { headers: { 'If-Modified-Since': lastModified } });
    assert.equal(since.status, 304);
    const older = new Date(Date.parse(lastModified) - 60_000).toUTCString();
    assert.equal((await app.request('/communes/62498', { headers: { 'If-Modified-Since': older } })).status, 200);
    assert.equal((await app.request('/communes/62498', { headers: { 'If-None-Match': '"autre"' } })).status, 200);
    // Another page, another language: other ETags.
    const other = await app.request('/communes/62510');
    assert.notEqual(other.headers.get('ETag'), etag);
  });

  test('a change of public data changes the ETag', async () => {
    const { app } = testApp(database().connection);
    const before = (await app.request('/sources')).headers.get('ETag') ?? '';
    await recordSourceLoad(database().connection.db, {
      id: 'essai',
      name: 'Essai',
      publisher: 'Test',
      licence: 'Licence Ouverte 2.0',
      url: 'https://example.test/',
      version: null,
      summary: null,
    });
    await database().connection.dataVersion.settled();
    const response = await app.request('/sources', { headers: { 'If-None-Match': before } });
    assert.equal(response.status, 200, 'the old ETag no longer matches');
    assert.notEqual(response.headers.get('ETag'), before);
  });

  test('exports are cached like pages; private pages and signed-in visitors are private, no-store', async () => {
    const { app } = testApp(database().connection);
    const csv = await app.request('/donnees/communes.csv?departement=62');
    assert.equal(csv.status, 200);
    assert.equal(csv.headers.get('Cache-Control'), PUBLIC_CACHE_CONTROL);
    const etag = csv.headers.get('ETag') ?? '';
    assert.match(etag, /^W\//);
    await csv.body?.cancel();
    const revalidated = await app.request('/donnees/communes.csv?departement=62', {
      headers: { 'If-None-Match': etag },
    });
    assert.equal(revalidated.status, 304);
    const list = await app.request('/communes/62498.csv');
    assert.ok(list.headers.get('ETag'), 'a page’s download has an ETag too');
    await list.body?.cancel();
    const login = await app.request('/connexion');
    assert.equal(login.headers.get('Cache-Control'), PRIVATE_CACHE_CONTROL);
    const workspace = await app.request('/espace');
    assert.equal(workspace.headers.get('Cache-Control'), PRIVATE_CACHE_CONTROL);
    const switching = await app.request('/communes/62498?lang=en');
    assert.equal(switching.headers.get('Cache-Control'), PRIVATE_CACHE_CONTROL, 'sets a cookie');
    assert.equal(switching.headers.get('ETag'), null);
    const api = await app.request('/api/v1/elections');
    assert.equal(api.headers.get('Cache-Control'), 'public, max-age=60', 'the API keeps its own caching');
  });
});
