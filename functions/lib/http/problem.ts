import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import {
  ConflictError,
  ForbiddenDestinationError,
  NotFoundError,
  StorageUnavailableError,
  TooLargeError,
  ValidationError,
} from '../core/errors.js';

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  requestId?: string;
  errors?: { path: string; message: string }[];
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** An RFC 9457 problem document. */
export function problem(c: Context, status: ContentfulStatusCode, detail?: string, extra: Partial<Problem> = {}): Response {
  const body: Problem = {
    type: 'about:blank',
    title: TITLES[status] ?? 'Error',
    status,
    detail,
    instance: c.req.path,
    requestId: c.get('requestId' as never) as string | undefined,
    ...extra,
  };
  return c.body(JSON.stringify(body), status, { 'content-type': 'application/problem+json' });
}

/** The one place that maps domain errors to HTTP status codes. Unknown errors never leak details. */
export function statusFor(err: unknown): ContentfulStatusCode {
  if (err instanceof ValidationError) return 400;
  if (err instanceof NotFoundError) return 404;
  if (err instanceof ConflictError) return 409;
  if (err instanceof ForbiddenDestinationError) return 422;
  if (err instanceof TooLargeError) return 413;
  if (err instanceof StorageUnavailableError) return 503;
  return 500;
}
