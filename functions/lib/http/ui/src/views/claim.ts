import { type ClaimDetail, getJson, getText, type Snapshot } from '../api.js';
import { h, replace, time } from '../dom.js';
import { wordDiff } from '../diff-view.js';
import { downloads, screenshot } from './capture.js';
import type { ViewContext } from './context.js';
import { badge, definitionList, failure, hostOf, loading, statusBadge } from './parts.js';

const CONTEXT_CHARS = 280;

/**
 * Where the quote sits in the captured text: the occurrence of `exact` whose surroundings match the
 * selector's prefix and suffix best (as a TextQuoteSelector is resolved), else the first.
 */
export function locate(text: string, selector: { exact: string; prefix: string; suffix: string }): number {
  if (!selector.exact) return -1;
  const whole = text.indexOf(selector.prefix + selector.exact + selector.suffix);
  if (whole >= 0) return whole + selector.prefix.length;
  let best = -1;
  let bestScore = -1;
  for (let at = text.indexOf(selector.exact); at >= 0; at = text.indexOf(selector.exact, at + 1)) {
    const before = text.slice(Math.max(0, at - selector.prefix.length), at);
    const after = text.slice(at + selector.exact.length, at + selector.exact.length + selector.suffix.length);
    const score = (before.endsWith(selector.prefix) ? 2 : 0) + (after.startsWith(selector.suffix) ? 1 : 0);
    if (score > bestScore) [best, bestScore] = [at, score];
  }
  return best;
}

function evidenceBlock(detail: ClaimDetail, text: string | undefined): HTMLElement {
  const { exact, prefix, suffix } = detail.evidence;
  const at = text === undefined ? -1 : locate(text, detail.evidence);
  const [before, after, note] =
    text !== undefined && at >= 0
      ? [
          text.slice(Math.max(0, at - CONTEXT_CHARS), at),
          text.slice(at + exact.length, at + exact.length + CONTEXT_CHARS),
          'In context, from the text of the capture.',
        ]
      : [prefix, suffix, 'The quote with the prefix and suffix its selector keeps (the captured text could not be read).'];
  const clipped = (value: string, start: boolean) => (value.length >= CONTEXT_CHARS ? (start ? `…${value}` : `${value}…`) : value);
  return h(
    'figure',
    { class: 'evidence' },
    h(
      'blockquote',
      { lang: detail.lang === 'und' ? undefined : detail.lang },
      h('span', { class: 'context' }, clipped(before, true)),
      h('mark', {}, exact),
      h('span', { class: 'context' }, clipped(after, false)),
    ),
    h('figcaption', {}, note, ' ', h('a', { href: `#/snapshots/${detail.evidence.snapshotId}` }, 'Open the capture')),
  );
}

/** `#/claims/{id}`: the claim, its evidence in context, who and where, sightings, versions and the capture. */
export async function claimView(root: HTMLElement, ctx: ViewContext, id: string): Promise<void> {
  replace(root, h('h1', { tabindex: -1 }, 'Claim'), loading('the claim'));
  const detail = await getJson<ClaimDetail>(`/claims/${encodeURIComponent(id)}`, ctx.signal);
  const evidence = h('div', {}, loading('the evidence'));
  const capture = h('div', {}, loading('the capture'));
  const versions = [...detail.versions].sort((a, b) => a.firstSeenAt.localeCompare(b.firstSeenAt));
  replace(
    root,
    h('h1', { tabindex: -1 }, 'Claim'),
    h('p', { class: 'claim-headline', lang: detail.lang === 'und' ? undefined : detail.lang }, detail.text),
    h('p', { class: 'claim-meta' }, badge(detail.kind), ' ', statusBadge(detail.status), ' ', time(detail.claimTime)),
    h('h2', {}, 'Evidence'),
    evidence,
    h('h2', {}, 'Who and where'),
    definitionList([
      ['Attributed to', detail.attributedTo.length ? detail.attributedTo.join(', ') : 'no attribution found'],
      [
        'Places',
        detail.places.length
          ? h(
              'ul',
              { class: 'inline' },
              detail.places.map((p) =>
                h(
                  'li',
                  {},
                  h('a', { href: `#/claims?place=${encodeURIComponent(p.name)}` }, p.name),
                  ` (${p.lat.toFixed(3)}, ${p.lon.toFixed(3)}${p.country ? `, ${p.country}` : ''})`,
                ),
              ),
            )
          : 'no place found',
      ],
      ['Author', detail.author ? [detail.author.name, detail.author.handle].filter(Boolean).join(' ') : null],
      ['Event time', detail.eventTime ? time(detail.eventTime) : null],
      ['Original report', detail.sourceLink ? h('a', { href: detail.sourceLink, rel: 'noreferrer nofollow' }, detail.sourceLink) : null],
      ['Page', h('a', { href: `#/claims?url=${encodeURIComponent(detail.sourceUrl)}`, title: detail.sourceUrl }, detail.sourceUrl)],
      ['First seen', time(detail.firstSeenAt)],
      ['Last seen', time(detail.lastSeenAt)],
      [
        'Removed',
        detail.removedAt
          ? h('span', {}, time(detail.removedAt), ' by ', h('a', { href: `#/snapshots/${detail.removedBySnapshotId}` }, 'this capture'))
          : null,
      ],
      [
        'Changes of this page',
        h('a', { href: `#/changes?url=${encodeURIComponent(detail.sourceUrl)}` }, `what changed on ${hostOf(detail.sourceUrl)}`),
      ],
    ]),
    h('h2', {}, `Sightings (${detail.sightings.length})`),
    h(
      'ol',
      { class: 'sightings' },
      detail.sightings.map((s) =>
        h('li', {}, time(s.capturedAt), ' ', h('a', { href: `#/snapshots/${s.snapshotId}` }, `capture ${s.snapshotId}`)),
      ),
    ),
    versions.length > 1
      ? [
          h('h2', {}, `Versions (${versions.length})`),
          h(
            'ol',
            { class: 'versions' },
            versions.map((v, i) =>
              h(
                'li',
                { class: v.id === detail.id ? 'current' : undefined },
                h(
                  'p',
                  {},
                  time(v.firstSeenAt),
                  ' ',
                  statusBadge(v.status),
                  v.id === detail.id ? ' (this version)' : [' ', h('a', { href: `#/claims/${v.id}` }, 'open')],
                ),
                h('p', { class: 'version-text' }, i === 0 ? v.text : wordDiff(versions[i - 1]!.text, v.text)),
              ),
            ),
          ),
        ]
      : null,
    h('h2', {}, 'The capture'),
    capture,
  );

  const snapshot = await getJson<Snapshot>(`/snapshots/${detail.evidence.snapshotId}`, ctx.signal).catch((error: Error) => error);
  if (snapshot instanceof Error) {
    replace(capture, failure(snapshot));
    replace(evidence, evidenceBlock(detail, undefined));
    return;
  }
  replace(
    capture,
    definitionList([
      ['Captured', time(snapshot.capturedAt)],
      ['URL', snapshot.finalUrl ?? snapshot.url],
      ['Snapshot', h('a', { href: `#/snapshots/${snapshot.id}` }, snapshot.id)],
    ]),
    downloads(snapshot),
    screenshot(snapshot, ctx),
  );
  const text = snapshot.artifacts.some((a) => a.name === 'text')
    ? await getText(`/snapshots/${snapshot.id}/artifacts/text`, ctx.signal).catch(() => undefined)
    : undefined;
  replace(evidence, evidenceBlock(detail, text));
}
