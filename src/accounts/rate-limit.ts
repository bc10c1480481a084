import type { Db } from '../db/connection.ts';
import { toCount } from '../db/portability.ts';
import * as q from './users.queries.ts';

/**
 * A counter of events per key in the database (the table that counts failed sign-ins), shared by
 * every instance: `hit` records one event and says whether the key is still under its limit.
 * Keys are namespaced by their user (« signature|203.0.113.7 »), never a bare IP or email.
 * Rows older than the window of failed sign-ins (LOGIN_WINDOW_MS, 15 minutes) may be forgotten by
 * the sign-in check: use windows no longer than that.
 */
export type RateLimitResult = { ok: true } | { ok: false; retryInMinutes: number };

export async function hitRateLimit(
  db: Db,
  key: string,
  { limit, windowMs, now = Date.now() }: { limit: number; windowMs: number; now?: number },
): Promise<RateLimitResult> {
  const since = new Date(now - windowMs).toISOString();
  const count = toCount((await q.countFailedAttempts(db, key, since)).n);
  if (count >= limit) {
    const oldest = await q.oldestFailedAttempt(db, key, since);
    const freeAt = (oldest ? Date.parse(oldest.attempted_at) : now) + windowMs;
    return { ok: false, retryInMinutes: Math.max(1, Math.ceil((freeAt - now) / 60_000)) };
  }
  await q.recordFailedAttempt(db, key, new Date(now).toISOString(), since);
  return { ok: true };
}
