import type { MessageKey } from '../web/i18n/fr.ts';
import { formatDate, formatNumber } from '../web/i18n/index.ts';
import { Layout, type PageContext } from '../web/layout.tsx';
import type { Organisation } from './organisations.service.ts';

export interface ZoneEntry {
  kind: string;
  code: string;
  commune_name: string | null;
  epci_name: string | null;
  departement_name: string | null;
}

export interface PublicAction {
  kind: 'contact' | 'response';
  id: string;
  day: string;
  channel: string | null;
  classification: string | null;
  ballot_id: string;
  ballot_name: string;
  list_id: string | null;
  list_name: string | null;
  first_name: string | null;
  last_name: string | null;
}

export interface OrganisationCounts {
  contacts: number;
  answers: number;
  signed: number;
}

export function zoneLabel(z: ZoneEntry): string {
  if (z.kind === 'commune') return `${z.commune_name ?? z.code} (${z.code})`;
  if (z.kind === 'epci') return z.epci_name ?? `EPCI ${z.code}`;
  return `${z.departement_name ?? ''} (${z.code})`.trim();
}

export function kindLabel(ctx: PageContext, kind: string): string {
  return ctx.t(`relays.kind.${kind}` as MessageKey);
}

export function actionTitle(ctx: PageContext, a: PublicAction): string {
  const who = a.list_name ?? `${a.first_name ?? ''} ${a.last_name ?? ''}`.trim();
  const what =
    a.kind === 'contact'
      ? ctx.t('relays.contactBy', { channel: ctx.t(`relays.channel.${a.channel}` as MessageKey) })
      : ctx.t('relays.answer', { classification: ctx.t(`relays.class.${a.classification}` as MessageKey) });
  return `${what} — ${who}, ${a.ballot_name}`;
}

export function embedSnippet(ctx: PageContext, baseUrl: string, org: Organisation, counts: OrganisationCounts): string {
  const url = `${baseUrl}/relais/${org.slug}`;
  const text = ctx.t('relays.embedText', {
    name: org.name,
    contacts: counts.contacts,
    answers: counts.answers,
    signed: counts.signed,
  });
  const html = (s: string) =>
    s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');
  return `<p class="pacte-relais"><a href="${html(url)}">${html(text)}</a></p>`;
}

export function RelaysIndexPage({
  ctx,
  organisations,
}: {
  ctx: PageContext;
  organisations: (Organisation & OrganisationCounts)[];
}) {
  return (
    <Layout ctx={ctx} title={ctx.t('relays.title')}>
      <h1>{ctx.t('relays.title')}</h1>
      <p>{ctx.t('relays.intro')}</p>
      {organisations.length === 0 ? (
        <p>{ctx.t('relays.none')}</p>
      ) : (
        <ul class="cards">
          {organisations.map((o) => (
            <li class="card">
              <h2>
                <a href={`/relais/${o.slug}`}>{o.name}</a>
              </h2>
              <p class="muted">{kindLabel(ctx, o.kind)}</p>
              <p>
                {ctx.t('relays.contacts')} : {formatNumber(ctx.lang, o.contacts)} · {ctx.t('relays.answers')} :{' '}
                {formatNumber(ctx.lang, o.answers)} · {ctx.t('relays.signed')} : {formatNumber(ctx.lang, o.signed)}
              </p>
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}

export function RelayPage(props: {
  ctx: PageContext;
  organisation: Organisation;
  zone: ZoneEntry[];
  counts: OrganisationCounts;
  actions: PublicAction[];
  snippet: string;
}) {
  const { ctx, organisation: o, counts } = props;
  return (
    <Layout ctx={ctx} title={o.name}>
      <link
        rel="alternate"
        type="application/atom+xml"
        title={ctx.t('relays.feed')}
        href={`/relais/${o.slug}/actions.atom`}
      />
      <p>
        <a href="/relais">{ctx.t('relays.title')}</a>
      </p>
      <h1>{o.name}</h1>
      <p class="muted">{kindLabel(ctx, o.kind)}</p>
      {o.description && <p>{o.description}</p>}
      {o.website && (
        <p>
          {ctx.t('relays.website')} : <a href={o.website}>{o.website}</a>
        </p>
      )}
      <h2>{ctx.t('relays.zone')}</h2>
      {props.zone.length === 0 ? <p>{ctx.t('relays.zoneEmpty')}</p> : <p>{props.zone.map(zoneLabel).join(' · ')}</p>}
      <h2>{ctx.t('relays.actions')}</h2>
      <dl class="facts">
        <div>
          <dt>{ctx.t('relays.contacts')}</dt>
          <dd>{formatNumber(ctx.lang, counts.contacts)}</dd>
        </div>
        <div>
          <dt>{ctx.t('relays.answers')}</dt>
          <dd>{formatNumber(ctx.lang, counts.answers)}</dd>
        </div>
        <div>
          <dt>{ctx.t('relays.signed')}</dt>
          <dd>{formatNumber(ctx.lang, counts.signed)}</dd>
        </div>
      </dl>
      <h2>{ctx.t('relays.recent')}</h2>
      {props.actions.length === 0 ? (
        <p>{ctx.t('relays.noActions')}</p>
      ) : (
        <ul class="timeline">
          {props.actions.map((a) => (
            <li>
              <strong>{formatDate(ctx.lang, a.day)}</strong> —{' '}
              {a.list_id ? (
                <a href={`/listes/${encodeURIComponent(a.list_id)}`}>{actionTitle(ctx, a)}</a>
              ) : (
                actionTitle(ctx, a)
              )}
            </li>
          ))}
        </ul>
      )}
      <p>
        <a href={`/relais/${o.slug}/actions.atom`}>{ctx.t('relays.feed')}</a>
      </p>
      <h2>{ctx.t('relays.embed')}</h2>
      <p id="encart-aide">{ctx.t('relays.embedHelp')}</p>
      <div class="field">
        <label for="encart">{ctx.t('relays.embedLabel')}</label>
        <textarea id="encart" readonly rows={4} aria-describedby="encart-aide" class="snippet">
          {props.snippet}
        </textarea>
      </div>
    </Layout>
  );
}
