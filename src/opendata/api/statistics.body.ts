import type { CampaignStatistics } from '../../statistics/statistics.service.ts';

/** The public statistics as the API gives them (snake_case like the rest of the API; counts only). */
export function statisticsBody(stats: CampaignStatistics) {
  const area = (a: {
    code: string;
    name: string;
    signatures: number;
    lists: number;
    contacted: number;
    coverage: number | null;
  }) => ({
    code: a.code,
    name: a.name,
    signatures: a.signatures,
    lists: a.lists,
    lists_contacted: a.contacted,
    coverage: a.coverage,
  });
  const { totals } = stats;
  return {
    election: {
      id: stats.election?.id ?? '',
      name: stats.election?.name ?? '',
      first_round: stats.election?.firstRound ?? null,
    },
    totals: {
      signatures: totals.signatures,
      heads_of_list: totals.heads,
      elected: totals.elected,
      second_round: totals.secondRound,
      communes: totals.communes,
      lists: totals.lists,
      lists_contacted: totals.listsContacted,
      lists_answered: totals.listsAnswered,
      lists_signed: totals.listsSigned,
    },
    timeline: stats.timeline.map((p) => ({ day: p.day, signatures: p.count, total: p.total })),
    departements: stats.departements.map((d) => ({ ...area(d), region_code: d.regionCode })),
    regions: stats.regions.map(area),
    nuances: stats.nuances.map((n) => ({
      code: n.code,
      label: n.label,
      lists: n.lists,
      lists_contacted: n.contacted,
      lists_answered: n.answered,
      lists_signed: n.signed,
    })),
  };
}
