import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulatedStack, type EmulatedStack } from '../support/emulated-stack.js';
import { sha256Hex } from '../../functions/lib/core/snapshot.js';

/** s3rver stores the SDK's checksum chunk framing unless checksums are off: this must never come back. */
describe('S3ArchiveStore on s3rver', () => {
  let stack: EmulatedStack;
  beforeAll(async () => {
    stack = await startEmulatedStack();
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('round-trips a 1 MB streamed upload byte for byte', async () => {
    const data = randomBytes(1024 * 1024);
    const stream = Readable.from(
      (function* () {
        for (let i = 0; i < data.length; i += 64 * 1024) yield data.subarray(i, i + 64 * 1024);
      })(),
    );

    await stack.services.store.putStream('tests/streamed.bin', stream, data.length, 'application/octet-stream');
    const back = await stack.services.store.get('tests/streamed.bin');

    expect(back.length).toBe(data.length);
    expect(sha256Hex(back)).toBe(sha256Hex(data));
  });

  it('round-trips a buffered upload and reports it exists', async () => {
    const data = randomBytes(300_000);

    await stack.services.store.put('tests/buffered.bin', data, 'application/octet-stream', sha256Hex(data));

    expect(await stack.services.store.exists('tests/buffered.bin')).toBe(true);
    expect(await stack.services.store.exists('tests/absent.bin')).toBe(false);
    expect(Buffer.from(await stack.services.store.get('tests/buffered.bin')).equals(data)).toBe(true);
  });
});

describe('presigned artifact links', () => {
  let stack: EmulatedStack;
  beforeAll(async () => {
    stack = await startEmulatedStack();
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('never signs a link for more than 15 minutes, and the link downloads the object', async () => {
    const data = randomBytes(1000);
    await stack.services.store.put('tests/presigned.bin', data, 'application/octet-stream', sha256Hex(data));

    const url = new URL(await stack.services.store.presign('tests/presigned.bin', 3_600, 'snap-html'));
    const res = await fetch(url);

    expect(Number(url.searchParams.get('X-Amz-Expires'))).toBeLessThanOrEqual(900);
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).equals(data)).toBe(true);
  });
});
