import { describe, it, expect } from 'vitest';
import {
  blobKey,
  manifestKey,
  sha256Hex,
  SNAPSHOT_ID_PATTERN,
  snapshotId,
  timestamp14,
  warcKey,
} from '../../functions/lib/core/snapshot.js';

describe('timestamp14', () => {
  it('formats a date as yyyymmddhhmmss in UTC', () => {
    expect(timestamp14(new Date('2024-12-03T10:15:30.999Z'))).toBe('20241203101530');
  });
});

describe('snapshotId', () => {
  const slot = new Date('2024-12-03T10:15:30Z');

  it('is the 14-digit slot and 12 hex digits of the job key', () => {
    const id = snapshotId(slot, 'src_0123456789abcdef@2024-12-03T10:15:30.000Z');
    expect(id).toMatch(SNAPSHOT_ID_PATTERN);
    expect(id.startsWith('20241203101530-')).toBe(true);
  });

  it('is deterministic for one job', () => {
    expect(snapshotId(slot, 'job-a')).toBe(snapshotId(new Date(slot), 'job-a'));
  });

  it('differs between jobs in the same slot', () => {
    expect(snapshotId(slot, 'job-a')).not.toBe(snapshotId(slot, 'job-b'));
  });

  it('sorts by slot time regardless of the job key', () => {
    const slots = ['2023-01-01T00:00:00Z', '2024-02-29T23:59:59Z', '2024-12-03T10:00:00Z', '2024-12-03T10:00:01Z'];
    const ids = slots.map((s, i) => snapshotId(new Date(s), `job-${9 - i}`));
    expect([...ids].sort()).toEqual(ids);
    expect([...ids].reverse().sort()).toEqual(ids);
  });
});

describe('SNAPSHOT_ID_PATTERN', () => {
  it('rejects malformed ids', () => {
    for (const bad of ['2024120310153-0123456789ab', '20241203101530-0123456789AB', '20241203101530_0123456789ab', '../etc']) {
      expect(SNAPSHOT_ID_PATTERN.test(bad), bad).toBe(false);
    }
  });
});

describe('sha256Hex', () => {
  it('hashes strings and bytes the same way', () => {
    const hex = sha256Hex('abc');
    expect(hex).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256Hex(new TextEncoder().encode('abc'))).toBe(hex);
  });
});

describe('key layout', () => {
  const sha = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';

  it('puts blobs under their SHA-256 with a two-hex fan-out', () => {
    expect(blobKey(sha)).toBe(`blobs/sha256/ba/${sha}`);
  });

  it('puts a WARC under its source, snapshot and attempt', () => {
    expect(warcKey('src_0123456789abcdef', '20241203101530-0123456789ab', 2)).toBe(
      'warcs/src_0123456789abcdef/20241203101530-0123456789ab.a2.warc.gz',
    );
  });

  it('puts a manifest under its source, snapshot and attempt', () => {
    expect(manifestKey('src_0123456789abcdef', '20241203101530-0123456789ab', 1)).toBe(
      'manifests/src_0123456789abcdef/20241203101530-0123456789ab.a1.json',
    );
  });
});
