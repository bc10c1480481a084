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
}
