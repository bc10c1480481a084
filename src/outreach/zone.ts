import { type RawBuilder, sql } from 'kysely';

/**
 * Where someone may act: everywhere (admins), or the union of the zones of some organisations
 * (communes, EPCI, départements).
 */
export type ZoneScope = { all: true } | { all: false; organisationIds: string[] };

/**
 * SQL condition "the ballot aliased `b` lies in the zone": a commune (or secteur) ballot whose
 * commune is in the zone, directly, through its EPCI or its département; a législatives ballot
 * (`62-13`) whose département is in the zone.
 */
export function ballotInZone(scope: ZoneScope, alias = 'b'): RawBuilder<boolean> {
  if (scope.all) return sql<boolean>`1 = 1`;
  if (scope.organisationIds.length === 0) return sql<boolean>`1 = 0`;
  const ids = sql.join(scope.organisationIds.map((id) => sql`${id}`));
  const kind = sql.ref(`${alias}.territory_kind`);
  const code = sql.ref(`${alias}.territory_code`);
  return sql<boolean>`(
    (${kind} in ('commune', 'secteur') and substr(${code}, 1, 5) in (
      select z.code from organisation_zones z where z.kind = 'commune' and z.organisation_id in (${ids})
      union
      select m.insee from intercommunality_members m
        join organisation_zones z on z.kind = 'epci' and z.code = m.intercommunality_code
        where z.organisation_id in (${ids})
      union
      select c.insee from communes c
        join organisation_zones z on z.kind = 'departement' and z.code = c.departement_code
        where z.organisation_id in (${ids})
    ))
    or (${kind} = 'circonscription' and exists (
      select 1 from organisation_zones z
      where z.kind = 'departement' and z.organisation_id in (${ids}) and ${code} like z.code || '-%'
    ))
  )`;
}
