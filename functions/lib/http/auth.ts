import { createHash, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { problem } from './problem.js';

export type Role = 'read' | 'admin';

/**
 * Bearer keys, held only as SHA-256 digests and compared in constant time. The admin key can do
 * everything the read key can.
 */
export class KeyRing {
  private readonly admin: Buffer;
  private readonly read: Buffer;

  constructor(keys: { adminKey: string; readKey: string }) {
    this.admin = KeyRing.digest(keys.adminKey);
    this.read = KeyRing.digest(keys.readKey);
  }

  private static digest(key: string): Buffer {
    return createHash('sha256').update(key, 'utf8').digest();
  }

  roleOf(key: string): Role | undefined {
    const given = KeyRing.digest(key);
    const isAdmin = timingSafeEqual(given, this.admin);
    const isRead = timingSafeEqual(given, this.read);
    return isAdmin ? 'admin' : isRead ? 'read' : undefined;
  }
}

const BEARER = /^Bearer\s+([\x21-\x7e]{1,512})$/i;

export function requireRole(keys: KeyRing, needed: Role): MiddlewareHandler {
  return async (c, next) => {
    const header = c.req.header('authorization');
    if (!header) {
      c.header('www-authenticate', 'Bearer realm="verbatim"');
      return problem(c, 401, 'this route needs Authorization: Bearer <key>');
    }
    const match = BEARER.exec(header);
    if (!match) {
      c.header('www-authenticate', 'Bearer realm="verbatim", error="invalid_request"');
      return problem(c, 401, 'the Authorization header must be "Bearer <key>"');
    }
    const role = keys.roleOf(match[1]!);
    if (!role) return problem(c, 403, 'the key is not valid');
    if (needed === 'admin' && role !== 'admin') return problem(c, 403, 'this route needs the admin key');
    await next();
  };
}
