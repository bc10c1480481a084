import type { DataSource } from '../opendata/sources.service.ts';
import { formatDate } from './i18n/index.ts';
import { Breadcrumbs, Layout, type PageContext } from './layout.tsx';

/** /mes-donnees — the personal-data notice of the pact (seed 003) and how to exercise one's rights. */
export function PersonalDataPage({ ctx }: { ctx: PageContext }) {
  return (
    <Layout ctx={ctx} title="Mes données personnelles">
      <Breadcrumbs ctx={ctx} crumbs={[{ label: 'Mes données personnelles' }]} />
      <h1>Mes données personnelles</h1>
      <p>
        Vous disposez des droits sur vos données personnelles, notamment d’accès, de modification, de rectification et
        de suppression. Pour toute demande, merci de nous contacter par courriel{' '}
        <a href="mailto:contact@april.org">contact@april.org</a> ou par téléphone 01 78 76 92 80.
      </p>
      <h2>Ce qui est public, ce qui ne l’est jamais</h2>
      <ul>
        <li>
          Publics : les données officielles des candidatures publiées par le Ministère de l’Intérieur (nom, liste,
          position, nuance, commune), et, pour les signataires du pacte, la liste, la position, le ou les partis, la
          commune, la date et la réponse si vous avez accepté sa publication.
        </li>
        <li>Jamais publics : votre numéro de téléphone et votre adresse de courriel.</li>
      </ul>
      <p>
        Les candidatures proviennent des fichiers officiels publiés sous Licence Ouverte ; la liste des sources et la
        date de chaque import figurent sur la page <a href="/sources">Sources des données</a>.
      </p>
    </Layout>
  );
}

/** /donnees — the open data available so far and its licence. */
export function OpenDataPage({ ctx, sources }: { ctx: PageContext; sources: DataSource[] }) {
  return (
    <Layout ctx={ctx} title="Données ouvertes">
      <Breadcrumbs ctx={ctx} crumbs={[{ label: 'Données ouvertes' }]} />
      <h1>Données ouvertes</h1>
      <p>
        Les données publiques de Pacte sont réutilisables librement sous <strong>Licence Ouverte 2.0</strong> (Etalab),
        en citant la source « Pacte du Logiciel Libre ». Elles ne contiennent jamais de numéro de téléphone ni d’adresse
        de courriel.
      </p>
      <h2>API JSON</h2>
      <p>
        Documentation complète (OpenAPI 3.1) : <a href="/api/v1/openapi.json">/api/v1/openapi.json</a> — élections,
        scrutins, listes, candidatures et communes, paginés et filtrables.
      </p>
      <dl class="facts">
        <div>
          <dt>Recherche de communes</dt>
          <dd>
            <code>GET /api/v1/communes?q=lens</code> — par nom, code postal ou code INSEE
          </dd>
        </div>
        <div>
          <dt>Fiche d’une commune</dt>
          <dd>
            <code>GET /api/v1/communes/62498</code>
          </dd>
        </div>
      </dl>
      <h2>Jeux de données chargés</h2>
      <ul>
        {sources.map((s) => (
          <li>
            {s.name} — {s.licence}, chargé le <time datetime={s.loaded_at}>{formatDate(ctx.lang, s.loaded_at)}</time>
          </li>
        ))}
      </ul>
    </Layout>
  );
}
