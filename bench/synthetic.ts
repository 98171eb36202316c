import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { batchPut } from '../functions/lib/adapters/dynamo-batch.js';
import { snapshotItem } from '../functions/lib/adapters/dynamo-snapshot-index.js';
import type { Claim } from '../functions/lib/core/claim-history.js';
import type { ExtractedClaim } from '../functions/lib/core/claims/types.js';
import { snapshotId, type Snapshot } from '../functions/lib/core/snapshot.js';
import { sourceId } from '../functions/lib/core/sources.js';
import { foldTerm } from '../functions/lib/core/terms.js';

export const PLACES = ['Hama', 'Homs', 'Aleppo', 'Damascus', 'Idlib', 'Daraa', 'Raqqa', 'Latakia', 'Tartus', 'Deir ez-Zor'];
const AGENCIES = ['Reuters', 'AP', 'AFP', 'SOHR', 'SANA'];
const VERBS = ['reported', 'said', 'claimed', 'confirmed', 'denied'];

export function syntheticClaim(i: number): ExtractedClaim {
  const place = PLACES[i % PLACES.length]!;
  const who = AGENCIES[i % AGENCIES.length]!;
  const text = `Clashes near ${place} left ${i % 97} fighters dead on day ${i}, ${who} ${VERBS[i % VERBS.length]}.`;
  return {
    text,
    kind: i % 10 === 0 ? 'quote' : 'statement',
    lang: 'en',
    attributedTo: [who],
    places: [{ name: place, lat: 35 + (i % 10) / 10, lon: 36 + (i % 10) / 10 }],
    selector: { exact: text, prefix: '', suffix: '' },
  };
}

const BASE = Date.UTC(2024, 11, 1);

/** Bulk-loads claims `[from, to)` with their claim records and place postings. */
export async function loadClaims(db: DynamoDBDocumentClient, table: string, from: number, to: number): Promise<void> {
  for (let start = from; start < to; start += 2_500) {
    const items: Record<string, unknown>[] = [];
    for (let i = start; i < Math.min(to, start + 2_500); i++) {
      const e = syntheticClaim(i);
      const claimTime = new Date(BASE + (i % 10_000) * 43_200).toISOString();
      const id = `clm_${i.toString(16).padStart(24, '0')}`;
      const claim: Claim = {
        ...e,
        id,
        sourceId: `src_bulk${String(i % 200).padStart(12, '0')}`,
        sourceUrl: `https://bulk.example/${i % 200}`,
        claimTime,
        firstSeenAt: claimTime,
        lastSeenAt: claimTime,
        status: 'present',
        evidence: { snapshotId: 'bulk', ...e.selector },
      };
      items.push({ ...claim, PK: `CLAIM#${id}`, SK: 'CLAIM', type: 'claim' });
      items.push({
        PK: `P#PLACE#${foldTerm(e.places[0]!.name)}`,
        SK: `${claimTime}#${id}`,
        claimId: id,
        sourceId: claim.sourceId,
        type: 'posting',
      });
    }
    await batchPut(db, table, items);
  }
}

/** Bulk-loads `count` snapshots spread over `urls` pages, with the same keys `putSnapshot` writes. */
export async function loadSnapshots(db: DynamoDBDocumentClient, table: string, count: number, urls: number): Promise<string[]> {
  const pages = Array.from({ length: urls }, (_, u) => `https://bulk.example/page/${u}`);
  const items: Record<string, unknown>[] = [];
  for (let i = 0; i < count; i++) {
    const url = pages[i % urls]!;
    const capturedAt = new Date(BASE + i * 60_000).toISOString();
    const snapshot: Snapshot = {
      id: snapshotId(new Date(capturedAt), `bulk-${i}`),
      sourceId: sourceId(url),
      url,
      capturedAt,
      status: 'captured',
      attempts: 1,
      claimCount: 0,
      artifacts: [{ name: 'html', key: `blobs/sha256/00/${'0'.repeat(64)}`, bytes: 1, sha256: '0'.repeat(64), contentType: 'text/html' }],
    };
    items.push(snapshotItem(snapshot));
  }
  await batchPut(db, table, items);
  return pages;
}
