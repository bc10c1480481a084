import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { Hono } from 'hono';

const TYPES: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/** Serves the few static assets from memory, with strong ETags (they change only with a release). */
export function staticRoutes() {
  const dir = join(import.meta.dirname, 'static');
  const files = new Map(
    readdirSync(dir).map((name) => {
      const body = readFileSync(join(dir, name));
      const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`;
      return [name, { body, etag, type: TYPES[extname(name)] ?? 'application/octet-stream' }] as const;
    }),
  );
  const app = new Hono();
  app.get('/static/:name', (c) => {
    const file = files.get(c.req.param('name'));
    if (!file) return c.notFound();
    c.header('ETag', file.etag);
    c.header('Cache-Control', 'public, max-age=3600');
    if (c.req.header('If-None-Match') === file.etag) return c.body(null, 304);
    c.header('Content-Type', file.type);
    return c.body(new Uint8Array(file.body));
  });
  return app;
}
