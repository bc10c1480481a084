import { formatDate } from '../web/i18n/index.ts';
import { Breadcrumbs, Layout, type PageContext } from '../web/layout.tsx';
import { COLUMN_DESCRIPTIONS } from './catalogue.ts';
import type { Column } from './dataset.ts';
import type { DataSource } from './sources.service.ts';

export interface CatalogueItem {
  name: string;
  title: string;
  description: string;
  filters: string[];
  columns: Column[];
}

const TYPE_NAMES = {
  fr: { string: 'texte', number: 'nombre', boolean: 'oui/non' },
  en: { string: 'text', number: 'number', boolean: 'yes/no' },
};

/** /donnees — the open-data dump: each dataset in three formats, the licence, the data dictionary, the API. */
export function OpenDataPage({
  ctx,
  items,
  sources,
  notices,
  canonical,
}: {
  ctx: PageContext;
  items: CatalogueItem[];
  sources: DataSource[];
  notices: string[];
  canonical: string;
}) {
  const { t, lang } = ctx;
  return (
    <Layout ctx={ctx} title={t('data.title')} canonical={canonical}>
      <Breadcrumbs ctx={ctx} crumbs={[{ label: t('data.title') }]} />
      <h1>{t('data.title')}</h1>
      {notices.map((n) => (
        <p class="notice" role="status">
          {n}
        </p>
      ))}
      <p>{t('data.intro')}</p>

      <section aria-labelledby="licence-titre">
        <h2 id="licence-titre">{t('data.licenceTitle')}</h2>
        <p>{t('data.licence')}</p>
        <p>{t('data.licenceWhy')}</p>
        <p>{t('data.private')}</p>
      </section>

      <section aria-labelledby="jeux-titre">
        <h2 id="jeux-titre">{t('data.datasets')}</h2>
        <p>{t('data.filters')}</p>
        <ul class="cards">
          {items.map((item) => (
            <li class="card">
              <h3>{item.title}</h3>
              <p>{item.description}</p>
              <p class="download-links">
                {t('data.download')}{' '}
                <a href={`/donnees/${item.name}.csv`} type="text/csv" download>
                  CSV<span class="visually-hidden"> — {item.title}</span>
                </a>{' '}
                ·{' '}
                <a href={`/donnees/${item.name}.ods`} type="application/vnd.oasis.opendocument.spreadsheet" download>
                  ODS<span class="visually-hidden"> — {item.title}</span>
                </a>{' '}
                ·{' '}
                <a href={`/donnees/${item.name}.json`} type="application/json" download>
                  JSON<span class="visually-hidden"> — {item.title}</span>
                </a>
              </p>
              {item.filters.length > 0 && (
                <p class="muted">
                  {t('data.filtersOf')} {item.filters.map((f) => `?${f}=`).join(', ')}
                </p>
              )}
              <p>
                <a href={`#dictionnaire-${item.name}`}>{t('data.dictionaryOf')}</a>
              </p>
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="api-titre">
        <h2 id="api-titre">{t('data.api')}</h2>
        <p>
          {t('data.apiText')} <a href="/api/v1/openapi.json">/api/v1/openapi.json</a>
        </p>
        <ul>
          <li>
            <code>GET /api/v1/communes?q=lens</code>
          </li>
          <li>
            <code>GET /api/v1/lists?election=municipales-2026&amp;departement=62</code>
          </li>
          <li>
            <code>GET /api/v1/statistics</code>
          </li>
        </ul>
      </section>

      <section aria-labelledby="dictionnaire-titre">
        <h2 id="dictionnaire-titre">{t('data.dictionary')}</h2>
        {items.map((item) => (
          <div class="table-scroll" id={`dictionnaire-${item.name}`}>
            <table class="data-table dictionary">
              <caption>
                {item.title} <span class="muted">({item.name})</span>
              </caption>
              <thead>
                <tr>
                  <th scope="col">
                    {t('data.column')}{' '}
                    <span class="muted">
                      ({t('data.header')}, {t('data.type')})
                    </span>
                  </th>
                  <th scope="col">{t('data.meaning')}</th>
                </tr>
              </thead>
              <tbody>
                {item.columns.map((c) => (
                  <tr>
                    <th scope="row">
                      <code>{c.key}</code>
                      <span class="column-meta">
                        {c.header} · {TYPE_NAMES[lang][c.type]}
                      </span>
                    </th>
                    <td>{COLUMN_DESCRIPTIONS[c.key]?.[lang] ?? c.header}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ))}
      </section>

      <section aria-labelledby="sources-titre">
        <h2 id="sources-titre">{t('data.sources')}</h2>
        <ul>
          {sources.map((s) => (
            <li>
              {s.name} — {s.licence}, {t('data.loadedOn')}{' '}
              <time datetime={s.loaded_at}>{formatDate(lang, s.loaded_at)}</time>
            </li>
          ))}
        </ul>
        <p>
          <a href="/sources">{t('footer.sources')}</a>
        </p>
      </section>
    </Layout>
  );
}
