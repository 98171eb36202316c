import { Logger as PowertoolsLogger } from '@aws-lambda-powertools/logger';
import type { Logger } from './core/ports.js';

/** Structured JSON logs through Powertools, behind the core's `Logger` port. Light enough for every bundle. */
export function createLogger(serviceName = 'verbatim'): Logger {
  const logger = new PowertoolsLogger({ serviceName });
  const emit = (level: 'debug' | 'info' | 'warn' | 'error') => (message: string, extra?: Record<string, unknown>) =>
    extra ? logger[level](message, extra) : logger[level](message);
  return { debug: emit('debug'), info: emit('info'), warn: emit('warn'), error: emit('error') };
}
