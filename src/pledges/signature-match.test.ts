import assert from 'node:assert/strict';
import { test } from 'node:test';
import { badgeSnippet, badgeSvg } from './badge.ts';
import { confidenceLabel, type MatchList, nameSimilarity, proposeMatches } from './signature-match.ts';

test('list names are compared without case, accents, punctuation or filler words', () => {
  assert.equal(nameSimilarity('Lens en commun', 'LENS EN COMMUN'), 1);
  assert.equal(nameSimilarity('Liste « Lens écologique »', 'lens ecologique'), 1);
  assert.ok(nameSimilarity('Lens en commun !', 'Lens en communs') > 0.85);
  assert.ok(nameSimilarity('Lens en commun', 'Agir pour Lens') < 0.5);
  assert.equal(nameSimilarity('', 'Agir pour Lens'), 0);
});

const lists: MatchList[] = [
  {
    id: 'm.62498.1',
    ballot_id: 'm.62498',
    name: 'Agir pour Lens',
    short_name: 'AGIR',
    nuance_code: 'LDVD',
    members: [{ id: 'c1', person_id: 'p1', position: 1, last_name: 'MARTIN', first_name: 'Paul' }],
  },
  {
    id: 'm.62498.2',
    ballot_id: 'm.62498',
    name: 'Lens en commun',
    short_name: 'LENS EN COMMUN',
    nuance_code: 'LDVG',
    members: [
      { id: 'c2', person_id: 'p2', position: 1, last_name: 'LEFÈBVRE', first_name: 'Marie-Hélène' },
      { id: 'c3', person_id: 'p3', position: 2, last_name: 'DURAND', first_name: 'Luc' },
    ],
  },
];

test('the proposed list is the one whose name and members agree with the signature', () => {
  const [best, other] = proposeMatches(
    { variant: 'list', list_name: 'Lens en commun', list_position: '1', last_name: 'Lefebvre', first_name: 'Marie' },
    lists,
  );
  assert.equal(best?.list.id, 'm.62498.2');
  assert.equal(best?.candidacy?.id, 'c2');
  assert.equal(best?.positionAgrees, true);
  assert.equal(best?.score, 100);
  assert.equal(confidenceLabel(best?.score ?? 0), 'probable');
  assert.equal(other?.list.id, 'm.62498.1');
  assert.equal(other?.candidacy, undefined);
  assert.equal(confidenceLabel(other?.score ?? 0), 'douteux');

  const wrongPosition = proposeMatches(
    { variant: 'individual', list_name: 'En commun', list_position: '5', last_name: 'DURAND', first_name: 'Luc' },
    lists,
  )[0];
  assert.equal(wrongPosition?.candidacy?.id, 'c3');
  assert.equal(wrongPosition?.positionAgrees, false);
  assert.ok(wrongPosition?.reasons.some((r) => r.includes('position officielle 2')));
});

test('the badge is a self-contained SVG with escaped text, and the snippet links to the public page', () => {
  const svg = badgeSvg({ who: 'Liste <Lens> & co', where: 'Lens · municipales 2026' });
  assert.match(svg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  assert.match(svg, /J’ai signé le Pacte du Logiciel Libre/);
  assert.match(svg, /Liste &lt;Lens&gt; &amp; co/);
  assert.doesNotMatch(svg, /<script|href=|xlink|@import|url\(/);
  const snippet = badgeSnippet({
    pageUrl: 'https://p.test/signataires/a"b',
    imageUrl: 'https://p.test/signataires/ab/badge.svg',
    width: 400,
  });
  assert.match(
    snippet,
    /^<a href="https:\/\/p.test\/signataires\/a&quot;b"><img src="https:\/\/p.test\/signataires\/ab\/badge.svg" alt="J’ai signé le Pacte du Logiciel Libre"/,
  );
});
