import type { Child } from 'hono/jsx';
import { Breadcrumbs, Layout, type PageContext } from '../web/layout.tsx';
import type { PactCommitment, PactDocument } from './pact-documents.service.ts';
import { PACT_FIELDS, PRIVATE_PACT_FIELDS } from './pact-fields.ts';

const SUPERSCRIPTS: Record<string, string> = {
  '⁰': '0',
  '¹': '1',
  '²': '2',
  '³': '3',
  '⁴': '4',
  '⁵': '5',
  '⁶': '6',
  '⁷': '7',
  '⁸': '8',
  '⁹': '9',
};

function noteNumber(superscript: string): string {
  return [...superscript].map((ch) => SUPERSCRIPTS[ch] ?? '').join('');
}

/**
 * Pact text with its links: `[label](url)` becomes a link; a footnote call (¹, ⁵…) in or after the
 * label takes the footnote's address, which the document gives for every link (some inline
 * addresses of the source document are placeholders such as "#").
 */
function RichText({ text, notes = [] }: { text: string; notes?: PactCommitment['notes'] }): Child {
  const parts: Child[] = [];
  const pattern = /\[([^\]]+)\]\(([^)]*)\)([⁰¹²³⁴⁵⁶⁷⁸⁹]*)/g;
  let last = 0;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    const [whole, rawLabel = '', inline = '', after = ''] = match;
    parts.push(text.slice(last, match.index));
    const inLabel = /[⁰¹²³⁴⁵⁶⁷⁸⁹]+$/.exec(rawLabel)?.[0] ?? '';
    const call = inLabel || after;
    const label = inLabel ? rawLabel.slice(0, -inLabel.length) : rawLabel;
    const note = notes.find((n) => n.number === noteNumber(call));
    const href = note?.url ?? (inline && inline !== '#' ? inline : undefined);
    parts.push(href ? <a href={href}>{label}</a> : label);
    if (call) {
      parts.push(
        <sup>
          <a href={`#note-${noteNumber(call)}`} aria-label={`note ${noteNumber(call)}`}>
            {noteNumber(call)}
          </a>
        </sup>,
      );
    }
    last = match.index + whole.length;
  }
  parts.push(text.slice(last));
  return <>{parts}</>;
}

function Paragraphs({ paragraphs, notes }: { paragraphs: string[]; notes?: PactCommitment['notes'] }) {
  return (
    <>
      {paragraphs.map((p) =>
        p.startsWith('- ') ? (
          <ul>
            {p.split('\n').map((line) => (
              <li>
                <RichText text={line.replace(/^- /, '')} notes={notes} />
              </li>
            ))}
          </ul>
        ) : (
          <p>
            <RichText text={p} notes={notes} />
          </p>
        ),
      )}
    </>
  );
}

function groupActions(commitment: PactCommitment) {
  const groups: { title: string | null; actions: PactCommitment['actions'] }[] = [];
  for (const action of commitment.actions) {
    const current = groups.at(-1);
    if (current && current.title === action.groupTitle) current.actions.push(action);
    else groups.push({ title: action.groupTitle, actions: [action] });
  }
  return groups;
}

function CommitmentDetails({ commitment }: { commitment: PactCommitment }) {
  const id = `engagement-${commitment.number}`;
  return (
    <section class="pact-commitment" aria-labelledby={id}>
      <h3 id={id}>
        <span class="pact-number">{commitment.number}</span> {commitment.title}
      </h3>
      <Paragraphs paragraphs={commitment.text} notes={commitment.notes} />
      {groupActions(commitment).map((group) => (
        <>
          {group.title && <h4>{group.title}</h4>}
          <ul class="pact-actions">
            {group.actions.map((action) => (
              <li class={action.level ? 'pact-subaction' : undefined}>
                <RichText text={action.text} notes={commitment.notes} />
              </li>
            ))}
          </ul>
        </>
      ))}
      {commitment.closingTitle && <h4>{commitment.closingTitle}</h4>}
      <Paragraphs paragraphs={commitment.closingText} notes={commitment.notes} />
      {commitment.notes.length > 0 && (
        <ol class="pact-notes" aria-label={`Notes de l'engagement ${commitment.number}`}>
          {commitment.notes.map((note) => (
            <li id={`note-${note.number}`} value={Number(note.number)}>
              <a href={note.url}>{note.url}</a>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

/** The pact itself: shared by /pacte and its printable version. */
export function PactText({ pact }: { pact: PactDocument }) {
  return (
    <article class="pact" aria-labelledby="pacte-titre">
      <header class="pact-head">
        <h1 id="pacte-titre">
          {pact.title}
          <span class="pact-subtitle">{pact.subtitle}</span>
        </h1>
        <p class="pact-election">{pact.electionLabel}</p>
      </header>
      <Paragraphs paragraphs={pact.preamble} />
      <section class="pact-pledge" aria-labelledby="pacte-engagements">
        <h2 id="pacte-engagements">Les trois engagements</h2>
        <p>Le pacte se signe au nom d'une liste ou à titre personnel :</p>
        <ul class="pact-variants">
          <li>
            <strong>Pour une liste</strong> : « {pact.listIntro} »
          </li>
          <li>
            <strong>À titre personnel</strong> : « {pact.individualIntro} »
          </li>
        </ul>
        <ol class="pact-summary">
          {pact.commitments.map((c, i) => (
            <li>
              <a href={`#engagement-${c.number}`}>
                {c.title}
                {i === pact.commitments.length - 1 ? '.' : ','}
              </a>
            </li>
          ))}
        </ol>
        <p class="pact-statement">{pact.signingStatement}</p>
      </section>
      <section aria-labelledby="pacte-detail">
        <h2 id="pacte-detail">Les engagements en détail</h2>
        {pact.commitments.map((c) => (
          <CommitmentDetails commitment={c} />
        ))}
      </section>
      <section class="pact-form" aria-labelledby="pacte-formulaire">
        <h2 id="pacte-formulaire">Le formulaire de signature</h2>
        <p>{pact.instructions}</p>
        <ul class="pact-fields">
          {PACT_FIELDS.map((f) => (
            <li>
              {f.label}
              {PRIVATE_PACT_FIELDS.includes(f.key) && <span class="pact-private"> (jamais publié)</span>}
            </li>
          ))}
          <li>Signature</li>
        </ul>
      </section>
      <section class="pact-privacy" aria-labelledby="pacte-donnees">
        <h2 id="pacte-donnees">Vos données personnelles</h2>
        <p>{pact.personalDataNotice}</p>
      </section>
      <p class="pact-version">
        Version {pact.version} du document « {pact.id} »
        {pact.publishedAt && <>, publiée le {pact.publishedAt.slice(0, 10).split('-').reverse().join('/')}</>}.
      </p>
    </article>
  );
}

export function PactPage({ ctx, pact }: { ctx: PageContext; pact: PactDocument }) {
  return (
    <Layout ctx={ctx} title={`${pact.title} — ${pact.electionLabel}`}>
      <Breadcrumbs ctx={ctx} crumbs={[{ label: ctx.t('nav.pact') }]} />
      <ul class="pact-downloads">
        <li>
          <a href="/signer">Signer le pacte en ligne</a>
        </li>
        <li>
          <a href="/pacte.pdf" download="pacte-du-logiciel-libre-2026.pdf">
            Télécharger le pacte à signer (PDF)
          </a>
        </li>
        <li>
          <a href="/pacte/imprimer">Version imprimable</a>
        </li>
      </ul>
      <PactText pact={pact} />
    </Layout>
  );
}

/** The pact alone, without the site's header and footer, for printing. */
export function PactPrintPage({ pact }: { pact: PactDocument }) {
  return (
    <html lang="fr">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${pact.title} — version imprimable`}</title>
        <link rel="stylesheet" href="/static/style.css" />
      </head>
      <body class="pact-print">
        <main class="wrap">
          <p class="pact-print-back">
            <a href="/pacte">Retour au pacte</a> — <a href="/pacte.pdf">Télécharger le PDF</a>
          </p>
          <PactText pact={pact} />
        </main>
      </body>
    </html>
  );
}
