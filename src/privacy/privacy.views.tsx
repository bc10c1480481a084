import { CsrfField } from '../web/csrf-field.tsx';
import { Breadcrumbs, Layout, type PageContext } from '../web/layout.tsx';
import type { PersonalData } from './privacy.service.ts';
import { SIGNATURE_FIELDS, type SignatureData } from './signature-fields.ts';

const HOME = '/mes-donnees';

export interface RequestModel {
  email: string;
  error?: string;
  stamp: string;
  honeypot: string;
  stampField: string;
}

/** /mes-donnees — the notice of seed 003 and the form asking for a link. */
export function RequestPage({ ctx, model }: { ctx: PageContext; model: RequestModel }) {
  const { t } = ctx;
  const title = t('privacy.title');
  return (
    <Layout ctx={ctx} title={model.error ? `Erreur — ${title}` : title}>
      <Breadcrumbs ctx={ctx} crumbs={[{ label: title }]} />
      <h1>{title}</h1>
      <p class="lead">{t('privacy.notice')}</p>
      <p>{t('privacy.lead')}</p>
      {model.error && (
        <div class="error-summary" role="alert" tabindex={-1} id="erreurs">
          <h2>{t('privacy.errors')}</h2>
          <ul>
            <li>
              <a href="#courriel">{model.error}</a>
            </li>
          </ul>
        </div>
      )}
      <form method="post" action={HOME} class="stack-form" novalidate>
        <CsrfField ctx={ctx} />
        <input type="hidden" name={model.stampField} value={model.stamp} />
        <div class="visually-hidden" aria-hidden="true">
          <label for={model.honeypot}>{t('privacy.honeypot')}</label>
          <input id={model.honeypot} name={model.honeypot} type="text" value="" tabindex={-1} autocomplete="off" />
        </div>
        <div class="field">
          <label for="courriel">{t('privacy.email')}</label>
          {model.error && (
            <p id="courriel-erreur" class="field-error">
              {model.error}
            </p>
          )}
          <input
            id="courriel"
            name="email"
            type="email"
            autocomplete="email"
            required
            value={model.email}
            {...(model.error ? { 'aria-invalid': 'true', 'aria-describedby': 'courriel-erreur' } : {})}
          />
        </div>
        <button type="submit">{t('privacy.submit')}</button>
      </form>
      <p>{t('privacy.contact')}</p>
      <p>
        <a href={`${HOME}/conservation`}>{t('privacy.retentionLink')}</a>
      </p>
    </Layout>
  );
}

export function MessagePage({
  ctx,
  title,
  paragraphs,
  problem,
  confirm,
}: {
  ctx: PageContext;
  title: string;
  paragraphs: string[];
  problem?: boolean;
  /** A button posting to this address (opening the link: mail scanners only GET). */
  confirm?: string;
}) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={title}>
      <Breadcrumbs ctx={ctx} crumbs={[{ label: t('privacy.title'), href: HOME }, { label: title }]} />
      <h1>{title}</h1>
      <div class={problem ? 'notice' : 'card'} role="status">
        {paragraphs.map((p) => (
          <p>{p}</p>
        ))}
      </div>
      {confirm && (
        <form method="post" action={confirm} class="stack-form">
          <CsrfField ctx={ctx} />
          <button type="submit">{t('privacy.link.button')}</button>
        </form>
      )}
      {problem && (
        <p>
          <a href={HOME}>{t('privacy.link.again')}</a>
        </p>
      )}
    </Layout>
  );
}

/** Every field of the signature but its id (in the page's address already) and its state (shown as a sentence). */
const SIGNATURE_SHOWN = SIGNATURE_FIELDS.filter(
  (field): field is Exclude<(typeof SIGNATURE_FIELDS)[number], 'id' | 'state'> => field !== 'id' && field !== 'state',
);

type Shown = (typeof SIGNATURE_SHOWN)[number];
type T = PageContext['t'];
type Key = Parameters<T>[0];

function display(t: T, field: Shown, value: string | number | null): string {
  if (value === null || value === '') return '—';
  if (field === 'variant') return t(value === 'list' ? 'privacy.v.list' : 'privacy.v.individual');
  if (field === 'consent_publish' || field === 'consent_contact')
    return t(Number(value) ? 'privacy.v.yes' : 'privacy.v.no');
  if (field.endsWith('_at')) return String(value).slice(0, 16).replace('T', ' ');
  if (field === 'channel')
    return value === 'form' || value === 'link' || value === 'paper' ? t(`privacy.v.${value}`) : String(value);
  return String(value);
}

function stateLabel(t: T, state: string): string {
  const key = `privacy.state.${state}` as Key;
  return key in STATES ? t(key) : state;
}
const STATES = Object.fromEntries(
  ['pending_confirmation', 'to_verify', 'published', 'rejected', 'withdrawn'].map((s) => [`privacy.state.${s}`, true]),
);

function actionLabel(t: T, action: string): string {
  return ['privacy.access', 'privacy.export', 'privacy.correct', 'privacy.delete', 'privacy.anonymise'].includes(action)
    ? t(`privacy.act.${action}` as Key)
    : action;
}

export interface Flash {
  message: string;
  problem?: boolean;
}

function FlashBox({ flash }: { flash?: Flash }) {
  if (!flash) return null;
  return (
    <div class={flash.problem ? 'notice' : 'card'} role={flash.problem ? 'alert' : 'status'}>
      <p>{flash.message}</p>
    </div>
  );
}

function SignatureSection({ ctx, s }: { ctx: PageContext; s: SignatureData }) {
  const { t } = ctx;
  const id = String(s.id);
  const namesEditable = s.state === 'pending_confirmation' || s.state === 'to_verify';
  const keepsList = s.variant === 'list' && s.state === 'published';
  const who =
    s.variant === 'list' ? t('privacy.v.listTitle', { name: String(s.list_name) }) : `${s.first_name} ${s.last_name}`;
  return (
    <section class="card" aria-labelledby={`sig-${id}`}>
      <h3 id={`sig-${id}`}>
        {who} — {s.commune_name} ({stateLabel(t, String(s.state))})
      </h3>
      <dl class="facts">
        {SIGNATURE_SHOWN.map((f) => (
          <div>
            <dt>{t(`privacy.f.${f}`)}</dt>
            <dd>{display(t, f, s[f])}</dd>
          </div>
        ))}
      </dl>
      <form method="post" action={`${HOME}/signatures/${id}/corriger`} class="stack-form">
        <CsrfField ctx={ctx} />
        <h4>{t('privacy.data.correct')}</h4>
        {namesEditable ? (
          <>
            <div class="field">
              <label for={`nom-${id}`}>{t('privacy.f.last_name')}</label>
              <input id={`nom-${id}`} name="last_name" value={String(s.last_name ?? '')} autocomplete="family-name" />
            </div>
            <div class="field">
              <label for={`prenom-${id}`}>{t('privacy.f.first_name')}</label>
              <input
                id={`prenom-${id}`}
                name="first_name"
                value={String(s.first_name ?? '')}
                autocomplete="given-name"
              />
            </div>
          </>
        ) : (
          <p class="hint">{t('privacy.data.namesLocked')}</p>
        )}
        <div class="field">
          <label for={`tel-${id}`}>{t('privacy.in.phone')}</label>
          <input id={`tel-${id}`} name="phone" type="tel" value={String(s.phone ?? '')} autocomplete="tel" />
        </div>
        <div class="field">
          <label for={`courriel-${id}`}>{t('privacy.in.email')}</label>
          <input id={`courriel-${id}`} name="email" type="email" value={String(s.email ?? '')} autocomplete="email" />
        </div>
        <button type="submit">{t('privacy.data.save')}</button>
      </form>
      <form method="post" action={`${HOME}/signatures/${id}/supprimer`} class="stack-form">
        <CsrfField ctx={ctx} />
        <p class="hint">{t(keepsList ? 'privacy.data.keepsListHint' : 'privacy.data.deleteHint')}</p>
        <button type="submit" class="danger">
          {t(keepsList ? 'privacy.data.keepsListButton' : 'privacy.data.deleteButton')}
        </button>
      </form>
    </section>
  );
}

function Table({ caption, head, rows }: { caption: string; head: string[]; rows: (string | null)[][] }) {
  return (
    <div class="table-scroll">
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            {head.map((h) => (
              <th scope="col">{h}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr>
              {r.map((c) => (
                <td>{c ?? '—'}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function DeleteButton({ ctx, action, label }: { ctx: PageContext; action: string; label: string }) {
  return (
    <form method="post" action={action} class="stack-form">
      <CsrfField ctx={ctx} />
      <button type="submit" class="danger">
        {label}
      </button>
    </form>
  );
}

/** /mes-donnees/espace — everything held for the address, with downloads, corrections and deletions. */
export function DataPage({ ctx, data, flash }: { ctx: PageContext; data: PersonalData; flash?: Flash }) {
  const { t } = ctx;
  const title = t('privacy.title');
  const outreach = data.letters.length + data.contacts.length + data.responses.length;
  const nothing = data.signatures.length + data.visitRequests.length + outreach === 0 && !data.account;
  return (
    <Layout ctx={ctx} title={title}>
      <Breadcrumbs ctx={ctx} crumbs={[{ label: title, href: HOME }, { label: data.email }]} />
      <h1>{t('privacy.data.title', { email: data.email })}</h1>
      <FlashBox flash={flash} />
      <p>
        {t('privacy.data.download')} <a href={`${HOME}/espace.json`}>{t('privacy.data.json')}</a> ·{' '}
        <a href={`${HOME}/espace.csv`}>{t('privacy.data.csv')}</a>
      </p>
      {nothing && <p>{t('privacy.data.nothing')}</p>}
      {data.signatures.length > 0 && (
        <section aria-labelledby="signatures">
          <h2 id="signatures">{t('privacy.data.signatures', { n: data.signatures.length })}</h2>
          {data.signatures.map((s) => (
            <SignatureSection ctx={ctx} s={s} />
          ))}
        </section>
      )}
      {data.account && (
        <section aria-labelledby="compte">
          <h2 id="compte">{t('privacy.data.account')}</h2>
          <dl class="facts">
            {(
              [
                [t('privacy.in.email'), data.account.email],
                [t('privacy.data.displayName'), data.account.displayName ?? '—'],
                [t('privacy.data.role'), data.account.role],
                [t('privacy.data.createdOn'), data.account.createdAt.slice(0, 10)],
                [
                  t('privacy.data.organisations'),
                  data.account.organisations.map((o) => `${o.name} (${o.role})`).join(', ') || '—',
                ],
              ] as const
            ).map(([label, value]) => (
              <div>
                <dt>{label}</dt>
                <dd>{value}</dd>
              </div>
            ))}
          </dl>
          <p class="hint">{t('privacy.data.accountHint')}</p>
          <DeleteButton ctx={ctx} action={`${HOME}/compte/supprimer`} label={t('privacy.data.accountButton')} />
        </section>
      )}
      {data.visitRequests.length > 0 && (
        <section aria-labelledby="visites">
          <h2 id="visites">{t('privacy.data.visits')}</h2>
          <Table
            caption={t('privacy.data.visitsCaption')}
            head={[
              t('privacy.f.commune_name'),
              t('privacy.data.contactName'),
              t('privacy.data.contactRole'),
              t('privacy.in.phone'),
              t('privacy.data.periods'),
              t('privacy.data.stage'),
              t('privacy.data.askedOn'),
            ]}
            rows={data.visitRequests.map((r) => [
              r.commune_name,
              r.contact_name,
              r.contact_role,
              r.phone,
              r.periods,
              r.state,
              r.created_at.slice(0, 10),
            ])}
          />
          <p class="hint">{t('privacy.data.visitsHint')}</p>
          <DeleteButton ctx={ctx} action={`${HOME}/demandes-visite/supprimer`} label={t('privacy.data.visitsButton')} />
        </section>
      )}
      {outreach > 0 && (
        <section aria-labelledby="demarches">
          <h2 id="demarches">{t('privacy.data.outreach')}</h2>
          {data.letters.length > 0 && (
            <Table
              caption={t('privacy.data.letters')}
              head={[t('privacy.data.subject'), t('privacy.data.sentOn'), t('privacy.data.status')]}
              rows={data.letters.map((l) => [l.subject, l.sent_at.slice(0, 10), l.status])}
            />
          )}
          {data.contacts.length > 0 && (
            <Table
              caption={t('privacy.data.contacts')}
              head={[t('privacy.data.date'), t('privacy.data.channel'), t('privacy.data.notes')]}
              rows={data.contacts.map((c) => [c.contacted_on, c.channel, c.notes])}
            />
          )}
          {data.responses.length > 0 && (
            <Table
              caption={t('privacy.data.responses')}
              head={[t('privacy.data.receivedOn'), t('privacy.data.text')]}
              rows={data.responses.map((r) => [r.received_on, r.verbatim])}
            />
          )}
          <DeleteButton ctx={ctx} action={`${HOME}/demarches/supprimer`} label={t('privacy.data.outreachButton')} />
        </section>
      )}
      {data.history.length > 0 && (
        <section aria-labelledby="historique">
          <h2 id="historique">{t('privacy.data.history')}</h2>
          <Table
            caption={t('privacy.data.historyCaption')}
            head={[t('privacy.data.date'), t('privacy.data.action'), t('privacy.data.object')]}
            rows={data.history.map((h) => [
              h.at.slice(0, 16).replace('T', ' '),
              actionLabel(t, h.action),
              h.entity_type,
            ])}
          />
        </section>
      )}
      <form method="post" action={`${HOME}/terminer`} class="stack-form">
        <CsrfField ctx={ctx} />
        <button type="submit">{t('privacy.data.close')}</button>
      </form>
      <p>
        <a href={`${HOME}/conservation`}>{t('privacy.retentionLink')}</a>
      </p>
    </Layout>
  );
}

/** /mes-donnees/conservation — what is kept, why and for how long. */
export function RetentionPage({ ctx, months }: { ctx: PageContext; months: number }) {
  const { t } = ctx;
  const rows = (['sig', 'contact', 'pending', 'account', 'visit', 'links', 'audit'] as const).map((k) => [
    t(`privacy.ret.${k}`),
    t(`privacy.ret.${k}Why`),
    t(`privacy.ret.${k}How`, { months }),
  ]);
  const title = t('privacy.retention.title');
  return (
    <Layout ctx={ctx} title={title}>
      <Breadcrumbs ctx={ctx} crumbs={[{ label: t('privacy.title'), href: HOME }, { label: title }]} />
      <h1>{title}</h1>
      <p class="lead">{t('privacy.ret.intro')}</p>
      <Table
        caption={title}
        head={[t('privacy.ret.what'), t('privacy.ret.why'), t('privacy.ret.howLong')]}
        rows={rows}
      />
      <p>{t('privacy.notice')}</p>
      <p>
        <a href={HOME}>{t('privacy.title')}</a>
      </p>
    </Layout>
  );
}
