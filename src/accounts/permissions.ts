import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../web/app-env.ts';
import { ForbiddenPage } from '../web/forbidden.views.tsx';
import { renderPage } from '../web/render.ts';
import type { Role } from './roles.ts';

/** Who may do what: one line per action. Routes check actions, never roles. */
export const PERMISSIONS = {
  /** The /admin home page. */
  'admin:access': ['admin'],
  /** Upload an official file and run its import; see past imports and their reports. */
  'import:run': ['admin'],
  /** The /moderation home page. */
  'moderation:access': ['moderator', 'admin'],
  /** Lock/unlock a list, edit its website and short name. */
  'candidates:moderate': ['moderator', 'admin'],
  /** Merge two records of the same person. */
  'people:merge': ['moderator', 'admin'],
  /** Confirm or reject an ambiguous match between an elected official (RNE) and a candidate. */
  'rne:decide': ['moderator', 'admin'],
  /** Create accounts and change roles. */
  'users:manage': ['admin'],
  /** The volunteer workspace /espace: reserve, log contacts and responses in one's organisations' zone. */
  'outreach:workspace': ['volunteer', 'coordinator', 'moderator', 'admin'],
  /** Create a relay organisation (then manage it: see outreach/organisations.service canManageOrganisation). */
  'organisations:create': ['coordinator', 'admin'],
  /** Pages to manage an organisation and its coordination views (each also checks the organisation). */
  'organisations:manage': ['volunteer', 'coordinator', 'moderator', 'admin'],
  /** Volunteers' emails and contact notes in the coordination CSV export. */
  'outreach:personal-data': ['coordinator', 'moderator', 'admin'],
  /** The responses queue /moderation/reponses: publish (with consent) or refuse. */
  'responses:moderate': ['moderator', 'admin'],
  /** Campaign settings of the workspace (reservation length). */
  'outreach:settings': ['admin'],
  /** Create personal signing links for a list or a candidacy, see and revoke one's own (/espace/invitations). */
  'invitations:create': ['volunteer', 'coordinator', 'moderator', 'admin'],
  /** See and revoke everybody's signing links. */
  'invitations:manage': ['coordinator', 'moderator', 'admin'],
  /** The signatures queue: verify & publish, reject, merge, withdraw; see the signed documents. */
  'signatures:moderate': ['moderator', 'admin'],
  /** Key in a signature received on paper, by post, email or fax (/espace/signatures/saisie). */
  'signatures:enter': ['volunteer', 'coordinator', 'moderator', 'admin'],
  /** Produce letters to candidates (ODT, PDF, batches) and email them (/espace/lettres). */
  'letters:use': ['volunteer', 'coordinator', 'admin'],
  /** Write and edit letter templates (/espace/lettres/modeles). */
  'letters:templates': ['coordinator', 'admin'],
  /** The ambassadors workspace: requests routed to one's organisations, visits (/espace/ambassadeurs). */
  'ambassadors:workspace': ['volunteer', 'coordinator', 'moderator', 'admin'],
  /** Assign mairies' visit requests, edit the kit, write to the mayors of a département. */
  'ambassadors:coordinate': ['coordinator', 'admin'],
  /** Publish or refuse the free-software policies mairies declare. */
  'ambassadors:moderate': ['coordinator', 'moderator', 'admin'],
  /** Propose a follow-up update with evidence (/espace/suivi), in the zone of one's organisations. */
  'followup:propose': ['volunteer', 'coordinator', 'moderator', 'admin'],
  /** Publish or reject follow-up proposals (/moderation/suivi). */
  'followup:moderate': ['moderator', 'admin'],
  /** Bulk update scorecards by CSV (/espace/suivi/import). */
  'followup:bulk': ['coordinator', 'admin'],
  /** Create and revoke the elected teams' answer links; refresh results and scorecards. */
  'followup:manage': ['coordinator', 'moderator', 'admin'],
} as const satisfies Record<string, readonly Role[]>;

export type Action = keyof typeof PERMISSIONS;

export function can(role: Role | undefined, action: Action): boolean {
  return role !== undefined && (PERMISSIONS[action] as readonly Role[]).includes(role);
}

/** A local path to come back to after signing in (never another site). */
export function safeNext(value: string | undefined): string | undefined {
  if (!value?.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return undefined;
  return value;
}

/**
 * Signed out: redirect to the login page, which comes back here afterwards (after a refused POST,
 * back to the page the form was on, when the browser said which).
 * Signed in without the permission: a 403 page in French.
 */
export function requirePermission(action: Action): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const user = c.var.user;
    if (!user) {
      const url = new URL(c.req.url);
      const referer = c.req.header('referer');
      const refererUrl = referer && URL.canParse(referer) ? new URL(referer) : undefined;
      const back =
        c.req.method === 'GET'
          ? `${url.pathname}${url.search}`
          : refererUrl?.origin === url.origin
            ? `${refererUrl.pathname}${refererUrl.search}`
            : undefined;
      return c.redirect(back ? `/connexion?suivant=${encodeURIComponent(back)}` : '/connexion', 303);
    }
    if (!can(user.role, action)) return renderPage(c, ForbiddenPage({ ctx: c.var.ctx }), 403);
    await next();
  };
}
