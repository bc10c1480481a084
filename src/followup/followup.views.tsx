import { DownloadLinks } from '../opendata/download-links.tsx';
import { countClasses, FranceMap, type MapValue } from '../statistics/map.views.tsx';
import { formatDate, formatNumber } from '../web/i18n/index.ts';
import { Breadcrumbs, Layout, type PageContext } from '../web/layout.tsx';
import { type FollowupKey, ft } from './followup.i18n.ts';
import { type ItemStatus, LEVEL_NAMES, LEVEL_RULE, STATUS_LABELS, STATUSES } from './levels.ts';
import type { Scorecard, ScorecardDetails, ScorecardFilters, ScorecardItem } from './scorecards.service.ts';

/** Pact text as plain text: `[label](url)` → label, footnote calls removed. */
export function plainPactText(text: string): string {
  return text.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/[⁰¹²³⁴⁵⁶⁷⁸⁹]+/g, '');
}

export function statusLabel(ctx: PageContext, status: string): string {
  return STATUS_LABELS[status as ItemStatus]?.[ctx.lang] ?? status;
}

/** « : » with the French space, « : » alone in English. */
function colon(ctx: PageContext): string {
  return ctx.lang === 'fr' ? ' : ' : ': ';
}

function StatusBadge({ ctx, status }: { ctx: PageContext; status: string }) {
  return <span class={`badge status-${status}`}>{statusLabel(ctx, status)}</span>;
}

export function LevelRule({ ctx }: { ctx: PageContext }) {
  return (
    <section aria-labelledby="regle-niveaux">
      <h2 id="regle-niveaux">{ft(ctx.lang, 'rule')}</h2>
      {LEVEL_RULE[ctx.lang].map((p) => (
        <p>{p}</p>
      ))}
    </section>
  );
}

const KIND_LABELS: Record<string, { fr: string; en: string }> = {
  commune: { fr: 'Commune', en: 'Municipality' },
  epci: { fr: 'Intercommunalité', en: 'Intercommunality' },
  circonscription: { fr: 'Circonscription', en: 'Constituency' },
};

function query(filters: ScorecardFilters): string {
  const params = new URLSearchParams();
  if (filters.election) params.set('election', filters.election);
  if (filters.departement) params.set('departement', filters.departement);
  if (filters.level !== undefined) params.set('niveau', String(filters.level));
  if (filters.status) params.set('statut', filters.status);
  if (filters.kind) params.set('type', filters.kind);
  const text = params.toString();
  return text ? `?${text}` : '';
}

export function FollowupIndexPage({
  ctx,
  scorecards,
  filters,
  elections,
  departements,
}: {
  ctx: PageContext;
  scorecards: Scorecard[];
  filters: ScorecardFilters;
  elections: { id: string; name: string }[];
  /** Names of the départements, for the overview map. */
  departements: { code: string; name: string }[];
}) {
  const t = (key: FollowupKey, params?: Record<string, string | number>) => ft(ctx.lang, key, params);
  const kept = scorecards.reduce((n, s) => n + Number(s.items_kept), 0);
  const total = scorecards.reduce((n, s) => n + Number(s.items_total), 0);
  const share = total ? Math.round((kept / total) * 100) : 0;
  const qs = query(filters);
  return (
    <Layout ctx={ctx} title={t('title')}>
      <Breadcrumbs ctx={ctx} crumbs={[{ label: t('title') }]} />
      <h1>{t('title')}</h1>
      <p class="lead">{t('intro')}</p>
      <form method="get" action="/suivi" class="card followup-filters" aria-labelledby="filtres-titre">
        <h2 id="filtres-titre">{t('filters')}</h2>
        <div class="columns-2">
          <div class="field">
            <label for="f-election">{t('election')}</label>
            <select id="f-election" name="election">
              <option value="">{t('all')}</option>
              {elections.map((e) => (
                <option value={e.id} selected={filters.election === e.id}>
                  {e.name}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="f-departement">{t('departement')}</label>
            <input id="f-departement" name="departement" value={filters.departement ?? ''} maxlength={3} size={4} />
          </div>
          <div class="field">
            <label for="f-niveau">{t('level')}</label>
            <select id="f-niveau" name="niveau">
              <option value="">{t('all')}</option>
              {[0, 1, 2, 3].map((n) => (
                <option value={String(n)} selected={filters.level === n}>
                  {n}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="f-statut">{t('status')}</label>
            <select id="f-statut" name="statut">
              <option value="">{t('all')}</option>
              <option value="active" selected={filters.status === 'active'}>
                {t('active')}
              </option>
              <option value="ended" selected={filters.status === 'ended'}>
                {t('ended')}
              </option>
            </select>
          </div>
          <div class="field">
            <label for="f-type">{t('kind')}</label>
            <select id="f-type" name="type">
              <option value="">{t('all')}</option>
              {Object.entries(KIND_LABELS).map(([k, l]) => (
                <option value={k} selected={filters.kind === k}>
                  {l[ctx.lang]}
                </option>
              ))}
            </select>
          </div>
        </div>
        <button type="submit">{t('apply')}</button>
      </form>
      <p role="status">{t('count', { n: formatNumber(ctx.lang, scorecards.length), kept, total, share })}</p>
      <OverviewMap ctx={ctx} scorecards={scorecards} departements={departements} />
      <h2>{t('byLevel')}</h2>
      <ul>
        {[0, 1, 2, 3].map((level) => (
          <li>
            {LEVEL_NAMES[level]?.[ctx.lang]}
            {colon(ctx)}
            {scorecards.filter((s) => Number(s.level) === level).length}
          </li>
        ))}
      </ul>
      {scorecards.length === 0 ? (
        <p>{t('none')}</p>
      ) : (
        <div class="table-scroll">
          <table class="data-table">
            <caption>{t('title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('collectivity')}</th>
                <th scope="col">{t('kind')}</th>
                <th scope="col">{t('departement')}</th>
                <th scope="col">{t('level')}</th>
                <th scope="col">
                  {t('kept')} / {t('evaluated')} / {t('items')}
                </th>
                <th scope="col">{t('status')}</th>
                <th scope="col">{t('updated')}</th>
              </tr>
            </thead>
            <tbody>
              {scorecards.map((s) => (
                <tr>
                  <th scope="row">
                    <a href={`/suivi/${encodeURIComponent(s.slug)}`}>{s.collectivity_name}</a>
                  </th>
                  <td>{KIND_LABELS[s.collectivity_kind]?.[ctx.lang] ?? s.collectivity_kind}</td>
                  <td>{s.departement_code ?? ''}</td>
                  <td>{Number(s.level)}</td>
                  <td>
                    {Number(s.items_kept)} / {Number(s.items_evaluated)} / {Number(s.items_total)}
                  </td>
                  <td>{s.status === 'active' ? t('active') : t('ended')}</td>
                  <td>{formatDate(ctx.lang, s.updated_at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <DownloadLinks base="/suivi" label={t('download')} />
      {qs && (
        <p class="hint">
          <a href={`/suivi.csv${qs}`}>CSV</a> · <a href={`/suivi.ods${qs}`}>ODS</a> ·{' '}
          <a href={`/suivi.json${qs}`}>JSON</a> ({t('filters').toLowerCase()})
        </p>
      )}
      <p>
        <a href="/suivi/flux.atom" type="application/atom+xml">
          {t('feed')}
        </a>
      </p>
      <LevelRule ctx={ctx} />
    </Layout>
  );
}

/** Collectivities followed per département (the statistics map; each département links to its page). */
function OverviewMap({
  ctx,
  scorecards,
  departements,
}: {
  ctx: PageContext;
  scorecards: Scorecard[];
  departements: { code: string; name: string }[];
}) {
  const counts = new Map<string, number>();
  for (const s of scorecards) {
    if (s.departement_code) counts.set(s.departement_code, (counts.get(s.departement_code) ?? 0) + 1);
  }
  const values = new Map<string, MapValue>(
    departements.map((d) => {
      const n = counts.get(d.code) ?? 0;
      return [d.code, { value: n, text: ft(ctx.lang, 'mapValue', { n }) }];
    }),
  );
  const { classes, classOf } = countClasses(ctx.lang, Math.max(0, ...counts.values()));
  return (
    <section aria-labelledby="carte-suivi">
      <h2 id="carte-suivi">{ft(ctx.lang, 'map')}</h2>
      <FranceMap
        ctx={ctx}
        label={ft(ctx.lang, 'map')}
        values={values}
        classes={classes}
        classOf={classOf}
        names={new Map(departements.map((d) => [d.code, d.name]))}
        compact
      />
    </section>
  );
}

function Evidence({ ctx, item }: { ctx: PageContext; item: ScorecardItem }) {
  const t = (key: FollowupKey) => ft(ctx.lang, key);
  if (!item.evidenceUrl && !item.evidenceDocument && !item.note) return <p class="muted">{t('noEvidence')}</p>;
  return (
    <dl class="facts">
      {item.evidenceUrl && (
        <>
          <dt>{t('evidence')}</dt>
          <dd>
            <a href={item.evidenceUrl} rel="nofollow noopener noreferrer">
              {item.evidenceUrl}
            </a>
            {item.evidenceDate && <> ({formatDate(ctx.lang, item.evidenceDate)})</>}
          </dd>
        </>
      )}
      {item.evidenceDocument && (
        <>
          <dt>{t('document')}</dt>
          <dd>
            {item.evidenceDocument}
            {!item.evidenceUrl && item.evidenceDate && <> ({formatDate(ctx.lang, item.evidenceDate)})</>}
          </dd>
        </>
      )}
      {item.note && (
        <>
          <dt>{t('note')}</dt>
          <dd>{item.note}</dd>
        </>
      )}
    </dl>
  );
}

function ItemBlock({ ctx, item }: { ctx: PageContext; item: ScorecardItem }) {
  const t = (key: FollowupKey, params?: Record<string, string | number>) => ft(ctx.lang, key, params);
  return (
    <li id={`element-${item.key}`} class="card followup-item">
      <p>
        <strong>{item.key}</strong> — {plainPactText(item.text)}{' '}
        {item.pactLevel !== null && <span class="badge">{t('levelTag', { n: item.pactLevel })}</span>}
      </p>
      <p>
        {t('status')}
        {colon(ctx)}
        <StatusBadge ctx={ctx} status={item.status} />
        {item.updatedAt && <> · {formatDate(ctx.lang, item.updatedAt)}</>}
      </p>
      <div class="columns-2">
        <div>
          <h3>{t('evidence')}</h3>
          <Evidence ctx={ctx} item={item} />
        </div>
        <div>
          <h3>{t('answer')}</h3>
          {item.answers.length === 0 ? (
            <p class="muted">{t('noAnswer')}</p>
          ) : (
            item.answers.slice(0, 3).map((a) => (
              <blockquote>
                <p>{a.body}</p>
                <footer>{formatDate(ctx.lang, a.answeredAt)}</footer>
              </blockquote>
            ))
          )}
        </div>
      </div>
    </li>
  );
}

export function ScorecardBody({ ctx, details }: { ctx: PageContext; details: ScorecardDetails }) {
  const t = (key: FollowupKey, params?: Record<string, string | number>) => ft(ctx.lang, key, params);
  const { scorecard, items, progress } = details;
  const commitments = items.filter((i) => i.kind === 'commitment');
  const labelOf = new Map(items.map((i) => [i.key, i.key]));
  return (
    <>
      {scorecard.status === 'ended' && (
        <div class="notice" role="note">
          <p>
            <strong>{t('endedNote')}.</strong> {scorecard.status_note}
          </p>
        </div>
      )}
      <section aria-labelledby="signataires">
        <h2 id="signataires">{t('signatories')}</h2>
        <ul>
          {details.signatories.map((s) => (
            <li>
              {s.label}
              {s.since && <> — {t('since', { date: formatDate(ctx.lang, s.since) })}</>}
              {s.until && <>, {t('until', { date: formatDate(ctx.lang, s.until) })}</>}
            </li>
          ))}
        </ul>
        <p>
          {t('pact')}
          {colon(ctx)}
          <a href="/pacte">{details.pactTitle}</a>
        </p>
      </section>
      <section aria-labelledby="avancement">
        <h2 id="avancement">{t('progress')}</h2>
        <p>
          <strong>
            {t('levelReached')}
            {colon(ctx)}
            {LEVEL_NAMES[progress.level]?.[ctx.lang]}
          </strong>
        </p>
        <p>{t('keptOf', { kept: progress.kept, total: progress.total, evaluated: progress.evaluated })}</p>
        <ul>
          {progress.byLevel.map((l) => (
            <li>{t('levelCount', { level: l.level, kept: l.kept, total: l.total })}</li>
          ))}
        </ul>
        {details.pending > 0 && <p class="muted">{t('pending', { n: details.pending })}</p>}
      </section>
      {commitments.map((c) => (
        <section aria-labelledby={`engagement-${c.commitmentNumber}`}>
          <h2 id={`engagement-${c.commitmentNumber}`}>
            {t('commitment', { n: c.commitmentNumber })}
            {colon(ctx)}
            {plainPactText(c.text)}
          </h2>
          <ul class="followup-items">
            <ItemBlock ctx={ctx} item={c} />
            {items
              .filter((i) => i.kind === 'action' && i.commitmentNumber === c.commitmentNumber)
              .map((i) => (
                <ItemBlock ctx={ctx} item={i} />
              ))}
          </ul>
        </section>
      ))}
      <section aria-labelledby="historique">
        <h2 id="historique">{t('timeline')}</h2>
        {details.timeline.length === 0 ? (
          <p>{t('noTimeline')}</p>
        ) : (
          <ol class="followup-timeline">
            {details.timeline.map((u) => (
              <li>
                <time datetime={u.published_at ?? u.created_at}>
                  {formatDate(ctx.lang, u.published_at ?? u.created_at)}
                </time>{' '}
                —{' '}
                <a href={`#element-${u.item_key}`}>
                  {t('changed', {
                    item: labelOf.get(u.item_key) ?? u.item_key,
                    from: statusLabel(ctx, u.previous_status ?? 'non-evalue'),
                    to: statusLabel(ctx, u.status),
                  })}
                </a>
                {u.evidence_url && (
                  <>
                    {' '}
                    (
                    <a href={u.evidence_url} rel="nofollow noopener noreferrer">
                      {t('evidence').toLowerCase()}
                    </a>
                    )
                  </>
                )}
                {u.note && <> — {u.note}</>}
              </li>
            ))}
          </ol>
        )}
      </section>
    </>
  );
}

export function ScorecardPage({ ctx, details }: { ctx: PageContext; details: ScorecardDetails }) {
  const t = (key: FollowupKey, params?: Record<string, string | number>) => ft(ctx.lang, key, params);
  const title = t('scorecard', { name: details.scorecard.collectivity_name });
  return (
    <Layout ctx={ctx} title={title}>
      <Breadcrumbs
        ctx={ctx}
        crumbs={[{ label: t('title'), href: '/suivi' }, { label: details.scorecard.collectivity_name }]}
      />
      <h1>{title}</h1>
      <ScorecardBody ctx={ctx} details={details} />
      <p>
        <a href={`/espace/suivi/${encodeURIComponent(details.scorecard.slug)}#proposer`}>{t('propose')}</a> ·{' '}
        <a href="/suivi/flux.atom" type="application/atom+xml">
          {t('feed')}
        </a>
      </p>
      <LevelRule ctx={ctx} />
    </Layout>
  );
}

export const STATUS_OPTIONS = STATUSES;

/** « Suivi des engagements : Lens (niveau 1) » on the commune page (territories/). */
export function ScorecardLinks({
  ctx,
  links,
}: {
  ctx: PageContext;
  links: { slug: string; name: string; level: number; ended: boolean }[];
}) {
  if (links.length === 0) return null;
  return (
    <div>
      <dt>{ft(ctx.lang, 'title')}</dt>
      <dd>
        {links.map((l, n) => (
          <>
            {n > 0 && <br />}
            <a href={`/suivi/${encodeURIComponent(l.slug)}`}>{l.name}</a> ({ft(ctx.lang, 'levelTag', { n: l.level })}
            {l.ended ? `, ${ft(ctx.lang, 'ended')}` : ''})
          </>
        ))}
      </dd>
    </div>
  );
}
