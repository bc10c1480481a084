import type { Db } from '../db/connection.ts';
import { listElections } from '../elections/elections.service.ts';
import * as q from './statistics.queries.ts';

/** A published signature, as the statistics need it (from the pledges service; nothing private). */
export interface SignatureFact {
  id: string;
  /** When it was published (ISO). */
  publishedAt: string;
  listId: string | null;
  personId: string | null;
  communeInsee: string | null;
  communeName: string | null;
  departementCode: string | null;
  /** 'list': the list signed; 'individual': one candidate signed alone. */
  variant: 'list' | 'individual';
  /** The signatory heads their list (tête de liste). */
  head: boolean;
  /** Public name: the list's for a list signature, the person's otherwise. */
  label: string;
}

/** Lists reached by the outreach (from the outreach service), per ballot of the election and per nuance. */
export interface OutreachFacts {
  byBallot: { ballotId: string; contacted: number; answered: number }[];
  byNuance: { nuance: string; contacted: number; answered: number }[];
}

/** Département of a ballot: `municipales-2026.62498` (commune), `….13055SR01` (sector), `….62-13` (circonscription). */
export function departementOfBallot(ballotId: string): string | null {
  const code = ballotId.slice(ballotId.indexOf('.') + 1);
  if (code.includes('-')) return code.slice(0, code.lastIndexOf('-'));
  if (!/^[0-9][0-9AB]/.test(code)) return null;
  return code.startsWith('97') ? code.slice(0, 3) : code.slice(0, 2);
}

/** Where the numbers come from: the pledges and outreach domains (see statistics.sources.ts). */
export interface StatisticsSources {
  signatures(db: Db, electionId: string): Promise<SignatureFact[]>;
  outreach(db: Db, electionId: string): Promise<OutreachFacts>;
  /** Signatories in the second round (followup/results.service.ts); null while unknown. */
  secondRound?(db: Db, electionId: string): Promise<number | null>;
  /** Published signatures whose list or candidacy is elected (followup/results.service.ts: RNE, results files). */
  electedSignatures?(db: Db, electionId: string): Promise<string[]>;
}

export interface AreaFigures {
  code: string;
  name: string;
  signatures: number;
  lists: number;
  contacted: number;
  /** Share of lists contacted (0–1), null when the area has no list. */
  coverage: number | null;
}
export interface DepartementFigures extends AreaFigures {
  regionCode: string | null;
  regionName: string | null;
}
export interface NuanceFigures {
  code: string;
  label: string;
  lists: number;
  contacted: number;
  answered: number;
  signed: number;
}

export interface CampaignStatistics {
  election: { id: string; name: string; firstRound: string | null } | null;
  totals: {
    signatures: number;
    heads: number;
    /** Signatories elected: null while not known (no mandate after the election imported). */
    elected: number | null;
    /** Signatories present in the second round: null while the second-round lists are not imported. */
    secondRound: number | null;
    communes: number;
    lists: number;
    listsContacted: number;
    listsAnswered: number;
    listsSigned: number;
  };
  departements: DepartementFigures[];
  regions: AreaFigures[];
  /** Signatures published per day, with the running total. */
  timeline: { day: string; count: number; total: number }[];
  nuances: NuanceFigures[];
  /** The most recent signatures, newest first. */
  latest: SignatureFact[];
}

/** The election a campaign is about by default: the municipales 2026 when known, else the latest. */
export async function defaultElection(db: Db) {
  const elections = await listElections(db);
  return elections.find((e) => e.id === 'municipales-2026') ?? elections[0];
}

const share = (part: number, whole: number) => (whole > 0 ? part / whole : null);

/** Every public figure of the campaign for one election. */
export async function campaignStatistics(
  db: Db,
  sources: StatisticsSources,
  electionId?: string,
): Promise<CampaignStatistics> {
  const elections = await listElections(db);
  const election = electionId ? elections.find((e) => e.id === electionId) : await defaultElection(db);
  const id = election?.id ?? '';
  const firstRound = election?.rounds[0]?.date ?? null;
  const [departements, totals, labels, signatures, outreach] = await Promise.all([
    q.departementsWithRegions(db),
    election ? q.listTotals(db, id) : [],
    election ? q.nuanceLabelsOf(db, id) : new Map<string, string>(),
    election ? sources.signatures(db, id) : [],
    election ? sources.outreach(db, id) : { byBallot: [], byNuance: [] },
  ]);
  // A list has signed when it signed as a list (a member signing alone commits only themselves).
  const signedListIds = [
    ...new Set(
      signatures
        .filter((s) => s.variant === 'list')
        .map((s) => s.listId)
        .filter((l): l is string => !!l),
    ),
  ];
  const facets = await q.listFacets(db, signedListIds);
  const personIds = [...new Set(signatures.map((s) => s.personId).filter((p): p is string => !!p))];
  const elected = firstRound ? await q.electedAmong(db, personIds, firstRound) : { known: false, elected: new Set() };
  // Signatories elected: by their own mandate (RNE), or because their list or candidacy is flagged
  // elected (results files); a person counts once.
  const flagged = new Set(election && sources.electedSignatures ? await sources.electedSignatures(db, id) : []);
  const electedSignatories = new Set(
    signatures
      .filter((s) => flagged.has(s.id) || (s.personId !== null && elected.elected.has(s.personId)))
      .map((s) => s.personId ?? s.id),
  );

  // By département and région.
  const byDepartement = new Map(
    departements.map((d) => [
      d.code,
      {
        code: d.code,
        name: d.name,
        regionCode: d.region_code,
        regionName: d.region_name,
        signatures: 0,
        lists: 0,
        contacted: 0,
        coverage: null as number | null,
      },
    ]),
  );
  for (const t of totals) {
    const d = t.departement ? byDepartement.get(t.departement) : undefined;
    if (d) d.lists += t.lists;
  }
  for (const s of signatures) {
    const d = s.departementCode ? byDepartement.get(s.departementCode) : undefined;
    if (d) d.signatures++;
  }
  const ofElection = outreach.byBallot.filter((b) => b.ballotId.startsWith(`${id}.`));
  for (const b of ofElection) {
    const departement = departementOfBallot(b.ballotId);
    const d = departement ? byDepartement.get(departement) : undefined;
    if (d) d.contacted += b.contacted;
  }
  for (const d of byDepartement.values()) d.coverage = share(d.contacted, d.lists);
  const regions = new Map<string, AreaFigures>();
  for (const d of byDepartement.values()) {
    if (!d.regionCode) continue;
    const r = regions.get(d.regionCode) ?? {
      code: d.regionCode,
      name: d.regionName ?? d.regionCode,
      signatures: 0,
      lists: 0,
      contacted: 0,
      coverage: null,
    };
    r.signatures += d.signatures;
    r.lists += d.lists;
    r.contacted += d.contacted;
    regions.set(d.regionCode, r);
  }
  for (const r of regions.values()) r.coverage = share(r.contacted, r.lists);

  // By nuance: every nuance that has lists, alphabetically by label (no ranking).
  const nuances = new Map<string, NuanceFigures>();
  const nuance = (code: string | null) => {
    const key = code ?? '';
    let n = nuances.get(key);
    if (!n) {
      n = {
        code: key,
        label: labels.get(key) ?? (key || 'Sans nuance'),
        lists: 0,
        contacted: 0,
        answered: 0,
        signed: 0,
      };
      nuances.set(key, n);
    }
    return n;
  };
  for (const t of totals) nuance(t.nuance).lists += t.lists;
  for (const o of outreach.byNuance) {
    // Nuances of other elections (another classification) have no list here: left out.
    const n = nuances.get(o.nuance === '—' ? '' : o.nuance);
    if (n) {
      n.contacted += o.contacted;
      n.answered += o.answered;
    }
  }
  for (const listId of signedListIds) nuance(facets.get(listId)?.nuance ?? null).signed++;

  // Over time.
  const perDay = new Map<string, number>();
  for (const s of signatures) {
    const day = s.publishedAt.slice(0, 10);
    perDay.set(day, (perDay.get(day) ?? 0) + 1);
  }
  let running = 0;
  const timeline = [...perDay.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([day, count]) => {
      running += count;
      return { day, count, total: running };
    });

  const newestFirst = [...signatures].sort((a, b) => b.publishedAt.localeCompare(a.publishedAt));
  return {
    election: election ? { id, name: election.name, firstRound } : null,
    totals: {
      signatures: signatures.length,
      heads: signatures.filter((s) => s.head).length,
      elected: elected.known || flagged.size > 0 ? electedSignatories.size : null,
      secondRound: election && sources.secondRound ? await sources.secondRound(db, id) : null,
      communes: new Set(signatures.map((s) => s.communeInsee).filter(Boolean)).size,
      lists: totals.reduce((sum, t) => sum + t.lists, 0),
      listsContacted: ofElection.reduce((sum, b) => sum + b.contacted, 0),
      listsAnswered: ofElection.reduce((sum, b) => sum + b.answered, 0),
      listsSigned: signedListIds.length,
    },
    departements: [...byDepartement.values()],
    // Regions with neither list nor signature (overseas collectivities without municipales…) are left out.
    regions: [...regions.values()]
      .filter((r) => r.lists > 0 || r.signatures > 0)
      .sort((a, b) => a.name.localeCompare(b.name, 'fr')),
    timeline,
    nuances: [...nuances.values()]
      .filter((n) => n.lists > 0 || n.contacted > 0 || n.signed > 0)
      .sort((a, b) => a.label.localeCompare(b.label, 'fr')),
    latest: newestFirst.slice(0, 10),
  };
}

/** Anything that tells the current version of the public data (db/data-version.ts). */
export interface VersionSource {
  current(): Promise<string>;
}

/** A snapshot and whether it is the one of the current data version. */
export interface StatisticsSnapshot {
  stats: CampaignStatistics;
  /** false: the previous snapshot, served while the current one is computed (must not be cached). */
  fresh: boolean;
}

/**
 * Statistics computed once per data version (and election): the home page, the map and the
 * statistics page read them on every request; they change only when some public data does.
 *
 * On national data a snapshot takes seconds (decision 0013), and on election night the data version
 * changes every few seconds: `snapshot` then answers at once with the previous snapshot, if it is
 * recent (`staleMs`), while the new one is computed once in the background. Callers mark such answers
 * as not cacheable. `get` always waits for the current snapshot.
 */
export class StatisticsCache {
  readonly #entries = new Map<string, Promise<CampaignStatistics>>();
  /** Snapshots already computed, by key (version and election). */
  readonly #done = new Map<string, CampaignStatistics>();
  /** Elections whose snapshot is being computed in the background. */
  readonly #background = new Set<string>();
  /** Latest computed snapshot per election, with when it was computed. */
  readonly #latest = new Map<string, { stats: CampaignStatistics; at: number }>();

  constructor(
    private readonly version: VersionSource,
    readonly sources: StatisticsSources,
    private readonly staleMs = 60_000,
  ) {}

  #compute(db: Db, key: string, electionId: string | undefined): Promise<CampaignStatistics> {
    let entry = this.#entries.get(key);
    if (!entry) {
      if (this.#entries.size >= 20) {
        this.#entries.clear();
        this.#done.clear();
      }
      entry = campaignStatistics(db, this.sources, electionId);
      this.#entries.set(key, entry);
      entry.then(
        (stats) => {
          this.#done.set(key, stats);
          this.#latest.set(electionId ?? '', { stats, at: Date.now() });
        },
        () => this.#entries.delete(key),
      );
    }
    return entry;
  }

  async get(db: Db, electionId?: string): Promise<CampaignStatistics> {
    return this.#compute(db, `${await this.version.current()}|${electionId ?? ''}`, electionId);
  }

  async snapshot(db: Db, electionId?: string): Promise<StatisticsSnapshot> {
    const key = `${await this.version.current()}|${electionId ?? ''}`;
    const done = this.#done.get(key);
    if (done) return { stats: done, fresh: true };
    const latest = this.#latest.get(electionId ?? '');
    if (!latest || Date.now() - latest.at > this.staleMs)
      return { stats: await this.#compute(db, key, electionId), fresh: true };
    // One background computation at a time: when versions change faster than a snapshot is computed,
    // the next one starts (for the version current then) once this one is done.
    if (!this.#background.has(electionId ?? '')) {
      const running = this.#compute(db, key, electionId);
      this.#background.add(electionId ?? '');
      const finished = () => this.#background.delete(electionId ?? '');
      running.then(finished, finished);
    }
    return { stats: latest.stats, fresh: false };
  }
}
