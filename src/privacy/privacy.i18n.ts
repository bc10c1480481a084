// Text of the personal-data pages (/mes-donnees), in French and English; spread into web/i18n.

export const privacyFr = {
  'privacy.title': 'Mes données personnelles',
  'privacy.notice':
    'Vous disposez des droits sur vos données personnelles, notamment d’accès, de modification, de rectification et de suppression.',
  'privacy.lead':
    'Signataire du pacte, bénévole ou contact d’une mairie : indiquez votre adresse de courriel. Si nous détenons des données vous concernant, vous recevrez un lien, valable une heure et utilisable une fois, pour les consulter, les télécharger, les corriger ou les supprimer.',
  'privacy.email': 'Votre adresse de courriel',
  'privacy.submit': 'Recevoir le lien',
  'privacy.honeypot': 'Laissez ce champ vide',
  'privacy.errors': 'Le formulaire contient une erreur',
  'privacy.emailMissing': 'Indiquez votre adresse de courriel.',
  'privacy.emailInvalid': 'Cette adresse de courriel n’est pas valide (exemple : nom@exemple.fr).',
  'privacy.tooFast':
    'Le formulaire a été envoyé trop vite ou a expiré. Vérifiez votre adresse, puis envoyez-le de nouveau.',
  'privacy.rateLimited':
    'Trop de demandes depuis votre connexion ou pour cette adresse. Réessayez dans {minutes} minute(s).',
  'privacy.sent.title': 'Demande enregistrée',
  'privacy.sent.body':
    'Si nous détenons des données associées à cette adresse, un courriel vient de lui être envoyé avec un lien valable une heure. Pensez à regarder dans les indésirables.',
  'privacy.contact': 'Pour toute autre demande, écrivez à contact@april.org ou appelez le 01 78 76 92 80.',
  'privacy.retentionLink': 'Ce que nous conservons, pourquoi et combien de temps',
  'privacy.link.title': 'Consulter mes données',
  'privacy.link.ask': 'Ce lien ne sert qu’une fois : il ouvre pour une heure la page de vos données.',
  'privacy.link.button': 'Afficher mes données',
  'privacy.link.invalid': 'Ce lien n’est pas valide. Demandez un nouveau lien.',
  'privacy.link.expired': 'Ce lien a expiré. Demandez un nouveau lien.',
  'privacy.link.used': 'Ce lien a déjà servi. Demandez un nouveau lien.',
  'privacy.link.again': 'Demander un nouveau lien',
  'privacy.expired.title': 'Accès expiré',
  'privacy.expired.body': 'Votre accès à vos données a expiré ou a été fermé. Demandez un nouveau lien.',
  'privacy.retention.title': 'Conservation des données personnelles',
  'privacy.ret.intro':
    'La plateforme ne garde que les données nécessaires à la campagne du pacte, et seulement le temps nécessaire. Le téléphone et le courriel ne sont jamais publics.',
  'privacy.ret.what': 'Donnée',
  'privacy.ret.why': 'Pourquoi',
  'privacy.ret.howLong': 'Combien de temps',
  'privacy.ret.sig': 'Signature du pacte : nom, prénom, liste, position, partis, commune, date',
  'privacy.ret.sigWhy':
    'Publier qui a signé (si la signature est vérifiée) et suivre les engagements après l’élection.',
  'privacy.ret.sigHow':
    'Tant que la signature est publique ; supprimée à votre demande (une liste qui a signé en tant que liste reste publique, sans nom).',
  'privacy.ret.contact': 'Téléphone et courriel des signataires et des candidats contactés',
  'privacy.ret.contactWhy': 'Confirmer la signature, vous joindre pendant la campagne. Jamais publiés.',
  'privacy.ret.contactHow': 'Anonymisés automatiquement {months} mois après le dernier tour de l’élection.',
  'privacy.ret.pending': 'Signature jamais confirmée',
  'privacy.ret.pendingWhy': 'Attendre la confirmation par courriel.',
  'privacy.ret.pendingHow': 'Supprimée 30 jours après l’expiration du lien de confirmation.',
  'privacy.ret.account': 'Compte de bénévole : courriel, nom affiché, organisations',
  'privacy.ret.accountWhy': 'Se connecter, réserver des candidats, enregistrer les démarches.',
  'privacy.ret.accountHow':
    'Tant que le compte existe ; anonymisé à votre demande (les démarches restent, sans votre nom).',
  'privacy.ret.visit': 'Contact d’une mairie qui demande la visite d’un ambassadeur',
  'privacy.ret.visitWhy': 'Organiser la visite.',
  'privacy.ret.visitHow':
    'Demande jamais confirmée : supprimée 30 jours après l’expiration du lien ; demande close : coordonnées effacées après deux ans ; à votre demande, à tout moment.',
  'privacy.ret.links': 'Liens d’accès à vos données',
  'privacy.ret.linksWhy': 'Vérifier que vous êtes bien le titulaire de l’adresse.',
  'privacy.ret.linksHow': 'Une heure, puis effacés le lendemain.',
  'privacy.ret.audit': 'Journal des modifications',
  'privacy.ret.auditWhy':
    'Savoir qui a modifié quoi et quand ; vos actions y sont notées sous une empreinte de votre adresse, pas l’adresse elle-même.',
  'privacy.ret.auditHow': 'Pendant toute la campagne.',
} as const;

export const privacyEn: Record<keyof typeof privacyFr, string> = {
  'privacy.title': 'My personal data',
  'privacy.notice': 'You have rights over your personal data, in particular to access, modify, rectify and delete it.',
  'privacy.lead':
    'Pact signatory, volunteer or town-hall contact: enter your email address. If we hold data about you, you will receive a link, valid for one hour and usable once, to view, download, correct or delete it.',
  'privacy.email': 'Your email address',
  'privacy.submit': 'Send me the link',
  'privacy.honeypot': 'Leave this field empty',
  'privacy.errors': 'The form contains an error',
  'privacy.emailMissing': 'Enter your email address.',
  'privacy.emailInvalid': 'This email address is not valid (example: name@example.org).',
  'privacy.tooFast': 'The form was sent too quickly or has expired. Check your address, then send it again.',
  'privacy.rateLimited':
    'Too many requests from your connection or for this address. Try again in {minutes} minute(s).',
  'privacy.sent.title': 'Request recorded',
  'privacy.sent.body':
    'If we hold data associated with this address, an email has just been sent to it with a link valid for one hour. Check your spam folder.',
  'privacy.contact': 'For any other request, write to contact@april.org or call +33 1 78 76 92 80.',
  'privacy.retentionLink': 'What we keep, why, and for how long',
  'privacy.link.title': 'View my data',
  'privacy.link.ask': 'This link works once: it opens the page of your data for one hour.',
  'privacy.link.button': 'Show my data',
  'privacy.link.invalid': 'This link is not valid. Ask for a new link.',
  'privacy.link.expired': 'This link has expired. Ask for a new link.',
  'privacy.link.used': 'This link has already been used. Ask for a new link.',
  'privacy.link.again': 'Ask for a new link',
  'privacy.expired.title': 'Access expired',
  'privacy.expired.body': 'Your access to your data has expired or was closed. Ask for a new link.',
  'privacy.retention.title': 'Retention of personal data',
  'privacy.ret.intro':
    'The platform keeps only the data the pact campaign needs, and only as long as needed. Phone numbers and email addresses are never public.',
  'privacy.ret.what': 'Data',
  'privacy.ret.why': 'Why',
  'privacy.ret.howLong': 'How long',
  'privacy.ret.sig': 'Pact signature: last name, first name, list, position, parties, town, date',
  'privacy.ret.sigWhy': 'Publish who signed (once verified) and follow the commitments after the election.',
  'privacy.ret.sigHow':
    'As long as the signature is public; deleted on request (a list that signed as a list stays public, without names).',
  'privacy.ret.contact': 'Phone and email of signatories and contacted candidates',
  'privacy.ret.contactWhy': 'Confirm the signature, reach you during the campaign. Never published.',
  'privacy.ret.contactHow': 'Anonymised automatically {months} months after the last round of the election.',
  'privacy.ret.pending': 'Signature never confirmed',
  'privacy.ret.pendingWhy': 'Wait for the email confirmation.',
  'privacy.ret.pendingHow': 'Deleted 30 days after the confirmation link expired.',
  'privacy.ret.account': 'Volunteer account: email, display name, organisations',
  'privacy.ret.accountWhy': 'Sign in, reserve candidates, record outreach.',
  'privacy.ret.accountHow':
    'As long as the account exists; anonymised on request (the outreach stays, without your name).',
  'privacy.ret.visit': 'Contact of a town hall asking for an ambassador visit',
  'privacy.ret.visitWhy': 'Arrange the visit.',
  'privacy.ret.visitHow':
    'Request never confirmed: deleted 30 days after the link expired; closed request: contact erased after two years; on request, at any time.',
  'privacy.ret.links': 'Links to your data',
  'privacy.ret.linksWhy': 'Check that you own the address.',
  'privacy.ret.linksHow': 'One hour, then erased the next day.',
  'privacy.ret.audit': 'Change log',
  'privacy.ret.auditWhy':
    'Know who changed what and when; your actions are recorded under a fingerprint of your address, not the address itself.',
  'privacy.ret.auditHow': 'For the whole campaign.',
};
