// A small Atom 1.0 writer (RFC 4287). Feeds are short (the latest entries only), so the document is
// built as one string. Every text goes through escapeXml; characters XML 1.0 forbids are dropped.

export const ATOM_CONTENT_TYPE = 'application/atom+xml; charset=utf-8';

export interface AtomEntry {
  /** A permanent IRI: the public URL of the entry, or a tag: URI. */
  id: string;
  title: string;
  /** ISO 8601 date-time (RFC 3339). */
  updated: string;
  published?: string;
  /** The public page of the entry (link rel="alternate"). */
  link: string;
  /** Plain text. */
  summary?: string;
  categories?: { term: string; label?: string }[];
}

export interface AtomFeed {
  id: string;
  title: string;
  subtitle?: string;
  /** Defaults to the most recent entry's date, or `fallbackUpdated`. */
  fallbackUpdated: string;
  /** This feed's own URL (link rel="self"). */
  selfUrl: string;
  /** The HTML page the feed follows (link rel="alternate"). */
  alternateUrl: string;
  /** Feed-level author: entries inherit it (RFC 4287 §4.1.1). */
  author: { name: string; uri?: string };
  lang?: string;
  entries: AtomEntry[];
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: removing characters XML 1.0 forbids is the point
const FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;

export function escapeXml(text: string): string {
  return text
    .replace(FORBIDDEN, '')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&apos;');
}

/** RFC 3339 date-time: an ISO string as stored, or a bare date (taken at midnight UTC). */
export function atomDate(value: string): string {
  const date = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T00:00:00Z`) : new Date(value);
  if (Number.isNaN(date.getTime())) throw new RangeError(`date Atom invalide : ${value}`);
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function element(name: string, text: string, attributes = ''): string {
  return `<${name}${attributes}>${escapeXml(text)}</${name}>`;
}

function entryXml(entry: AtomEntry): string {
  const parts = [
    element('id', entry.id),
    element('title', entry.title, ' type="text"'),
    element('updated', atomDate(entry.updated)),
    ...(entry.published ? [element('published', atomDate(entry.published))] : []),
    `<link rel="alternate" type="text/html" href="${escapeXml(entry.link)}"/>`,
    ...(entry.categories ?? []).map(
      (c) => `<category term="${escapeXml(c.term)}"${c.label ? ` label="${escapeXml(c.label)}"` : ''}/>`,
    ),
    ...(entry.summary ? [element('summary', entry.summary, ' type="text"')] : []),
  ];
  return `<entry>\n  ${parts.join('\n  ')}\n</entry>`;
}

/** The whole feed document. */
export function atomFeed(feed: AtomFeed): string {
  const newest = feed.entries.map((e) => atomDate(e.updated)).sort();
  const updated = newest.at(-1) ?? atomDate(feed.fallbackUpdated);
  const author = [
    element('name', feed.author.name),
    ...(feed.author.uri ? [element('uri', feed.author.uri)] : []),
  ].join('');
  const head = [
    element('id', feed.id),
    element('title', feed.title, ' type="text"'),
    ...(feed.subtitle ? [element('subtitle', feed.subtitle, ' type="text"')] : []),
    element('updated', updated),
    `<link rel="self" type="application/atom+xml" href="${escapeXml(feed.selfUrl)}"/>`,
    `<link rel="alternate" type="text/html" href="${escapeXml(feed.alternateUrl)}"/>`,
    `<author>${author}</author>`,
    element('generator', 'Pacte'),
  ];
  const lang = feed.lang ? ` xml:lang="${escapeXml(feed.lang)}"` : '';
  return `<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom"${lang}>\n${head.join('\n')}\n${feed.entries.map(entryXml).join('\n')}\n</feed>\n`;
}
