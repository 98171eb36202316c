import { describe, it, expect } from 'vitest';
import { ValidationError } from '../../functions/lib/core/errors.js';
import { normaliseUrl, parseSourcesFile, sourceId, toSource } from '../../functions/lib/core/sources.js';

const CREATED = '2024-12-03T10:00:00.000Z';

function errorOf(fn: () => unknown): ValidationError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ValidationError) return err;
    throw err;
  }
  throw new Error('expected a ValidationError');
}

describe('normaliseUrl', () => {
  it.each([
    ['http://2130706433/', 'http://127.0.0.1/'],
    ['http://0x7f000001/', 'http://127.0.0.1/'],
    ['http://127.1/', 'http://127.0.0.1/'],
    ['http://0177.0.0.1/', 'http://127.0.0.1/'],
  ])('normalises the WHATWG IPv4 form %s to %s', (input, expected) => {
    expect(normaliseUrl(input)).toBe(expected);
  });

  it('lowercases scheme and host, drops the default port and the fragment', () => {
    expect(normaliseUrl('HTTP://Example.ORG:80/News/Hama?b=2&a=1#top')).toBe('http://example.org/News/Hama?b=2&a=1');
    expect(normaliseUrl('https://example.org:443/a')).toBe('https://example.org/a');
  });

  it('keeps a non-default port and adds the root path', () => {
    expect(normaliseUrl('https://example.org:8443')).toBe('https://example.org:8443/');
  });

  it('trims surrounding whitespace', () => {
    expect(normaliseUrl('  https://example.org/a  ')).toBe('https://example.org/a');
  });

  it.each(['file:///etc/passwd', 'javascript:alert(1)', 'ftp://example.org/', 'data:text/html,hi', 'ws://example.org/'])(
    'refuses the non-http scheme of %s',
    (input) => {
      expect(() => normaliseUrl(input)).toThrow(ValidationError);
      expect(() => normaliseUrl(input)).toThrow(/only http and https/);
    },
  );

  it('refuses URLs with credentials', () => {
    expect(() => normaliseUrl('http://user:secret@example.org/')).toThrow(/credentials/);
    expect(() => normaliseUrl('http://user@example.org/')).toThrow(ValidationError);
  });

  it('refuses relative or unparseable input', () => {
    for (const bad of ['/news/hama', 'example.org', 'http://', 'not a url', '']) {
      expect(() => normaliseUrl(bad), bad).toThrow(ValidationError);
    }
  });
});

describe('sourceId', () => {
  it('is src_ followed by 16 hex digits', () => {
    expect(sourceId('https://example.org/news')).toMatch(/^src_[0-9a-f]{16}$/);
  });

  it('is stable across calls and across equivalent spellings of a URL', () => {
    const id = sourceId('https://example.org/news');
    expect(sourceId('https://example.org/news')).toBe(id);
    expect(sourceId('HTTPS://EXAMPLE.org:443/news#comments')).toBe(id);
    expect(sourceId('http://2130706433/')).toBe(sourceId('http://127.0.0.1/'));
  });

  it('differs for different URLs', () => {
    expect(sourceId('https://example.org/news')).not.toBe(sourceId('https://example.org/news?page=2'));
    expect(sourceId('https://example.org/news')).not.toBe(sourceId('http://example.org/news'));
  });

  it('refuses a URL that cannot be captured', () => {
    expect(() => sourceId('file:///etc/passwd')).toThrow(ValidationError);
  });
});

describe('toSource', () => {
  it('normalises the URL, trims the schedule, defaults the extractor to auto and marks it as from the file', () => {
    const source = toSource({ url: 'HTTPS://Example.org/a#x', schedule: ' rate(6 hours) ' }, CREATED);
    expect(source).toEqual({
      id: sourceId('https://example.org/a'),
      url: 'https://example.org/a',
      schedule: 'rate(6 hours)',
      extractor: 'auto',
      createdAt: CREATED,
      origin: 'file',
    });
  });

  it('refuses an invalid schedule', () => {
    expect(() => toSource({ url: 'https://example.org/', schedule: 'rate(0 minutes)' }, CREATED)).toThrow(ValidationError);
  });
});

describe('parseSourcesFile', () => {
  it('parses a list of entries into sources', () => {
    const text = JSON.stringify([
      { url: 'https://example.org/a', schedule: 'rate(1 hour)', extractor: 'article' },
      { url: 'https://liveuamap.com/', schedule: 'cron(0 12 ? * 2 *)', extractor: 'liveuamap' },
    ]);
    const sources = parseSourcesFile(text, CREATED);
    expect(sources).toHaveLength(2);
    expect(sources[0]).toMatchObject({ url: 'https://example.org/a', extractor: 'article', createdAt: CREATED });
    expect(sources[1]).toMatchObject({ url: 'https://liveuamap.com/', extractor: 'liveuamap', schedule: 'cron(0 12 ? * 2 *)' });
  });

  it('accepts an empty list', () => {
    expect(parseSourcesFile('[]', CREATED)).toEqual([]);
  });

  it('refuses text that is not JSON', () => {
    expect(() => parseSourcesFile('{url:', CREATED)).toThrow(/not JSON/);
  });

  it('refuses JSON that is not a list, with details', () => {
    const err = errorOf(() => parseSourcesFile('{"url":"https://example.org/"}', CREATED));
    expect(err.message).toMatch(/JSON list/);
    expect(err.details.length).toBeGreaterThan(0);
  });

  it('points at the entry and field that is missing', () => {
    const err = errorOf(() => parseSourcesFile(JSON.stringify([{ url: 'https://example.org/' }]), CREATED));
    expect(err.details).toContainEqual(expect.objectContaining({ path: '0.schedule' }));
  });

  it('refuses an unknown extractor', () => {
    const err = errorOf(() =>
      parseSourcesFile(JSON.stringify([{ url: 'https://example.org/', schedule: 'rate(1 hour)', extractor: 'magic' }]), CREATED),
    );
    expect(err.details).toContainEqual(expect.objectContaining({ path: '0.extractor' }));
  });

  it('names the index of an entry with a bad URL or schedule', () => {
    const badSchedule = JSON.stringify([
      { url: 'https://example.org/a', schedule: 'rate(1 hour)' },
      { url: 'https://example.org/b', schedule: 'rate(1 minutes)' },
    ]);
    expect(() => parseSourcesFile(badSchedule, CREATED)).toThrow(/^sources\[1\]: /);
    const badUrl = JSON.stringify([{ url: 'file:///etc/passwd', schedule: 'rate(1 hour)' }]);
    expect(() => parseSourcesFile(badUrl, CREATED)).toThrow(/^sources\[0\]: only http/);
  });

  it('keeps only the first of entries that normalise to the same URL', () => {
    const text = JSON.stringify([
      { url: 'https://example.org/a', schedule: 'rate(1 hour)' },
      { url: 'HTTPS://EXAMPLE.org:443/a#again', schedule: 'rate(5 minutes)' },
      { url: 'https://example.org/b', schedule: 'rate(1 hour)' },
    ]);
    const sources = parseSourcesFile(text, CREATED);
    expect(sources.map((s) => s.url)).toEqual(['https://example.org/a', 'https://example.org/b']);
    expect(sources[0]!.schedule).toBe('rate(1 hour)');
    expect(new Set(sources.map((s) => s.id)).size).toBe(2);
  });
});
