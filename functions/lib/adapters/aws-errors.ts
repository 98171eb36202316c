import { NotFoundError, NonRetryableError, StorageUnavailableError, VerbatimError } from '../core/errors.js';

const RETRYABLE_NAMES = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'InternalServerError',
  'ServiceUnavailable',
  'SlowDown',
  'RequestTimeout',
  'TimeoutError',
  'InternalError',
]);

/** Runs one AWS SDK call and turns whatever it throws into a domain error naming what was attempted. */
export async function callAws<T>(what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw toDomainError(err, what);
  }
}

/** Runs one conditional DynamoDB write: true if it was applied, false if its condition did not hold. */
export async function conditionalWrite(what: string, fn: () => Promise<unknown>): Promise<boolean> {
  try {
    await fn();
    return true;
  } catch (err) {
    if ((err as Error).name === 'ConditionalCheckFailedException') return false;
    throw toDomainError(err, what);
  }
}

/** Turns an AWS SDK (or socket) error into a domain error, so callers only see Retryable/NonRetryable. */
export function toDomainError(err: unknown, what: string): VerbatimError {
  if (err instanceof VerbatimError) return err;
  const e = err as { name?: string; code?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  const name = e.name ?? '';
  const status = e.$metadata?.httpStatusCode ?? 0;
  if (name === 'NoSuchKey' || name === 'NotFound' || name === 'ResourceNotFoundException') {
    return new NotFoundError(`${what}: not found`, { cause: err });
  }
  if (RETRYABLE_NAMES.has(name) || status >= 500 || status === 429 || /ECONN|EPIPE|ETIMEDOUT|socket/i.test(`${e.code} ${e.message}`)) {
    return new StorageUnavailableError(`${what}: ${name || e.code || 'unavailable'}`, { cause: err });
  }
  return new NonRetryableError(`${what}: ${name || 'error'}: ${e.message ?? ''}`.trim(), { cause: err });
}
