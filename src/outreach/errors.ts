/** A refused outreach action, with its HTTP status and a French message fit for users. */
export class OutreachError extends Error {
  constructor(
    readonly status: 400 | 403 | 404 | 409,
    message: string,
  ) {
    super(message);
  }
}
