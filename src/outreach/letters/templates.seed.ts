/**
 * The letters Pacte ships, written after seed 000 (Cliss XXI's letter of 30 May 2007 to a candidate
 * in the législatives), one per kind of election. Paragraphs are separated by a blank line; the
 * signature block (`{{benevole.signature}}`) is laid out by the letter itself, after the body.
 */
export interface TemplateSeed {
  id: string;
  name: string;
  electionKind: string;
  subject: string;
  body: string;
}

const COMMON_PACT = `Le Pacte du Logiciel Libre s’inscrit dans une double démarche citoyenne : fournir une base au dialogue entre les citoyens et les candidats avant les élections autour des enjeux du Logiciel Libre ; disposer d’engagements clairs pris en conscience. Vous en trouverez le texte à l’adresse {{lien_pacte}}.`;

const CLOSING = `Je prendrai contact avec vous très prochainement afin de recueillir votre avis sur cette initiative, à laquelle nous attachons une importance toute particulière. {{organisation.nom}} publiera l’ensemble de ses démarches sur son site internet : {{organisation.site}}.

Vous remerciant par avance pour l’intérêt que vous voudrez bien porter à cette démarche, je vous prie de recevoir, {{candidat.civilite}}, mes respectueuses salutations.`;

export const TEMPLATE_SEEDS: TemplateSeed[] = [
  {
    id: 'municipales-pacte',
    name: 'Le Pacte du Logiciel Libre (municipales, tête de liste)',
    electionKind: 'municipales',
    subject: 'Pour les candidats aux élections municipales à {{commune.nom}} : le Pacte du Logiciel Libre',
    body: `{{candidat.civilite}},

Le {{election.date_tour1}}, vous vous présenterez avec la liste « {{liste.nom}} » aux suffrages des électrices et des électeurs de {{commune.nom}}.

{{organisation.nom}} a souhaité relayer l’initiative de l’April, le Pacte du Logiciel Libre, qui invite les listes candidates aux élections municipales à s’engager en faveur du Logiciel Libre.

Le Pacte du Logiciel Libre est un document simple permettant aux électeurs de savoir quelles listes de leur commune ont conscience des enjeux du Logiciel Libre et se sont engagées à promouvoir et défendre les libertés qui y sont associées. Les communes utilisent l’informatique en interne et, c’est là un point essentiel, dans leur relation avec la population : les choix que fera votre équipe engageront l’argent public et les libertés des habitants.

${COMMON_PACT}

${CLOSING}`,
  },
  {
    id: 'legislatives-pacte',
    name: 'Le Pacte du Logiciel Libre (législatives)',
    electionKind: 'legislatives',
    subject: 'Pour les candidats aux élections législatives : le Pacte du Logiciel Libre',
    body: `{{candidat.civilite}},

Le {{election.date_tour1}}, vous vous présenterez aux suffrages des citoyens de la {{circonscription}}.

{{organisation.nom}} a souhaité relayer l’initiative de l’April, le Pacte du Logiciel Libre, qui vise à encourager les candidats aux élections législatives à s’engager en faveur du Logiciel Libre.

Le Pacte du Logiciel Libre est un document simple permettant aux électeurs de savoir quel candidat dans leur circonscription a conscience des enjeux du Logiciel Libre et s’est engagé à promouvoir et défendre les libertés qui y sont associées. C’est également un outil permettant à tous les citoyens attachés au Logiciel Libre de sensibiliser les candidats quant à la responsabilité qui sera la leur s’ils sont élus.

${COMMON_PACT}

${CLOSING}`,
  },
];
