/** Interface text of the public ambassadors pages, spread into web/i18n/fr.ts and en.ts. */
export const ambassadorsFr = {
  'amb.nav': 'Ambassadeurs du libre',
  'amb.title': 'Les ambassadeurs du libre',
  'amb.lead':
    'Une mairie peut demander la visite d’un « ambassadeur du libre » : une ou un bénévole du groupe d’utilisateurs de logiciels libres le plus proche, qui vient présenter les logiciels libres utiles à une commune.',
  'amb.kitTitle': 'Ce que l’ambassadeur apporte',
  'amb.kit1':
    'une liste des points à aborder : engagements du Pacte, bureautique libre, logiciels métiers, serveurs et écoles, services en ligne éthiques ;',
  'amb.kit2': 'de la documentation à laisser à la mairie ;',
  'amb.kit3': 'une clé USB de logiciels libres à essayer et un système complet utilisable sans installation.',
  'amb.ask': 'Votre mairie souhaite une visite ? Faites la demande',
  'amb.visited': 'Mairies visitées',
  'amb.asked': 'Mairies qui ont demandé une visite',
  'amb.policies': 'Mairies qui ont déjà une politique en faveur du logiciel libre',
  'amb.none': 'Aucune pour le moment.',
  'amb.commune': 'Commune',
  'amb.departement': 'Département',
  'amb.stage': 'Étape',
  'amb.askedOn': 'Demandée le',
  'amb.visitedOn': 'Visitée le',
  'amb.organisation': 'Organisation',
  'amb.description': 'Politique',
  'amb.links': 'Liens',
  'amb.counts': 'Ambassadeurs par organisation',
  'amb.countsNone': 'Aucun ambassadeur inscrit pour le moment.',
  'amb.ambassadors': 'Ambassadeurs',
  'amb.download': 'la liste des mairies',
  'amb.stage.demandee': 'visite demandée',
  'amb.stage.prevue': 'visite prévue',
  'amb.stage.visitee': 'visitée',
  'amb.form.title': 'Demander la visite d’un ambassadeur du libre',
  'amb.form.lead':
    'Remplissez ce formulaire au nom de la mairie. Nous vous enverrons un courriel pour confirmer l’adresse, puis le groupe local le plus proche prendra contact avec vous.',
  'amb.form.required': 'Les champs marqués (obligatoire) doivent être remplis.',
  'amb.form.errors': 'Le formulaire contient des erreurs',
  'amb.form.commune': 'Commune de la mairie (nom ou code postal) (obligatoire)',
  'amb.form.communeChoose': 'Choisissez votre commune',
  'amb.form.contactName': 'Personne à contacter (obligatoire)',
  'amb.form.contactRole': 'Sa fonction (obligatoire)',
  'amb.form.contactRoleHint': 'Par exemple : maire, adjoint·e au numérique, secrétaire de mairie.',
  'amb.form.email': 'Adresse électronique de la mairie (obligatoire)',
  'amb.form.phone': 'Téléphone de la mairie (obligatoire)',
  'amb.form.periods': 'Périodes qui vous conviennent',
  'amb.form.periodsHint': 'Par exemple : les mardis après-midi en janvier, hors vacances scolaires.',
  'amb.form.interests': 'Ce qui vous intéresse',
  'amb.form.interestsOther': 'Autre sujet (précisez)',
  'amb.form.policy': 'Notre commune a déjà une politique en faveur du logiciel libre',
  'amb.form.policyDescription': 'Décrivez-la en quelques lignes',
  'amb.form.policyLinks': 'Liens (une adresse par ligne)',
  'amb.form.policyHint': 'Après vérification, elle sera citée sur la page des ambassadeurs du libre.',
  'amb.form.privacy':
    'Le nom, la fonction, l’adresse électronique et le téléphone ne sont jamais publiés : ils sont transmis à l’organisation qui fera la visite. Seuls la commune, les dates et l’organisation apparaissent sur la page publique.',
  'amb.form.submit': 'Envoyer la demande',
  'amb.sent.title': 'Demande enregistrée',
  'amb.sent.body':
    'Merci. Un courriel vient d’être envoyé à l’adresse de la mairie : suivez le lien qu’il contient pour confirmer la demande.',
  'amb.joined.title': 'Une demande est déjà en cours pour cette mairie',
  'amb.joined.body':
    'Une demande de visite pour la mairie de {commune} est déjà en cours : votre demande y a été jointe et l’organisation qui la suit en est informée. Un courriel vous le confirme.',
  'amb.confirm.title': 'Demande confirmée',
  'amb.confirm.body': 'Merci : la demande de visite de la mairie de {commune} est confirmée.',
  'amb.confirm.routed': 'Elle est transmise au groupe local le plus proche, qui vous contactera.',
  'amb.confirm.toAssign':
    'Aucun groupe local n’est encore inscrit près de votre commune : l’équipe de coordination cherche un ambassadeur et vous recontactera.',
  'amb.confirm.already': 'Cette demande était déjà confirmée.',
  'amb.confirm.expired': 'Ce lien a expiré. Vous pouvez refaire la demande.',
  'amb.confirm.unknown': 'Ce lien n’est pas valable. Vous pouvez refaire la demande.',
} as const;

export const ambassadorsEn: Record<keyof typeof ambassadorsFr, string> = {
  'amb.nav': 'Free software ambassadors',
  'amb.title': 'Free software ambassadors',
  'amb.lead':
    'A town hall can ask for a visit from a “free software ambassador”: a volunteer of the nearest free software user group, who comes to present the free software useful to a municipality.',
  'amb.kitTitle': 'What the ambassador brings',
  'amb.kit1':
    'a checklist of points to discuss: the Pact’s commitments, free office software, business software, servers and schools, ethical online services;',
  'amb.kit2': 'documentation to leave with the town hall;',
  'amb.kit3': 'a USB key of free software to try and a complete live system that needs no installation.',
  'amb.ask': 'Would your town hall like a visit? Ask for one',
  'amb.visited': 'Town halls visited',
  'amb.asked': 'Town halls that asked for a visit',
  'amb.policies': 'Town halls that already have a free software policy',
  'amb.none': 'None yet.',
  'amb.commune': 'Municipality',
  'amb.departement': 'Département',
  'amb.stage': 'Stage',
  'amb.askedOn': 'Asked on',
  'amb.visitedOn': 'Visited on',
  'amb.organisation': 'Organisation',
  'amb.description': 'Policy',
  'amb.links': 'Links',
  'amb.counts': 'Ambassadors per organisation',
  'amb.countsNone': 'No ambassador registered yet.',
  'amb.ambassadors': 'Ambassadors',
  'amb.download': 'the list of town halls',
  'amb.stage.demandee': 'visit requested',
  'amb.stage.prevue': 'visit planned',
  'amb.stage.visitee': 'visited',
  'amb.form.title': 'Ask for a visit from a free software ambassador',
  'amb.form.lead':
    'Fill in this form on behalf of the town hall. We will send an email to confirm the address, then the nearest local group will contact you.',
  'amb.form.required': 'Fields marked (obligatoire) are required.',
  'amb.form.errors': 'The form contains errors',
  'amb.form.commune': 'Municipality of the town hall (name or postcode) (obligatoire)',
  'amb.form.communeChoose': 'Choose your municipality',
  'amb.form.contactName': 'Contact person (obligatoire)',
  'amb.form.contactRole': 'Their position (obligatoire)',
  'amb.form.contactRoleHint': 'For example: mayor, deputy mayor for digital affairs, town clerk.',
  'amb.form.email': 'Email address of the town hall (obligatoire)',
  'amb.form.phone': 'Telephone of the town hall (obligatoire)',
  'amb.form.periods': 'Periods that suit you',
  'amb.form.periodsHint': 'For example: Tuesday afternoons in January, outside school holidays.',
  'amb.form.interests': 'What interests you',
  'amb.form.interestsOther': 'Other topic (please specify)',
  'amb.form.policy': 'Our municipality already has a free software policy',
  'amb.form.policyDescription': 'Describe it in a few lines',
  'amb.form.policyLinks': 'Links (one address per line)',
  'amb.form.policyHint': 'Once checked, it will be listed on the ambassadors page.',
  'amb.form.privacy':
    'The name, position, email address and telephone are never published: they are passed on to the organisation that will visit. Only the municipality, dates and organisation appear on the public page.',
  'amb.form.submit': 'Send the request',
  'amb.sent.title': 'Request recorded',
  'amb.sent.body':
    'Thank you. An email has been sent to the town hall’s address: follow its link to confirm the request.',
  'amb.joined.title': 'A request is already open for this town hall',
  'amb.joined.body':
    'A visit request for the town hall of {commune} is already open: your request was added to it and the organisation following it is informed. An email confirms this.',
  'amb.confirm.title': 'Request confirmed',
  'amb.confirm.body': 'Thank you: the visit request of the town hall of {commune} is confirmed.',
  'amb.confirm.routed': 'It has been passed on to the nearest local group, who will contact you.',
  'amb.confirm.toAssign':
    'No local group is registered near your municipality yet: the coordination team is looking for an ambassador and will contact you again.',
  'amb.confirm.already': 'This request was already confirmed.',
  'amb.confirm.expired': 'This link has expired. You can make the request again.',
  'amb.confirm.unknown': 'This link is not valid. You can make the request again.',
};

export type AmbassadorsKey = keyof typeof ambassadorsFr;

/** The translator of these pages, in the visitor's language (`{name}` replaced by params). */
export function ambassadorsT(lang: 'fr' | 'en') {
  const catalog: Record<AmbassadorsKey, string> = lang === 'en' ? ambassadorsEn : ambassadorsFr;
  return (key: AmbassadorsKey, params?: Record<string, string | number>): string =>
    catalog[key].replace(/\{(\w+)\}/g, (_, name: string) => String(params?.[name] ?? `{${name}}`));
}
