// The personal data of a signature as its owner sees it on /mes-donnees and in the downloads.

/** The columns of a signature shown to its owner (hashes and internal links left out). */
export const SIGNATURE_FIELDS = [
  'id',
  'state',
  'variant',
  'election_id',
  'list_name',
  'list_position',
  'parties',
  'website',
  'commune_name',
  'postcode',
  'last_name',
  'first_name',
  'phone',
  'email',
  'place',
  'signed_on',
  'consent_publish',
  'consent_contact',
  'comment',
  'channel',
  'created_at',
  'confirmed_at',
  'published_at',
  'document_uploaded_at',
] as const;

export type SignatureData = Record<(typeof SIGNATURE_FIELDS)[number], string | number | null>;
