import type { Session } from '../accounts/sessions.service.ts';
import type { User } from '../accounts/users.service.ts';
import type { Config } from '../config.ts';
import type { Db, Dialect } from '../db/connection.ts';
import type { JobQueue } from '../jobs/queue.ts';
import type { Mailer } from '../mail/mailer.ts';
import type { PageContext } from './layout.tsx';
import type { PageCache } from './page-cache.ts';

/** Variables every request handler can read (set once per request by the app). */
export interface AppEnv {
  Variables: {
    db: Db;
    dialect: Dialect;
    config: Config;
    /** Sends emails (templates in src/mail/templates.tsx). */
    mailer: Mailer;
    /**
     * Sends emails in the background through the job queue (src/jobs/): stored at once, sent right after
     * by one instance, retried if the mail server is away, not lost by a restart.
     */
    mailLater: Mailer;
    /** The background job queue shared by every instance (handlers registered in app.tsx). */
    jobs: JobQueue;
    ctx: PageContext;
    /** Rendered anonymous public pages, reused until the data changes. */
    pageCache: PageCache;
    /** The signed-in account, if any (set by the session middleware). */
    user: User | undefined;
    session: Session | undefined;
  };
}
