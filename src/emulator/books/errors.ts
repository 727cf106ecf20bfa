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

export const methodNotAllowed = (method: string) => ({
  code: 37,
  message: `The HTTP method ${method} is not allowed for the requested resource`,
});
