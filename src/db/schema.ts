import type { Generated } from 'kysely';

/** Table types. Booleans are 0/1 integers and timestamps ISO text on both databases (see portability.ts). */
export interface Database {
  settings: { key: string; value: string };
  data_sources: {
    id: string;
    name: string;
    publisher: string;
    licence: string;
    url: string;
    version: string | null;
    loaded_at: string;
    summary: string | null;
  };
  regions: { code: string; name: string };
  departements: { code: string; name: string; region_code: string; search: string };
  communes: {
    insee: string;
    name: string;
    /** 'commune' or 'arrondissement' (arrondissement municipal of Paris, Lyon, Marseille) */
    kind: string;
    parent_insee: string | null;
    departement_code: string;
    region_code: string;
    population: number | null;
    search: string;
  };
  commune_words: { word: string; insee: string };
  postcodes: { postcode: string; insee: string };
  intercommunalities: { code: string; name: string; kind: string; population: number | null };
  intercommunality_members: { intercommunality_code: string; insee: string };
  elections: { id: string; kind: string; name: string; year: number; scope: string };
  election_rounds: { election_id: string; number: number; date: string };
  ballots: {
    id: string;
    election_id: string;
    territory_kind: string;
    territory_code: string;
    name: string;
    created_at: Generated<string>;
  };
  nuances: { election_id: string; code: string; label: string };
  /** Hash of a ballot's rows in the official file as last imported (0014_ballot_fingerprints). */
  ballot_fingerprints: { ballot_id: string; fingerprint: string; import_id: string | null };
  imports: {
    id: string;
    file_name: string;
    format: string;
    election_id: string | null;
    status: string;
    dry_run: number;
    started_at: string;
    finished_at: string | null;
    read_rows: number;
    created_rows: number;
    updated_rows: number;
    unchanged_rows: number;
    deleted_rows: number;
    rejected_rows: number;
    report_path: string | null;
    message: string | null;
    /** Rows read so far while the import runs (0003_accounts). */
    progress_rows: Generated<number>;
    progress_at: string | null;
    actor: string | null;
    /** Why a failed import stopped, in French. */
    error: string | null;
  };
  people: {
    id: string;
    last_name: string;
    first_name: string;
    sex: string | null;
    birth_date: string | null;
    search: string;
    merged_into: string | null;
    created_at: string;
  };
  lists: {
    id: string;
    ballot_id: string;
    panel: number;
    short_name: string;
    name: string;
    nuance_code: string | null;
    website: string | null;
    locked: number;
    edited_fields: string | null;
    import_id: string | null;
  };
  candidacies: {
    id: string;
    ballot_id: string;
    list_id: string | null;
    person_id: string;
    position: number | null;
    panel: number | null;
    head: number;
    nuance_code: string | null;
    sex: string | null;
    last_name: string;
    first_name: string;
    birth_date: string | null;
    nationality: string | null;
    profession: string | null;
    outgoing: number | null;
    communautaire: number | null;
    personality_code: string | null;
    substitute_sex: string | null;
    substitute_last_name: string | null;
    substitute_first_name: string | null;
    substitute_birth_date: string | null;
    substitute_outgoing: number | null;
    import_id: string | null;
    /** Last name normalised (normalizeSearch), for matching with mandates (0007_match_keys). */
    name_key: string | null;
  };
  /** Per mandate kind and département, a hash of the RNE file's rows as last imported (0026). */
  mandate_fingerprints: {
    mandate: string;
    departement_code: string;
    fingerprint: string;
    import_id: string | null;
  };
  audit_log: {
    id: string;
    at: string;
    actor: string;
    action: string;
    entity_type: string;
    entity_id: string;
    before: string | null;
    after: string | null;
    import_id: string | null;
  };
  users: {
    id: string;
    email: string;
    password_hash: string;
    role: string;
    created_at: string;
    disabled: Generated<number>;
    /** Shown to other volunteers (« réservé par … »); 0011_account_tokens. */
    display_name: string | null;
    /** When the email was confirmed; null until then (sign-up), set for `pacte user add`. */
    confirmed_at: string | null;
  };
  /** Single-use emailed token (hex SHA-256); purpose 'confirm' | 'reset' (0011_account_tokens). */
  account_tokens: {
    id: string;
    user_id: string;
    purpose: string;
    created_at: string;
    expires_at: string;
    used_at: string | null;
  };
  /** Relay organisation (0010_outreach); kind 'lug' | 'association' | 'cooperative' | 'entreprise'. */
  organisations: {
    id: string;
    slug: string;
    name: string;
    kind: string;
    website: string | null;
    description: Generated<string>;
    created_at: string;
    updated_at: string;
  };
  /** role 'member' | 'coordinator' */
  organisation_members: { organisation_id: string; user_id: string; role: string; added_at: string };
  /** kind 'commune' (INSEE) | 'epci' (SIREN) | 'departement' */
  organisation_zones: { organisation_id: string; kind: string; code: string };
  /** One row per target ('list' | 'candidacy'); expires_at null once a contact is logged. */
  reservations: {
    target_type: string;
    target_id: string;
    ballot_id: string;
    user_id: string;
    organisation_id: string | null;
    reserved_at: string;
    expires_at: string | null;
  };
  /** An outreach action (channel 'courrier' | 'courriel' | 'telephone' | 'rencontre' | 'reunion-publique' | 'reseaux-sociaux'). */
  contacts: {
    id: string;
    target_type: string;
    target_id: string;
    ballot_id: string;
    list_id: string | null;
    user_id: string | null;
    organisation_id: string | null;
    channel: string;
    /** YYYY-MM-DD */
    contacted_on: string;
    notes: Generated<string>;
    next_step: string | null;
    /** YYYY-MM-DD */
    next_step_due: string | null;
    next_step_done_at: string | null;
    /** Emails sent by the letters module: 'sent' | 'bounced'. */
    delivery_state: string | null;
    version: Generated<number>;
    created_at: string;
    updated_at: string;
  };
  /** What a candidate answered; public when consent = 1 and moderation_state = 'published'. */
  responses: {
    id: string;
    contact_id: string | null;
    target_type: string;
    target_id: string;
    ballot_id: string;
    list_id: string | null;
    user_id: string | null;
    organisation_id: string | null;
    received_on: string;
    verbatim: Generated<string>;
    document_path: string | null;
    document_name: string | null;
    /** 'sans-reponse' | 'refus' | 'favorable' | 'favorable-engage' | 'signe' */
    classification: string;
    level: number | null;
    consent: Generated<number>;
    /** 'pending' | 'published' | 'rejected' */
    moderation_state: Generated<string>;
    moderated_by: string | null;
    moderated_at: string | null;
    version: Generated<number>;
    created_at: string;
  };
  sessions: { id: string; user_id: string; created_at: string; expires_at: string };
  login_attempts: { key: string; attempted_at: string };
  /** Mandates from the Répertoire national des élus (0004_mandates); `current` is 0/1. */
  mandates: {
    id: string;
    /** 'maire' | 'conseiller-municipal' | 'conseiller-communautaire' | 'depute' | 'senateur' */
    mandate: string;
    /** 'commune' | 'epci' | 'circonscription' | 'departement' */
    territory_kind: string;
    territory_code: string;
    territory_name: string | null;
    departement_code: string;
    commune_code: string | null;
    last_name: string;
    first_name: string;
    sex: string | null;
    birth_date: string | null;
    mandate_start: string | null;
    function_label: string | null;
    function_start: string | null;
    search: string;
    /** Last name normalised (normalizeSearch), for matching with candidacies (0007_match_keys). */
    name_key: string | null;
    import_id: string | null;
    current: number;
    created_at: string;
    ended_at: string | null;
  };
  /** A mandate linked to a candidacy; status 'auto' | 'ambiguous' | 'confirmed' | 'rejected'. */
  mandate_matches: {
    mandate_id: string;
    candidacy_id: string;
    person_id: string;
    confidence: number;
    method: string;
    status: string;
    decided_by: string | null;
    decided_at: string | null;
    created_at: string;
  };
  /** A version of a pact document (pledges/); paragraphs separated by "\n\n". */
  pact_documents: {
    id: string;
    version: number;
    title: string;
    subtitle: string;
    election_label: string;
    preamble: string;
    list_intro: string;
    individual_intro: string;
    signing_statement: string;
    instructions: string;
    personal_data_notice: string;
    published_at: string | null;
    created_at: string;
  };
  pact_commitments: {
    document_id: string;
    document_version: number;
    number: number;
    title: string;
    text: string;
    closing_title: string | null;
    closing_text: string | null;
    notes: string;
  };
  pact_actions: {
    document_id: string;
    document_version: number;
    commitment_number: number;
    position: number;
    group_title: string | null;
    level: number;
    text: string;
  };
  pact_document_elections: { document_id: string; election_id: string };
  /** A signature of a pact version (0008_signatures; pledges/signatures.service.ts). */
  signatures: {
    id: string;
    document_id: string;
    document_version: number;
    /** 'list' | 'individual' */
    variant: string;
    election_id: string;
    ballot_id: string | null;
    list_id: string | null;
    candidacy_id: string | null;
    person_id: string | null;
    commune_insee: string | null;
    departement_code: string | null;
    list_name: string;
    list_position: string;
    parties: string;
    website: string;
    commune_name: string;
    postcode: string;
    last_name: string;
    first_name: string;
    /** Never public. */
    phone: string;
    /** Never public; lower case. */
    email: string;
    /** « Fait à » */
    place: string;
    /** « le », as typed (the form proposes today's date). */
    signed_on: string;
    consent_publish: number;
    consent_contact: number;
    comment: string | null;
    /** 'form' | 'link' | 'paper' */
    channel: string;
    /** 'pending_confirmation' | 'to_verify' | 'published' | 'rejected' | 'withdrawn' */
    state: string;
    /** SHA-256 of election|variant|list or candidacy|email: the same email signs the same list once. */
    dedup_key: string | null;
    merged_into: string | null;
    confirmation_hash: string | null;
    confirmation_expires_at: string | null;
    /** SHA-256 of the token of the signatory's private page (/signer/merci/:token). */
    access_hash: string | null;
    confirmed_at: string | null;
    published_at: string | null;
    invitation_id: string | null;
    /** The user who keyed in a paper signature (« saisie par »). */
    entered_by: string | null;
    document_path: string | null;
    document_type: string | null;
    document_size: number | null;
    document_sha256: string | null;
    document_uploaded_at: string | null;
    created_at: string;
    updated_at: string;
  };
  /** A state transition of a signature (actor null: the signatory or the system). */
  signature_events: {
    id: string;
    signature_id: string;
    from_state: string | null;
    to_state: string;
    actor: string | null;
    reason: string | null;
    at: string;
  };
  /** A personal signing link for a list or a candidacy (token stored as its SHA-256). */
  signature_invitations: {
    id: string;
    token_hash: string;
    election_id: string;
    list_id: string | null;
    candidacy_id: string | null;
    created_by: string;
    created_at: string;
    expires_at: string;
    revoked_at: string | null;
    used_at: string | null;
    signature_id: string | null;
  };
  /** A result flag on a list or candidacy (0017_followup): flag 'qualified' | 'elected'; source 'rne' | 'second-round' | 'csv'. */
  election_results: {
    id: string;
    election_id: string;
    ballot_id: string;
    target_type: string;
    target_id: string;
    flag: string;
    source: string;
    source_ref: string | null;
    as_of: string | null;
    detail: string | null;
    current: number;
    created_at: string;
    updated_at: string;
    ended_at: string | null;
  };
  /** Follow-up of a collectivity where a signatory was elected (0017_followup; followup/). */
  followup_scorecards: {
    id: string;
    slug: string;
    election_id: string;
    /** 'commune' | 'epci' | 'circonscription' */
    collectivity_kind: string;
    collectivity_code: string;
    collectivity_name: string;
    departement_code: string | null;
    ballot_id: string;
    document_id: string;
    document_version: number;
    /** 'active' | 'ended' (no signatory in office any more: history kept) */
    status: string;
    status_note: string | null;
    level: number;
    items_total: number;
    items_kept: number;
    items_evaluated: number;
    created_at: string;
    updated_at: string;
  };
  followup_signatories: {
    scorecard_id: string;
    signature_id: string;
    label: string;
    list_id: string | null;
    candidacy_id: string | null;
    mandates: string;
    since: string | null;
    until: string | null;
  };
  /** item_key "1" (commitment 1) or "1.5" (its 5th concrete action). */
  followup_items: {
    scorecard_id: string;
    item_key: string;
    kind: string;
    commitment_number: number;
    position: number;
    pact_level: number | null;
    /** 'tenu' | 'en-cours' | 'au-point-mort' | 'non-tenu' | 'non-evalue' */
    status: string;
    evidence_url: string | null;
    evidence_document: string | null;
    evidence_date: string | null;
    note: string | null;
    updated_at: string | null;
    updated_by: string | null;
    version: number;
  };
  /** A proposed or published change of an item; state 'pending' | 'published' | 'rejected'. */
  followup_updates: {
    id: string;
    scorecard_id: string;
    item_key: string;
    status: string;
    previous_status: string | null;
    evidence_url: string | null;
    evidence_document: string | null;
    evidence_date: string | null;
    note: string | null;
    /** 'volunteer' | 'moderator' | 'bulk' */
    source: string;
    proposed_by: string | null;
    organisation_id: string | null;
    state: string;
    moderated_by: string | null;
    moderated_at: string | null;
    reason: string | null;
    created_at: string;
    published_at: string | null;
  };
  followup_tokens: {
    id: string;
    token_hash: string;
    scorecard_id: string;
    label: string;
    created_by: string;
    created_at: string;
    expires_at: string;
    revoked_at: string | null;
    last_used_at: string | null;
  };
  followup_answers: {
    id: string;
    scorecard_id: string;
    item_key: string;
    body: string;
    token_id: string;
    answered_at: string;
  };
  followup_reminders: { id: string; user_id: string; organisation_id: string; items: number; sent_at: string };
  /** Letter templates with merge fields (0012_letters, outreach/letters/). */
  letter_templates: {
    id: string;
    name: string;
    election_kind: string;
    subject: string;
    body: string;
    builtin: number;
    version: number;
    created_at: string;
    updated_at: string;
    updated_by: string | null;
  };
  /** Emails sent from a letter template; status 'sent' | 'bounced' (0012_letters). */
  letter_sends: {
    id: string;
    template_id: string;
    /** The outreach contact log entry (contacts.id) recording this email. */
    contact_id: string | null;
    list_id: string | null;
    candidacy_id: string | null;
    email: string;
    subject: string;
    status: string;
    error: string | null;
    message_id: string | null;
    sent_by: string;
    sent_at: string;
  };
  /** A member of a relay organisation flagged as ambassador (0015_ambassadors). */
  ambassadors: { organisation_id: string; user_id: string; since: string };
  /** Coverage of an ambassador; none: the organisation's zone (0015_ambassadors). */
  ambassador_zones: { organisation_id: string; user_id: string; kind: string; code: string };
  /** A mairie's request for an ambassador visit (0015_ambassadors, src/ambassadors/). */
  visit_requests: {
    id: string;
    commune_insee: string;
    departement_code: string;
    contact_name: string;
    contact_role: string;
    email: string;
    phone: string;
    periods: string;
    /** JSON array of interest keys. */
    interests: string;
    interests_other: string;
    has_policy: number;
    policy_description: string;
    policy_links: string;
    policy_state: string;
    state: string;
    state_since: string;
    proposed_organisation_id: string | null;
    proposed_level: string | null;
    organisation_id: string | null;
    ambassador_user_id: string | null;
    appointment_on: string | null;
    visited_on: string | null;
    notes: string;
    confirm_token_hash: string | null;
    confirm_expires_at: string | null;
    confirmed_at: string | null;
    reminded_at: string | null;
    created_at: string;
    updated_at: string;
  };
  visit_request_events: {
    id: string;
    request_id: string;
    at: string;
    actor_user_id: string | null;
    actor_label: string;
    kind: string;
    from_state: string | null;
    to_state: string | null;
    note: string;
  };
  kit_items: { id: string; label: string; position: number; active: number };
  visit_reports: {
    request_id: string;
    visited_on: string;
    ambassador_user_id: string | null;
    handed_documentation: number;
    handed_usb_key: number;
    handed_live_system: number;
    interests: string;
    next_steps: string;
    updated_by: string | null;
    updated_at: string;
  };
  visit_report_items: { request_id: string; kit_item_id: string };
  mayor_mailings: {
    id: string;
    departement_code: string;
    kind: string;
    letters: number;
    created_by: string | null;
    created_at: string;
  };
  mayor_mailing_communes: { mailing_id: string; commune_insee: string };
  /** Personal-data rights: emailed link ('link') or the access it opened ('access'); 0018_privacy. */
  privacy_tokens: {
    id: string;
    token_hash: string;
    purpose: string;
    email: string;
    created_at: string;
    expires_at: string;
    used_at: string | null;
  };
  /** A mairie's email address, loaded by a coordinator (0019_mairie_emails, src/ambassadors/). */
  mairie_emails: { insee: string; email: string; source: string; updated_at: string };
  /** A results import from /espace/suivi/resultats, run as a job (0023_results_imports, src/followup/). */
  results_imports: {
    /** The job's id. */
    id: string;
    user_id: string;
    election_id: string;
    file_kind: 'results' | 'second-round';
    file_name: string;
    dry_run: number;
    status: 'queued' | 'running' | 'done' | 'failed';
    /** JSON: the summary and its rejected lines, once finished (also when failed for nothing applied). */
    result: string | null;
    /** Why it failed, in French. */
    error: string | null;
    created_at: string;
    finished_at: string | null;
  };
  /** Background jobs shared by every instance (0022_jobs, src/jobs/). */
  jobs: {
    id: string;
    kind: string;
    /** JSON; emptied ('{}') once done (an email's payload holds an address and a link). */
    payload: string;
    status: 'queued' | 'running' | 'done' | 'failed';
    attempts: number;
    run_after: string;
    locked_by: string | null;
    locked_at: string | null;
    last_error: string | null;
    created_at: string;
    finished_at: string | null;
  };
}
