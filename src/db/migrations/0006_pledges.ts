import type { Kysely } from 'kysely';

/**
 * Pact documents as versioned data (see pledges/pact-documents.service.ts).
 *
 * - `pact_documents`: one row per (id, version). A published version is never edited: a correction is a
 *   new version. Paragraphs are separated by a blank line ("\n\n").
 * - `pact_commitments`: the numbered commitments of a version, with their explanatory text, the
 *   optional closing section ("En pratique") and their footnotes (one per line, "5 https://…").
 * - `pact_actions`: the concrete actions of a commitment, in order, under their group heading; they
 *   become the follow-up checklist of elected signatories. `level` 1 is a sub-item of the previous one.
 * - `pact_document_elections`: which elections a document is for (`municipales-2026`).
 */
export function migration0006Pledges() {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('pact_documents')
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('subtitle', 'text', (c) => c.notNull())
        .addColumn('election_label', 'text', (c) => c.notNull())
        .addColumn('preamble', 'text', (c) => c.notNull())
        .addColumn('list_intro', 'text', (c) => c.notNull())
        .addColumn('individual_intro', 'text', (c) => c.notNull())
        .addColumn('signing_statement', 'text', (c) => c.notNull())
        .addColumn('instructions', 'text', (c) => c.notNull())
        .addColumn('personal_data_notice', 'text', (c) => c.notNull())
        .addColumn('published_at', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('pact_documents_pk', ['id', 'version'])
        .execute();
      await db.schema
        .createTable('pact_commitments')
        .addColumn('document_id', 'text', (c) => c.notNull())
        .addColumn('document_version', 'integer', (c) => c.notNull())
        .addColumn('number', 'integer', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('text', 'text', (c) => c.notNull())
        .addColumn('closing_title', 'text')
        .addColumn('closing_text', 'text')
        .addColumn('notes', 'text', (c) => c.notNull().defaultTo(''))
        .addPrimaryKeyConstraint('pact_commitments_pk', ['document_id', 'document_version', 'number'])
        .addForeignKeyConstraint('pact_commitments_document', ['document_id', 'document_version'], 'pact_documents', [
          'id',
          'version',
        ])
        .execute();
      await db.schema
        .createTable('pact_actions')
        .addColumn('document_id', 'text', (c) => c.notNull())
        .addColumn('document_version', 'integer', (c) => c.notNull())
        .addColumn('commitment_number', 'integer', (c) => c.notNull())
        .addColumn('position', 'integer', (c) => c.notNull())
        .addColumn('group_title', 'text')
        .addColumn('level', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('text', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('pact_actions_pk', [
          'document_id',
          'document_version',
          'commitment_number',
          'position',
        ])
        .addForeignKeyConstraint(
          'pact_actions_commitment',
          ['document_id', 'document_version', 'commitment_number'],
          'pact_commitments',
          ['document_id', 'document_version', 'number'],
        )
        .execute();
      await db.schema
        .createTable('pact_document_elections')
        .addColumn('document_id', 'text', (c) => c.notNull())
        .addColumn('election_id', 'text', (c) => c.notNull().references('elections.id'))
        .addPrimaryKeyConstraint('pact_document_elections_pk', ['document_id', 'election_id'])
        .execute();
      await db.schema
        .createIndex('pact_document_elections_election')
        .on('pact_document_elections')
        .column('election_id')
        .execute();
    },
  };
}
