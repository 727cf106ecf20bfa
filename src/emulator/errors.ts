/**
 * A caller's mistake (bad option, unknown client, limit hit). The console turns it into an HTTP answer;
 * the JavaScript API lets it propagate so tests fail loudly at the call site.
 */
export class EmulatorInputError extends Error {
  readonly status: number;
  /** Machine-readable code sent as `error` instead of the message, when Zoho has one (e.g. access_denied). */
  readonly code: string | undefined;

  constructor(message: string, status = 400, code?: string) {
    super(message);
    this.name = 'EmulatorInputError';
    this.status = status;
    this.code = code;
  }
}
