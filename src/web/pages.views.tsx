import type { ElectionWithRounds } from '../elections/elections.service.ts';
import type { DataSource } from '../opendata/sources.service.ts';
import type { CampaignStatistics } from '../statistics/statistics.service.ts';
import { KeyFigures, LatestSignatures, MiniMap } from '../statistics/statistics.views.tsx';
import { formatDate } from './i18n/index.ts';
import { Layout, type PageContext, SearchForm } from './layout.tsx';

export function HomePage({
  ctx,
  elections,
  stats,
}: {
  ctx: PageContext;
  elections: ElectionWithRounds[];
  stats: CampaignStatistics;
}) {
  const { t, lang } = ctx;
  return (
    <Layout ctx={ctx} title={t('site.name')}>
      <section class="hero" aria-labelledby="accueil-titre">
        <h1 id="accueil-titre">{t('home.title')}</h1>
        <p class="lead">{t('home.lead')}</p>
        <KeyFigures ctx={ctx} stats={stats} />
        <ul class="calls">
          <li>
            <a class="call" href="/signer">
              {t('home.callCandidates')}
            </a>
          </li>
          <li>
            <a class="call secondary" href="/inscription">
              {t('home.callVolunteers')}
            </a>
          </li>
        </ul>
        <h2>{t('home.searchTitle')}</h2>
        <SearchForm ctx={ctx} id="recherche-accueil" />
      </section>
      <div class="home-grid">
        <section aria-labelledby="carte-titre">
          <h2 id="carte-titre">{t('home.mapTitle')}</h2>
          <MiniMap ctx={ctx} stats={stats} />
          <p>
            <a href="/carte">{t('home.mapLink')}</a> · <a href="/statistiques">{t('home.statsLink')}</a>
          </p>
        </section>
        <section aria-labelledby="dernieres-titre">
          <h2 id="dernieres-titre">{t('home.latest')}</h2>
          <LatestSignatures ctx={ctx} stats={stats} />
          <p>
            <a href="/signataires">{t('signatures.directory')}</a> ·{' '}
            <a href="/flux/signatures.atom">{t('signatures.feed')}</a>
          </p>
          <h2 id="comment-titre">{t('home.howTitle')}</h2>
          <ol class="steps">
            <li>{t('home.how1')}</li>
            <li>{t('home.how2')}</li>
            <li>{t('home.how3')}</li>
          </ol>
          <h2 id="elections-titre">{t('home.elections')}</h2>
          <ul>
            {elections.map((e) => (
              <li>
                {e.name} <span class="muted">— {e.rounds.map((r) => formatDate(lang, r.date)).join(', ')}</span>
              </li>
            ))}
          </ul>
        </section>
      </div>
    </Layout>
  );
}

export function SourcesPage({ ctx, sources }: { ctx: PageContext; sources: DataSource[] }) {
  const { t, lang } = ctx;
  return (
    <Layout ctx={ctx} title={t('sources.title')}>
      <h1>{t('sources.title')}</h1>
      <p>{t('sources.intro')}</p>
      {sources.length === 0 && <p class="notice">{t('sources.none')}</p>}
      <ul class="cards">
        {sources.map((s) => (
          <li class="card">
            <h2>{s.name}</h2>
            <p>{s.publisher}</p>
            {s.summary && <p>{s.summary}</p>}
            <dl class="facts">
              <div>
                <dt>{t('sources.licence')}</dt>
                <dd>{s.licence}</dd>
              </div>
              {s.version && (
                <div>
                  <dt>{t('sources.version')}</dt>
                  <dd>{s.version}</dd>
                </div>
              )}
              <div>
                <dt>{t('sources.loaded')}</dt>
                <dd>
                  <time datetime={s.loaded_at}>{formatDate(lang, s.loaded_at)}</time>
                </dd>
              </div>
            </dl>
            <p>
              <a href={s.url}>{s.url}</a>
            </p>
          </li>
        ))}
      </ul>
      <p>{t('sources.map')}</p>
    </Layout>
  );
}

export function NotFoundPage({ ctx, message }: { ctx: PageContext; message?: string }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('error.404.title')}>
      <h1>{t('error.404.title')}</h1>
      <p>{message ?? t('error.404.text')}</p>
      <SearchForm ctx={ctx} id="recherche-404" />
    </Layout>
  );
}

export function ServerErrorPage({ ctx }: { ctx: PageContext }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('error.500.title')}>
      <h1>{t('error.500.title')}</h1>
      <p>{t('error.500.text')}</p>
    </Layout>
  );
}
