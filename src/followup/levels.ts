/**
 * Statuses of a follow-up item and the commitment levels 1–3 of April's 2020 fact sheet (seed 004),
 * computed from what is done. Pure functions: no database. The rule is explained on every scorecard
 * (LEVEL_RULE) and recorded in docs/decisions/0017-followup-levels.md.
 *
 * Seed 004 defines three levels:
 *  1. use free software and open formats every day in the municipal services;
 *  2. migrate servers and workstations to a free operating system (GNU/Linux), equip the public
 *     digital spaces with it, give trainings with free software first, equip schools (Primtux);
 *  3. support a local free hosting service (CHATONS) and run a contribution policy: publish the
 *     commune's developments under a free licence, fund free projects other collectivities can use,
 *     pool developments, allow contributions on working time.
 *
 * Each concrete action of the pact version signed is tagged with the level whose criterion it
 * carries (keywords below, on the action's text, so a new pact version is tagged without code);
 * actions carrying no criterion (conviction, acquisition strategy, training of agents…) count in
 * the share of items kept but not in the level. A level is reached when every action tagged with
 * it, and every action of the lower levels, is « tenu ». A scorecard whose version has no action
 * tagged with a level cannot reach it.
 */
import { normalizeSearch } from '../db/portability.ts';

export const STATUSES = ['tenu', 'en-cours', 'au-point-mort', 'non-tenu', 'non-evalue'] as const;
export type ItemStatus = (typeof STATUSES)[number];

export const STATUS_LABELS: Record<ItemStatus, { fr: string; en: string }> = {
  tenu: { fr: 'tenu', en: 'kept' },
  'en-cours': { fr: 'en cours', en: 'in progress' },
  'au-point-mort': { fr: 'au point mort', en: 'stalled' },
  'non-tenu': { fr: 'non tenu', en: 'not kept' },
  'non-evalue': { fr: 'non évalué', en: 'not assessed' },
};

/** Accepts the stored form and the French label typed in a CSV (« en cours », « Non évalué »). */
export function parseStatus(text: string): ItemStatus | undefined {
  const key = normalizeSearch(text).replace(/ /g, '-');
  return (STATUSES as readonly string[]).includes(key) ? (key as ItemStatus) : undefined;
}

/** Keywords (normalised: lower case, no accents) that tag an action with a level. */
const LEVEL_KEYWORDS: { level: 1 | 2 | 3; all: string[] }[] = [
  { level: 1, all: ['libreoffice'] },
  { level: 2, all: ['migrer', 'serveurs'] },
  { level: 2, all: ['migrer', 'postes de travail'] },
  { level: 2, all: ['ecoles'] },
  { level: 2, all: ['mediation numerique'] },
  { level: 2, all: ['initiations et formations'] },
  { level: 3, all: ['publier sous licence libre'] },
  { level: 3, all: ['financement de projets libres'] },
  { level: 3, all: ['mutualiser le developpement'] },
  { level: 3, all: ['temps salarie'] },
  { level: 3, all: ['chatons'] },
];

/** The seed-004 level an action's text carries, or null. */
export function actionLevel(text: string): 1 | 2 | 3 | null {
  const normal = normalizeSearch(text);
  for (const rule of LEVEL_KEYWORDS) if (rule.all.every((k) => normal.includes(k))) return rule.level;
  return null;
}

export interface LevelItem {
  kind: 'commitment' | 'action';
  pactLevel: number | null;
  status: ItemStatus;
}

export interface Progress {
  /** 0 (none reached) to 3. */
  level: number;
  total: number;
  kept: number;
  /** Items with a status other than « non évalué ». */
  evaluated: number;
  /** For each level: how many of its actions are « tenu », out of how many. */
  byLevel: { level: number; kept: number; total: number }[];
}

export function computeProgress(items: LevelItem[]): Progress {
  const byLevel = [1, 2, 3].map((level) => {
    const tagged = items.filter((i) => i.kind === 'action' && i.pactLevel === level);
    return { level, kept: tagged.filter((i) => i.status === 'tenu').length, total: tagged.length };
  });
  let level = 0;
  for (const l of byLevel) {
    if (l.total === 0 || l.kept < l.total) break;
    level = l.level;
  }
  return {
    level,
    total: items.length,
    kept: items.filter((i) => i.status === 'tenu').length,
    evaluated: items.filter((i) => i.status !== 'non-evalue').length,
    byLevel,
  };
}

export const LEVEL_NAMES: Record<number, { fr: string; en: string }> = {
  0: { fr: 'aucun niveau atteint', en: 'no level reached' },
  1: {
    fr: 'niveau 1 : logiciels libres et formats ouverts au quotidien dans les services',
    en: 'level 1: free software and open formats used daily in the services',
  },
  2: {
    fr: 'niveau 2 : serveurs, postes, espaces publics numériques et écoles sous système libre',
    en: 'level 2: servers, workstations, public digital spaces and schools on a free system',
  },
  3: {
    fr: 'niveau 3 : politique de contribution au logiciel libre',
    en: 'level 3: a policy of contribution to free software',
  },
};

/** The rule, as shown on the scorecard pages. */
export const LEVEL_RULE = {
  fr: [
    'Les niveaux viennent de la fiche « Les élections municipales de 2020 et le Logiciel Libre » de l’April.',
    'Niveau 1 : utiliser des logiciels libres et des formats ouverts au quotidien dans les services (action « LibreOffice, Firefox… »).',
    'Niveau 2 : migrer les serveurs et les postes de travail vers un système libre tel que GNU/Linux, équiper les lieux de médiation numérique, donner les initiations et formations avec des logiciels libres, équiper les écoles d’une distribution libre.',
    'Niveau 3 : une politique de contribution — publier sous licence libre les développements de la collectivité, financer des projets libres, mutualiser les développements, permettre les contributions sur le temps salarié.',
    'Un niveau est atteint quand toutes les actions du pacte signé qui relèvent de ce niveau et des niveaux inférieurs sont « tenu ». Les autres actions comptent dans la part des engagements tenus, pas dans le niveau.',
  ],
  en: [
    'Levels come from April’s fact sheet “The 2020 municipal elections and Free Software”.',
    'Level 1: free software and open formats used daily in the services (the “LibreOffice, Firefox…” action).',
    'Level 2: servers and workstations migrated to a free system such as GNU/Linux, public digital spaces equipped, trainings given with free software, schools equipped with a free distribution.',
    'Level 3: a contribution policy — publish the collectivity’s developments under a free licence, fund free projects, pool developments, allow contributions on working time.',
    'A level is reached when every action of the signed pact belonging to it and to the lower levels is “kept”. Other actions count in the share of items kept, not in the level.',
  ],
};
