import { type Kysely, type RawBuilder, sql } from 'kysely';
import { type Migration, type MigrationProvider, Migrator } from 'kysely/migration';
import type { Dialect } from '../connection.ts';
import { migration0001 } from './0001_foundation.ts';
import { migration0002 } from './0002_candidates.ts';
import { migration0003Accounts } from './0003_accounts.ts';
import { migration0004Mandates } from './0004_mandates.ts';
import { migration0005SearchIndexes } from './0005_search_indexes.ts';
import { migration0006Pledges } from './0006_pledges.ts';
import { migration0007MatchKeys } from './0007_match_keys.ts';
import { migration0008Signatures } from './0008_signatures.ts';
import { migration0010Outreach } from './0010_outreach.ts';
import { migration0011AccountTokens } from './0011_account_tokens.ts';
import { migration0012Letters } from './0012_letters.ts';
import { migration0014BallotFingerprints } from './0014_ballot_fingerprints.ts';
import { migration0015Ambassadors } from './0015_ambassadors.ts';
import { migration0017Followup } from './0017_followup.ts';
import { migration0018Privacy } from './0018_privacy.ts';
import { migration0019MairieEmails } from './0019_mairie_emails.ts';
import { migration0022Jobs } from './0022_jobs.ts';
import { migration0023ResultsImports } from './0023_results_imports.ts';
import { migration0026MandateFingerprints } from './0026_mandate_fingerprints.ts';

export interface MigrationContext {
  dialect: Dialect;
  /** Text compared byte by byte (C collation), so prefix range scans use the index on PostgreSQL too. */
  textC: 'text' | RawBuilder<unknown>;
}

/** Numbered migrations, in order. Each runs unchanged on SQLite and PostgreSQL. */
const migrations: Record<string, (ctx: MigrationContext) => Migration> = {
  '0001_foundation': migration0001,
  '0002_candidates': migration0002,
  '0003_accounts': migration0003Accounts,
  '0004_mandates': migration0004Mandates,
  '0005_search_indexes': migration0005SearchIndexes,
  '0006_pledges': migration0006Pledges,
  '0007_match_keys': migration0007MatchKeys,
  '0010_outreach': migration0010Outreach,
  '0011_account_tokens': migration0011AccountTokens,
  '0012_letters': migration0012Letters,
  '0008_signatures': migration0008Signatures,
  '0014_ballot_fingerprints': migration0014BallotFingerprints,
  '0017_followup': migration0017Followup,
  '0015_ambassadors': migration0015Ambassadors,
  '0018_privacy': migration0018Privacy,
  '0019_mairie_emails': migration0019MairieEmails,
  '0022_jobs': migration0022Jobs,
  '0023_results_imports': migration0023ResultsImports,
  '0026_mandate_fingerprints': migration0026MandateFingerprints,
};

class InCodeProvider implements MigrationProvider {
  constructor(private readonly ctx: MigrationContext) {}
  async getMigrations() {
    return Object.fromEntries(Object.entries(migrations).map(([name, make]) => [name, make(this.ctx)]));
  }
}

export async function migrateToLatest(db: Kysely<unknown>, dialect: Dialect): Promise<string[]> {
  const textC = dialect === 'postgres' ? sql`text collate "C"` : 'text';
  // Unordered: domains are built in parallel and a development database may have run a later number first.
  const migrator = new Migrator({
    db,
    provider: new InCodeProvider({ dialect, textC }),
    allowUnorderedMigrations: true,
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error;
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
