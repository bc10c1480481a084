/**
 * Reads the Ministère's municipales results by commune (`municipales-2026-resultats-communes-*.csv`,
 * `;`-separated, UTF-8, fields quoted or not): first the commune's columns, found by name (Code
 * département, Code commune, Libellé commune…; their exact set and order are not documented), then
 * one block per list with the suffix « N »: Numéro de panneau N, Libellé abrégé de liste N, Libellé
 * de liste N, Nuance liste N, Voix N, % Voix/inscrits N, Sièges au CM N, Sièges au CC N.
 *
 * Pure: no database. A row is a commune with its lists, or a French reason (the whole row refused).
 * A row shorter than the header is read with empty blocks (communes with fewer lists); a row longer
 * than the header continues the last block pattern when the blocks are evenly spaced.
 */
import {
  INSEE_COMMUNE,
  normalizeDepartement,
  normalizeHeaderName,
  parseIntStrict,
  quote,
  SECTOR_CODE,
  splitSemicolonQuoted,
  UNCLOSED_QUOTE,
} from '../candidates/import/formats/common.ts';

export interface ResultList {
  /** Block number in the row (1, 2…), for messages. */
  block: number;
  panel: number | null;
  shortName: string;
  name: string;
  nuance: string | null;
  /** Seats won at the conseil municipal (0 when none or empty). */
  seatsCm: number;
  /** Seats won at the conseil communautaire (0 when none or empty). */
  seatsCc: number;
}

export interface CommuneResult {
  line: number;
  /** INSEE code (5 characters), or a Paris/Lyon/Marseille sector code. */
  code: string;
  name: string | null;
  lists: ResultList[];
}

const BLOCK_FIELDS = {
  panel: ['numero de panneau', 'n panneau', 'numero panneau'],
  shortName: ['libelle abrege de liste', 'libelle abrege liste'],
  name: ['libelle de liste', 'libelle de la liste', 'libelle liste', 'libelle etendu liste'],
  nuance: ['nuance liste', 'nuance de liste', 'code nuance de liste', 'code nuance liste'],
  seatsCm: ['sieges au cm', 'sieges cm'],
  seatsCc: ['sieges au cc', 'sieges cc'],
} as const;
type BlockField = keyof typeof BLOCK_FIELDS;

const COMMUNE_FIELDS = {
  departement: ['code departement', 'code du departement'],
  commune: ['code commune', 'code de la commune', 'code circonscription'],
  name: ['libelle commune', 'libelle de la commune', 'commune'],
} as const;

export interface ResultsLayout {
  departement: number;
  commune: number;
  name: number;
  /** Columns of each block (index -1 when absent), in block order. */
  blocks: Record<BlockField, number>[];
  /** Distance between two blocks when evenly spaced (rows longer than the header continue it), else 0. */
  stride: number;
}

/** Header → layout, or null when the line is not a results-by-commune header. */
export function resultsLayout(headerLine: string): ResultsLayout | null {
  if (!headerLine.includes(';')) return null;
  const header = (splitSemicolonQuoted(headerLine.replace(/^\uFEFF/, '')) ?? []).map(normalizeHeaderName);
  const find = (names: readonly string[]) => {
    for (const n of names) {
      const i = header.indexOf(n);
      if (i !== -1) return i;
    }
    return -1;
  };
  const commune = find(COMMUNE_FIELDS.commune);
  if (commune === -1) return null;
  const byNumber = new Map<number, Record<BlockField, number>>();
  header.forEach((name, index) => {
    const m = /^(.*) (\d{1,3})$/.exec(name);
    if (!m) return;
    const field = (Object.keys(BLOCK_FIELDS) as BlockField[]).find((f) =>
      (BLOCK_FIELDS[f] as readonly string[]).includes(m[1] as string),
    );
    if (!field) return;
    const n = Number(m[2]);
    const block = byNumber.get(n) ?? { panel: -1, shortName: -1, name: -1, nuance: -1, seatsCm: -1, seatsCc: -1 };
    block[field] = index;
    byNumber.set(n, block);
  });
  const blocks = [...byNumber.entries()].sort(([a], [b]) => a - b).map(([, b]) => b);
  if (!blocks.some((b) => b.seatsCm !== -1 && (b.name !== -1 || b.shortName !== -1))) return null;
  return {
    departement: find(COMMUNE_FIELDS.departement),
    commune,
    name: find(COMMUNE_FIELDS.name),
    blocks,
    stride: evenStride(blocks),
  };
}

function evenStride(blocks: Record<BlockField, number>[]): number {
  if (blocks.length < 2) return 0;
  const first = blocks[0] as Record<BlockField, number>;
  const stride = (blocks[1] as Record<BlockField, number>).seatsCm - first.seatsCm;
  if (stride <= 0) return 0;
  const even = blocks.every((b, k) =>
    (Object.keys(b) as BlockField[]).every((f) => (first[f] === -1 ? b[f] === -1 : b[f] === first[f] + k * stride)),
  );
  return even ? stride : 0;
}

/** The INSEE code from the commune (and département) columns: `62498`, or `62` + `498`, `971` + `101`. */
export function communeCode(departementRaw: string, communeRaw: string): string | null {
  const code = communeRaw.trim().toUpperCase();
  if (INSEE_COMMUNE.test(code) || SECTOR_CODE.test(code)) return code;
  if (!/^\d{1,3}$/.test(code)) return null;
  const dep = normalizeDepartement(departementRaw);
  if (!dep || dep === 'ZX' || dep === 'ZZ') return null;
  if (dep.length === 2) return `${dep}${code.padStart(3, '0')}`;
  // Overseas (971…): INSEE 97101 is written 101 (three digits) or 01 (two).
  return code.length === 3 ? `${dep.slice(0, 2)}${code}` : `${dep}${code.padStart(2, '0')}`;
}

/** `12`, ` 12 `, `1 234` → number; empty → 0; anything else → null. */
function seats(raw: string): number | null {
  const v = raw.replace(/[\s\u00a0\u202f]/g, '');
  if (v === '') return 0;
  const n = parseIntStrict(v);
  return n < 0 ? null : n;
}

/** One data row → a commune with its lists, or the reason it is refused. */
export function readResultRow(layout: ResultsLayout, text: string, line: number): CommuneResult | string {
  const fields = splitSemicolonQuoted(text);
  if (!fields) return UNCLOSED_QUOTE;
  const cell = (i: number) => (i >= 0 && i < fields.length ? (fields[i] as string).trim() : '');
  const rawCode = cell(layout.commune);
  if (rawCode === '') return 'code commune vide';
  const code = communeCode(cell(layout.departement), rawCode);
  if (!code) return `code commune invalide : ${quote(rawCode)}`;
  const blocks = [...layout.blocks];
  const last = blocks.at(-1) as Record<BlockField, number>;
  if (layout.stride > 0) {
    for (let k = 1; last.seatsCm + k * layout.stride < fields.length; k++) {
      const shifted = { ...last };
      for (const f of Object.keys(shifted) as BlockField[])
        if (last[f] !== -1) shifted[f] = last[f] + k * layout.stride;
      blocks.push(shifted);
    }
  }
  const lists: ResultList[] = [];
  for (let b = 0; b < blocks.length; b++) {
    const cols = blocks[b] as Record<BlockField, number>;
    const n = b + 1;
    const name = cell(cols.name);
    const shortName = cell(cols.shortName);
    const panelRaw = cell(cols.panel);
    const cm = cell(cols.seatsCm);
    const cc = cell(cols.seatsCc);
    if (name === '' && shortName === '' && panelRaw === '') {
      if ((seats(cm) ?? 1) > 0 || (seats(cc) ?? 1) > 0) return `liste ${n} : des sièges sans nom de liste`;
      continue;
    }
    const panel = panelRaw === '' ? null : parseIntStrict(panelRaw);
    if (panel !== null && panel < 0) return `Numéro de panneau ${n} : ${quote(panelRaw)} n’est pas un nombre`;
    const seatsCm = seats(cm);
    if (seatsCm === null) return `Sièges au CM ${n} : ${quote(cm)} n’est pas un nombre entier`;
    const seatsCc = seats(cc);
    if (seatsCc === null) return `Sièges au CC ${n} : ${quote(cc)} n’est pas un nombre entier`;
    lists.push({
      block: n,
      panel,
      shortName,
      name: name || shortName,
      nuance: cell(cols.nuance) || null,
      seatsCm,
      seatsCc,
    });
  }
  if (lists.length === 0) return 'aucune liste sur la ligne';
  return { line, code, name: cell(layout.name) || null, lists };
}
