import assert from 'node:assert/strict';
import { test } from 'node:test';
import { raw } from 'hono/html';
import { translator } from './i18n/index.ts';
import { Breadcrumbs, Layout, type PageContext } from './layout.tsx';
import { breadcrumbsHtml, fill, layoutHtml, marker, parseTemplate } from './page-template.tsx';

const ctxOf = (lang: 'fr' | 'en', path: string, account?: PageContext['account']): PageContext => ({
  t: translator(lang),
  lang,
  path,
  ...(account ? { account, csrf: () => 'jeton' } : {}),
});

test('a template keeps the text around its markers and escapes the values put in', () => {
  const template = parseTemplate(`<a href="${marker(1)}">${marker(0)}</a>${marker(2, true)}&lang=en`);
  assert.deepEqual(template, { parts: ['<a href="', '">', '</a>', '&lang=en'], slots: [1, 0, 2] });
  assert.equal(
    fill(template, ['Saint-Étienne & <Loire>', '/x?a="1"', "/p?q='2'"]),
    '<a href="/x?a=&quot;1&quot;">Saint-Étienne &amp; &lt;Loire&gt;</a>/p?q=&#39;2&#39;&lang=en',
  );
  assert.equal(fill(template, ['<b>', '/', '/'], new Set([0])), '<a href="/"><b></a>/&lang=en');
});

test('layoutHtml writes the bytes of the Layout component, in both languages, with or without a query or an account', () => {
  const main = '<p>Contenu « principal » &amp; <a href="/x">lien</a></p>';
  const pages = [
    {
      title: 'Lens',
      canonical: 'https://pacte.test/communes/62498',
      feed: { href: '/flux/a.atom', title: 'Flux — Lens' },
    },
    {
      title: `L'Haÿ-les-Roses <"&'>`,
      canonical: 'https://pacte.test/communes/94038?a=1&b="2"',
      feed: { href: '/flux/b.atom?x=<1>', title: `Flux — L'Haÿ "&"` },
    },
  ];
  const contexts = [
    ctxOf('fr', '/communes/62498'),
    ctxOf('en', '/communes/62498'),
    ctxOf('fr', '/communes/62498?a=1&b=%22<x>'),
    ctxOf('en', `/communes/94038?q="'&<>"`),
    ctxOf('fr', '/communes/62498', { email: 'moderateur@exemple.test', role: 'moderator' }),
  ];
  for (const ctx of contexts) {
    for (const page of [...pages, { ...pages[0]!, title: ctx.t('site.name') }]) {
      const expected = (
        <Layout ctx={ctx} title={page.title} canonical={page.canonical} feed={page.feed}>
          {raw(main)}
        </Layout>
      ).toString();
      assert.equal(layoutHtml(ctx, page, main), expected, `${ctx.lang} ${ctx.path} ${page.title}`);
      // Twice: the second time from the template.
      assert.equal(layoutHtml(ctx, page, main), expected);
    }
  }
});

test('breadcrumbsHtml writes the bytes of the Breadcrumbs component', () => {
  const cases = [
    [{ label: 'Pas-de-Calais (62)', href: '/departements/62' }, { label: 'Lens' }],
    [
      { label: 'Bouches-du-Rhône (13)', href: '/departements/13' },
      { label: `Marseille <"&'>`, href: '/communes/13055?a=1&b=2' },
      { label: '1er secteur' },
    ],
    // A crumb without a link before the last one: written by the component itself.
    [{ label: 'Sans lien' }, { label: 'Dernier', href: '/x' }],
  ];
  for (const lang of ['fr', 'en'] as const) {
    const ctx = ctxOf(lang, '/');
    for (const crumbs of cases) {
      const expected = (<Breadcrumbs ctx={ctx} crumbs={crumbs} />).toString();
      assert.equal(breadcrumbsHtml(ctx, crumbs), expected);
      assert.equal(breadcrumbsHtml(ctx, crumbs), expected);
    }
  }
});
