import { describe, expect, it } from 'vitest';
import { lineChanges } from '../../functions/lib/http/ui/src/diff-view.js';
import { bucketize, parseBound, spanToRange } from '../../functions/lib/http/ui/src/timeline.js';
import { locate } from '../../functions/lib/http/ui/src/views/claim.js';

const t = (iso: string) => Date.parse(iso);

describe('the timeline', () => {
  it('counts per hour over three days or less, and a span of hours becomes UTC times', () => {
    const { unit, buckets } = bucketize([t('2024-12-03T10:15:00Z'), t('2024-12-03T10:45:00Z'), t('2024-12-03T12:00:00Z')], {});
    expect(unit).toBe('hour');
    expect(buckets.map((b) => b.count)).toEqual([2, 0, 1]);
    expect(spanToRange(unit, buckets[0]!, buckets[1]!)).toEqual({ from: '2024-12-03T10:00Z', to: '2024-12-03T11:59:59.999Z' });
  });

  it('counts per day over the selected range, empty days included, and a span of days becomes dates', () => {
    const range = { from: parseBound('2024-12-01', false), to: parseBound('2024-12-05', true) };
    const { unit, buckets } = bucketize([t('2024-12-03T14:32:00Z'), t('2024-12-03T08:00:00Z'), t('2024-12-04T09:00:00Z')], range);
    expect(unit).toBe('day');
    expect(buckets.map((b) => b.count)).toEqual([0, 0, 2, 1, 0]);
    expect(spanToRange(unit, buckets[1]!, buckets[3]!)).toEqual({ from: '2024-12-02', to: '2024-12-04' });
  });

  it('counts per week, then per month, as the range grows, and never draws more than 400 bars', () => {
    expect(bucketize([t('2024-01-01T00:00:00Z'), t('2024-12-01T00:00:00Z')], {}).unit).toBe('week');
    const decade = bucketize([t('1990-01-01T00:00:00Z'), t('2024-12-01T00:00:00Z')], {});
    expect(decade.unit).toBe('month');
    expect(decade.buckets.length).toBe(400);
    expect(decade.buckets.at(-1)!.count).toBe(1);
  });
});

describe('the text diff', () => {
  it('tells a removed paragraph from a reworded one, ignoring blank lines', () => {
    const before = 'Title\n\nKept paragraph.\n\nThousands fled overnight.\n\nHoms would be the next target after Hama.\n';
    const after = 'Title\n\nKept paragraph.\n\nHoms would be the next target once Hama falls.\n';
    const changes = lineChanges(before, after)!;
    expect(changes.filter((c) => c.type !== 'same')).toEqual([
      { type: 'removed', line: 'Thousands fled overnight.' },
      { type: 'reworded', before: 'Homs would be the next target after Hama.', after: 'Homs would be the next target once Hama falls.' },
    ]);
  });

  it('shows two huge rewritten paragraphs as removed and added once the word-diff budget is spent', () => {
    const words = (seed: number) => Array.from({ length: 20_000 }, (_, i) => `w${(i * seed) % 997}`).join(' ');
    const [before, after] = [words(7), words(13)];
    const changes = lineChanges(`Kept.\n${before}\n`, `Kept.\n${after}\n`)!;
    expect(changes.filter((c) => c.type !== 'same')).toEqual([
      { type: 'removed', line: before },
      { type: 'added', line: after },
    ]);
  });

  it('still pairs a reworded paragraph within the budget', () => {
    const changes = lineChanges('Hama fell on Thursday.\n', 'Hama fell on Friday.\n')!;
    expect(changes).toEqual([{ type: 'reworded', before: 'Hama fell on Thursday.', after: 'Hama fell on Friday.' }]);
  });

  it('reports an unrelated new paragraph as added', () => {
    const changes = lineChanges('One.\n', 'One.\nSomething entirely different here.\n')!;
    expect(changes.filter((c) => c.type !== 'same')).toEqual([{ type: 'added', line: 'Something entirely different here.' }]);
  });
});

describe('locating the evidence in the captured text', () => {
  it('picks the occurrence whose prefix and suffix match', () => {
    const text = 'Hama fell. He said: Hama fell. The end.';
    expect(locate(text, { exact: 'Hama fell.', prefix: 'said: ', suffix: ' The' })).toBe(text.lastIndexOf('Hama fell.'));
    expect(locate(text, { exact: 'Hama fell.', prefix: 'nowhere', suffix: 'else' })).toBe(0);
    expect(locate(text, { exact: 'absent', prefix: '', suffix: '' })).toBe(-1);
  });
});
