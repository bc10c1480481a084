import { raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import { FigureTable } from '../web/figure-table.views.tsx';
import { formatDate, formatNumber } from '../web/i18n/index.ts';
import { Breadcrumbs, Layout, type PageContext } from '../web/layout.tsx';
import { TimelineChart } from './chart.views.tsx';
import {
  countClasses,
  FranceMap,
  type FranceMapProps,
  franceMapPicture,
  MAP_SIZE,
  MapLegend,
  type MapValue,
  OVERSEAS,
  shareClasses,
} from './map.views.tsx';
import type { CampaignStatistics, DepartementFigures } from './statistics.service.ts';

export type MapView = 'signatures' | 'couverture';

function percent(lang: PageContext['lang'], share: number | null): string {
  if (share === null) return '—';
  return `${formatNumber(lang, Math.round(share * 1000) / 10)} %`;
}

function Notices({ notices }: { notices: string[] }) {
  return (
    <>
      {notices.map((n) => (
        <p class="notice" role="status">
          {n}
        </p>
      ))}
    </>
  );
}

/**
 * The rendered map of a statistics snapshot, by view, language and size: statistics change only with
 * the data version (StatisticsCache), and the map is most of the home page's weight.
 */
const renderedMaps = new WeakMap<CampaignStatistics, Map<string, HtmlEscapedString>>();

/** The map for one view, with its values, legend and accessible names (rendered once per snapshot). */
export function CampaignMap(props: { ctx: PageContext; stats: CampaignStatistics; view: MapView; compact?: boolean }) {
  const key = `${props.view}|${props.ctx.lang}|${props.compact ? 1 : 0}`;
  let byKey = renderedMaps.get(props.stats);
  if (!byKey) {
    byKey = new Map();
    renderedMaps.set(props.stats, byKey);
  }
  let html = byKey.get(key);
  if (!html) {
    html = raw(String(<MapOfView {...props} />));
    byKey.set(key, html);
  }
  return html;
}

/** What the map shows for a view: values, classes, names and accessible label. */
function mapProps(ctx: PageContext, stats: CampaignStatistics, view: MapView, compact?: boolean): FranceMapProps {
  const { t, lang } = ctx;
  const names = new Map(stats.departements.map((d) => [d.code, d.name]));
  for (const o of OVERSEAS) if (!names.has(o.code)) names.set(o.code, o.name);
  const values = new Map<string, MapValue>();
  if (view === 'signatures') {
    for (const d of stats.departements) {
      values.set(d.code, { value: d.signatures, text: t('map.signatures', { n: formatNumber(lang, d.signatures) }) });
    }
    const max = Math.max(0, ...stats.departements.map((d) => d.signatures));
    const { classes, classOf } = countClasses(lang, max);
    return { ctx, label: t('map.labelSignatures'), values, classes, classOf, names, compact };
  }
  for (const d of stats.departements) {
    values.set(d.code, {
      value: d.coverage,
      text:
        d.coverage === null
          ? t('map.noList')
          : t('map.coverage', {
              share: percent(lang, d.coverage),
              contacted: formatNumber(lang, d.contacted),
              lists: formatNumber(lang, d.lists),
            }),
    });
  }
  const { classes, classOf } = shareClasses();
  return { ctx, label: t('map.labelCoverage'), values, classes, classOf, names, compact };
}

function MapOfView({
  ctx,
  stats,
  view,
  compact,
}: {
  ctx: PageContext;
  stats: CampaignStatistics;
  view: MapView;
  compact?: boolean;
}) {
  return <FranceMap {...mapProps(ctx, stats, view, compact)} />;
}

/** The standalone SVG picture of a view (/carte/VIEW.svg), kept per snapshot and language. */
const pictures = new WeakMap<CampaignStatistics, Map<string, string>>();
export function mapPicture(ctx: PageContext, stats: CampaignStatistics, view: MapView): string {
  let byKey = pictures.get(stats);
  if (!byKey) {
    byKey = new Map();
    pictures.set(stats, byKey);
  }
  const key = `${view}|${ctx.lang}`;
  let svg = byKey.get(key);
  if (svg === undefined) {
    svg = franceMapPicture(mapProps(ctx, stats, view));
    byKey.set(key, svg);
  }
  return svg;
}

/**
 * The home page's small map: the picture (one cached request, a light page), with the départements
 * that have the most signatures as its text, and a link to the interactive map.
 */
export function MiniMap({ ctx, stats }: { ctx: PageContext; stats: CampaignStatistics }) {
  const { t, lang } = ctx;
  const top = stats.departements
    .filter((d) => d.signatures > 0)
    .sort((a, b) => b.signatures - a.signatures || a.code.localeCompare(b.code))
    .slice(0, 5)
    .map((d) => `${d.name} (${formatNumber(lang, d.signatures)})`);
  const alt = top.length
    ? t('home.mapAlt', { list: top.join(', ') })
    : `${t('map.labelSignatures')} — ${t('stats.noSignature')}`;
  const props = mapProps(ctx, stats, 'signatures', true);
  return (
    <figure class="france-map compact">
      <a href="/carte">
        <img
          src="/carte/signatures.svg"
          alt={alt}
          width={MAP_SIZE.width}
          height={MAP_SIZE.height}
          class="france-map-svg"
        />
      </a>
      <MapLegend ctx={ctx} classes={props.classes} />
    </figure>
  );
}

function DepartementTable({
  ctx,
  departements,
  caption,
}: {
  ctx: PageContext;
  departements: DepartementFigures[];
  caption: string;
}) {
  const { t, lang } = ctx;
  return (
    <FigureTable
      caption={caption}
      columns={[
        t('stats.departement'),
        t('stats.signatures'),
        t('stats.lists'),
        t('stats.contacted'),
        t('stats.coverage'),
      ]}
      rows={departements}
      cells={(d) => [
        <a href={`/departements/${d.code}`}>
          {d.name} ({d.code})
        </a>,
        formatNumber(lang, d.signatures),
        formatNumber(lang, d.lists),
        formatNumber(lang, d.contacted),
        percent(lang, d.coverage),
      ]}
    />
  );
}

export function MapPage({
  ctx,
  stats,
  view,
  notices,
  canonical,
}: {
  ctx: PageContext;
  stats: CampaignStatistics;
  view: MapView;
  notices: string[];
  canonical: string;
}) {
  const { t } = ctx;
  const views: [MapView, string][] = [
    ['signatures', t('map.viewSignatures')],
    ['couverture', t('map.viewCoverage')],
  ];
  return (
    <Layout ctx={ctx} title={t('map.title')} canonical={canonical}>
      <Breadcrumbs ctx={ctx} crumbs={[{ label: t('map.title') }]} />
      <h1>{t('map.title')}</h1>
      <Notices notices={notices} />
      <p>{view === 'signatures' ? t('map.introSignatures') : t('map.introCoverage')}</p>
      {stats.election && <p class="muted">{t('stats.election', { name: stats.election.name })}</p>}
      <nav aria-label={t('map.views')} class="tabs">
        <ul>
          {views.map(([v, label]) => (
            <li>
              <a href={`/carte?vue=${v}`} aria-current={v === view ? 'page' : undefined}>
                {label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <CampaignMap ctx={ctx} stats={stats} view={view} />
      <p class="muted">{t('map.keyboard')}</p>
      <details class="map-table">
        <summary>{t('map.table')}</summary>
        <DepartementTable ctx={ctx} departements={stats.departements} caption={t('map.tableCaption')} />
      </details>
      <p>
        <a href="/statistiques">{t('map.toStatistics')}</a> · <a href="/donnees">{t('map.toData')}</a>
      </p>
    </Layout>
  );
}

function Figure({ value, label, text }: { value: string; label: string; text?: boolean }) {
  return (
    <div class="figure">
      <dt>{label}</dt>
      <dd class={text ? 'figure-text' : undefined}>{value}</dd>
    </div>
  );
}

/** The headline numbers (home page and statistics). */
export function KeyFigures({ ctx, stats }: { ctx: PageContext; stats: CampaignStatistics }) {
  const { t, lang } = ctx;
  const n = (v: number) => formatNumber(lang, v);
  const { totals } = stats;
  return (
    <dl class="key-figures">
      <Figure value={n(totals.signatures)} label={t('stats.totalSignatures')} />
      <Figure value={n(totals.heads)} label={t('stats.heads')} />
      <Figure
        value={totals.elected === null ? t('stats.notYetKnown') : n(totals.elected)}
        label={t('stats.electedSignatories')}
        text={totals.elected === null}
      />
      <Figure value={n(totals.communes)} label={t('stats.communesCovered')} />
    </dl>
  );
}

export function LatestSignatures({ ctx, stats }: { ctx: PageContext; stats: CampaignStatistics }) {
  const { t, lang } = ctx;
  if (stats.latest.length === 0) return <p class="muted">{t('stats.noSignature')}</p>;
  return (
    <ul class="latest">
      {stats.latest.map((s) => (
        <li>
          <strong>{s.variant === 'list' ? t('stats.listLabel', { name: s.label }) : s.label}</strong>
          {s.communeInsee && (
            <>
              {' '}
              — <a href={`/communes/${s.communeInsee}`}>{s.communeName ?? s.communeInsee}</a>
            </>
          )}{' '}
          <span class="muted">
            <time datetime={s.publishedAt}>{formatDate(lang, s.publishedAt)}</time>
          </span>
        </li>
      ))}
    </ul>
  );
}

export function StatisticsPage({
  ctx,
  stats,
  notices,
  canonical,
}: {
  ctx: PageContext;
  stats: CampaignStatistics;
  notices: string[];
  canonical: string;
}) {
  const { t, lang } = ctx;
  const n = (v: number) => formatNumber(lang, v);
  const { totals } = stats;
  return (
    <Layout ctx={ctx} title={t('stats.title')} canonical={canonical}>
      <Breadcrumbs ctx={ctx} crumbs={[{ label: t('stats.title') }]} />
      <h1>{t('stats.title')}</h1>
      <Notices notices={notices} />
      {stats.election && <p class="muted">{t('stats.election', { name: stats.election.name })}</p>}
      <KeyFigures ctx={ctx} stats={stats} />

      <section aria-labelledby="temps-titre">
        <h2 id="temps-titre">{t('stats.overTime')}</h2>
        <TimelineChart ctx={ctx} timeline={stats.timeline} label={t('stats.chartLabel', { n: n(totals.signatures) })} />
        {stats.timeline.length > 0 && (
          <details>
            <summary>{t('stats.timelineTable')}</summary>
            <FigureTable
              caption={t('stats.overTime')}
              columns={[t('stats.day'), t('stats.perDay'), t('stats.cumulative')]}
              rows={stats.timeline}
              cells={(p) => [<time datetime={p.day}>{formatDate(lang, p.day)}</time>, n(p.count), n(p.total)]}
            />
          </details>
        )}
      </section>

      <section aria-labelledby="tours-titre">
        <h2 id="tours-titre">{t('stats.afterElection')}</h2>
        <dl class="facts">
          <div>
            <dt>{t('stats.secondRound')}</dt>
            <dd>{totals.secondRound === null ? t('stats.notYetKnown') : n(totals.secondRound)}</dd>
          </div>
          <div>
            <dt>{t('stats.electedSignatories')}</dt>
            <dd>{totals.elected === null ? t('stats.notYetKnown') : n(totals.elected)}</dd>
          </div>
        </dl>
      </section>

      <section aria-labelledby="nuances-titre">
        <h2 id="nuances-titre">{t('stats.byNuance')}</h2>
        <p>{t('stats.byNuanceIntro')}</p>
        {stats.nuances.length === 0 ? (
          <p class="muted">{t('stats.noList')}</p>
        ) : (
          <FigureTable
            caption={t('stats.byNuanceCaption')}
            columns={[
              t('stats.nuance'),
              t('stats.lists'),
              t('stats.contacted'),
              t('stats.answered'),
              t('stats.signed'),
            ]}
            rows={stats.nuances}
            cells={(row) => {
              const share = (count: number) => (
                <>
                  {n(count)} <span class="muted pct">({percent(lang, row.lists ? count / row.lists : null)})</span>
                </>
              );
              return [
                <>
                  {row.label} {row.code && <span class="muted">({row.code})</span>}
                </>,
                n(row.lists),
                share(row.contacted),
                share(row.answered),
                share(row.signed),
              ];
            }}
          />
        )}
      </section>

      <section aria-labelledby="regions-titre">
        <h2 id="regions-titre">{t('stats.byRegion')}</h2>
        <FigureTable
          caption={t('stats.byRegionCaption')}
          columns={[t('stats.region'), t('stats.signatures'), t('stats.lists'), t('stats.coverage')]}
          rows={stats.regions}
          cells={(r) => [r.name, n(r.signatures), n(r.lists), percent(lang, r.coverage)]}
        />
      </section>

      <section aria-labelledby="departements-titre">
        <h2 id="departements-titre">{t('stats.byDepartement')}</h2>
        <p>
          <a href="/carte">{t('stats.toMap')}</a>
        </p>
        <details>
          <summary>{t('stats.departementTable')}</summary>
          <DepartementTable ctx={ctx} departements={stats.departements} caption={t('stats.byDepartement')} />
        </details>
      </section>
      <p>
        <a href="/donnees">{t('map.toData')}</a> · <a href="/api/v1/statistics">/api/v1/statistics</a>
      </p>
    </Layout>
  );
}
