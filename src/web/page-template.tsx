import { raw } from 'hono/html';
import { esc } from './escape.ts';
import { Breadcrumbs, type Crumb, Layout, type PageContext } from './layout.tsx';

/**
 * Page frames and components rendered once by hono/jsx with markers in place of their variable text,
 * then filled in with escaped strings: the same bytes as rendering the JSX each time, for views written
 * as strings because they are on every first render of a page that must be cheap (the commune page,
 * decision 0028). The markup stays in the JSX components: nothing is written twice.
 *
 * A marker (`\uE000N\uE000`, or `\uE000N?\uE000`) goes through the component as text; hono/jsx escapes
 * only `& < > " '`, so it comes out unchanged and is replaced by the value escaped the same way. Only
 * values the component writes as they are may be markers (not ones it tests, formats or slices).
 */
const MARKER = /\uE000(\d+)\??\uE000/g;

/** Marker `n`; `query` adds a `?` inside it, for a path that the component tests for a query string. */
export function marker(n: number, query = false): string {
  return `\uE000${n}${query ? '?' : ''}\uE000`;
}

export interface Template {
  /** The static text around the markers (one more than `slots`). */
  parts: string[];
  /** For each marker in order, the index of its value. */
  slots: number[];
}

/** Splits HTML rendered with markers into static parts and slots. */
export function parseTemplate(html: string): Template {
  const parts: string[] = [];
  const slots: number[] = [];
  let last = 0;
  for (const m of html.matchAll(MARKER)) {
    parts.push(html.slice(last, m.index));
    slots.push(Number(m[1]));
    last = m.index + m[0].length;
  }
  parts.push(html.slice(last));
  return { parts, slots };
}

/** The template with `values[n]` escaped in place of marker `n`; `rawValues` are inserted as they are. */
export function fill(template: Template, values: string[], rawValues?: ReadonlySet<number>): string {
  const { parts, slots } = template;
  let html = parts[0] as string;
  for (let i = 0; i < slots.length; i++) {
    const n = slots[i] as number;
    const value = values[n] as string;
    html += (rawValues?.has(n) ? value : esc(value)) + (parts[i + 1] as string);
  }
  return html;
}

const templates = new Map<string, Template>();

/** The template under `key`, rendered by `render` (with markers) the first time. */
export function cachedTemplate(key: string, render: () => string): Template {
  let template = templates.get(key);
  if (template === undefined) {
    template = parseTemplate(render());
    templates.set(key, template);
  }
  return template;
}

const MAIN = new Set([5]);

/**
 * `<Layout ctx title canonical feed>{raw(main)}</Layout>` as a string (an anonymous visitor's frame from a
 * template per language; a signed-in account's header is rendered by the JSX).
 */
export function layoutHtml(
  ctx: PageContext,
  page: { title: string; canonical: string; feed: { href: string; title: string } },
  main: string,
): string {
  const { title, canonical, feed } = page;
  if (ctx.account || title === ctx.t('site.name')) {
    return (
      <Layout ctx={ctx} title={title} canonical={canonical} feed={feed}>
        {raw(main)}
      </Layout>
    ).toString();
  }
  const query = ctx.path.includes('?');
  const template = cachedTemplate(`layout|${ctx.lang}|${query}`, () =>
    (
      <Layout
        ctx={{ t: ctx.t, lang: ctx.lang, path: marker(4, query) }}
        title={marker(0)}
        canonical={marker(1)}
        feed={{ href: marker(2), title: marker(3) }}
      >
        {raw(marker(5))}
      </Layout>
    ).toString(),
  );
  return fill(template, [title, canonical, feed.href, feed.title, ctx.path, main], MAIN);
}

/**
 * `<Breadcrumbs ctx crumbs>` as a string, for crumbs that all link but the last (from a template per
 * language and number of crumbs).
 */
export function breadcrumbsHtml(ctx: PageContext, crumbs: Crumb[]): string {
  const n = crumbs.length;
  if (crumbs.some((c, i) => (i < n - 1 ? !c.href : c.href !== undefined))) {
    return (<Breadcrumbs ctx={ctx} crumbs={crumbs} />).toString();
  }
  const template = cachedTemplate(`crumbs|${ctx.lang}|${n}`, () =>
    (
      <Breadcrumbs
        ctx={ctx}
        crumbs={crumbs.map((_, i) =>
          i < n - 1 ? { label: marker(2 * i), href: marker(2 * i + 1) } : { label: marker(2 * i) },
        )}
      />
    ).toString(),
  );
  const values: string[] = [];
  for (const c of crumbs) values.push(c.label, c.href ?? '');
  return fill(template, values);
}
