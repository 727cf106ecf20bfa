import type { BusinessCodes, BusinessRefusal } from './codes.js';

/** Books' error envelopes (REFERENCE §5), word for word where Zoho's wording is known. */
export const BOOKS_ERRORS = Object.freeze({
  notAuthenticated: {
    code: 14,
    message:
      'The request could not be authenticated as the authentication value you entered is invalid. Enter a valid authentication value and try again.',
  },
  notAuthorized: { code: 57, message: 'You are not authorized to perform this operation' },
  invalidUrl: { code: 5, message: 'Invalid URL Passed' },
  internal: { code: 1000, message: 'Internal error' },
});

export function methodNotAllowed(method: string) {
  return {
    code: 37,
    message: `The HTTP method ${method} is not allowed for the requested resource`,
  };
}

/** A Books answer other than success: thrown by handlers, turned into `{code, message}` by the router. */
export class BooksError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
  ) {
    super(message);
    this.name = 'BooksError';
  }

  body(): { code: number; message: string } {
    return { code: this.code, message: this.message };
  }
}

function capitalize(s: string): string {
  return s === '' ? s : s[0]!.toUpperCase() + s.slice(1);
}

/** Code 2: a value Zoho refuses, naming the field or parameter. */
export function invalidValue(field: string): BooksError {
  return new BooksError(400, 2, `Invalid value passed for ${field}`);
}

/** Code 4: a required field is missing (Zoho names the field in its message). */
export function missingField(field: string): BooksError {
  return new BooksError(400, 4, `Invalid value passed for ${field}. ${field} is required.`);
}

/** 1002-style "does not exist" for a record of `thing` (e.g. "Invoice does not exist."). */
export function notFound(thing: string): BooksError {
  return new BooksError(404, 1002, `${capitalize(thing)} does not exist.`);
}

/** A business refusal whose code comes from the emulator's settings (REFERENCE §5; [open] ones configurable). */
export function refuse(core: { config: { codes: BusinessCodes } }, kind: BusinessRefusal, message: string) {
  return new BooksError(400, core.config.codes[kind], message);
}

/**
 * An operation the emulator does not model: HTTP 501 (Not Implemented) and a message saying so, never a
 * success that did nothing. 501 is not retried by clients and tells a reader at once that Zoho would
 * have done something here the emulator cannot.
 */
export function notModelled(
  core: { config: { codes: BusinessCodes } },
  operationId: string,
  why: string,
): BooksError {
  return new BooksError(
    501,
    core.config.codes.notModelled,
    `${operationId} is not modelled by the zbooks emulator: ${why}. See "What the emulator does not model" in the zbooks README.`,
  );
}

export function wrongOrganization(org: string): BooksError {
  return new BooksError(400, 6041, `This user is not associated with the CompanyID/CompanyName:${org}.`);
}

export { capitalize };
