import { countClasses, FranceMap, type MapValue } from '../statistics/map.views.tsx';
import type { CommuneHit } from '../territories/territories.service.ts';
import { CsrfField } from '../web/csrf-field.tsx';
import { formatDate } from '../web/i18n/index.ts';
import { Breadcrumbs, Layout, type PageContext } from '../web/layout.tsx';
import { ambassadorsT } from './ambassadors.i18n.ts';
import type { PublicMairie, PublicRecord } from './public.service.ts';
import { INTERESTS, type RequestErrors, type RequestField, type RequestValues } from './request.form.ts';

const FIELD_IDS: Record<RequestField, string> = {
  communeQuery: 'commune_q',
  commune: 'commune_q',
  contactName: 'contact_name',
  contactRole: 'contact_role',
  email: 'email',
  phone: 'phone',
  periods: 'periods',
  interests: 'interest-bureautique',
  interestsOther: 'interests_other',
  hasPolicy: 'has_policy',
  policyDescription: 'policy_description',
  policyLinks: 'policy_links',
};

function FieldError({ field, errors }: { field: RequestField; errors: RequestErrors }) {
  const message = errors[field];
  return message ? (
    <p id={`${FIELD_IDS[field]}-erreur`} class="field-error">
      {message}
    </p>
  ) : null;
}

function invalid(field: RequestField, errors: RequestErrors) {
  return errors[field] ? { 'aria-invalid': 'true' as const, 'aria-describedby': `${FIELD_IDS[field]}-erreur` } : {};
}

export interface RequestFormModel {
  values: RequestValues;
  errors: RequestErrors;
  choices: CommuneHit[];
  stamp: string;
  honeypot: string;
  stampField: string;
  /** Name of the commune already chosen (prefilled from a letter's link). */
  communeName?: string;
}

export function RequestFormPage({ ctx, model }: { ctx: PageContext; model: RequestFormModel }) {
  const t = ambassadorsT(ctx.lang);
  const { values, errors, choices } = model;
  // In the order of the fields on the page.
  const order = ['form', 'commune', ...Object.keys(FIELD_IDS)] as (RequestField | 'form')[];
  const errorKeys = [...new Set(order)].filter((k) => errors[k]);
  const title = t('amb.form.title');
  return (
    <Layout ctx={ctx} title={errorKeys.length ? `Erreur — ${title}` : title}>
      <Breadcrumbs ctx={ctx} crumbs={[{ label: t('amb.title'), href: '/ambassadeurs' }, { label: title }]} />
      <h1>{title}</h1>
      <p class="lead">{t('amb.form.lead')}</p>
      <p class="hint">{t('amb.form.required')}</p>
      {errorKeys.length > 0 && (
        <div class="error-summary" role="alert" tabindex={-1} id="erreurs">
          <h2>{t('amb.form.errors')}</h2>
          <ul>
            {errorKeys.map((k) =>
              k === 'form' ? (
                <li>{errors.form}</li>
              ) : (
                <li>
                  <a href={`#${choices.length && k === 'commune' ? 'choix-commune' : FIELD_IDS[k]}`}>{errors[k]}</a>
                </li>
              ),
            )}
          </ul>
        </div>
      )}
      <form method="post" action="/mairies/demande-visite" class="stack-form" novalidate>
        <CsrfField ctx={ctx} />
        <input type="hidden" name={model.stampField} value={model.stamp} />
        <div class="visually-hidden" aria-hidden="true">
          <label for={model.honeypot}>Laissez ce champ vide</label>
          <input id={model.honeypot} name={model.honeypot} type="text" value="" tabindex={-1} autocomplete="off" />
        </div>
        <div class="field">
          <label for="commune_q">{t('amb.form.commune')}</label>
          <input
            id="commune_q"
            name="commune_q"
            type="text"
            required
            maxlength={100}
            autocomplete="address-level2"
            value={values.communeQuery || model.communeName || ''}
            {...invalid('commune', errors)}
          />
          <FieldError field="commune" errors={errors} />
          {choices.length === 0 && values.commune && <input type="hidden" name="commune" value={values.commune} />}
        </div>
        {choices.length > 0 && (
          <fieldset class="field" id="choix-commune">
            <legend>{t('amb.form.communeChoose')}</legend>
            {choices.map((c, i) => (
              <div class="field checkbox">
                <input
                  id={`commune-${c.insee}`}
                  type="radio"
                  name="commune"
                  value={c.insee}
                  checked={values.commune === c.insee || (i === 0 && !values.commune)}
                />
                <label for={`commune-${c.insee}`}>
                  {c.name} ({c.departement_name}, {c.departement_code})
                </label>
              </div>
            ))}
          </fieldset>
        )}
        <div class="field">
          <label for="contact_name">{t('amb.form.contactName')}</label>
          <input
            id="contact_name"
            name="contact_name"
            type="text"
            required
            maxlength={200}
            autocomplete="name"
            value={values.contactName}
            {...invalid('contactName', errors)}
          />
          <FieldError field="contactName" errors={errors} />
        </div>
        <div class="field">
          <label for="contact_role">{t('amb.form.contactRole')}</label>
          <p class="hint" id="contact_role-aide">
            {t('amb.form.contactRoleHint')}
          </p>
          <input
            id="contact_role"
            name="contact_role"
            type="text"
            required
            maxlength={200}
            autocomplete="organization-title"
            value={values.contactRole}
            {...invalid('contactRole', errors)}
          />
          <FieldError field="contactRole" errors={errors} />
        </div>
        <div class="field">
          <label for="email">{t('amb.form.email')}</label>
          <input
            id="email"
            name="email"
            type="email"
            required
            maxlength={200}
            autocomplete="email"
            value={values.email}
            {...invalid('email', errors)}
          />
          <FieldError field="email" errors={errors} />
        </div>
        <div class="field">
          <label for="phone">{t('amb.form.phone')}</label>
          <input
            id="phone"
            name="phone"
            type="tel"
            required
            maxlength={30}
            autocomplete="tel"
            value={values.phone}
            {...invalid('phone', errors)}
          />
          <FieldError field="phone" errors={errors} />
        </div>
        <div class="field">
          <label for="periods">{t('amb.form.periods')}</label>
          <p class="hint">{t('amb.form.periodsHint')}</p>
          <textarea id="periods" name="periods" rows={3} maxlength={1000} {...invalid('periods', errors)}>
            {values.periods}
          </textarea>
          <FieldError field="periods" errors={errors} />
        </div>
        <fieldset class="field">
          <legend>{t('amb.form.interests')}</legend>
          {(Object.keys(INTERESTS) as (keyof typeof INTERESTS)[]).map((key) => (
            <div class="field checkbox">
              <input
                id={`interest-${key}`}
                type="checkbox"
                name="interests"
                value={key}
                checked={values.interests.includes(key)}
              />
              <label for={`interest-${key}`}>{INTERESTS[key]}</label>
            </div>
          ))}
          <div class="field">
            <label for="interests_other">{t('amb.form.interestsOther')}</label>
            <input
              id="interests_other"
              name="interests_other"
              type="text"
              maxlength={500}
              value={values.interestsOther}
              {...invalid('interestsOther', errors)}
            />
            <FieldError field="interestsOther" errors={errors} />
          </div>
        </fieldset>
        <fieldset class="field">
          <legend>{t('amb.policies')}</legend>
          <div class="field checkbox">
            <input id="has_policy" type="checkbox" name="has_policy" value="oui" checked={values.hasPolicy} />
            <label for="has_policy">{t('amb.form.policy')}</label>
          </div>
          <p class="hint">{t('amb.form.policyHint')}</p>
          <div class="field">
            <label for="policy_description">{t('amb.form.policyDescription')}</label>
            <textarea
              id="policy_description"
              name="policy_description"
              rows={4}
              maxlength={5000}
              {...invalid('policyDescription', errors)}
            >
              {values.policyDescription}
            </textarea>
            <FieldError field="policyDescription" errors={errors} />
          </div>
          <div class="field">
            <label for="policy_links">{t('amb.form.policyLinks')}</label>
            <textarea id="policy_links" name="policy_links" rows={3} {...invalid('policyLinks', errors)}>
              {values.policyLinks}
            </textarea>
            <FieldError field="policyLinks" errors={errors} />
          </div>
        </fieldset>
        <p class="hint">{t('amb.form.privacy')}</p>
        <button type="submit">{t('amb.form.submit')}</button>
      </form>
    </Layout>
  );
}

export function MessagePage({
  ctx,
  title,
  paragraphs,
  status,
  confirm,
}: {
  ctx: PageContext;
  title: string;
  paragraphs: string[];
  status?: 'ok' | 'problem';
  /** A button posting to this address (the confirmation of a request). */
  confirm?: string;
}) {
  return (
    <Layout ctx={ctx} title={title}>
      <Breadcrumbs
        ctx={ctx}
        crumbs={[{ label: ambassadorsT(ctx.lang)('amb.title'), href: '/ambassadeurs' }, { label: title }]}
      />
      <h1>{title}</h1>
      <div class={status === 'problem' ? 'notice' : 'panel'} role="status">
        {paragraphs.map((p) => (
          <p>{p}</p>
        ))}
      </div>
      {confirm && (
        <form method="post" action={confirm} class="stack-form">
          <CsrfField ctx={ctx} />
          <button type="submit">{ambassadorsT(ctx.lang)('amb.confirm.button')}</button>
        </form>
      )}
      <p>
        <a href="/ambassadeurs">{ambassadorsT(ctx.lang)('amb.title')}</a>
      </p>
    </Layout>
  );
}

function MairieTable({ ctx, mairies, visited }: { ctx: PageContext; mairies: PublicMairie[]; visited: boolean }) {
  const { lang } = ctx;
  const t = ambassadorsT(lang);
  if (mairies.length === 0) return <p>{t('amb.none')}</p>;
  return (
    <div class="table-scroll">
      <table class="data-table">
        <thead>
          <tr>
            <th scope="col">{t('amb.commune')}</th>
            <th scope="col">{t('amb.departement')}</th>
            <th scope="col">{visited ? t('amb.visitedOn') : t('amb.stage')}</th>
            <th scope="col">{t('amb.askedOn')}</th>
            <th scope="col">{t('amb.organisation')}</th>
          </tr>
        </thead>
        <tbody>
          {mairies.map((m) => (
            <tr>
              <th scope="row">
                <a href={`/communes/${m.insee}`}>{m.commune}</a>
              </th>
              <td>
                {m.departement} ({m.departementCode})
              </td>
              <td>
                {visited && m.visitedOn
                  ? formatDate(lang, m.visitedOn)
                  : t(`amb.stage.${m.stage}` as 'amb.stage.visitee')}
              </td>
              <td>{formatDate(lang, m.askedOn)}</td>
              <td>{m.organisation ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function AmbassadorsPage({ ctx, record }: { ctx: PageContext; record: PublicRecord }) {
  const t = ambassadorsT(ctx.lang);
  return (
    <Layout ctx={ctx} title={t('amb.title')}>
      <Breadcrumbs ctx={ctx} crumbs={[{ label: t('amb.title') }]} />
      <h1>{t('amb.title')}</h1>
      <p class="lead">{t('amb.lead')}</p>
      <h2>{t('amb.kitTitle')}</h2>
      <ul>
        <li>{t('amb.kit1')}</li>
        <li>{t('amb.kit2')}</li>
        <li>{t('amb.kit3')}</li>
      </ul>
      <p>
        <a href="/mairies/demande-visite" class="call">
          {t('amb.ask')}
        </a>
      </p>
      <RequestsMap ctx={ctx} record={record} />
      <h2 id="visitees">
        {t('amb.visited')} ({record.visited.length})
      </h2>
      <MairieTable ctx={ctx} mairies={record.visited} visited />
      <h2 id="demandes">
        {t('amb.asked')} ({record.asked.length})
      </h2>
      <MairieTable ctx={ctx} mairies={record.asked} visited={false} />
      <h2 id="politiques">
        {t('amb.policies')} ({record.policies.length})
      </h2>
      {record.policies.length === 0 ? (
        <p>{t('amb.none')}</p>
      ) : (
        <ul class="results">
          {record.policies.map((m) => (
            <li>
              <h3>
                <a href={`/communes/${m.insee}`}>{m.commune}</a> ({m.departementCode})
              </h3>
              <p>{m.policy?.description}</p>
              {m.policy && m.policy.links.length > 0 && (
                <ul>
                  {m.policy.links.map((href) => (
                    <li>
                      <a href={href} rel="nofollow noopener">
                        {href}
                      </a>
                    </li>
                  ))}
                </ul>
              )}
            </li>
          ))}
        </ul>
      )}
      <h2 id="ambassadeurs">{t('amb.counts')}</h2>
      {record.counts.length === 0 ? (
        <p>{t('amb.countsNone')}</p>
      ) : (
        <table class="data-table">
          <thead>
            <tr>
              <th scope="col">{t('amb.organisation')}</th>
              <th scope="col">{t('amb.ambassadors')}</th>
            </tr>
          </thead>
          <tbody>
            {record.counts.map((c) => (
              <tr>
                <th scope="row">{c.name}</th>
                <td>{c.n}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p class="downloads">
        {t('amb.download')} :{' '}
        <a href="/ambassadeurs.csv" type="text/csv" download>
          CSV
        </a>{' '}
        ·{' '}
        <a href="/ambassadeurs.ods" type="application/vnd.oasis.opendocument.spreadsheet" download>
          ODS
        </a>{' '}
        ·{' '}
        <a href="/ambassadeurs.json" type="application/json" download>
          JSON
        </a>
      </p>
    </Layout>
  );
}

function RequestsMap({ ctx, record }: { ctx: PageContext; record: PublicRecord }) {
  const t = ambassadorsT(ctx.lang);
  const values = new Map<string, MapValue>();
  let max = 0;
  for (const d of record.departements) {
    const counts = record.byDepartement.get(d.code);
    max = Math.max(max, counts?.asked ?? 0);
    values.set(d.code, {
      value: counts?.asked ?? 0,
      text: counts ? t('amb.mapValue', { asked: counts.asked, visited: counts.visited }) : t('amb.mapNone'),
    });
  }
  const { classes, classOf } = countClasses(ctx.lang, max);
  return (
    <section aria-labelledby="carte">
      <h2 id="carte">{t('amb.map')}</h2>
      <FranceMap
        ctx={ctx}
        label={t('amb.map')}
        values={values}
        classes={classes}
        classOf={classOf}
        names={new Map(record.departements.map((d) => [d.code, d.name]))}
        compact
      />
    </section>
  );
}
