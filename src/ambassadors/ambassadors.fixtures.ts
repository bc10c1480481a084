// Test data for the ambassadors tests (not used by the application).
import type { Db } from '../db/connection.ts';

/** Three mayors in office in the Pas-de-Calais: Lens (F), Arras (M), Béthune (sex unknown). */
export const PAS_DE_CALAIS_MAYORS = [
  ['62498', 'DUPONT', 'Marie', 'F'],
  ['62041', 'LEROY', 'Jean', 'M'],
  ['62119', 'MARTIN', 'Alex', null],
] as const;

/** Stores current mayors as an RNE import would. */
export async function insertMayors(
  db: Db,
  mayors: readonly (readonly [string, string, string, string | null])[] = PAS_DE_CALAIS_MAYORS,
): Promise<void> {
  const at = new Date().toISOString();
  for (const [insee, last, first, sex] of mayors) {
    await db
      .insertInto('mandates')
      .values({
        id: `maire:${insee}:${last.toLowerCase()}`,
        mandate: 'maire',
        territory_kind: 'commune',
        territory_code: insee,
        territory_name: null,
        departement_code: insee.slice(0, 2),
        commune_code: insee,
        last_name: last,
        first_name: first,
        sex,
        birth_date: null,
        mandate_start: '2020-05-23',
        function_label: 'Maire',
        function_start: '2020-05-23',
        search: last.toLowerCase(),
        import_id: null,
        current: 1,
        created_at: at,
        ended_at: null,
      })
      .execute();
  }
}
