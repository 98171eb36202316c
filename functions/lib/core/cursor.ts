import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { ValidationError } from './errors.js';

/**
 * Opaque, HMAC-signed pagination cursors bound to the query that produced them: a cursor that was
 * altered, signed with another key, or replayed against different filters is refused.
 */
export class CursorSigner {
  constructor(private readonly secret: string) {}

  private sign(body: string): string {
    return createHmac('sha256', this.secret).update(body).digest('base64url');
  }

  private static bind(query: Record<string, unknown>): string {
    const canonical = JSON.stringify(
      Object.entries(query)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => a.localeCompare(b)),
    );
    return createHash('sha256').update(canonical).digest('base64url').slice(0, 16);
  }

  encode(position: Record<string, unknown> | undefined, query: Record<string, unknown>): string | null {
    if (!position) return null;
    const body = Buffer.from(JSON.stringify({ p: position, q: CursorSigner.bind(query) })).toString('base64url');
    return `${body}.${this.sign(body)}`;
  }

  decode(cursor: string | undefined, query: Record<string, unknown>): Record<string, unknown> | undefined {
    if (cursor === undefined || cursor === '') return undefined;
    const [body, signature, extra] = cursor.split('.');
    if (!body || !signature || extra !== undefined) throw new ValidationError('cursor is malformed');
    const expected = Buffer.from(this.sign(body));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
      throw new ValidationError('cursor signature is invalid');
    }
    let parsed: { p?: unknown; q?: unknown };
    try {
      parsed = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
    } catch {
      throw new ValidationError('cursor is malformed');
    }
    if (parsed.q !== CursorSigner.bind(query)) throw new ValidationError('cursor belongs to a different query');
    if (!parsed.p || typeof parsed.p !== 'object') throw new ValidationError('cursor is malformed');
    return parsed.p as Record<string, unknown>;
  }
}
