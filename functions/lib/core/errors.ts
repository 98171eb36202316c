/**
 * Error model (Crawlee's): the class says whether trying again can help.
 * Adapters translate SDK and browser errors into these; the HTTP layer maps them to status codes.
 */
export abstract class VerbatimError extends Error {
  abstract readonly retryable: boolean;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A transient fault (throttling, a timeout, a browser crash): the same job may succeed later. */
export class RetryableError extends VerbatimError {
  readonly retryable = true;
}

/** A permanent fault (a refused URL, bad input, an HTTP 404): retrying cannot help. */
export class NonRetryableError extends VerbatimError {
  readonly retryable = false;
}

/** The client sent something invalid. HTTP 400. */
export class ValidationError extends NonRetryableError {
  constructor(
    message: string,
    readonly details: { path: string; message: string }[] = [],
  ) {
    super(message);
  }
}

/** The named thing does not exist. HTTP 404. */
export class NotFoundError extends NonRetryableError {}

/** A conditional write found the item in another state. HTTP 409. */
export class ConflictError extends NonRetryableError {}

/** The destination is not allowed (scheme, or an internal address). */
export class ForbiddenDestinationError extends NonRetryableError {}

/** A response or page went over a configured cap. */
export class TooLargeError extends NonRetryableError {}

/** The store or index is throttling or unavailable. */
export class StorageUnavailableError extends RetryableError {}

/** Navigation or the network took longer than allowed. */
export class CaptureTimeoutError extends RetryableError {}

/** The browser process or page crashed. */
export class BrowserCrashError extends RetryableError {}

/** The remote host could not be reached (DNS, connection refused). */
export class NetworkError extends RetryableError {}

/** The page answered with an HTTP error status. 5xx and 429 are retryable, other 4xx are not. */
export class HttpStatusError extends VerbatimError {
  readonly retryable: boolean;
  constructor(
    readonly status: number,
    url: string,
  ) {
    super(`HTTP ${status} from ${url}`);
    this.retryable = status >= 500 || status === 429 || status === 408;
  }
}

export function isRetryable(err: unknown): boolean {
  return err instanceof VerbatimError ? err.retryable : true;
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
