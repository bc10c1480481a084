/**
 * Writes synthetic national Répertoire national des élus files in the exact published layouts of
 * the fixtures (`elus-maires-mai.csv`, 14 columns; `elus-conseillers-municipaux-cm.csv`, 16 columns;
 * `;`, unquoted, UTF-8, dates `JJ/MM/AAAA`), on every real commune (INSEE codes from
 * @etalab/decoupage-administratif), to measure the RNE import without downloading the files.
 *
 * Shape: one mayor per commune; as many municipal councillors as the commune's council has seats
 * (CGCT art. L2121-2, ≈ 490,000 rows), the mayor first (`Maire`), then the adjoints, then plain
 * councillors. Given the synthetic municipales 2026 candidate file (generate-synthetic-2026.ts),
 * the councillors are the candidates of the commune's first lists (the mayor heads list 1), as
 * after an election, so the matching with candidacies has real work to do; otherwise names are
 * drawn at random. Deterministic (seeded).
 *
 * Usage:
 *   node --import tsx src/candidates/import/rne/generate-synthetic.ts DIR [CANDIDATES_FILE]
 * writes DIR/elus-maires-mai.csv and DIR/elus-conseillers-municipaux-cm.csv.
 */

import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { communesFromDecoupage, councilSize, type SyntheticCommune } from '../formats/generate-synthetic-2026.ts';
import { municipales2026 } from '../formats/municipales-2026.ts';

export const MAIRES_HEADER =
  "Code du département;Libellé du département;Code de la collectivité à statut particulier;Libellé de la collectivité à statut particulier;Code de la commune;Libellé de la commune;Nom de l'élu;Prénom de l'élu;Code sexe;Date de naissance;Code de la catégorie socio-professionnelle;Libellé de la catégorie socio-professionnelle;Date de début du mandat;Date de début de la fonction";
export const CONSEILLERS_MUNICIPAUX_HEADER =
  "Code du département;Libellé du département;Code de la collectivité à statut particulier;Libellé de la collectivité à statut particulier;Code de la commune;Libellé de la commune;Nom de l'élu;Prénom de l'élu;Code sexe;Date de naissance;Code de la catégorie socio-professionnelle;Libellé de la catégorie socio-professionnelle;Date de début du mandat;Libellé de la fonction;Date de début de la fonction;Code nationalité";

const LAST_NAMES = (
  'MARTIN BERNARD THOMAS PETIT ROBERT RICHARD DURAND DUBOIS MOREAU LAURENT SIMON MICHEL LEFÈVRE LEROY ROUX ' +
  'DAVID BERTRAND MOREL FOURNIER GIRARD BONNET DUPONT LAMBERT FONTAINE ROUSSEAU VINCENT MÜLLER LEFEBVRE FAURE ' +
  'ANDRÉ MERCIER BLANC GUÉRIN BOYER GARNIER CHEVALIER FRANÇOIS LEGRAND GAUTHIER GARCIA PERRIN ROBIN CLÉMENT ' +
  'MORIN NICOLAS HENRY ROUSSEL MATHIEU GAUTIER MASSON MARCHAND DUVAL DENIS DUMONT MARIE LEMAIRE NOËL MEYER ' +
  'DUFOUR MEUNIER BRUN BLANCHARD GIRAUD JOLY RIVIÈRE LUCAS BRUNET GAILLARD BARBIER ARNAUD MARTINEZ GÉRARD ' +
  "N'DIAYE KACZMAREK DA SILVA LE GALL O'NEILL SANTONI NGUYEN BEN SAÏD DIALLO HOARAU PAYET EVALET TAPONAT"
).split(' ');
const FEMALE = (
  'Marie Nathalie Isabelle Sylvie Catherine Françoise Christine Monique Valérie Sandrine Sophie Céline Julie ' +
  'Aurélie Camille Léa Manon Chloé Émilie Laure Anne-Sophie Hélène Odile Josette Fatima Aminata Ketty Maëlle Inès Zoé'
).split(' ');
const MALE = (
  'Jean Pierre Michel Philippe Alain Nicolas Christophe Patrick Laurent Stéphane Frédéric Julien Thomas ' +
  'Théo Lucas Hugo Jérôme François Gérard Bernard Jean-Marc Mohamed Karim Rémi Loïc Yannick Noël Ghjuvan Anthony Éric'
).split(' ');
const PROFESSIONS: [string, string][] = [
  ['10', 'Agriculteur exploitant'],
  ['21', 'Artisan'],
  ['23', "Chef d'entreprise de 10 salariés ou plus"],
  ['31', 'Profession libérale'],
  ['33', 'Cadre de la fonction publique'],
  ['34', 'Professeur, profession scientifique'],
  ['38', "Ingénieur et cadre technique d'entreprise"],
  ['43', 'Profession intermédiaire de la santé et du travail social'],
  ['52', 'Employé civil et agent de service de la fonction publique'],
  ['54', "Employé administratif d'entreprise"],
  ['69', 'Ouvrier agricole'],
  ['74', 'Ancien cadre'],
  ['78', 'Ancien employé'],
];
const ORDINALS = ['Premier', 'Deuxième', 'Troisième', 'Quatrième', 'Cinquième', 'Sixième', 'Septième', 'Huitième'];

export interface SyntheticRneSummary {
  maires: number;
  conseillersMunicipaux: number;
  /** Councillors taken from the candidate file (0 without one). */
  fromCandidates: number;
}

type Person = { last: string; first: string; sex: 'F' | 'M' };

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

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * The candidates of lists 1 and 2 of every commune ballot of a municipales 2026 file, in list
 * order, as `LAST\tFirst\tS` strings (compact: ≈ 35,000 communes).
 */
async function electedFromCandidates(path: string): Promise<Map<string, string[]>> {
  const byCommune = new Map<string, string[]>();
  for await (const batch of municipales2026.parse(path, { encoding: 'utf-8', encodingWarning: null })) {
    for (const r of batch.records) {
      if (r.territoryKind !== 'commune' || !r.list || r.list.panel > 2) continue;
      let people = byCommune.get(r.territoryCode);
      if (!people) {
        people = [];
        byCommune.set(r.territoryCode, people);
      }
      people.push(`${r.list.panel}\t${r.lastName}\t${r.firstName}\t${r.sex ?? 'M'}`);
    }
  }
  return byCommune;
}

/** Writes both files; returns the row counts. */
export async function writeSyntheticRne(
  dir: string,
  options: { communes: SyntheticCommune[]; candidatesFile?: string; seed?: number },
): Promise<SyntheticRneSummary & { mairesPath: string; conseillersPath: string }> {
  const rand = mulberry32(options.seed ?? 2020);
  const pick = <T>(items: T[]) => items[Math.floor(rand() * items.length)] as T;
  const elected = options.candidatesFile ? await electedFromCandidates(options.candidatesFile) : new Map();
  const mairesPath = join(dir, 'elus-maires-mai.csv');
  const conseillersPath = join(dir, 'elus-conseillers-municipaux-cm.csv');
  const maires = createWriteStream(mairesPath);
  const conseillers = createWriteStream(conseillersPath);
  const summary: SyntheticRneSummary = { maires: 0, conseillersMunicipaux: 0, fromCandidates: 0 };
  let mBuffer = [`${MAIRES_HEADER}\n`];
  let cBuffer = [`${CONSEILLERS_MUNICIPAUX_HEADER}\n`];
  const flush = async (force = false) => {
    if (force || mBuffer.length > 2000) {
      if (!maires.write(mBuffer.join(''))) await once(maires, 'drain');
      mBuffer = [];
    }
    if (force || cBuffer.length > 2000) {
      if (!conseillers.write(cBuffer.join(''))) await once(conseillers, 'drain');
      cBuffer = [];
    }
  };
  const birthDate = () =>
    `${pad(1 + Math.floor(rand() * 28))}/${pad(1 + Math.floor(rand() * 12))}/${1940 + Math.floor(rand() * 62)}`;
  const randomPerson = (): Person => {
    const sex = rand() < 0.5 ? 'F' : 'M';
    return { last: pick(LAST_NAMES), first: pick(sex === 'F' ? FEMALE : MALE), sex };
  };

  for (const c of options.communes) {
    const seats = councilSize(c.population, c.insee);
    const candidates = (elected.get(c.insee) ?? []).map((line: string) => line.split('\t'));
    // The winning list takes most seats (majority bonus), the second list the rest.
    const first = candidates.filter((p: string[]) => p[0] === '1');
    const second = candidates.filter((p: string[]) => p[0] === '2');
    const fromFirst = second.length ? Math.ceil(seats * 0.75) : seats;
    const people: Person[] = [];
    for (let i = 0; i < seats; i++) {
      const source = i < fromFirst ? first[i] : second[i - fromFirst];
      if (source) {
        people.push({ last: source[1] ?? '', first: source[2] ?? '', sex: source[3] === 'F' ? 'F' : 'M' });
        summary.fromCandidates++;
      } else people.push(randomPerson());
    }
    const prefix = `${c.dept};${c.deptName};;;${c.insee};${c.name};`;
    const mandateStart = '15/03/2026';
    const functionStart = `${pad(20 + Math.floor(rand() * 8))}/03/2026`;
    const adjoints = Math.min(ORDINALS.length, Math.floor(seats * 0.3));
    people.forEach((p, i) => {
      const [code, label] = pick(PROFESSIONS);
      const birth = birthDate();
      const person = `${p.last};${p.first};${p.sex};${birth};${code};${label};${mandateStart}`;
      if (i === 0) {
        mBuffer.push(`${prefix}${person};${functionStart}\n`);
        summary.maires++;
      }
      const fn =
        i === 0
          ? `Maire;${functionStart}`
          : i <= adjoints
            ? `${ORDINALS[i - 1]} adjoint au maire;${functionStart}`
            : ';';
      cBuffer.push(`${prefix}${person};${fn};${rand() < 0.005 ? 'PT' : 'FR'}\n`);
      summary.conseillersMunicipaux++;
    });
    await flush();
  }
  await flush(true);
  maires.end();
  conseillers.end();
  await Promise.all([once(maires, 'finish'), once(conseillers, 'finish')]);
  return { ...summary, mairesPath, conseillersPath };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const dir = process.argv[2] ?? '/tmp';
  const started = performance.now();
  const summary = await writeSyntheticRne(dir, {
    communes: communesFromDecoupage(),
    candidatesFile: process.argv[3],
  });
  console.log(
    `${summary.mairesPath} : ${summary.maires} maires ; ${summary.conseillersPath} : ${summary.conseillersMunicipaux} conseillers (${summary.fromCandidates} pris du fichier des candidats) en ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
}
