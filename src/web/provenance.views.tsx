import type { ProvenanceItem } from '../candidates/provenance.service.ts';
import type { DataSource } from '../opendata/sources.service.ts';
import { formatDate } from './i18n/index.ts';
import type { PageContext } from './layout.tsx';

/** "Sources of this page": the official files its data came from and when they were imported. */
export function Provenance({
  ctx,
  items,
  territories,
}: {
  ctx: PageContext;
  items: ProvenanceItem[];
  /** The territory data (names, codes, populations), when the page shows some. */
  territories?: DataSource;
}) {
  const { t, lang } = ctx;
  return (
    <section class="provenance" aria-labelledby="provenance-titre">
      <h2 id="provenance-titre">{t('provenance.title')}</h2>
      {items.length === 0 ? (
        <p>{t('provenance.none')}</p>
      ) : (
        <ul>
          {items.map((item) => (
            <li>
              {t('provenance.file', { file: item.fileName, format: item.formatLabel })}{' '}
              <time datetime={item.importedAt}>{formatDate(lang, item.importedAt)}</time>
            </li>
          ))}
        </ul>
      )}
      {territories && (
        <p>
          {t('provenance.territories', { name: territories.name })}{' '}
          <time datetime={territories.loaded_at}>{formatDate(lang, territories.loaded_at)}</time>
        </p>
      )}
      <p>
        <a href="/sources">{t('provenance.all')}</a>
      </p>
    </section>
  );
}
