import { describe, expect, it } from 'vitest';
import { DISCOVERY_DEFAULTS } from '../../../functions/lib/core/discovery/defaults.js';
import { durationMs, nextRung, parseLadder } from '../../../functions/lib/core/discovery/ladder.js';
import { compileScope } from '../../../functions/lib/core/discovery/scope.js';
import { itemId, normaliseItemUrl, siteOf } from '../../../functions/lib/core/discovery/urls.js';
import { sourceId } from '../../../functions/lib/core/sources.js';
import { parseSourcesFile } from '../../../functions/lib/core/sources.js';

describe('normaliseItemUrl', () => {
  it('drops the fragment and tracking parameters but keeps the rest of the query', () => {
    expect(normaliseItemUrl('https://News.Test:443/a?id=7&utm_source=rss&utm_medium=feed&fbclid=x#top')).toEqual({
      url: 'https://news.test/a?id=7',
    });
    expect(normaliseItemUrl('/b?utm_campaign=x', 'https://news.test/section')).toEqual({ url: 'https://news.test/b' });
  });

  it('refuses javascript:, mailto: and credentials with a reason', () => {
    expect(normaliseItemUrl('javascript:alert(1)')).toEqual({ refused: 'not an http(s) link (javascript:)' });
    expect(normaliseItemUrl('mailto:desk@news.test')).toEqual({ refused: 'not an http(s) link (mailto:)' });
    expect(normaliseItemUrl('https://user:pw@news.test/')).toEqual({ refused: 'a link with credentials' });
  });

  it('gives an item the id its captures are grouped under, so /changes?url= finds it', () => {
    expect(itemId('https://news.test/a')).toBe(sourceId('https://news.test/a'));
  });
});

describe('scope', () => {
  it('defaults to the source’s registrable domain', () => {
    const scope = compileScope('https://www.ruv.is/frettir/erlent');
    expect(siteOf('https://feeds.ruv.is/x')).toBe('ruv.is');
    expect(scope.reject('https://www.ruv.is/frettir/erlent/a')).toBeUndefined();
    expect(scope.reject('https://m.ruv.is/a')).toBeUndefined();
    expect(scope.reject('https://www.bbc.co.uk/news')).toBe("outside the source's site (ruv.is)");
  });

  it('takes URLPattern (relative to the source) and /regex/ patterns', () => {
    const scope = compileScope('https://news.test/world', ['/world/*', '/\\/live\\/\\d+$/'], ['https://news.test/world/sport/*']);
    expect(scope.reject('https://news.test/world/hama')).toBeUndefined();
    expect(scope.reject('https://news.test/live/42')).toBeUndefined();
    expect(scope.reject('https://news.test/politics/x')).toBe('matches no include pattern');
    expect(scope.reject('https://news.test/world/sport/x')).toBe('matches exclude pattern https://news.test/world/sport/*');
  });

  it('refuses a pattern that does not compile, naming it', () => {
    expect(() => compileScope('https://news.test/', ['/(unclosed/'])).toThrow(
      /include.0: \/\(unclosed\/ is not a valid regular expression/,
    );
    expect(() => compileScope('https://news.test/', [], ['https://news.test/('])).toThrow(/exclude.0/);
  });
});

describe('recapture ladder', () => {
  it('parses ISO 8601 durations, sub-minute ones included', () => {
    expect(durationMs('PT15M')).toBe(900_000);
    expect(durationMs('P1D')).toBe(86_400_000);
    expect(durationMs('PT2.5S')).toBe(2_500);
    expect(parseLadder(DISCOVERY_DEFAULTS.recapture)).toEqual([
      900_000, 3_600_000, 10_800_000, 43_200_000, 86_400_000, 259_200_000, 604_800_000,
    ]);
  });

  it('refuses bad, unordered or (where asked) too short ladders', () => {
    expect(() => parseLadder(['PT1H', 'PT15M'])).toThrow('recapture.1: PT15M must be longer than PT1H');
    expect(() => parseLadder(['soon'])).toThrow(/not an ISO 8601 duration/);
    expect(() => parseLadder(['PT10S'], 60_000)).toThrow('recapture.0: PT10S is shorter than 60 s');
  });

  it('schedules each rung from the first capture, driven by the test clock', () => {
    const ladder = parseLadder(DISCOVERY_DEFAULTS.recapture);
    const first = new Date('2024-12-03T10:00:00Z');
    expect(nextRung(ladder, first, 0, first)).toEqual({ step: 1, at: new Date('2024-12-03T10:15:00Z') });
    expect(nextRung(ladder, first, 1, new Date('2024-12-03T10:15:05Z'))).toEqual({ step: 2, at: new Date('2024-12-03T11:00:00Z') });
    expect(nextRung(ladder, first, 6, new Date('2024-12-06T10:00:01Z'))).toEqual({ step: 7, at: new Date('2024-12-10T10:00:00Z') });
    expect(nextRung(ladder, first, 7, new Date('2024-12-10T10:00:01Z'))).toBeUndefined();
  });

  it('folds rungs that passed while the system was down into one capture', () => {
    const ladder = parseLadder(DISCOVERY_DEFAULTS.recapture);
    const first = new Date('2024-12-03T10:00:00Z');
    expect(nextRung(ladder, first, 1, new Date('2024-12-04T12:00:00Z'))).toEqual({ step: 6, at: new Date('2024-12-06T10:00:00Z') });
  });
});

describe('sources with discovery settings', () => {
  it('accepts the settings and refuses them without discover', () => {
    const [source] = parseSourcesFile(
      JSON.stringify([
        { url: 'https://news.test/feed.xml', schedule: 'rate(1 hour)', discover: 'feed', recapture: ['PT5S', 'PT10S'], maxPerRun: 5 },
      ]),
      '2024-12-03T00:00:00Z',
    );
    expect(source).toMatchObject({ discover: 'feed', recapture: ['PT5S', 'PT10S'], maxPerRun: 5 });
    expect(() =>
      parseSourcesFile(JSON.stringify([{ url: 'https://news.test/', schedule: 'rate(1 hour)', include: ['/x/*'] }]), 'now'),
    ).toThrow(/include only apply with discover/);
    expect(() =>
      parseSourcesFile(
        JSON.stringify([{ url: 'https://news.test/', schedule: 'rate(1 hour)', discover: 'links', recapture: ['PT5S'] }]),
        'now',
        60_000,
      ),
    ).toThrow(/shorter than 60 s/);
  });
});
