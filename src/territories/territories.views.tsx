import type { BallotWithCandidates } from '../candidates/candidates.service.ts';
import { BallotBlock } from '../candidates/candidates.views.tsx';
import type { CommuneMandates } from '../candidates/mandates.service.ts';
import type { ProvenanceItem } from '../candidates/provenance.service.ts';
import type { ElectionWithRounds } from '../elections/elections.service.ts';
import { ScorecardLinks } from '../followup/followup.views.tsx';
import type { ScorecardLink } from '../followup/scorecards.service.ts';
import { DownloadLinks } from '../opendata/download-links.tsx';
import type { DataSource } from '../opendata/sources.service.ts';
import type { PublicSignature } from '../pledges/publication.service.ts';
import { SignaturesSection } from '../pledges/signatories.views.tsx';
import { formatDate, formatNumber } from '../web/i18n/index.ts';
import { Breadcrumbs, Layout, type PageContext, SearchForm } from '../web/layout.tsx';
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

function ElectionsSection({
  ctx,
  commune,
  elections,
  ballots,
}: {
  ctx: PageContext;
  commune: CommuneDetails;
  elections: ElectionWithRounds[];
  ballots: BallotWithCandidates[];
}) {
  const { t } = ctx;
  return (
    <section aria-labelledby="elections-titre">
      <h2 id="elections-titre">{t('commune.elections')}</h2>
      {elections.map((election) => {
        const own = ballots.filter((b) => b.election_id === election.id);
        return (
          <section class="election" aria-labelledby={`election-${election.id}`}>
            <h3 id={`election-${election.id}`}>{election.name}</h3>
            <p class="muted">
              {t('commune.rounds')} : {election.rounds.map((r) => formatDate(ctx.lang, r.date)).join(' · ')}
            </p>
            {own.length > 0 ? (
              own.map((b) => <BallotBlock ballot={b} headingLevel={4} />)
            ) : election.scope === 'circonscription' ? (
              <p>
                <a href={`/departements/${commune.departement_code}#circonscriptions`}>
                  {t('commune.circonscriptionsOf')}
                </a>
              </p>
            ) : election.scope === 'national' ? (
              <p>
                <a href={`/elections/${election.id}`}>{t('commune.nationalLists')}</a>
              </p>
            ) : (
              <p class="muted">{t('commune.noBallot')}</p>
            )}
          </section>
        );
      })}
    </section>
  );
}

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
  const { t, lang } = ctx;
  const mayor = mandates?.mayor;
  const mayorName = mayor && `${mayor.firstName} ${mayor.lastName}`;
  const crumbs = [
    {
      label: `${commune.departement_name} (${commune.departement_code})`,
      href: `/departements/${commune.departement_code}`,
    },
    ...(commune.parent ? [{ label: commune.parent.name, href: `/communes/${commune.parent.insee}` }] : []),
    { label: commune.name },
  ];
  return (
    <Layout
      ctx={ctx}
      title={commune.name}
      canonical={canonical}
      feed={{
        href: `/flux/communes/${commune.insee}/signatures.atom`,
        title: `${t('signatures.feed')} — ${commune.name}`,
      }}
    >
      <Breadcrumbs ctx={ctx} crumbs={crumbs} />
      <h1>{commune.name}</h1>
      <dl class="facts">
        <div>
          <dt>{t('commune.insee')}</dt>
          <dd>{commune.insee}</dd>
        </div>
        {commune.parent && (
          <div>
            <dt>{t('commune.parent')}</dt>
            <dd>
              <a href={`/communes/${commune.parent.insee}`}>{commune.parent.name}</a>
            </dd>
          </div>
        )}
        <div>
          <dt>{t('commune.departement')}</dt>
          <dd>
            <a href={`/departements/${commune.departement_code}`}>
              {commune.departement_name} ({commune.departement_code})
            </a>
          </dd>
        </div>
        <div>
          <dt>{t('commune.region')}</dt>
          <dd>{commune.region_name ?? '—'}</dd>
        </div>
        <div>
          <dt>{t('commune.postcodes')}</dt>
          <dd>{commune.postcodes.join(', ') || '—'}</dd>
        </div>
        <div>
          <dt>{t('commune.population')}</dt>
          <dd>{commune.population === null ? '—' : formatNumber(lang, commune.population)}</dd>
        </div>
        <div>
          <dt>{t('commune.intercommunalities')}</dt>
          <dd>
            {commune.intercommunalities.length === 0
              ? t('commune.noIntercommunality')
              : commune.intercommunalities.map((i, n) => (
                  <>
                    {n > 0 && <br />}
                    {i.name} <span class="muted">({INTERCOMMUNALITY_KINDS[i.kind] ?? i.kind})</span>
                  </>
                ))}
          </dd>
        </div>
        {mayor && (
          <div>
            <dt>{t('commune.mayor')}</dt>
            <dd>
              {mayor.personId ? <a href={`/personnes/${mayor.personId}`}>{mayorName}</a> : mayorName}
              {mayor.since && `, ${t('commune.mayorSince', { date: formatDate(lang, mayor.since) })}`}
            </dd>
          </div>
        )}
        {mandates && mandates.councillors > 0 && (
          <div>
            <dt>{t('commune.councillors')}</dt>
            <dd>{t('commune.councillorsInOffice', { n: formatNumber(lang, mandates.councillors) })}</dd>
          </div>
        )}
        {followup && <ScorecardLinks ctx={ctx} links={followup} />}
      </dl>
      {commune.arrondissements.length > 0 && (
        <section aria-labelledby="arrondissements-titre">
          <h2 id="arrondissements-titre">{t('commune.arrondissements')}</h2>
          <ul class="columns">
            {commune.arrondissements.map((a) => (
              <li>
                <a href={`/communes/${a.insee}`}>{a.name}</a>
              </li>
            ))}
          </ul>
        </section>
      )}
      {signatures && (
        <>
          <SignaturesSection ctx={ctx} signatures={signatures} />
          <p>
            <a href={`/flux/communes/${commune.insee}/signatures.atom`}>{t('signatures.feed')}</a>
          </p>
        </>
      )}
      <ElectionsSection ctx={ctx} commune={commune} elections={elections} ballots={ballots} />
      {ballots.length > 0 && (
        <DownloadLinks base={`/communes/${commune.insee}`} label="les listes et candidatures de la commune" />
      )}
      {provenance && <Provenance ctx={ctx} items={provenance} territories={territories} />}
    </Layout>
  );
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
