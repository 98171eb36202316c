import { describe, expect, it } from 'vitest';
import { canonicalLink, citationLinks, feedLinks, pageLinks } from '../../../functions/lib/core/discovery/links.js';

const SECTION = `<!doctype html><html><head><base href="https://news.test/world/">
<link rel="alternate" type="application/rss+xml" href="/rss.xml"><link rel="alternate" type="application/atom+xml" href="https://news.test/atom.xml">
<link rel="alternate" hreflang="is" href="/is/"><link rel="canonical" href="https://news.test/world/?utm_source=x"></head>
<body><nav><a href="/sport/">Sport</a></nav><header><a href="/">Home</a></header>
<main><a href="hama">Rebels advance on Hama</a> <a href="javascript:void(0)">Load more</a> <a href="https://news.test/homs#comments">Homs</a></main>
<footer><a href="/about">About</a></footer></body></html>`;

describe('links from a captured page', () => {
  it('lists story links outside navigation, header and footer, resolved against <base>', () => {
    expect(pageLinks(SECTION, 'https://news.test/world')).toEqual([
      { url: 'https://news.test/world/hama', title: 'Rebels advance on Hama' },
      { url: 'javascript:void(0)', title: 'Load more' },
      { url: 'https://news.test/homs#comments', title: 'Homs' },
    ]);
  });

  it('finds advertised feeds and the canonical link', () => {
    expect(feedLinks(SECTION, 'https://news.test/world')).toEqual(['https://news.test/rss.xml', 'https://news.test/atom.xml']);
    expect(canonicalLink(SECTION, 'https://news.test/world')).toBe('https://news.test/world/?utm_source=x');
  });
});

describe('citations', () => {
  const article = (body: string) =>
    `<!doctype html><html><head><title>A</title></head><body><nav><a href="https://other.test/nav">Elsewhere</a></nav>
<article><h1>Rebels advance on Hama</h1>${body}</article><aside><a href="https://ads.doubleclick.net/x">ad</a></aside></body></html>`;
  const prose = 'Rebel forces are advancing on Hama from the north and the east, according to several witnesses on the ground. ';

  it('keeps the external pages the body cites and drops share buttons, same-site links, ads and trackers', () => {
    const html = article(
      `<p>${prose.repeat(3)}<a href="https://wire.test/story/1">Reuters reported</a> and
<a href="https://liveuamap.test/en/2024/3-december">the map</a> shows it. <a href="/world/older">Earlier</a>.</p>
<p>${prose.repeat(3)}<a href="https://www.facebook.com/sharer/sharer.php?u=x">Share</a> <a href="https://twitter.com/intent/tweet?url=x">Tweet</a>
<a href="https://googleads.g.doubleclick.net/pagead">Sponsored</a> <a href="https://wire.test/story/1#top">again</a></p>`,
    );
    const { urls, dropped } = citationLinks(html, 'https://news.test/world/hama');
    expect(urls).toEqual(['https://wire.test/story/1', 'https://liveuamap.test/en/2024/3-december']);
    expect(dropped).toMatchObject({ 'same-site link': 1, 'share button': 2, 'ad or tracker': 1 });
  });

  it('keeps at most 20', () => {
    const links = Array.from({ length: 30 }, (_, i) => `<a href="https://source${i}.test/">source ${i}</a>`).join(' ');
    const { urls, dropped } = citationLinks(article(`<p>${prose.repeat(3)} ${links}</p>`), 'https://news.test/a');
    expect(urls).toHaveLength(20);
    expect(dropped['over the 20-citation limit']).toBe(10);
  });
});
