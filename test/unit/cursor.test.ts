import { createHash, createHmac } from 'node:crypto';
import { describe, it, expect } from 'vitest';
import { CursorSigner } from '../../functions/lib/core/cursor.js';
import { ValidationError } from '../../functions/lib/core/errors.js';

const SECRET = 'test-secret-0123456789';
const query = { route: 'snapshots', source: 'src_0123456789abcdef', limit: 3 };
const position = { at: '2024-12-03T10:00:00.000Z#20241203100000-0123456789ab' };

/** Signs an arbitrary body the way CursorSigner does, to build cursors with a valid signature. */
function signed(body: string, secret = SECRET): string {
  const encoded = Buffer.from(body).toString('base64url');
  return `${encoded}.${createHmac('sha256', secret).update(encoded).digest('base64url')}`;
}

function binding(q: Record<string, unknown>): string {
  const canonical = JSON.stringify(
    Object.entries(q)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => a.localeCompare(b)),
  );
  return createHash('sha256').update(canonical).digest('base64url').slice(0, 16);
}

describe('CursorSigner', () => {
  it('round-trips a position for the same query', () => {
    const signer = new CursorSigner(SECRET);
    const cursor = signer.encode(position, query)!;
    expect(typeof cursor).toBe('string');
    expect(signer.decode(cursor, query)).toEqual(position);
  });

  it('round-trips with another signer holding the same secret', () => {
    const cursor = new CursorSigner(SECRET).encode(position, query)!;
    expect(new CursorSigner(SECRET).decode(cursor, query)).toEqual(position);
  });

  it('is opaque: the cursor is base64url and does not show the position in clear', () => {
    const cursor = new CursorSigner(SECRET).encode(position, query)!;
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(cursor).not.toContain('2024-12-03');
  });

  it('encodes no position as null (the last page)', () => {
    expect(new CursorSigner(SECRET).encode(undefined, query)).toBeNull();
  });

  it('decodes a missing or empty cursor as no position', () => {
    const signer = new CursorSigner(SECRET);
    expect(signer.decode(undefined, query)).toBeUndefined();
    expect(signer.decode('', query)).toBeUndefined();
  });

  it('refuses a tampered body', () => {
    const signer = new CursorSigner(SECRET);
    const [, signature] = signer.encode(position, query)!.split('.');
    const forged = Buffer.from(JSON.stringify({ p: { at: '9999' }, q: binding(query) })).toString('base64url');
    expect(() => signer.decode(`${forged}.${signature}`, query)).toThrow(/signature is invalid/);
  });

  it('refuses a body with one character changed', () => {
    const signer = new CursorSigner(SECRET);
    const cursor = signer.encode(position, query)!;
    const flipped = (cursor[0] === 'A' ? 'B' : 'A') + cursor.slice(1);
    expect(() => signer.decode(flipped, query)).toThrow(ValidationError);
  });

  it('refuses a tampered signature', () => {
    const signer = new CursorSigner(SECRET);
    const cursor = signer.encode(position, query)!;
    const last = cursor.at(-1) === 'A' ? 'B' : 'A';
    expect(() => signer.decode(cursor.slice(0, -1) + last, query)).toThrow(/signature is invalid/);
    expect(() => signer.decode(`${cursor}A`, query)).toThrow(/signature is invalid/);
  });

  it('refuses a cursor signed with another secret', () => {
    const cursor = new CursorSigner('another-secret-9876543210').encode(position, query)!;
    expect(() => new CursorSigner(SECRET).decode(cursor, query)).toThrow(/signature is invalid/);
  });

  it('refuses a cursor replayed against different filters', () => {
    const signer = new CursorSigner(SECRET);
    const cursor = signer.encode(position, query)!;
    expect(() => signer.decode(cursor, { ...query, source: 'src_fedcba9876543210' })).toThrow(/different query/);
    expect(() => signer.decode(cursor, { ...query, limit: 4 })).toThrow(/different query/);
    expect(() => signer.decode(cursor, { ...query, from: '2024-12-01T00:00:00.000Z' })).toThrow(/different query/);
    expect(() => signer.decode(cursor, { ...query, route: 'claims' })).toThrow(/different query/);
  });

  it('binds to the query regardless of key order and undefined filters', () => {
    const signer = new CursorSigner(SECRET);
    const cursor = signer.encode(position, query)!;
    const reordered = { limit: 3, source: 'src_0123456789abcdef', route: 'snapshots', url: undefined };
    expect(signer.decode(cursor, reordered)).toEqual(position);
  });

  it.each(['abc', 'a.b.c', '.signature', 'body.', '...', 'a..b'])('refuses the malformed cursor %j', (bad) => {
    expect(() => new CursorSigner(SECRET).decode(bad, query)).toThrow(ValidationError);
  });

  it('refuses a correctly signed body that is not JSON', () => {
    expect(() => new CursorSigner(SECRET).decode(signed('not json'), query)).toThrow(/malformed/);
  });

  it('refuses a correctly signed body whose position is not an object', () => {
    const cursor = signed(JSON.stringify({ p: 42, q: binding(query) }));
    expect(() => new CursorSigner(SECRET).decode(cursor, query)).toThrow(/malformed/);
  });
});
