import type { Db } from '../db/connection.ts';
import { electedSignatoryList, qualifiedSignatories } from '../followup/results.service.ts';
import { campaignReach } from '../outreach/workspace.service.ts';
import { listPublishedSignatures, type PublicSignature } from '../pledges/signatures.service.ts';
import { headCandidacies } from './statistics.queries.ts';
import type { SignatureFact, StatisticsSources } from './statistics.service.ts';

/**
 * Where the campaign numbers come from: published signatures from the pledges service, contacts
 * from the outreach service. Only public fields are read (no phone, no email).
 */

const PAGE = 1000;

async function publishedSignatures(db: Db, electionId: string): Promise<SignatureFact[]> {
  const all: PublicSignature[] = [];
  for (let offset = 0; ; offset += PAGE) {
    const page = await listPublishedSignatures(db, { electionId }, { limit: PAGE, offset });
    all.push(...page);
    if (page.length < PAGE) break;
  }
  const heads = await headCandidacies(
    db,
    all.map((s) => s.candidacyId).filter((id): id is string => !!id),
  );
  return all.map((s) => ({
    id: s.id,
    publishedAt: s.publishedAt,
    listId: s.listId,
    personId: s.personId,
    communeInsee: s.communeInsee,
    communeName: s.communeName || null,
    departementCode: s.departementCode,
    variant: s.variant,
    // The signatory heads the list: linked to the head's candidacy, or gave position 1.
    head: (s.candidacyId !== null && heads.has(s.candidacyId)) || s.listPosition.trim() === '1',
    label: s.variant === 'list' ? s.listName || '—' : `${s.firstName} ${s.lastName}`,
  }));
}

export const campaignSources: StatisticsSources = {
  signatures: publishedSignatures,
  // Contacts and answers of the whole campaign, by ballot and by nuance (one aggregate query).
  outreach: campaignReach,
  secondRound: qualifiedSignatories,
  electedSignatures: async (db, electionId) => (await electedSignatoryList(db, electionId)).map((e) => e.signature.id),
};
