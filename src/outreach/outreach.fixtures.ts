// Test data for the outreach tests (not used by the application): municipales 2026 lists in Lens
// (62498) and Liévin (62510), Pas-de-Calais; Lille (59350), Nord; one législatives ballot 62-13 with
// two individual candidacies; and accounts for every role.
import { createUser, type User } from '../accounts/users.service.ts';
import type { Db } from '../db/connection.ts';
import { createOrganisation, setMember, setOrganisationZone } from './organisations.service.ts';

export const PASSWORD = 'mot de passe solide';

const COMMUNES = [
  { insee: '62498', name: 'Lens' },
  { insee: '62510', name: 'Liévin' },
  { insee: '59350', name: 'Lille' },
];
const NUANCES = ['LDVG', 'LUG', 'LDVD'];

export interface OutreachFixture {
  users: Record<'volunteer' | 'other' | 'outsider' | 'orgCoordinator' | 'coordinator' | 'moderator' | 'admin', User>;
  organisationId: string;
  organisationSlug: string;
  /** Lists by commune: `lists['62498'][0]` … */
  lists: Record<string, string[]>;
  individual: string[];
}

export async function seedOutreach(db: Db): Promise<OutreachFixture> {
  const at = new Date().toISOString();
  const lists: Record<string, string[]> = {};
  for (const commune of COMMUNES) {
    const ballot = `municipales-2026.${commune.insee}`;
    await db
      .insertInto('ballots')
      .values({
        id: ballot,
        election_id: 'municipales-2026',
        territory_kind: 'commune',
        territory_code: commune.insee,
        name: commune.name,
      })
      .execute();
    lists[commune.insee] = [];
    for (let panel = 1; panel <= 3; panel++) {
      const id = `${ballot}.${panel}`;
      lists[commune.insee]?.push(id);
      await db
        .insertInto('lists')
        .values({
          id,
          ballot_id: ballot,
          panel,
          short_name: `LISTE ${panel}`,
          name: `${commune.name} liste ${panel}`,
          nuance_code: NUANCES[panel - 1] ?? null,
          website: null,
          locked: 0,
          edited_fields: null,
        })
        .execute();
      for (let position = 1; position <= 3; position++) {
        const person = `${id}.p${position}`;
        await db
          .insertInto('people')
          .values({
            id: person,
            last_name: `NOM${panel}${position}`,
            first_name: `Prénom${position}`,
            sex: 'F',
            birth_date: null,
            search: 'x',
            merged_into: null,
            created_at: at,
          })
          .execute();
        await db
          .insertInto('candidacies')
          .values({
            id: `${id}.${position}`,
            ballot_id: ballot,
            list_id: id,
            person_id: person,
            position,
            panel,
            head: position === 1 ? 1 : 0,
            nuance_code: NUANCES[panel - 1] ?? null,
            sex: 'F',
            last_name: `NOM${panel}${position}`,
            first_name: `Prénom${position}`,
            birth_date: null,
          })
          .execute();
      }
    }
  }
  const circo = 'legislatives-2024.62-13';
  await db
    .insertInto('ballots')
    .values({
      id: circo,
      election_id: 'legislatives-2024',
      territory_kind: 'circonscription',
      territory_code: '62-13',
      name: 'Pas-de-Calais, 13e circonscription',
    })
    .execute();
  const individual: string[] = [];
  for (let panel = 1; panel <= 2; panel++) {
    const id = `${circo}.${panel}`;
    individual.push(id);
    await db
      .insertInto('people')
      .values({
        id: `p-${id}`,
        last_name: `DEPUTE${panel}`,
        first_name: 'Claude',
        sex: 'M',
        birth_date: null,
        search: 'x',
        merged_into: null,
        created_at: at,
      })
      .execute();
    await db
      .insertInto('candidacies')
      .values({
        id,
        ballot_id: circo,
        list_id: null,
        person_id: `p-${id}`,
        position: null,
        panel,
        head: 0,
        nuance_code: 'ECO',
        sex: 'M',
        last_name: `DEPUTE${panel}`,
        first_name: 'Claude',
        birth_date: null,
      })
      .execute();
  }
  const user = (email: string, role: string, displayName: string) =>
    createUser(db, { email, role, password: PASSWORD, displayName });
  const users = {
    volunteer: await user('benevole@example.org', 'volunteer', 'Bénédicte Bénévole'),
    other: await user('autre@example.org', 'volunteer', 'Octave Autre'),
    outsider: await user('nord@example.org', 'volunteer', 'Noémie Nord'),
    orgCoordinator: await user('coord-org@example.org', 'volunteer', 'Corentin Relais'),
    coordinator: await user('coordination@example.org', 'coordinator', 'Camille Coordination'),
    moderator: await user('moderation@example.org', 'moderator', 'Modeste Modération'),
    admin: await user('admin@example.org', 'admin', 'Adèle Admin'),
  };
  const created = await createOrganisation(db, {
    name: 'Cliss XXI',
    kind: 'cooperative',
    website: 'https://www.cliss21.com',
    description: 'Coopérative du Pas-de-Calais.',
  });
  if (!created.ok) throw new Error('fixture organisation');
  const org = created.organisation;
  const zone = await setOrganisationZone(db, org.id, '62498\n62510\ndep:62');
  if (!zone.ok) throw new Error(zone.error);
  await setMember(db, org.id, users.volunteer.id, 'member');
  await setMember(db, org.id, users.other.id, 'member');
  await setMember(db, org.id, users.orgCoordinator.id, 'coordinator');
  await setMember(db, org.id, users.coordinator.id, 'member');
  const nord = await createOrganisation(db, { name: 'Chtinux', kind: 'lug', website: '', description: '' });
  if (!nord.ok) throw new Error('fixture organisation');
  await setOrganisationZone(db, nord.organisation.id, '59350');
  await setMember(db, nord.organisation.id, users.outsider.id, 'member');
  return { users, organisationId: org.id, organisationSlug: org.slug, lists, individual };
}
