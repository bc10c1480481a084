// The 2026 municipal pact, verbatim from April's document (seed 003). Quote it exactly: corrections
// are a new version (addPactVersion), never an edit of this one once published.
// Text conventions: paragraphs separated by a blank line; `[label](url)` is a link; superscript
// digits are footnote calls, resolved against the commitment's notes.
import type { NewPactVersion } from './pact-documents.service.ts';

export const PACT_2026_ID = 'pacte-logiciel-libre-2026-municipales';

export const PACT_2026: NewPactVersion & { id: string; version: number; elections: string[] } = {
  id: PACT_2026_ID,
  version: 1,
  elections: ['municipales-2026'],
  publishedAt: '2025-11-01T00:00:00.000Z',
  title: 'Le Pacte du Logiciel Libre',
  subtitle: 'Pour une société libre',
  electionLabel: 'Élections municipales et communautaires 2026',
  preamble: [
    "Les technologies numériques sont des objets fondamentalement politiques. Les logiciels libres, parce qu'ils peuvent être vérifiés et améliorés, sont le fondement d'une informatique au service de ses utilisateurs et utilisatrices.",
    "Un logiciel libre est fourni avec son code source. Son utilisation, son étude, la modification et la diffusion des versions modifiées sont autorisées par sa licence d'utilisation. Il s'agit de conditions d'indépendance et de confiance, nécessaires à toute politique numérique souveraine et durable.",
    "Les citoyennes et citoyens ne peuvent pas être restreints dans leurs échanges avec les services publics. Les formats ouverts – dont les spécifications techniques sont publiques, librement utilisables sans restriction ni contrepartie – sont une garantie d'interopérabilité.",
    "À l'inverse, l'utilisation de formats fermés ou privés favorise les positions dominantes de certaines entreprises, accentuant toujours davantage l'enfermement technologique de leurs utilisatrices et utilisateurs.",
    "Les logiciels libres et les formats ouverts présentent de nombreux avantages pour les collectivités : autonomie stratégique, interopérabilité, durabilité, mutualisation, maîtrise de la trajectoire budgétaire, lutte contre la fracture numérique, sécurité des données, partage du savoir, aide au développement d'une économie créatrice d'emplois locaux, etc.",
    "J'ai conscience que les collectivités ont un rôle de premier plan à jouer en faveur des logiciels libres.",
  ],
  listIntro: "Par ma signature, ma liste s'engage à agir pour :",
  individualIntro: "Par ma signature, je m'engage à agir au sein de ma collectivité pour :",
  signingStatement: 'Je signe le Pacte du logiciel libre.',
  instructions:
    "Merci de compléter et signer le PDF, si possible numériquement, puis l'envoyer par courriel à pacte2026@candidats.fr",
  personalDataNotice:
    "Vous disposez des droits sur vos données personnelles, notamment d'accès, de modification, de rectification et de suppression. Pour toute demande, merci de nous contacter par courriel contact@april.org ou par téléphone 01 78 76 92 80.",
  commitments: [
    {
      number: 1,
      title: 'Donner la priorité aux logiciels libres et aux formats ouverts',
      text: [
        "Qu'il s'agisse des outils de bureautique, de messagerie, des logiciels métiers, sur les postes de travail comme sur les serveurs, il existe des logiciels libres en mesure de répondre à la majorité des besoins des collectivités. Nombre d'entre eux sont soutenus par un écosystème robuste, souvent inscrit dans le tissu économique local.",
        "Le recours à des logiciels privateurs devrait être une exception dûment justifiée, dans le respect d'une stricte procédure de définition des besoins.",
      ],
      actions: [
        ...group("Faire de l'utilisation du logiciel libre un projet politique structuré", [
          "Convaincre la direction générale et les personnes élues d'appuyer la démarche et de donner les moyens financiers et humains pour réussir le projet et l'accompagnement au changement ;",
          "Avoir une stratégie « d'acquisition » qui parte de la définition des besoins et qui donne effectivement la priorité aux logiciels libres. (En 2011, le [Conseil d'État a validé¹](#) la légalité d'appels d'offres portant sur des logiciels libres spécifiques, car ils sont « librement et gratuitement accessibles et modifiables par l'ensemble des entreprises spécialisées ») ;",
          'Anticiper la fin des contrats de licence des logiciels privateurs et penser la migration vers des logiciels libres ;',
          "Profiter de la migration vers des outils libres pour réétudier l'organisation de la collectivité (la migration est un projet de transformation, un projet organisationnel qui nécessite une bonne compréhension des métiers dans les services) ;",
          "Commencer par des logiciels libres éprouvés, avec des communautés robustes, notamment au niveau des entreprises. Par exemple LibreOffice pour la bureautique, Firefox comme navigateur, VLC, GIMP, Scribus, Inkscape, Audacity, Thunderbird comme logiciel de messagerie, OpenStreetMap (par exemple pour les plans d'accès sur le site de la collectivité), etc. ;",
          {
            level: 1,
            text: "Il existe également de nombreux logiciels métiers libres, notamment recensés sur le [Comptoir du libre²](#) de l'ADULLACT ;",
          },
          "Migrer les serveurs informatiques sur un système d'exploitation libre tel que GNU/Linux ;",
          "Migrer progressivement des postes de travail sur un système d'exploitation libre tel que GNU/Linux, en commençant par les volontaires, les personnes élues et la direction générale des services ;",
          "Privilégier le recrutement au sein de la direction des systèmes d'information de personnes sensibilisées et formées aux logiciels libres ;",
          "S'appuyer sur des structures mutualisantes ;",
          "Avoir une politique qui privilégie le réemploi, la réparation, la durabilité des matériels informatiques. S'interdire l'achat de matériels incompatibles avec des systèmes d'exploitation libres afin de limiter le gaspillage et l'obsolescence logicielle.",
        ]),
      ],
      notes: [
        '1 https://www.april.org/le-conseil-débat-rappelle-le-droit-des-collectivités-locales-de-choisir-du-logiciel-libre',
        '2 https://comptoir-du-libre.org/fr',
      ],
    },
    {
      number: 2,
      title: 'Défendre et promouvoir une informatique émancipatrice',
      text: [
        "Le logiciel libre participe à la préservation des libertés fondamentales dans une société informatisée, au partage du savoir et à l'accès éclairé au numérique par toutes et tous. Les collectivités ont un rôle important de sensibilisation et d'accompagnement à exercer.",
        "Dans les lieux d'accueil du public, l'utilisation d'une informatique durable, respectueuse des données personnelles, qui n'enferme pas dans des silos technologiques, doit guider les décisions en matière d'équipement informatique.",
        "L'école en particulier doit être un lieu de justice sociale et d'émancipation. Pour cela, elle doit faire découvrir et utiliser les logiciels libres.",
      ],
      actions: [
        ...group('Sensibilisation et accompagnement, facteurs clefs de succès', [
          'Systématiser la formation à tout nouveau outil libre introduit et en cas de mise à jour majeure ;',
          "Sensibiliser les agentes, agents et personnes élues aux enjeux (vie privée, durabilité, fracture numérique, etc.) et aux opportunités du logiciel libre. Cela permet d'impliquer les personnes utilisatrices à la démarche et de les intéresser à ces outils qu'elles découvrent ;",
          'Prévoir des instances de remontées de besoins dans les marchés publics ;',
          'Former les agentes et agents à formuler et remonter des bugs ou expressions de besoins dans les instances dédiées ou aux entreprises locales partenaires ;',
          "Prévoir des espaces, des temps, notamment physiques, d'accompagnement et de partage entre l'équipe SI et les personnes utilisatrices (comme cela a [été mis en place à Malakoff³](#)) ;",
          "Encourager l'entraide et le partage de savoir-faire entre personnes utilisatrices ;",
          "Dans les écoles, installer d'abord des logiciels libres et utiliser des distributions spécifiques basées sur un système libre tel que Primitux ;",
          "Équiper les lieux de médiation numérique gérés par la commune d'ordinateurs avec un système d'exploitation libre tel que GNU/Linux ;",
          'Les initiations et formations proposées au public doivent être en priorité données avec des logiciels libres, ces derniers pourront être installés sur les équipements des usagers ;',
          "S'inspirer du [Kit d'accès logiciels libres de Grenoble⁴](#) pour sensibiliser la population aux enjeux des libertés informatiques et faciliter le passage aux logiciels libres.",
        ]),
      ],
      notes: ['3 https://www.libreavous.org/214', '4 https://www.grenoble.fr/1049-logiciels-libres.htm'],
    },
    {
      number: 3,
      title: 'Contribuer à la pérennité des logiciels libres utilisés',
      text: [
        "Les collectivités doivent contribuer au maintien, à la documentation et au développement des solutions qu'elles utilisent.",
        "- Un travail mutualisable avec d'autres collectivités et administrations et, plus largement, au sein de communautés plus grandes regroupant associations, entreprises et personnes individuelles.\n- Un investissement au bénéfice de toutes et tous, qui est d'autant plus pertinent et durable qu'il s'inscrit dans une politique formalisée de contribution et de partage.",
      ],
      actions: [
        ...group('Formaliser une politique de contribution au logiciel libre :', [
          'publier sous licence libre les développements réalisés par la commune ;',
          'prévoir des clauses de redistribution dans les marchés publics ;',
          "participer au financement de projets libres dont d'autres collectivités pourront profiter ;",
          'mutualiser le développement de logiciels libres utiles aux collectivités ;',
          'permettre et encourager les contributions des agentes et agents sur leur temps salarié ;',
          "S'appuyer sur les associations et sur les entreprises implantées dans le territoire ;",
          'Encourager le ou la responsable informatique à rejoindre le collectif [France Numérique Libre](https://france-numerique-libre.org)⁵ ;',
          'Candidater au [label « Territoire Numérique Libre »](https://territoire-numerique-libre.org)⁶ pour valoriser les actions menées ;',
          "Partager un retour d'expérience, comme le fait par exemple Échirolles qui communique sur son cheminement et ses réussites, [y compris via des conférences](https://y-compris.via-des-confferences.fr)⁷",
        ]),
        ...group("Soutenir et participer à l'écosystème du logiciel libre et notamment aux structures locales :", [
          "Favoriser les partenariats entre les organisations locales du logiciel libre et les services de la commune (EPI, médiathèques, etc.), tout au long de l'année et lors d'événements tels que le [Libre en Fête](https://libre-en-fete.net)⁸, ou la [Fête des Possibles](https://fete-des-possibles.org)⁹ ;",
        ]),
      ],
      closingTitle: 'En pratique',
      closingText: [
        "Les manières d'atteindre ces objectifs sont multiples et doivent s'adapter au contexte propre à chaque collectivité : moyens et compétences internes disponibles, existence d'une structure mutualisante, expertise des entreprises informatiques locales, etc.",
        "Une première étape peut être de s'inspirer d'autres collectivités comme présenté ou encore en écoutant les interviews de celles qui ont partagé leur politique logiciel libre dans l'émission de radio [Libre à vous !](https://www.libreavous.org/interview-de-collectivites)¹⁰ de l'April",
      ],
      notes: [
        '5 https://france-numerique-libre.org',
        '6 https://territoire-numerique-libre.org',
        '7 https://www.librealire.org/passer-au-libre-c-est-changer-de-monde',
        '8 https://www.libre-en-fete.net',
        '9 https://fete-des-possibles.org',
        '10 https://www.libreavous.org/interview-de-collectivites',
      ],
    },
  ],
};

function group(title: string, items: (string | { level: number; text: string })[]) {
  return items.map((item) =>
    typeof item === 'string' ? { groupTitle: title, level: 0, text: item } : { groupTitle: title, ...item },
  );
}
