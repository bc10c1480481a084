// Test data for the publication and moderation tests (not used by the application): the municipales
// 2026 fixture file, then signatures in every state, each with a phone number and an email address
// that must never appear in a public output.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importFile } from '../candidates/import/import.service.ts';
import type { Connection } from '../db/connection.ts';
import { createSignature, type NewSignature, transitionSignature } from './signatures.service.ts';

const fixtures = join(import.meta.dirname, '..', 'candidates', 'import', 'fixtures');

/** Every phone number and email address given below: none may be public. */
export const SECRET_PHONES = ['+33 7 99 88 77 61', '07.99.88.77.62', '0799887763', '+33799887764'];
export const SECRET_EMAILS = [
  'secret.liste@prive-signataire.test',
  'secret.personne@prive-signataire.test',
  'secret.paris@prive-signataire.test',
  'secret.attente@prive-signataire.test',
];

function signature(
  n: number,
  overrides: Partial<NewSignature>,
  fields: Partial<NewSignature['fields']> = {},
): NewSignature {
  return {
    electionId: 'municipales-2026',
    variant: 'list',
    channel: 'paper',
    communeInsee: '62498',
    fields: {
      listName: 'Lens en commun',
      listPosition: '1',
      parties: 'Les Écologistes',
      website: '',
      communeName: 'Lens',
      postcode: '62300',
      lastName: 'LEFÈBVRE',
      firstName: 'Anne-Sophie',
      phone: SECRET_PHONES[n] ?? '',
      email: SECRET_EMAILS[n] ?? '',
      place: 'Lens',
      signedOn: '2026-02-01',
      ...fields,
    },
    consentPublish: true,
    consentContact: false,
    comment: null,
    ...overrides,
  };
}

export interface SeededSignatures {
  listId: string;
  /** The list « Lens en commun » signed (list-level), with a public answer. */
  listSigned: string;
  /** Jérôme KACZMAREK (position 2 of the same list) signed in person; his comment is NOT to be published. */
  personSigned: string;
  personId: string;
  /** A list name typed in Paris, not in the official data. */
  parisSigned: string;
  /** Keyed in, not yet verified: not public. */
  waiting: string;
}

export const PUBLIC_ANSWER = 'Nous nous engageons pour les formats ouverts à Lens.';
export const PRIVATE_COMMENT = 'Commentaire que je ne veux pas voir publié.';

export async function seedSignatures(connection: Connection, moderator = 'moderateur-test'): Promise<SeededSignatures> {
  const { db } = connection;
  await importFile(connection, join(fixtures, 'municipales-2026.csv'), {
    reportDir: mkdtempSync(join(tmpdir(), 'pacte-reports-')),
  });
  const list = await db
    .selectFrom('lists')
    .select('id')
    .where('ballot_id', '=', 'municipales-2026.62498')
    .where('panel', '=', 1)
    .executeTakeFirstOrThrow();
  const candidacy = await db
    .selectFrom('candidacies')
    .select(['id', 'person_id'])
    .where('list_id', '=', list.id)
    .where('position', '=', 2)
    .executeTakeFirstOrThrow();
  const create = async (input: NewSignature) => (await createSignature(db, input)).signature.id;
  const listSigned = await create(signature(0, { listId: list.id, comment: PUBLIC_ANSWER }));
  const personSigned = await create(
    signature(
      1,
      { variant: 'individual', candidacyId: candidacy.id, comment: PRIVATE_COMMENT, consentPublish: false },
      { lastName: 'KACZMAREK', firstName: 'Jérôme', listPosition: '2' },
    ),
  );
  const parisSigned = await create(
    signature(
      2,
      { communeInsee: '75056' },
      { listName: 'Paris libre', communeName: 'Paris', postcode: '75001', lastName: 'Martin', firstName: 'Léa' },
    ),
  );
  const waiting = await create(
    signature(3, { listId: list.id, variant: 'individual' }, { lastName: 'DA SILVA', firstName: 'Maria' }),
  );
  for (const id of [listSigned, personSigned, parisSigned]) {
    await transitionSignature(db, id, 'published', moderator, 'Vérifiée (test)');
  }
  return { listId: list.id, listSigned, personSigned, personId: candidacy.person_id, parisSigned, waiting };
}
