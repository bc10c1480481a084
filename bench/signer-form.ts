// The public signature form as signer number `i` of a benchmark fills it: the same answers in every
// load test, on the list `list` of the commune (or « autre » with a list name when there is none).

export interface OpenedForm {
  csrf: string;
  stamp: string;
  lists: string[];
}

export function signerFormBody(form: OpenedForm, i: number, list: number, variant: string): URLSearchParams {
  return new URLSearchParams({
    _csrf: form.csrf,
    formulaire_ouvert: form.stamp,
    variant,
    liste: form.lists[list] ?? 'autre',
    listName: form.lists[list] ? '' : `Liste citoyenne n° ${i}`,
    listPosition: String(1 + (i % 39)),
    parties: 'Les Écologistes « Libres »',
    website: '',
    postcode: '62300',
    lastName: `Signataire-${i}`,
    firstName: 'Élodie',
    phone: '06 12 34 56 78',
    email: `signataire-${i}@example.org`,
    place: 'Lens',
    signedOn: '2026-11-22',
    comment: '',
    consentPublish: 'oui',
  });
}
