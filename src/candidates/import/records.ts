/**
 * What every official-file parser produces: plain records, independent of the file's layout.
 * Parsers never touch the database; the import service validates codes against the territories
 * and writes records (see candidates/import/import.service.ts).
 */

export type Sex = 'F' | 'M';

/** One candidate row of a Ministère candidate file. */
export interface CandidateRecord {
  /** 1-based line number in the file, for reports. */
  line: number;
  electionKind: 'municipales' | 'legislatives' | 'europeennes';
  /** 'commune' (INSEE code), 'secteur' (Paris/Lyon/Marseille sector code), 'circonscription' (`62-13`), 'national' (`FR`). */
  territoryKind: 'commune' | 'secteur' | 'circonscription' | 'national';
  territoryCode: string;
  /** INSEE département code (`62`, `2A`, `971`), overseas `Z?` codes already mapped; null for national ballots. */
  departementCode: string | null;
  /** The territory's name as written in the file (commune, sector or circonscription label), if any. */
  territoryName: string | null;
  /** The list the candidate stands on, for list ballots (municipales, européennes). */
  list: ListRecord | null;
  /** Rank on the list (1 = first); null for individual candidacies. */
  position: number | null;
  /** Tête de liste. */
  head: boolean;
  /** Panel number for individual candidacies (législatives); lists carry theirs in `list`. */
  panel: number | null;
  nuanceCode: string | null;
  sex: Sex | null;
  lastName: string;
  firstName: string;
  /** ISO `YYYY-MM-DD` when the file gives it. */
  birthDate: string | null;
  nationality: string | null;
  profession: string | null;
  outgoing: boolean | null;
  /** Also candidate for the conseil communautaire (municipales). */
  communautaire: boolean | null;
  personalityCode: string | null;
  /** Suppléant (législatives) — called « remplaçant » in the files. */
  substitute: PersonRecord | null;
}

export interface ListRecord {
  panel: number;
  shortName: string;
  name: string;
  nuanceCode: string | null;
  nuanceLabel: string | null;
}

export interface PersonRecord {
  sex: Sex | null;
  lastName: string;
  firstName: string;
  birthDate: string | null;
  outgoing: boolean | null;
}

/** One row of a Répertoire national des élus file. */
export interface ElectedRecord {
  line: number;
  mandate: 'maire' | 'conseiller-municipal' | 'conseiller-communautaire' | 'depute' | 'senateur';
  /** 'commune' (INSEE), 'epci' (SIREN), 'circonscription' (`01-01`), 'departement' (senators). */
  territoryKind: 'commune' | 'epci' | 'circonscription' | 'departement';
  territoryCode: string;
  departementCode: string;
  /** Commune INSEE code, when the mandate is tied to a commune (also given for communautaires). */
  communeCode: string | null;
  /** The territory's name as written in the file (commune, EPCI, circonscription or département label), if any. */
  territoryName?: string | null;
  lastName: string;
  firstName: string;
  sex: Sex | null;
  birthDate: string | null;
  mandateStart: string | null;
  functionLabel: string | null;
  functionStart: string | null;
}

export interface RejectedRow {
  line: number;
  reason: string;
  /** The raw line as read (decoded), for the report file. */
  raw: string;
}

export type ParsedBatch<R> = { records: R[]; rejected: RejectedRow[] };

export interface FileInfo {
  /** Encoding actually found by inspecting the bytes ('utf-8' or 'latin1'). */
  encoding: 'utf-8' | 'latin1';
  /** Set when the file's encoding differs from the one the format is published in. */
  encodingWarning: string | null;
}

export interface FormatParser<R = CandidateRecord | ElectedRecord> {
  /** Stable id, e.g. `municipales-2026`, `rne-maires`. */
  id: string;
  /** French label shown in reports and in "format non reconnu" messages. */
  label: string;
  kind: R extends CandidateRecord ? 'candidates' : 'elected';
  /** Election the file belongs to when the format implies it (`municipales-2026`); RNE files have none. */
  defaultElection: string | null;
  /** True when this decoded header line (first non-title line) is this format's. */
  detect(headerLine: string): boolean;
  /** Streams the file in batches (≈1,000 records), never holding the whole file in memory. */
  parse(path: string, info: FileInfo): AsyncGenerator<ParsedBatch<R>>;
}
