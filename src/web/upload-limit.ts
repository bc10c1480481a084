import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppEnv } from './app-env.ts';

/**
 * Hono's bodyLimit for upload routes, applied to multipart bodies only: any other body was already
 * read by the anti-CSRF middleware (which reads url-encoded forms to find the token), and bodyLimit
 * would then fail on the consumed stream with a server error instead of letting the route say
 * "no file was sent".
 */
export function uploadLimit(options: Parameters<typeof bodyLimit>[0]): MiddlewareHandler<AppEnv> {
  const limit = bodyLimit(options) as MiddlewareHandler<AppEnv>;
  return (c, next) =>
    (c.req.header('content-type') ?? '').startsWith('multipart/form-data') ? limit(c, next) : next();
}
