import { CSRF_FIELD, csrfToken } from './csrf.ts';
import type { PageContext } from './layout.tsx';

/** The hidden anti-CSRF field every POST form carries. */
export function CsrfField({ ctx }: { ctx: PageContext }) {
  return <input type="hidden" name={CSRF_FIELD} value={csrfToken(ctx)} />;
}

/** Form action with the token in its query, for multipart forms (their body is streamed, not parsed). */
export function withCsrf(ctx: PageContext, action: string): string {
  return `${action}${action.includes('?') ? '&' : '?'}${CSRF_FIELD}=${encodeURIComponent(csrfToken(ctx))}`;
}
