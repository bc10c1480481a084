/** An error caused by the user (bad argument, bad file): printed as one line, exit code 1. */
export class UserError extends Error {}
