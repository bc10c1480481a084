import { randomBytes } from 'node:crypto';

/** Short random URL-safe id (72 bits). */
export function newId(): string {
  return randomBytes(9).toString('base64url');
}

/**
 * Ids that sort in creation order (time prefix + counter), for rows created in bulk: inserts
 * append to the end of the indexes instead of landing at random places, and no random bytes are
 * drawn per row. A few random characters keep two concurrent generators apart.
 */
export function sequentialIdGenerator(): () => string {
  const prefix = Date.now().toString(36).padStart(9, '0') + randomBytes(2).toString('hex').slice(0, 3);
  let counter = 0;
  return () => prefix + (counter++).toString(36).padStart(5, '0');
}
