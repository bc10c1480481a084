/** The signature form of the pact (seed 003), in the order of the paper form. */
export const PACT_FIELDS = [
  { key: 'listName', label: 'Nom de la liste' },
  { key: 'listPosition', label: 'Position sur la liste' },
  { key: 'parties', label: 'Parti(s)' },
  { key: 'website', label: 'Site web' },
  { key: 'commune', label: 'Commune' },
  { key: 'postcode', label: 'Code postal' },
  { key: 'lastName', label: 'Nom' },
  { key: 'firstName', label: 'Prénom' },
  { key: 'phone', label: 'Téléphone' },
  { key: 'email', label: 'Courriel' },
  { key: 'place', label: 'Fait à' },
  { key: 'date', label: 'le' },
] as const;

export type PactFieldKey = (typeof PACT_FIELDS)[number]['key'];
export type PactFields = Partial<Record<PactFieldKey, string>>;

/** Never public (product rule): shown only to the signatory and the campaign team. */
export const PRIVATE_PACT_FIELDS: readonly PactFieldKey[] = ['phone', 'email'];

/** Links `[label](url)` reduced to their label, for plain-text renderings (PDF). */
export function plainText(text: string): string {
  return text.replace(/\[([^\]]+)\]\([^)]*\)/g, '$1');
}
