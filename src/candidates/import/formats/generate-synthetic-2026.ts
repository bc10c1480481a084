/**
 * Writes a synthetic national municipales 2026 candidate file in the exact published layout
 * (`;`, every field quoted, UTF-8, header of official-data-formats.md §1b), to measure the parser
 * on a file of the real size (~918,000 rows, ~134 MB) without downloading it.
 *
 * Realistic shape: every commune gets lists whose size is its council size (article L2121-2 of the
 * CGCT, by population; 2 extra candidates allowed from 1,000 inhabitants, smaller lists possible
 * below), more lists in bigger communes, nuances only from 3,500 inhabitants, `CC` for the first
 * candidates from 1,000 inhabitants, Paris/Lyon/Marseille sector ballots (`75056SR01`…), a few rows
 * without a panel number (as in the real file) and a few names with quotes (`""` escapes).
 * Deterministic (seeded).
 *
 * Usage (also times the 2026 parser on the file):
 *   node --import tsx src/candidates/import/formats/generate-synthetic-2026.ts /tmp/municipales-2026-synthetic.csv
 */

import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

export interface SyntheticCommune {
  insee: string;
  name: string;
  dept: string;
  deptName: string;
  population: number;
}

export interface SyntheticSummary {
  /** Data rows written (header excluded), including the rows without panel number. */
  rows: number;
  lists: number;
  /** Rows with an empty `Numéro de panneau` (rejected by the parser). */
  emptyPanelRows: number;
  bytes: number;
}

const HEADER =
  'Code département;Département;Code circonscription;Circonscription;Numéro de panneau;Libellé abrégé de liste;Libellé de la liste;Code nuance de liste;Nuance de liste;Tête de liste;Ordre;Sexe;Nom sur le bulletin de vote;Prénom sur le bulletin de vote;Nationalité;Code personnalité;CC';

const NUANCES: [string, string][] = [
  ['LEXG', 'Liste d’extrême gauche'],
  ['LCOM', 'Liste du Parti communiste'],
  ['LFI', 'Liste de La France insoumise'],
  ['LSOC', 'Liste du Parti socialiste'],
  ['LVEC', 'Liste Les Écologistes'],
  ['LDVG', 'Liste divers gauche'],
  ['LUG', 'Liste d’union de la gauche'],
  ['LECO', 'Liste écologiste'],
  ['LREG', 'Liste régionaliste'],
  ['LDIV', 'Liste divers'],
  ['LREN', 'Liste Renaissance'],
  ['LMDM', 'Liste MoDem'],
  ['LHOR', 'Liste Horizons'],
  ['LUDI', 'Liste UDI'],
  ['LUC', 'Liste d’union du centre'],
  ['LDVC', 'Liste divers centre'],
  ['LLR', 'Liste Les Républicains'],
  ['LUD', 'Liste d’union de la droite'],
  ['LDVD', 'Liste divers droite'],
  ['LDSV', 'Liste droite souverainiste'],
  ['LUDR', 'Liste Union des droites pour la République'],
  ['LREC', 'Liste Reconquête'],
  ['LRN', 'Liste Rassemblement national'],
  ['LUXD', 'Liste d’union de l’extrême droite'],
  ['LEXD', 'Liste d’extrême droite'],
];

const LAST_NAMES = (
  'MARTIN BERNARD THOMAS PETIT ROBERT RICHARD DURAND DUBOIS MOREAU LAURENT SIMON MICHEL LEFÈVRE LEROY ROUX ' +
  'DAVID BERTRAND MOREL FOURNIER GIRARD BONNET DUPONT LAMBERT FONTAINE ROUSSEAU VINCENT MÜLLER LEFEBVRE FAURE ' +
  'ANDRÉ MERCIER BLANC GUÉRIN BOYER GARNIER CHEVALIER FRANÇOIS LEGRAND GAUTHIER GARCIA PERRIN ROBIN CLÉMENT ' +
  'MORIN NICOLAS HENRY ROUSSEL MATHIEU GAUTIER MASSON MARCHAND DUVAL DENIS DUMONT MARIE LEMAIRE NOËL MEYER ' +
  'DUFOUR MEUNIER BRUN BLANCHARD GIRAUD JOLY RIVIÈRE LUCAS BRUNET GAILLARD BARBIER ARNAUD MARTINEZ GÉRARD ' +
  "N'DIAYE KACZMAREK DA SILVA LE GALL O'NEILL SANTONI NGUYEN BEN SAÏD DIALLO HOARAU PAYET"
).split(' ');
const FEMALE = (
  'Marie Nathalie Isabelle Sylvie Catherine Françoise Christine Monique Valérie Sandrine Sophie Céline Julie ' +
  'Aurélie Camille Léa Manon Chloé Émilie Laure Anne-Sophie Hélène Odile Josette Fatima Aminata Ketty Maëlle Inès Zoé'
).split(' ');
const MALE = (
  'Jean Pierre Michel Philippe Alain Nicolas Christophe Patrick Laurent Stéphane Frédéric Julien Thomas ' +
  'Théo Lucas Hugo Jérôme François Gérard Bernard Jean-Marc Mohamed Karim Rémi Loïc Yannick Noël Ghjuvan Anthony Éric'
).split(' ');
const THEMES = [
  'Ensemble pour',
  'Agir pour',
  'Vivre à',
  'Demain',
  'Unis pour',
  'Un nouvel élan pour',
  'Réussir',
  'Bien vivre à',
  'Continuons pour',
  'Notre village,',
  'Citoyens de',
  'Fiers de',
];

/** Council size by population (CGCT art. L2121-2); Paris, Marseille, Lyon have their own numbers. */
export function councilSize(population: number, insee = ''): number {
  if (insee === '75056') return 163;
  if (insee === '13055') return 111;
  if (insee === '69123') return 73;
  const table: [number, number][] = [
    [100, 7],
    [500, 11],
    [1500, 15],
    [2500, 19],
    [3500, 23],
    [5000, 27],
    [10000, 29],
    [20000, 33],
    [30000, 35],
    [40000, 39],
    [50000, 43],
    [60000, 45],
    [80000, 49],
    [100000, 53],
    [150000, 55],
    [200000, 59],
    [250000, 61],
    [300000, 65],
  ];
  for (const [limit, seats] of table) if (population < limit) return seats;
  return 69;
}

const SECTORS: Record<string, { count: number; name: (n: number) => string }> = {
  '75056': { count: 17, name: (n) => (n === 1 ? 'Paris Centre' : `Paris ${n + 3}e secteur`) },
  '13055': { count: 8, name: (n) => `Marseille ${n === 1 ? '1er' : `${n}e`} secteur` },
  '69123': { count: 9, name: (n) => `Lyon ${n === 1 ? '1er' : `${n}e`} arrondissement` },
};

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function listsFor(population: number, rand: () => number): number {
  if (population < 1000) return rand() < 0.5 ? 2 : 1;
  if (population < 3500) return 1 + Math.floor(rand() * 2.2);
  if (population < 10000) return 2 + Math.floor(rand() * 2.5);
  if (population < 30000) return 3 + Math.floor(rand() * 3);
  if (population < 100000) return 4 + Math.floor(rand() * 3);
  return 6 + Math.floor(rand() * 4);
}

const q = (v: string) => (v.indexOf('"') === -1 ? `"${v}"` : `"${v.replaceAll('"', '""')}"`);

export async function writeSynthetic2026(
  path: string,
  options: { communes: SyntheticCommune[]; seed?: number; emptyPanelEvery?: number },
): Promise<SyntheticSummary> {
  const rand = mulberry32(options.seed ?? 2026);
  const pick = <T>(items: T[]) => items[Math.floor(rand() * items.length)];
  const emptyPanelEvery = options.emptyPanelEvery ?? 600;
  const out = createWriteStream(path);
  let buffer: string[] = [`${HEADER.split(';').map(q).join(';')}\r\n`];
  let bufferLength = 0;
  const summary: SyntheticSummary = { rows: 0, lists: 0, emptyPanelRows: 0, bytes: 0 };
  const flush = async () => {
    const text = buffer.join('');
    buffer = [];
    bufferLength = 0;
    summary.bytes += Buffer.byteLength(text);
    if (!out.write(text)) await once(out, 'drain');
  };

  const writeBallot = async (c: SyntheticCommune, code: string, label: string, seats: number, lists: number) => {
    const prefix = `${q(c.dept)};${q(c.deptName)};${q(code)};${q(label)};`;
    for (let panel = 1; panel <= lists; panel++) {
      summary.lists++;
      const theme = pick(THEMES);
      let name = `${theme} ${c.name}`;
      if (rand() < 0.002) name = `${name} "Agir ensemble"`;
      const short = name.toUpperCase().slice(0, 20);
      const [nuanceCode, nuanceLabel] = c.population >= 3500 ? pick(NUANCES) : ['', ''];
      let size = seats;
      if (c.population >= 1000) size += Math.floor(rand() * 3);
      else size = Math.max(1, seats - Math.floor(rand() * 6));
      const cc = c.population >= 1000 ? Math.min(size, 2 + Math.floor(c.population / 4000)) : 0;
      const listPart = `${q(String(panel))};${q(short)};${q(name)};${q(nuanceCode)};${q(nuanceLabel)};`;
      const femaleFirst = rand() < 0.5;
      for (let order = 1; order <= size; order++) {
        const female = (order % 2 === 1) === femaleFirst;
        const last = pick(LAST_NAMES);
        const first = pick(female ? FEMALE : MALE);
        const nationality = rand() < 0.01 ? 'Portugaise' : 'Française';
        const line = `${prefix}${listPart}${q(order === 1 ? 'OUI' : '')};${q(String(order))};${q(female ? 'F' : 'M')};${q(last)};${q(first)};${q(nationality)};"";${q(order <= cc ? 'OUI' : '')}\r\n`;
        buffer.push(line);
        bufferLength += line.length;
        summary.rows++;
        if (summary.rows % emptyPanelEvery === 0) {
          const orphan = `${prefix}"";"";"";"";"";"";"1";${q(female ? 'F' : 'M')};${q(pick(LAST_NAMES))};${q(pick(FEMALE))};"Française";"";""\r\n`;
          buffer.push(orphan);
          bufferLength += orphan.length;
          summary.rows++;
          summary.emptyPanelRows++;
        }
        if (bufferLength > 1 << 20) await flush();
      }
    }
  };

  for (const commune of options.communes) {
    await writeBallot(
      commune,
      commune.insee,
      commune.name,
      councilSize(commune.population, commune.insee),
      listsFor(commune.population, rand),
    );
    const sectors = SECTORS[commune.insee];
    if (sectors) {
      for (let n = 1; n <= sectors.count; n++) {
        const code = `${commune.insee}SR${String(n).padStart(2, '0')}`;
        await writeBallot(
          { ...commune, population: 20000 },
          code,
          sectors.name(n),
          10 + Math.floor(rand() * 20),
          3 + Math.floor(rand() * 4),
        );
      }
    }
  }
  await flush();
  out.end();
  await once(out, 'finish');
  return summary;
}

/** Every current commune with its population, from @etalab/decoupage-administratif. */
export function communesFromDecoupage(): SyntheticCommune[] {
  const require = createRequire(import.meta.url);
  const communes: { code: string; nom: string; type: string; departement: string; population?: number }[] =
    require('@etalab/decoupage-administratif/data/communes.json');
  const departements: {
    code: string;
    nom: string;
  }[] = require('@etalab/decoupage-administratif/data/departements.json');
  const deptNames = new Map(departements.map((d) => [d.code, d.nom]));
  return communes
    .filter((c) => c.type === 'commune-actuelle')
    .map((c) => ({
      insee: c.code,
      name: c.nom,
      dept: c.departement,
      deptName: deptNames.get(c.departement) ?? c.departement,
      population: c.population ?? 0,
    }));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const path = process.argv[2] ?? '/tmp/municipales-2026-synthetic.csv';
  let started = performance.now();
  const summary = await writeSynthetic2026(path, { communes: communesFromDecoupage() });
  console.log(
    `${path} : ${summary.rows} lignes, ${summary.lists} listes, ${(summary.bytes / 1e6).toFixed(1)} Mo écrits en ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  const { municipales2026 } = await import('./municipales-2026.ts');
  for (let run = 1; run <= 3; run++) {
    started = performance.now();
    let records = 0;
    let rejected = 0;
    for await (const batch of municipales2026.parse(path, { encoding: 'utf-8', encodingWarning: null })) {
      records += batch.records.length;
      rejected += batch.rejected.length;
    }
    const seconds = (performance.now() - started) / 1000;
    const rss = process.memoryUsage().rss / 1e6;
    console.log(
      `analyse n°${run} : ${records} candidatures, ${rejected} rejets en ${seconds.toFixed(2)} s (RSS ${rss.toFixed(0)} Mo)`,
    );
  }
}
