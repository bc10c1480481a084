import assert from 'node:assert/strict';
import { test } from 'node:test';
import { atomDate, atomFeed, escapeXml } from './atom.ts';

test('an Atom feed has the elements RFC 4287 requires, escaped', () => {
  const xml = atomFeed({
    id: 'https://pacte.test/flux/signatures.atom',
    title: 'Signatures <du> pacte & co',
    fallbackUpdated: '2026-01-01T00:00:00.000Z',
    selfUrl: 'https://pacte.test/flux/signatures.atom?a=1&b=2',
    alternateUrl: 'https://pacte.test/signataires',
    author: { name: 'Pacte' },
    lang: 'fr',
    entries: [
      {
        id: 'https://pacte.test/signataires/s1',
        title: 'Liste « Lens <script>alert(1)</script> »',
        updated: '2026-02-03T10:11:12.345Z',
        published: '2026-02-01',
        link: 'https://pacte.test/signataires/s1',
        summary: 'Texte\u0001 avec " et \'',
        categories: [{ term: 'LDVG', label: 'Liste divers gauche' }],
      },
      { id: 'urn:x', title: 'B', updated: '2026-01-05T00:00:00Z', link: 'https://pacte.test/b' },
    ],
  });
  assert.match(
    xml,
    /^<\?xml version="1.0" encoding="utf-8"\?>\n<feed xmlns="http:\/\/www.w3.org\/2005\/Atom" xml:lang="fr">/,
  );
  assert.match(xml, /<updated>2026-02-03T10:11:12Z<\/updated>\n<link rel="self"/, 'feed updated = newest entry');
  assert.match(xml, /href="https:\/\/pacte.test\/flux\/signatures.atom\?a=1&amp;b=2"/);
  assert.match(xml, /<author><name>Pacte<\/name><\/author>/);
  assert.match(xml, /<title type="text">Liste « Lens &lt;script&gt;alert\(1\)&lt;\/script&gt; »<\/title>/);
  assert.match(xml, /<published>2026-02-01T00:00:00Z<\/published>/);
  assert.match(xml, /<summary type="text">Texte avec &quot; et &apos;<\/summary>/);
  assert.match(xml, /<category term="LDVG" label="Liste divers gauche"\/>/);
  assert.equal((xml.match(/<entry>/g) ?? []).length, 2);
  assert.doesNotMatch(xml, /<script/);
  // biome-ignore lint/suspicious/noControlCharactersInRegex: checking the control character is gone
  assert.doesNotMatch(xml, /\u0001/);
});

test('an empty feed takes its fallback date; bad dates are refused', () => {
  const xml = atomFeed({
    id: 'urn:empty',
    title: 'Vide',
    fallbackUpdated: '2026-03-04T05:06:07.000Z',
    selfUrl: 'https://x/a',
    alternateUrl: 'https://x/',
    author: { name: 'Pacte' },
    entries: [],
  });
  assert.match(xml, /<updated>2026-03-04T05:06:07Z<\/updated>/);
  assert.doesNotMatch(xml, /<entry>/);
  assert.throws(() => atomDate('hier'));
  assert.equal(escapeXml('a<b>&"\''), 'a&lt;b&gt;&amp;&quot;&apos;');
});
