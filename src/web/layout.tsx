import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';
import type { JSX } from 'hono/jsx/jsx-runtime';
import type { HtmlEscapedString } from 'hono/utils/html';
import { ambassadorsT } from '../ambassadors/ambassadors.i18n.ts';
import type { Lang, Translate } from './i18n/index.ts';

/** What every view needs to render the page frame, in the visitor's language. */
export interface PageContext {
  t: Translate;
  lang: Lang;
  /** Current path, for the language switch link. */
  path: string;
  /** The signed-in account, shown in the header with a sign-out button. */
  account?: { email: string; role: string };
  /** The anti-CSRF token of this visitor, for forms that POST (see web/csrf.ts). */
  csrf?: () => string;
}

/**
 * Parts of the page frame that depend on the language only (brand and menu for anonymous visitors,
 * the header's empty search form, footer), rendered once per language: they are on every page, and
 * re-rendering their JSX each time was a tenth of a commune page's rendering.
 */
const staticParts = new Map<string, HtmlEscapedString>();
function staticPart(key: string, render: () => JSX.Element): HtmlEscapedString {
  let html = staticParts.get(key);
  if (html === undefined) {
    html = raw(render().toString());
    staticParts.set(key, html);
  }
  return html;
}

/** The head's fixed elements, as hono/jsx writes them (its metadata elements cost more than plain tags). */
const HEAD_START = raw('<meta charset="utf-8"/><meta name="viewport" content="width=device-width, initial-scale=1"/>');
const HEAD_END = raw(
  '<link rel="stylesheet" href="/static/style.css"/><link rel="icon" href="/static/favicon.svg" type="image/svg+xml"/>' +
    '<script src="/static/search.js" defer=""></script>',
);

export interface Crumb {
  label: string;
  href?: string;
}

/** The commune search form; `name` tells it apart from the other search landmarks of the page. */
export function SearchForm({ ctx, value, id, name }: { ctx: PageContext; value?: string; id: string; name?: string }) {
  const { t } = ctx;
  return (
    <form
      class="search-form"
      role="search"
      aria-label={name ?? t('search.title')}
      action="/recherche"
      method="get"
      data-search-form
    >
      <label for={id}>{t('search.label')}</label>
      <div class="search-row">
        <input
          id={id}
          type="search"
          name="q"
          value={value ?? ''}
          placeholder={t('search.placeholder')}
          autocomplete="off"
          maxlength={200}
          data-search-input
        />
        <button type="submit">{t('search.button')}</button>
      </div>
    </form>
  );
}

export function Breadcrumbs({ ctx, crumbs }: { ctx: PageContext; crumbs: Crumb[] }) {
  return (
    <nav aria-label={ctx.t('breadcrumb.label')} class="breadcrumbs">
      <ol>
        <li>
          <a href="/">{ctx.t('nav.home')}</a>
        </li>
        {crumbs.map((c, i) => (
          <li>
            {c.href && i < crumbs.length - 1 ? (
              <a href={c.href}>{c.label}</a>
            ) : (
              <span aria-current="page">{c.label}</span>
            )}
          </li>
        ))}
      </ol>
    </nav>
  );
}

/** The brand and the main menu (with a sign-out button for a signed-in account). */
function SiteMenu({ ctx }: { ctx: PageContext }) {
  const { t } = ctx;
  return (
    <>
      <a class="brand" href="/">
        {/* Drawn inline: an emoji needs a font the visitor may not have, and no font is fetched. */}
        <svg class="brand-mark" aria-hidden="true" focusable="false" viewBox="0 0 32 32" width="28" height="28">
          <rect width="32" height="32" rx="6" fill="#fff" />
          <path
            d="M9 17l5 5 9-11"
            stroke="#0b5e3c"
            stroke-width="4"
            fill="none"
            stroke-linecap="round"
            stroke-linejoin="round"
          />
        </svg>
        {t('site.name')}
      </a>
      <nav aria-label={t('nav.main')}>
        <ul class="nav-links">
          <li>
            <a href="/pacte">{t('nav.pact')}</a>
          </li>
          <li>
            <a href="/carte">{t('nav.map')}</a>
          </li>
          <li>
            <a href="/statistiques">{t('nav.statistics')}</a>
          </li>
          <li>
            <a href="/recherche">{t('nav.search')}</a>
          </li>
          {ctx.account && (
            <li>
              <form method="post" action="/deconnexion" class="inline-form">
                <input type="hidden" name="_csrf" value={ctx.csrf?.() ?? ''} />
                <button type="submit" class="link-button">
                  Se déconnecter <span class="visually-hidden">({ctx.account.email})</span>
                </button>
              </form>
            </li>
          )}
        </ul>
      </nav>
    </>
  );
}

export function Layout({
  ctx,
  title,
  children,
  canonical,
  searchValue,
  refreshSeconds,
  feed,
}: {
  ctx: PageContext;
  title: string;
  children: Child;
  canonical?: string;
  searchValue?: string;
  /** Reloads the page periodically (progress of a background job; no script needed). */
  refreshSeconds?: number;
  /** An Atom feed that follows this page (announced to feed readers). */
  feed?: { href: string; title: string };
}) {
  const { t, lang } = ctx;
  const otherLang = lang === 'fr' ? 'en' : 'fr';
  const fullTitle = title === t('site.name') ? title : `${title} — ${t('site.name')}`;
  return (
    <html lang={lang}>
      <head>
        {HEAD_START}
        <title>{fullTitle}</title>
        {canonical && <link rel="canonical" href={canonical} />}
        {refreshSeconds !== undefined && <meta http-equiv="refresh" content={String(refreshSeconds)} />}
        {feed && <link rel="alternate" type="application/atom+xml" href={feed.href} title={feed.title} />}
        {HEAD_END}
      </head>
      <body>
        <a class="skip-link" href="#contenu">
          {t('nav.skip')}
        </a>
        <header class="site-header">
          <div class="wrap header-row">
            {ctx.account ? <SiteMenu ctx={ctx} /> : staticPart(`nav|${lang}`, () => <SiteMenu ctx={ctx} />)}
          </div>
          <div class="wrap">
            {searchValue === undefined ? (
              staticPart(`search|${lang}`, () => <SearchForm ctx={ctx} id="recherche-entete" name={t('nav.search')} />)
            ) : (
              <SearchForm ctx={ctx} value={searchValue} id="recherche-entete" name={t('nav.search')} />
            )}
          </div>
        </header>
        <main id="contenu" class="wrap" tabindex={-1}>
          {children}
        </main>
        <footer class="site-footer">
          <div class="wrap">
            {staticPart(`footer|${lang}`, () => (
              <p>{t('footer.licence')}</p>
            ))}
            <ul class="footer-links">
              {staticPart(`footer-links|${lang}`, () => (
                <>
                  <li>
                    <a href="/sources">{t('footer.sources')}</a>
                  </li>
                  <li>
                    <a href="/donnees">{t('footer.data')}</a>
                  </li>
                  <li>
                    <a href="/ambassadeurs">{ambassadorsT(lang)('amb.nav')}</a>
                  </li>
                  <li>
                    <a href="/mes-donnees">{t('footer.rights')}</a>
                  </li>
                </>
              ))}
              <li>
                <a
                  href={`${ctx.path}${ctx.path.includes('?') ? '&' : '?'}lang=${otherLang}`}
                  lang={otherLang}
                  hreflang={otherLang}
                >
                  {t('footer.language')}
                </a>
              </li>
            </ul>
          </div>
        </footer>
      </body>
    </html>
  );
}
