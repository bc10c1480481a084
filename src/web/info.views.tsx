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
