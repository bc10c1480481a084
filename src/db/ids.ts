import { randomBytes } from 'node:crypto';

/** Short random URL-safe id (72 bits). */
export function newId(): string {
  return randomBytes(9).toString('base64url');
}
