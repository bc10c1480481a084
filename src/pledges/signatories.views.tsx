import type { Child } from 'hono/jsx';
import type { ElectionWithRounds } from '../elections/elections.service.ts';
import { formatDate, formatNumber } from '../web/i18n/index.ts';
import { Breadcrumbs, Layout, type PageContext } from '../web/layout.tsx';
import { BADGE_HEIGHT, badgeSnippet, badgeWidth } from './badge.ts';
import { filterQuery, type SignatureFilterInput } from './publication.filters.ts';
import { badgeData, type PublicSignature, signatoryTitle } from './publication.service.ts';

/** A name in quotes: « … » in French, “…” in English. */
function Quoted({ ctx, children }: { ctx: PageContext; children: Child }) {
  return ctx.lang === 'fr' ? <>« {children} »</> : <>“{children}”</>;
}

/** « Liste « Lens en commun » » / “List “Lens en commun”” or the person's name. */
function titleOf(ctx: PageContext, s: PublicSignature): string {
  if (ctx.lang === 'fr') return signatoryTitle(s);
  return s.variant === 'list' ? `List “${s.list_name || '(no name)'}”` : `${s.first_name} ${s.last_name}`;
}

/** For a list: « signée par X »; for a person: « liste « Y », position N ». */
function SignatoryDetail({ ctx, s }: { ctx: PageContext; s: PublicSignature }) {
  const { t } = ctx;
  const person = `${s.first_name} ${s.last_name}`;
  const list = s.list_id ? <a href={`/listes/${s.list_id}`}>{s.list_name}</a> : s.list_name;
  if (s.variant === 'list') {
    // A list whose signatory deleted their personal data (/mes-donnees) stays, without a name.
    if (!person.trim()) return null;
    return (
      <>
        {t('signatures.signedBy')} {s.person_id ? <a href={`/personnes/${s.person_id}`}>{person}</a> : person}
      </>
    );
  }
  if (!s.list_name) return null;
  return (
    <>
      {t('signatures.onList')} <Quoted ctx={ctx}>{list}</Quoted>
      {s.position !== null && (
        <>
          , {t('signatures.position')} {s.position}
        </>
      )}
    </>
  );
}

function Signatory({ ctx, s }: { ctx: PageContext; s: PublicSignature }) {
  const { t } = ctx;
  const person = `${s.first_name} ${s.last_name}`;
  const list = s.list_id ? <a href={`/listes/${s.list_id}`}>{s.list_name}</a> : s.list_name;
  const detail = (
    <span class="muted">
      {' '}
      — <SignatoryDetail ctx={ctx} s={s} />
    </span>
  );
  if (s.variant === 'list') {
    return (
      <>
        {t('signatures.list')} {list ? <Quoted ctx={ctx}>{list}</Quoted> : '—'}
        {detail}
      </>
    );
  }
  return (
    <>
      {s.person_id ? <a href={`/personnes/${s.person_id}`}>{person}</a> : person}
      {s.list_name && detail}
    </>
  );
}

/** « Signataires du pacte » on a commune, list or person page. */
export function SignaturesSection({
  ctx,
  signatures,
  intro,
}: {
  ctx: PageContext;
  signatures: PublicSignature[];
  /** A sentence for when there are signatures; the section says so when there are none. */
  intro?: string;
}) {
  const { t, lang } = ctx;
  return (
    <section aria-labelledby="signatures-titre" class="signatures">
      <h2 id="signatures-titre">
        {t('signatures.section')} ({signatures.length})
      </h2>
      {signatures.length === 0 ? (
        <p class="muted">{t('signatures.none')}</p>
      ) : (
        <>
          {intro && <p>{intro}</p>}
          <ul class="cards">
            {signatures.map((s) => (
              <li class="card">
                <p>
                  <span class="badge">
                    {s.variant === 'list' ? t('signatures.listSigned') : t('signatures.personSigned')}
                  </span>{' '}
                  <Signatory ctx={ctx} s={s} />
                </p>
                <p class="muted">
                  {s.election_name} · {t('signatures.publishedOn', { date: formatDate(lang, s.published_at) })} ·{' '}
                  <a href={`/signataires/${s.id}`}>{t('signatures.details')}</a>
                </p>
                {s.comment && <blockquote class="answer">{s.comment}</blockquote>}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

type FilterErrors = Partial<Record<keyof SignatureFilterInput, string>>;

function FilterField({
  id,
  label,
  value,
  error,
  hint,
}: {
  id: keyof SignatureFilterInput;
  label: string;
  value: string | undefined;
  error: string | undefined;
  hint: string;
}) {
  return (
    <div class="field">
      <label for={`filtre-${id}`}>{label}</label>
      <input
        id={`filtre-${id}`}
        name={id}
        value={value ?? ''}
        aria-describedby={`filtre-${id}-aide${error ? ` filtre-${id}-erreur` : ''}`}
        aria-invalid={error ? 'true' : undefined}
        maxlength={10}
      />
      <p id={`filtre-${id}-aide`} class="hint">
        {hint}
      </p>
      {error && (
        <p id={`filtre-${id}-erreur`} class="field-error">
          {error}
        </p>
      )}
    </div>
  );
}

export const DIRECTORY_PAGE_SIZE = 50;

export function DirectoryPage({
  ctx,
  elections,
  input,
  errors,
  items,
  total,
  page,
}: {
  ctx: PageContext;
  elections: ElectionWithRounds[];
  input: SignatureFilterInput;
  errors: FilterErrors;
  items: PublicSignature[];
  total: number;
  page: number;
}) {
  const { t, lang } = ctx;
  const pages = Math.max(1, Math.ceil(total / DIRECTORY_PAGE_SIZE));
  const query = filterQuery(input);
  const errorList = Object.values(errors);
  return (
    <Layout
      ctx={ctx}
      title={t('signatures.directory')}
      feed={{ href: '/flux/signatures.atom', title: t('signatures.feed') }}
    >
      <Breadcrumbs ctx={ctx} crumbs={[{ label: t('signatures.directory') }]} />
      <h1>{t('signatures.directory')}</h1>
      <p class="lead">{t('signatures.directoryLead')}</p>
      {errorList.length > 0 && (
        <div class="error-summary" role="alert">
          <p>{t('signatures.filterErrors')}</p>
          <ul>
            {errorList.map((e) => (
              <li>{e}</li>
            ))}
          </ul>
        </div>
      )}
      <form method="get" action="/signataires" class="stack-form filters" aria-label={t('signatures.filters')}>
        <div class="field">
          <label for="filtre-election">{t('signatures.election')}</label>
          <select id="filtre-election" name="election">
            <option value="">{t('signatures.all')}</option>
            {elections.map((e) => (
              <option value={e.id} selected={input.election === e.id}>
                {e.name}
              </option>
            ))}
          </select>
        </div>
        <FilterField
          id="departement"
          label={t('signatures.departement')}
          value={input.departement}
          error={errors.departement}
          hint={t('signatures.departementHint')}
        />
        <FilterField
          id="commune"
          label={t('signatures.commune')}
          value={input.commune}
          error={errors.commune}
          hint={t('signatures.communeHint')}
        />
        <FilterField
          id="nuance"
          label={t('signatures.nuance')}
          value={input.nuance}
          error={errors.nuance}
          hint={t('signatures.nuanceHint')}
        />
        <div class="field">
          <label for="filtre-reponse">{t('signatures.answer')}</label>
          <select id="filtre-reponse" name="reponse">
            <option value="">{t('signatures.all')}</option>
            <option value="avec" selected={input.reponse === 'avec'}>
              {t('signatures.withAnswer')}
            </option>
            <option value="sans" selected={input.reponse === 'sans'}>
              {t('signatures.withoutAnswer')}
            </option>
          </select>
        </div>
        <button type="submit">{t('signatures.filter')}</button>
      </form>
      <p role="status">{t('signatures.count', { n: formatNumber(lang, total) })}</p>
      <p class="downloads">
        {t('signatures.download')}{' '}
        <a href={`/signataires.csv${query}`} type="text/csv" download>
          CSV
        </a>{' '}
        ·{' '}
        <a href={`/signataires.ods${query}`} type="application/vnd.oasis.opendocument.spreadsheet" download>
          ODS
        </a>{' '}
        ·{' '}
        <a href={`/signataires.json${query}`} type="application/json" download>
          JSON
        </a>{' '}
        · <a href="/flux/signatures.atom">{t('signatures.feed')}</a>
      </p>
      {items.length > 0 && (
        <div class="table-scroll">
          <table>
            <caption class="visually-hidden">{t('signatures.directory')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('signatures.signatory')}</th>
                <th scope="col">{t('signatures.commune')}</th>
                <th scope="col">{t('signatures.nuance')}</th>
                <th scope="col">{t('signatures.election')}</th>
                <th scope="col">{t('signatures.published')}</th>
                <th scope="col">{t('signatures.answer')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((s) => (
                <tr>
                  <td>
                    <a href={`/signataires/${s.id}`}>{titleOf(ctx, s)}</a>
                    <br />
                    <span class="muted">
                      <SignatoryDetail ctx={ctx} s={s} />
                    </span>
                  </td>
                  <td>
                    {s.commune_insee ? <a href={`/communes/${s.commune_insee}`}>{s.commune_name}</a> : s.commune_name}
                  </td>
                  <td>{s.nuance_label ?? s.nuance_code ?? '—'}</td>
                  <td>{s.election_name}</td>
                  <td>{formatDate(lang, s.published_at)}</td>
                  <td>{s.comment ? t('signatures.yes') : t('signatures.no')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {pages > 1 && (
        <nav aria-label={t('signatures.pagination')} class="pagination">
          <ul class="nav-links">
            {page > 1 && (
              <li>
                <a href={`/signataires${filterQuery(input, { page: page - 1 })}`} rel="prev">
                  {t('signatures.previous')}
                </a>
              </li>
            )}
            <li aria-current="page">{t('signatures.pageOf', { page, pages })}</li>
            {page < pages && (
              <li>
                <a href={`/signataires${filterQuery(input, { page: page + 1 })}`} rel="next">
                  {t('signatures.next')}
                </a>
              </li>
            )}
          </ul>
        </nav>
      )}
    </Layout>
  );
}

export function SignaturePage({
  ctx,
  signature: s,
  pageUrl,
  badgeUrl,
}: {
  ctx: PageContext;
  signature: PublicSignature;
  pageUrl: string;
  badgeUrl: string;
}) {
  const { t, lang } = ctx;
  const title = titleOf(ctx, s);
  const width = badgeWidth(badgeData(s));
  return (
    <Layout ctx={ctx} title={title} canonical={pageUrl}>
      <Breadcrumbs ctx={ctx} crumbs={[{ label: t('signatures.directory'), href: '/signataires' }, { label: title }]} />
      <h1>{title}</h1>
      <p class="lead">
        {s.variant === 'list' ? t('signatures.listLead') : t('signatures.personLead')} — {s.election_name}
      </p>
      <dl class="facts">
        <div>
          <dt>{t('signatures.signatory')}</dt>
          <dd>
            <Signatory ctx={ctx} s={s} />
          </dd>
        </div>
        {s.parties && (
          <div>
            <dt>{t('signatures.parties')}</dt>
            <dd>{s.parties}</dd>
          </div>
        )}
        <div>
          <dt>{t('signatures.commune')}</dt>
          <dd>
            {s.commune_insee ? <a href={`/communes/${s.commune_insee}`}>{s.commune_name}</a> : s.commune_name || '—'}
          </dd>
        </div>
        <div>
          <dt>{t('signatures.nuance')}</dt>
          <dd>{s.nuance_label ?? s.nuance_code ?? '—'}</dd>
        </div>
        <div>
          <dt>{t('signatures.signedOn')}</dt>
          <dd>{s.signed_on || '—'}</dd>
        </div>
        <div>
          <dt>{t('signatures.published')}</dt>
          <dd>{formatDate(lang, s.published_at)}</dd>
        </div>
      </dl>
      {s.comment && (
        <section aria-labelledby="reponse-titre">
          <h2 id="reponse-titre">{t('signatures.answerTitle')}</h2>
          <blockquote class="answer">{s.comment}</blockquote>
        </section>
      )}
      <section aria-labelledby="badge-titre">
        <h2 id="badge-titre">{t('signatures.badgeTitle')}</h2>
        <p>
          <img src={badgeUrl} alt={`${t('signatures.badgeAlt')} — ${title}`} width={width} height={BADGE_HEIGHT} />
        </p>
        <div class="field">
          <label for="badge-code">{t('signatures.badgeSnippet')}</label>
          <textarea id="badge-code" readonly rows={4} class="snippet">
            {badgeSnippet({ pageUrl, imageUrl: badgeUrl, width })}
          </textarea>
        </div>
      </section>
    </Layout>
  );
}
