import { raw } from 'hono/html';
import type { BallotWithCandidates } from '../candidates/candidates.service.ts';
import { ballotHtml } from '../candidates/candidates.views.tsx';
import type { CommuneMandates } from '../candidates/mandates.service.ts';
import type { ProvenanceItem } from '../candidates/provenance.service.ts';
import type { ElectionWithRounds } from '../elections/elections.service.ts';
import { ScorecardLinks } from '../followup/followup.views.tsx';
import type { ScorecardLink } from '../followup/scorecards.service.ts';
import { DownloadLinks } from '../opendata/download-links.tsx';
import type { DataSource } from '../opendata/sources.service.ts';
import type { PublicSignature } from '../pledges/publication.service.ts';
import { SignaturesSection } from '../pledges/signatories.views.tsx';
import { esc } from '../web/escape.ts';
import { formatDate, formatNumber } from '../web/i18n/index.ts';
import { Breadcrumbs, Layout, type PageContext, SearchForm } from '../web/layout.tsx';
import { breadcrumbsHtml, cachedTemplate, fill, layoutHtml, marker } from '../web/page-template.tsx';
import { Provenance } from '../web/provenance.views.tsx';
import type { CommuneDetails, CommuneHit, DepartementDetails, SearchOutcome } from './territories.service.ts';

const INTERCOMMUNALITY_KINDS: Record<string, string> = {
  CC: 'Communauté de communes',
  CA: 'Communauté d’agglomération',
  CU: 'Communauté urbaine',
  METRO: 'Métropole',
  MET69: 'Métropole de Lyon',
  EPT: 'Établissement public territorial',
};

export function SearchResults({ ctx, hits }: { ctx: PageContext; hits: CommuneHit[] }) {
  return (
    <ul class="results">
      {hits.map((h) => (
        <li>
          <a href={`/communes/${h.insee}`}>{h.name}</a>{' '}
          <span class="muted">
            {h.departement_name} ({h.departement_code})
            {h.population !== null && <> · {formatNumber(ctx.lang, h.population)} hab.</>}
          </span>
        </li>
      ))}
    </ul>
  );
}

export function SearchPage({ ctx, outcome }: { ctx: PageContext; outcome: SearchOutcome | undefined }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('search.title')} searchValue={outcome?.query}>
      <h1>{t('search.title')}</h1>
      <SearchForm ctx={ctx} value={outcome?.query} id="recherche-page" />
      <div id="resultats" aria-live="polite" data-search-results>
        {!outcome && <p>{t('search.hint')}</p>}
        {outcome?.status === 'too_short' && <p class="notice">{t('search.tooShort')}</p>}
        {outcome?.status === 'ok' && outcome.results.length === 0 && (
          <p class="notice">{t('search.none', { q: outcome.query })}</p>
        )}
        {outcome?.status === 'ok' && outcome.results.length > 0 && (
          <>
            <p>{t('search.count', { n: outcome.results.length, q: outcome.query })}</p>
            <SearchResults ctx={ctx} hits={outcome.results} />
          </>
        )}
      </div>
    </Layout>
  );
}

/** What an election writes on every commune page, per language: its heading and rounds, its note when the commune has no ballot. */
interface ElectionParts {
  head: string;
  /** After the heading when the commune has no ballot of it (but for circonscription elections). */
  none: string;
}
// Elections are read once per data version (elections.service.ts): same objects until the data changes.
const electionParts = new WeakMap<ElectionWithRounds, Partial<Record<string, ElectionParts>>>();
function partsOf(ctx: PageContext, election: ElectionWithRounds): ElectionParts {
  let byLang = electionParts.get(election);
  if (byLang === undefined) {
    byLang = {};
    electionParts.set(election, byLang);
  }
  let parts = byLang[ctx.lang];
  if (parts === undefined) {
    const { t, lang } = ctx;
    const id = esc(`election-${election.id}`);
    const rounds = election.rounds.map((r) => formatDate(lang, r.date)).join(' · ');
    parts = {
      head:
        `<section class="election" aria-labelledby="${id}"><h3 id="${id}">${esc(election.name)}</h3>` +
        `<p class="muted">${esc(t('commune.rounds'))} : ${esc(rounds)}</p>`,
      none:
        election.scope === 'national'
          ? `<p><a href="${esc(`/elections/${election.id}`)}">${esc(t('commune.nationalLists'))}</a></p>`
          : `<p class="muted">${esc(t('commune.noBallot'))}</p>`,
    };
    byLang[ctx.lang] = parts;
  }
  return parts;
}

/**
 * The elections of the commune page, written as one escaped string (same bytes as the JSX it
 * replaced): on every commune page, most of it the same few paragraphs (decision 0025).
 */
function electionsHtml(
  ctx: PageContext,
  commune: CommuneDetails,
  elections: ElectionWithRounds[],
  ballots: BallotWithCandidates[],
): string {
  const { t } = ctx;
  let html = `<section aria-labelledby="elections-titre"><h2 id="elections-titre">${esc(t('commune.elections'))}</h2>`;
  for (const election of elections) {
    const parts = partsOf(ctx, election);
    html += parts.head;
    let own = 0;
    for (const b of ballots) {
      if (b.election_id !== election.id) continue;
      html += ballotHtml(b, 4);
      own++;
    }
    if (own > 0) {
      // The ballots are above.
    } else if (election.scope === 'circonscription') {
      html += `<p><a href="${esc(`/departements/${commune.departement_code}#circonscriptions`)}">${esc(t('commune.circonscriptionsOf'))}</a></p>`;
    } else {
      html += parts.none;
    }
    html += '</section>';
  }
  return `${html}</section>`;
}

/** The title and facts of the commune page up to its scorecard links, as one escaped string (same bytes as the JSX it replaced). */
function factsHtml(ctx: PageContext, commune: CommuneDetails, mandates: CommuneMandates | undefined): string {
  const { t, lang } = ctx;
  const fact = (label: string, value: string) => `<div><dt>${esc(label)}</dt><dd>${value}</dd></div>`;
  let html = `<h1>${esc(commune.name)}</h1><dl class="facts">${fact(t('commune.insee'), esc(commune.insee))}`;
  if (commune.parent) {
    html += fact(
      t('commune.parent'),
      `<a href="${esc(`/communes/${commune.parent.insee}`)}">${esc(commune.parent.name)}</a>`,
    );
  }
  html += fact(
    t('commune.departement'),
    `<a href="${esc(`/departements/${commune.departement_code}`)}">${esc(`${commune.departement_name} (${commune.departement_code})`)}</a>`,
  );
  html += fact(t('commune.region'), esc(commune.region_name ?? '—'));
  html += fact(t('commune.postcodes'), esc(commune.postcodes.join(', ') || '—'));
  html += fact(
    t('commune.population'),
    esc(commune.population === null ? '—' : formatNumber(lang, commune.population)),
  );
  html += fact(
    t('commune.intercommunalities'),
    commune.intercommunalities.length === 0
      ? esc(t('commune.noIntercommunality'))
      : commune.intercommunalities
          .map(
            (i, n) =>
              `${n > 0 ? '<br/>' : ''}${esc(i.name)} <span class="muted">(${esc(INTERCOMMUNALITY_KINDS[i.kind] ?? i.kind)})</span>`,
          )
          .join(''),
  );
  const mayor = mandates?.mayor;
  if (mayor) {
    const name = esc(`${mayor.firstName} ${mayor.lastName}`);
    let value = mayor.personId ? `<a href="${esc(`/personnes/${mayor.personId}`)}">${name}</a>` : name;
    if (mayor.since) value += esc(`, ${t('commune.mayorSince', { date: formatDate(lang, mayor.since) })}`);
    html += fact(t('commune.mayor'), value);
  }
  if (mandates && mandates.councillors > 0) {
    html += fact(
      t('commune.councillors'),
      esc(t('commune.councillorsInOffice', { n: formatNumber(lang, mandates.councillors) })),
    );
  }
  return html;
}

/** The end of the facts and the commune's arrondissements, as one escaped string. */
function arrondissementsHtml(ctx: PageContext, commune: CommuneDetails): string {
  if (commune.arrondissements.length === 0) return '</dl>';
  let html = `</dl><section aria-labelledby="arrondissements-titre"><h2 id="arrondissements-titre">${esc(ctx.t('commune.arrondissements'))}</h2><ul class="columns">`;
  for (const a of commune.arrondissements)
    html += `<li><a href="${esc(`/communes/${a.insee}`)}">${esc(a.name)}</a></li>`;
  return `${html}</ul></section>`;
}

/** The download links of the commune page, from a template (same bytes as `DownloadLinks`). */
function downloadsHtml(insee: string): string {
  const template = cachedTemplate('commune-downloads', () =>
    (<DownloadLinks base={marker(0)} label="les listes et candidatures de la commune" />).toString(),
  );
  return fill(template, [`/communes/${insee}`]);
}

/** The same few sources on every page: their section rendered once per language and sources. */
const provenanceSections = new Map<string, string>();
function provenanceHtml(ctx: PageContext, items: ProvenanceItem[], territories: DataSource | undefined): string {
  let key = ctx.lang;
  for (const i of items) key += `\u0000${i.fileName}\u0000${i.formatLabel}\u0000${i.importedAt}`;
  if (territories) key += `\u0001${territories.name}\u0000${territories.loaded_at}`;
  let html = provenanceSections.get(key);
  if (html === undefined) {
    html = (<Provenance ctx={ctx} items={items} territories={territories} />).toString();
    if (provenanceSections.size >= 1_000) provenanceSections.clear();
    provenanceSections.set(key, html);
  }
  return html;
}

/** The signatures section without any signature, the same on every page of a language. */
const noSignatures = new Map<string, string>();
function signaturesHtml(ctx: PageContext, insee: string, signatures: PublicSignature[]): string {
  let html: string | undefined;
  if (signatures.length > 0) html = (<SignaturesSection ctx={ctx} signatures={signatures} />).toString();
  else {
    html = noSignatures.get(ctx.lang);
    if (html === undefined) {
      html = (<SignaturesSection ctx={ctx} signatures={[]} />).toString();
      noSignatures.set(ctx.lang, html);
    }
  }
  return `${html}<p><a href="${esc(`/flux/communes/${insee}/signatures.atom`)}">${esc(ctx.t('signatures.feed'))}</a></p>`;
}

/**
 * The commune page, written as one string (decision 0028): the frame and the shared components
 * (layout, breadcrumbs, download links) from templates rendered once by their JSX, the sources section
 * once per set of sources, the rest as escaped strings. Same bytes as the JSX it replaced.
 */
export function CommunePage({
  ctx,
  commune,
  elections,
  ballots,
  mandates,
  signatures,
  provenance,
  territories,
  canonical,
  followup,
}: {
  ctx: PageContext;
  commune: CommuneDetails;
  elections: ElectionWithRounds[];
  ballots: BallotWithCandidates[];
  /** Mayor and councillors from the Répertoire national des élus, when imported. */
  mandates?: CommuneMandates;
  /** Published signatures of the pact in this commune. */
  signatures?: PublicSignature[];
  /** The official files the page's data came from (candidates/provenance.service.ts). */
  provenance?: ProvenanceItem[];
  territories?: DataSource;
  canonical: string;
  /** Follow-up scorecards of the commune and its intercommunalities (followup/). */
  followup?: ScorecardLink[];
}) {
  const { t } = ctx;
  const crumbs = [
    {
      label: `${commune.departement_name} (${commune.departement_code})`,
      href: `/departements/${commune.departement_code}`,
    },
    ...(commune.parent ? [{ label: commune.parent.name, href: `/communes/${commune.parent.insee}` }] : []),
    { label: commune.name },
  ];
  let main = breadcrumbsHtml(ctx, crumbs) + factsHtml(ctx, commune, mandates);
  if (followup && followup.length > 0) main += (<ScorecardLinks ctx={ctx} links={followup} />).toString();
  main += arrondissementsHtml(ctx, commune);
  if (signatures) main += signaturesHtml(ctx, commune.insee, signatures);
  main += electionsHtml(ctx, commune, elections, ballots);
  if (ballots.length > 0) main += downloadsHtml(commune.insee);
  if (provenance) main += provenanceHtml(ctx, provenance, territories);
  const feed = {
    href: `/flux/communes/${commune.insee}/signatures.atom`,
    title: `${t('signatures.feed')} — ${commune.name}`,
  };
  return raw(layoutHtml(ctx, { title: commune.name, canonical, feed }, main));
}

export function DepartementPage({
  ctx,
  departement,
  provenance,
  territories,
  canonical,
}: {
  ctx: PageContext;
  departement: DepartementDetails;
  provenance?: ProvenanceItem[];
  territories?: DataSource;
  canonical: string;
}) {
  const { t, lang } = ctx;
  return (
    <Layout
      ctx={ctx}
      title={`${departement.name} (${departement.code})`}
      canonical={canonical}
      feed={{
        href: `/flux/departements/${departement.code}/signatures.atom`,
        title: `${t('signatures.feed')} — ${departement.name}`,
      }}
    >
      <Breadcrumbs ctx={ctx} crumbs={[{ label: `${departement.name} (${departement.code})` }]} />
      <h1>
        {departement.name} <span class="muted">({departement.code})</span>
      </h1>
      <p>
        {t('departement.region')} : {departement.region_name ?? '—'}
      </p>
      <p>
        <a href={`/signataires?departement=${departement.code}`}>{t('signatures.directory')}</a> ·{' '}
        <a href={`/flux/departements/${departement.code}/signatures.atom`}>{t('signatures.feed')}</a>
      </p>
      <section id="circonscriptions" aria-labelledby="circonscriptions-titre">
        <h2 id="circonscriptions-titre">{t('departement.circonscriptions')}</h2>
        {departement.circonscriptions.length === 0 ? (
          <p class="muted">{t('departement.noCirconscriptions')}</p>
        ) : (
          <ul class="columns">
            {departement.circonscriptions.map((id) => (
              <li>
                <a href={`/circonscriptions/${id}`}>
                  {t('departement.circonscription', { n: Number(id.split('-')[1]) })}
                </a>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="interco-titre">
        <h2 id="interco-titre">
          {t('departement.intercommunalities')} ({departement.intercommunalities.length})
        </h2>
        <ul class="columns">
          {departement.intercommunalities.map((i) => (
            <li>
              {i.name} <span class="muted">({i.kind})</span>
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="communes-titre">
        <h2 id="communes-titre">
          {t('departement.communes')} ({formatNumber(lang, departement.communes.length)})
        </h2>
        <ul class="columns">
          {departement.communes.map((c) => (
            <li>
              <a href={`/communes/${c.insee}`}>{c.name}</a>
            </li>
          ))}
        </ul>
      </section>
      {provenance && <Provenance ctx={ctx} items={provenance} territories={territories} />}
    </Layout>
  );
}
