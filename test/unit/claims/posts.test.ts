import { describe, it, expect } from 'vitest';
import { parseDocument } from '../../../functions/lib/core/claims/dom.js';
import { extractClaims } from '../../../functions/lib/core/claims/extract.js';
import { findEmbeddedPosts } from '../../../functions/lib/core/claims/posts.js';

const tweet = `<blockquote class="twitter-tweet" data-lang="de"><p lang="de" dir="ltr">Die Rebellen stehen vor Hama. <a href="https://t.co/abc">pic.twitter.com/abc</a></p>&mdash; Beispiel Reporterin (@beispiel_rep) <a href="https://x.com/beispiel_rep/status/1864000000000000111?ref_src=twsrc%5Etfw">3. Dezember 2024</a></blockquote>`;
const bluesky = `<blockquote class="bluesky-embed" data-bluesky-uri="at://did:plc:abc/app.bsky.feed.post/3lcabc" data-bluesky-cid="bafy"><p lang="en">Heavy fighting reported on the northern edge of Hama tonight.</p>&mdash; Example Analyst (<a href="https://bsky.app/profile/did:plc:abc?ref_src=embed">@analyst.example.com</a>) <a href="https://bsky.app/profile/did:plc:abc/post/3lcabc?ref_src=embed">December 3, 2024 at 9:40 PM</a></blockquote>`;
const mastodonWithoutText = `<blockquote class="mastodon-embed" data-embed-url="https://mastodon.example/@someone/113000000000000000/embed"><a href="https://mastodon.example/@someone/113000000000000000">Post by @someone@mastodon.example</a></blockquote>`;

describe('embedded posts', () => {
  it('reads a localised tweet: text, language, author, handle, date and the status URL without tracking', () => {
    expect(findEmbeddedPosts(parseDocument(tweet))).toEqual([
      {
        platform: 'twitter',
        text: 'Die Rebellen stehen vor Hama. pic.twitter.com/abc',
        lang: 'de',
        authorName: 'Beispiel Reporterin',
        handle: '@beispiel_rep',
        date: '2024-12-03T00:00:00.000Z',
        url: 'https://x.com/beispiel_rep/status/1864000000000000111',
      },
    ]);
  });

  it('reads a Bluesky embed with its date and time', () => {
    const [post] = findEmbeddedPosts(parseDocument(bluesky));
    expect(post).toMatchObject({
      platform: 'bluesky',
      handle: '@analyst.example.com',
      authorName: 'Example Analyst',
      date: '2024-12-03T21:40:00.000Z',
      url: 'https://bsky.app/profile/did:plc:abc/post/3lcabc',
    });
  });

  it('skips embeds that carry no text', () => {
    expect(findEmbeddedPosts(parseDocument(mastodonWithoutText))).toEqual([]);
  });

  it('becomes a post claim on a generic page and is not repeated as a paragraph', () => {
    const html = `<html lang="en"><body><p>Residents said the shelling started at dawn and lasted for several hours.</p>${bluesky}${bluesky}</body></html>`;
    const text =
      'Residents said the shelling started at dawn and lasted for several hours.\nHeavy fighting reported on the northern edge of Hama tonight.\n— Example Analyst (@analyst.example.com) December 3, 2024 at 9:40 PM';
    const { extractor, claims } = extractClaims(
      { url: 'https://blog.example.org/post', html, text, responses: [], extractor: 'auto' },
      { findPlaces: () => [] },
    );
    expect(extractor).toBe('page');
    expect(claims.map((c) => c.kind)).toEqual(['statement', 'post']);
    expect(claims[1]).toMatchObject({ attributedTo: ['@analyst.example.com'], eventTime: '2024-12-03T21:40:00.000Z', lang: 'en' });
    expect(claims[1]!.selector.suffix).toMatch(/^\n— Example Analyst/);
  });
});
