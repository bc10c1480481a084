// Test data for the follow-up tests (not used by the application): the municipales 2026 fixture file
// with published signatures (pledges/signatures.fixtures.ts), an RNE extract that elects the Lens
// signatories, accounts for every role and a relay organisation covering the Pas-de-Calais.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createUser, type User } from '../accounts/users.service.ts';
import { importFile } from '../candidates/import/import.service.ts';
import type { Connection } from '../db/connection.ts';
import { createOrganisation, setMember, setOrganisationZone } from '../outreach/organisations.service.ts';
import { type SeededSignatures, seedSignatures } from '../pledges/signatures.fixtures.ts';

export const PASSWORD = 'mot de passe solide';

const MAIRES_HEADER =
  "Code du département;Libellé du département;Code de la collectivité à statut particulier;Libellé de la collectivité à statut particulier;Code de la commune;Libellé de la commune;Nom de l'élu;Prénom de l'élu;Code sexe;Date de naissance;Code de la catégorie socio-professionnelle;Libellé de la catégorie socio-professionnelle;Date de début du mandat;Date de début de la fonction";
const CM_HEADER =
  "Code du département;Libellé du département;Code de la collectivité à statut particulier;Libellé de la collectivité à statut particulier;Code de la commune;Libellé de la commune;Nom de l'élu;Prénom de l'élu;Code sexe;Date de naissance;Code de la catégorie socio-professionnelle;Libellé de la catégorie socio-professionnelle;Date de début du mandat;Libellé de la fonction;Date de début de la fonction;Code nationalité";

/** The Lens mayor (head of the signing list), and three councillors: one signed in person, one of the other list. */
export const MAIRES = [
  MAIRES_HEADER,
  '62;Pas-De-Calais;;;62498;Lens;LEFÈBVRE;Anne-Sophie;F;1975-05-05;38;Cadre;2026-03-15;2026-03-21',
];
export const CONSEILLERS = [
  CM_HEADER,
  '62;Pas-De-Calais;;;62498;Lens;LEFÈBVRE;Anne-Sophie;F;1975-05-05;38;Cadre;2026-03-15;Maire;2026-03-21;FR',
  '62;Pas-De-Calais;;;62498;Lens;KACZMAREK;Jérôme;M;1980-02-02;38;Cadre;2026-03-15;;;FR',
  '62;Pas-De-Calais;;;62498;Lens;DUBOIS;Théo;M;1970-03-03;38;Cadre;2026-03-15;;;FR',
  // Elected in 2020, not a 2026 candidate of this file: never flagged.
  '62;Pas-De-Calais;;;62510;Liévin;ANCIEN;Paul;M;1950-01-01;74;Ancien cadre;2020-06-28;;;FR',
];

const EPCI_HEADER =
  "Code du département;Libellé du département;N° SIREN;Libellé de l'EPCI;Code de la commune de rattachement;Libellé de la commune de rattachement;Nom de l'élu;Prénom de l'élu;Code sexe;Date de naissance;Code de la catégorie socio-professionnelle;Libellé de la catégorie socio-professionnelle;Date de début du mandat;Libellé de la fonction;Date de début de la fonction;Code nationalité";
/** Jérôme KACZMAREK also sits in the conseil communautaire of the CA de Lens-Liévin. */
export const COMMUNAUTAIRES = [
  EPCI_HEADER,
  '62;Pas-De-Calais;246200364;CA de Lens - Liévin;62498;Lens;KACZMAREK;Jérôme;M;1980-02-02;38;Cadre;2026-03-15;;;FR',
];

export interface FollowupFixture extends SeededSignatures {
  users: Record<'volunteer' | 'outsider' | 'coordinator' | 'moderator' | 'admin', User>;
  organisationId: string;
  dir: string;
}

export function writeFixture(dir: string, name: string, lines: string[]): string {
  const path = join(dir, name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

export async function seedFollowup(connection: Connection): Promise<FollowupFixture> {
  const { db } = connection;
  const signatures = await seedSignatures(connection);
  const dir = mkdtempSync(join(tmpdir(), 'pacte-followup-'));
  for (const [name, lines] of [
    ['maires.csv', MAIRES],
    ['conseillers.csv', CONSEILLERS],
    ['communautaires.csv', COMMUNAUTAIRES],
  ] as const) {
    await importFile(connection, writeFixture(dir, name, [...lines]), { reportDir: dir });
  }
  const user = (email: string, role: string, displayName: string) =>
    createUser(db, { email, role, password: PASSWORD, displayName });
  const users = {
    volunteer: await user('benevole@example.org', 'volunteer', 'Bénédicte Bénévole'),
    outsider: await user('nord@example.org', 'volunteer', 'Noémie Nord'),
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
  const zone = await setOrganisationZone(db, created.organisation.id, 'dep:62');
  if (!zone.ok) throw new Error(zone.error);
  await setMember(db, created.organisation.id, users.volunteer.id, 'member');
  await setMember(db, created.organisation.id, users.coordinator.id, 'member');
  const nord = await createOrganisation(db, { name: 'Chtinux', kind: 'lug', website: '', description: '' });
  if (!nord.ok) throw new Error('fixture organisation');
  await setOrganisationZone(db, nord.organisation.id, '59350');
  await setMember(db, nord.organisation.id, users.outsider.id, 'member');
  return { ...signatures, users, organisationId: created.organisation.id, dir };
}
