import { raw } from 'hono/html';
import { toBool } from '../db/portability.ts';
import { DownloadLinks } from '../opendata/download-links.tsx';
import { type PublishedResponseItem, PublishedResponses } from '../outreach/responses.views.tsx';
import type { PublicSignature } from '../pledges/publication.service.ts';
import { SignaturesSection } from '../pledges/signatories.views.tsx';
import { esc } from '../web/escape.ts';
import { formatDate } from '../web/i18n/index.ts';
import { Breadcrumbs, Layout, type PageContext } from '../web/layout.tsx';
import { Provenance } from '../web/provenance.views.tsx';
import type { BallotMember, BallotWithCandidates, ListDetails, ListItem, PersonDetails } from './candidates.service.ts';
import { MANDATE_LABELS, type PersonMandate } from './mandates.service.ts';
import type { ProvenanceItem } from './provenance.service.ts';

/** Members shown before the rest of a long list is folded. */
const VISIBLE_MEMBERS = 5;

function personName(c: { first_name: string; last_name: string }) {
  return `${c.first_name} ${c.last_name}`;
}

/**
 * The lists of a ballot and their members are the bulk of a commune page (Paris: 82 lists, 2,475
 * candidates): written as one string (escaped by `esc`) rather than a tree of JSX nodes, which cost
 * several times more per member.
 */
const HEAD_BADGE = '<span class="badge">tête de liste</span>';
const CC_ABBR = ' <abbr class="cc" title="aussi candidat au conseil communautaire">CC</abbr>';

function memberItem(m: BallotMember): string {
  // One template, names escaped separately (testing a joined name first copies it into a flat string);
  // each field read once: node:sqlite rows are dictionary-mode objects, ~0.1 µs per property read.
  const position = m.position;
  return `${position === null ? '<li>' : `<li value="${position}">`}<a href="/personnes/${esc(m.person_id)}">${esc(m.first_name)} ${esc(m.last_name)}</a>${toBool(m.head) ? HEAD_BADGE : ''}${toBool(m.communautaire) ? CC_ABBR : ''}</li>`;
}

function memberList(members: BallotMember[]): string {
  let html = '<ol class="members">';
  const shown = Math.min(members.length, VISIBLE_MEMBERS);
  for (let i = 0; i < shown; i++) html += memberItem(members[i] as BallotMember);
  html += '</ol>';
  if (members.length > VISIBLE_MEMBERS) {
    const hidden = members.length - VISIBLE_MEMBERS;
    const summary = hidden === 1 ? 'Voir le dernier candidat' : `Voir les ${hidden} autres candidats`;
    html += `<details><summary>${summary}</summary><ol class="members" start="${VISIBLE_MEMBERS + 1}">`;
    for (let i = VISIBLE_MEMBERS; i < members.length; i++) html += memberItem(members[i] as BallotMember);
    html += '</ol></details>';
  }
  return html;
}

function listCard(list: ListItem): string {
  const head = list.members.find((m) => toBool(m.head)) ?? list.members[0];
  const nuance = list.nuance_label ?? list.nuance_code ?? 'Sans nuance attribuée';
  return (
    `<li class="card"><h4><span class="panel" title="Numéro de panneau">${esc(String(list.panel))}</span> ` +
    `<a href="/listes/${esc(list.id)}">${esc(list.name)}</a></h4>` +
    `<p class="muted">${esc(nuance)}${head ? ` · tête de liste : ${esc(personName(head))}` : ''} · ${list.members.length} candidats</p>` +
    `${memberList(list.members)}</li>`
  );
}

function individualRow(c: BallotWithCandidates['individuals'][number]): string {
  const substitute = c.substitute_last_name ? `${c.substitute_first_name ?? ''} ${c.substitute_last_name}` : '—';
  return (
    `<tr><td>${c.panel === null ? '' : esc(String(c.panel))}</td>` +
    `<td><a href="/personnes/${esc(c.person_id)}">${esc(personName(c))}</a>` +
    `${c.outgoing !== null && toBool(c.outgoing) ? '<span class="badge">sortant</span>' : ''}</td>` +
    `<td>${esc(c.nuance_label ?? c.nuance_code ?? '—')}</td><td>${esc(substitute)}</td></tr>`
  );
}

/** A ballot: its lists (members folded past the fifth) and its individual candidates. */
export function ballotHtml(ballot: BallotWithCandidates, headingLevel: 3 | 4 = 3): string {
  let html = '<section class="ballot">';
  if (ballot.territory_kind === 'secteur') html += `<h${headingLevel}>${esc(ballot.name)}</h${headingLevel}>`;
  if (ballot.lists.length > 0) {
    html += '<ul class="cards">';
    for (const list of ballot.lists) html += listCard(list);
    html += '</ul>';
  }
  if (ballot.individuals.length > 0) {
    html +=
      `<table><caption class="visually-hidden">Candidats — ${esc(ballot.name)}</caption><thead><tr>` +
      '<th scope="col">Panneau</th><th scope="col">Candidat</th><th scope="col">Nuance</th><th scope="col">Suppléant</th>' +
      '</tr></thead><tbody>';
    for (const c of ballot.individuals) html += individualRow(c);
    html += '</tbody></table>';
  }
  return `${html}</section>`;
}

export function BallotBlock({ ballot, headingLevel = 3 }: { ballot: BallotWithCandidates; headingLevel?: 3 | 4 }) {
  return raw(ballotHtml(ballot, headingLevel));
}

export function ListPage({
  ctx,
  list,
  signatures,
  responses,
  provenance,
  canonical,
}: {
  ctx: PageContext;
  list: ListDetails;
  /** Published signatures of the list and of its members. */
  signatures?: PublicSignature[];
  /** The list's answers published by moderators with its consent (outreach/). */
  responses?: PublishedResponseItem[];
  /** The official files the page's data came from. */
  provenance?: ProvenanceItem[];
  canonical: string;
}) {
  const territoryHref =
    list.territory_kind === 'circonscription'
      ? `/circonscriptions/${list.territory_code}`
      : list.territory_kind === 'national'
        ? `/elections/${list.election_id}`
        : `/communes/${list.territory_code.slice(0, 5)}`;
  return (
    <Layout ctx={ctx} title={list.name} canonical={canonical}>
      <Breadcrumbs
        ctx={ctx}
        crumbs={[
          { label: list.election_name, href: `/elections/${list.election_id}` },
          { label: list.ballot_name, href: territoryHref },
          { label: list.short_name || list.name },
        ]}
      />
      <h1>{list.name}</h1>
      <dl class="facts">
        <div>
          <dt>Élection</dt>
          <dd>{list.election_name}</dd>
        </div>
        <div>
          <dt>Circonscription électorale</dt>
          <dd>
            <a href={territoryHref}>{list.ballot_name}</a>
          </dd>
        </div>
        <div>
          <dt>Numéro de panneau</dt>
          <dd>{list.panel}</dd>
        </div>
        <div>
          <dt>Nuance</dt>
          <dd>{list.nuance_label ?? list.nuance_code ?? 'Sans nuance attribuée'}</dd>
        </div>
        {list.website && (
          <div>
            <dt>Site web</dt>
            <dd>
              <a href={list.website}>{list.website}</a>
            </dd>
          </div>
        )}
      </dl>
      {ctx.account && (
        <p>
          <a href={`/espace/invitations/nouvelle?liste=${encodeURIComponent(list.id)}`}>
            Inviter cette liste à signer le pacte (lien personnel)
          </a>
        </p>
      )}
      {ctx.account && (
        <p>
          <a href={`/espace/cibles/liste/${encodeURIComponent(list.id)}`}>Suivre cette liste dans mon espace</a>
        </p>
      )}
      {signatures && <SignaturesSection ctx={ctx} signatures={signatures} />}
      {responses && <PublishedResponses responses={responses} />}
      <h2>Candidats ({list.members.length})</h2>
      <DownloadLinks base={`/listes/${list.id}`} label="la liste des candidats" />
      <ol class="members columns">{raw(list.members.map(memberItem).join(''))}</ol>
      {provenance && <Provenance ctx={ctx} items={provenance} />}
    </Layout>
  );
}

export function PersonPage({
  ctx,
  details,
  mandates = [],
  signatures,
  provenance,
  canonical,
}: {
  ctx: PageContext;
  details: PersonDetails;
  /** Mandates held now (Répertoire national des élus), through links to the candidacies. */
  mandates?: PersonMandate[];
  /** The person's published signatures, and those of the lists they stand on. */
  signatures?: PublicSignature[];
  provenance?: ProvenanceItem[];
  canonical: string;
}) {
  const { person, candidacies } = details;
  const name = `${person.first_name} ${person.last_name}`;
  return (
    <Layout ctx={ctx} title={name} canonical={canonical}>
      <Breadcrumbs ctx={ctx} crumbs={[{ label: name }]} />
      <h1>{name}</h1>
      {mandates.length > 0 && (
        <p>
          En fonction (Répertoire national des élus) :{' '}
          {[
            ...new Set(
              mandates.map(
                (m) =>
                  `${m.mandate === 'conseiller-municipal' && m.functionLabel ? m.functionLabel : MANDATE_LABELS[m.mandate]} — ${m.territoryName ?? m.territoryCode}${m.since ? `, depuis le ${formatDate(ctx.lang, m.since)}` : ''}`,
              ),
            ),
          ].map((label) => (
            <span class="badge">{label}</span>
          ))}
        </p>
      )}
      {signatures && <SignaturesSection ctx={ctx} signatures={signatures} />}
      <h2>Candidatures ({candidacies.length})</h2>
      <ul class="cards">
        {candidacies.map((c) => (
          <li class="card">
            <h3>{c.election_name}</h3>
            <p>
              {c.territory_kind === 'circonscription' ? (
                <a href={`/circonscriptions/${c.territory_code}`}>{c.ballot_name}</a>
              ) : c.territory_kind === 'national' ? (
                c.ballot_name
              ) : (
                <a href={`/communes/${c.territory_code.slice(0, 5)}`}>{c.ballot_name}</a>
              )}
            </p>
            {c.list_id && (
              <p>
                Liste <a href={`/listes/${c.list_id}`}>{c.list_name}</a>, position {c.position}
                {toBool(c.head) && <span class="badge">tête de liste</span>}
              </p>
            )}
            {!c.list_id && <p>Panneau {c.panel}</p>}
          </li>
        ))}
      </ul>
      {provenance && <Provenance ctx={ctx} items={provenance} />}
    </Layout>
  );
}

export function CirconscriptionPage({
  ctx,
  id,
  departement,
  ballots,
  provenance,
  canonical,
}: {
  ctx: PageContext;
  id: string;
  departement: { code: string; name: string };
  ballots: (BallotWithCandidates & { election_name: string })[];
  provenance?: ProvenanceItem[];
  canonical: string;
}) {
  const number = Number(id.split('-')[1]);
  const title = `${number === 1 ? '1re' : `${number}e`} circonscription — ${departement.name}`;
  return (
    <Layout ctx={ctx} title={title} canonical={canonical}>
      <Breadcrumbs
        ctx={ctx}
        crumbs={[
          { label: `${departement.name} (${departement.code})`, href: `/departements/${departement.code}` },
          { label: title },
        ]}
      />
      <h1>{title}</h1>
      {ballots.map((b) => (
        <section>
          <h2>{b.election_name}</h2>
          <BallotBlock ballot={b} />
        </section>
      ))}
      {provenance && <Provenance ctx={ctx} items={provenance} />}
    </Layout>
  );
}

export function ElectionPage({
  ctx,
  election,
  counts,
  ballots,
}: {
  ctx: PageContext;
  election: { id: string; name: string; rounds: { number: number; date: string }[] };
  counts: { ballots: number; lists: number; candidacies: number };
  ballots: BallotWithCandidates[];
}) {
  return (
    <Layout ctx={ctx} title={election.name}>
      <Breadcrumbs ctx={ctx} crumbs={[{ label: election.name }]} />
      <h1>{election.name}</h1>
      <ul>
        {election.rounds.map((r) => (
          <li>
            Tour {r.number} : {formatDate(ctx.lang, r.date)}
          </li>
        ))}
      </ul>
      <dl class="facts">
        <div>
          <dt>Scrutins</dt>
          <dd>{counts.ballots}</dd>
        </div>
        <div>
          <dt>Listes</dt>
          <dd>{counts.lists}</dd>
        </div>
        <div>
          <dt>Candidatures</dt>
          <dd>{counts.candidacies}</dd>
        </div>
      </dl>
      {ballots.map((b) => (
        <section aria-label={`Listes — ${b.name}`}>
          <h2>Listes ({b.lists.length})</h2>
          <BallotBlock ballot={b} />
        </section>
      ))}
    </Layout>
  );
}
