import type { Context } from 'hono';
import type { JSX } from 'hono/jsx/jsx-runtime';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** The HTML of the responses renderPage made, so that the page cache keeps it without reading the body back. */
const renderedHtml = new WeakMap<Response, string>();

/** Sends a full HTML page (views are pure functions returning JSX). */
export function renderPage(c: Context, page: JSX.Element, status: ContentfulStatusCode = 200) {
  const html = `<!DOCTYPE html>${page.toString()}`;
  const response = c.html(html, status);
  renderedHtml.set(response, html);
  return response;
}

/** The page a response of renderPage carries (undefined for any other response). */
export function htmlOf(response: Response): string | undefined {
  return renderedHtml.get(response);
}
