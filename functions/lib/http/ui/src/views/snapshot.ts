import { type Change, type Citation, type Claim, type ExtractedClaims, getJson, getText, query, type Snapshot } from '../api.js';
import { formatBytes, h, replace, time } from '../dom.js';
import { lineChanges, renderLineChanges } from '../diff-view.js';
import { downloadButton, screenshot } from './capture.js';
import type { ViewContext } from './context.js';
import { changeItem } from './changes.js';
import { badge, definitionList, failure, loading, statusBadge } from './parts.js';

const FILENAMES: Record<string, string> = {
  warc: 'warc.gz',
  html: 'html',
  screenshot: 'png',
  text: 'txt',
  claims: 'claims.json',
  manifest: 'manifest.json',
  resource: 'bin',
};

function artifactTable(snapshot: Snapshot): HTMLElement {
  return h(
    'div',
    { class: 'table-scroll', tabindex: 0, role: 'region', aria: { label: 'Artifacts' } },
    h(
      'table',
      { class: 'artifacts' },
      h(
        'thead',
        {},
        h('tr', {}, h('th', {}, 'Artifact'), h('th', {}, 'Type'), h('th', {}, 'Size'), h('th', {}, 'SHA-256'), h('th', {}, 'Save')),
      ),
      h(
        'tbody',
        {},
        snapshot.artifacts.map((a) =>
          h(
            'tr',
            {},
            h('th', { class: 'name' }, a.name),
            h('td', {}, a.contentType),
            h('td', { class: 'num' }, formatBytes(a.bytes)),
            h('td', {}, h('code', { class: 'hash' }, a.sha256)),
            h(
              'td',
              {},
              downloadButton(
                `Save ${a.name}`,
                `/snapshots/${snapshot.id}/artifacts/${a.name}`,
                `${snapshot.id}.${FILENAMES[a.name] ?? a.name}`,
              ),
            ),
          ),
        ),
      ),
    ),
  );
}

/** The latest earlier capture of the same URL that has a text to compare with. */
async function previousCapture(snapshot: Snapshot, signal: AbortSignal): Promise<Snapshot | undefined> {
  const page = await getJson<{ snapshots: Snapshot[] }>(
    `/snapshots${query({ url: snapshot.url, to: snapshot.capturedAt, limit: 10 })}`,
    signal,
  );
  return page.snapshots.find(
    (s) =>
      s.id !== snapshot.id && s.capturedAt <= snapshot.capturedAt && s.status !== 'failed' && s.artifacts.some((a) => a.name === 'text'),
  );
}

async function claimChanges(snapshot: Snapshot, signal: AbortSignal): Promise<Change[]> {
  const page = await getJson<{ changes: Change[] }>(
    `/changes${query({ source: snapshot.sourceId, from: snapshot.capturedAt, to: snapshot.capturedAt, limit: 500 })}`,
    signal,
  );
  return page.changes.filter((c) => c.snapshotId === snapshot.id);
}

async function claimsOf(snapshot: Snapshot, signal: AbortSignal): Promise<HTMLElement> {
  if (!snapshot.artifacts.some((a) => a.name === 'claims'))
    return h('p', { class: 'muted' }, 'No claims were extracted from this capture.');
  const [extracted, indexed] = await Promise.all([
    getText(`/snapshots/${snapshot.id}/artifacts/claims`, signal).then((t) => JSON.parse(t) as ExtractedClaims),
    getJson<{ claims: Claim[] }>(`/claims${query({ source: snapshot.sourceId, limit: 500 })}`, signal).catch(() => ({
      claims: [] as Claim[],
    })),
  ]);
  if (extracted.error) return h('p', { class: 'error' }, `Extraction failed: ${extracted.error}`);
  if (!extracted.claims.length) return h('p', { class: 'muted' }, 'No claims were extracted from this capture.');
  const ids = new Map(indexed.claims.map((c) => [c.text, c.id]));
  return h(
    'ol',
    { class: 'claims compact' },
    extracted.claims.map((c) => {
      const id = ids.get(c.text);
      return h(
        'li',
        { class: 'claim' },
        h('p', { class: 'claim-text' }, id ? h('a', { href: `#/claims/${id}` }, c.text) : c.text),
        h(
          'p',
          { class: 'claim-meta' },
          badge(c.kind),
          c.attributedTo.length ? ` · according to ${c.attributedTo.join(', ')}` : '',
          c.places.length ? ` · ${c.places.map((p) => p.name).join(', ')}` : '',
        ),
      );
    }),
  );
}

/**
 * Where discovery found this page: the registered source that followed it (for an article) or the
 * article that cited it (for a citation), and the capture that named it. A citation was found in an
 * article's capture, which discovery found in turn; an article, in its source's own capture.
 */
async function discoveredFrom(from: NonNullable<Snapshot['discoveredFrom']>, signal: AbortSignal): Promise<HTMLElement> {
  const foundIn = await getJson<Snapshot>(`/snapshots/${encodeURIComponent(from.snapshotId)}`, signal).catch(() => undefined);
  const foundInLink = h(
    'a',
    { href: `#/snapshots/${from.snapshotId}` },
    foundIn ? [foundIn.title || foundIn.url, ' (captured ', time(foundIn.capturedAt), ')'] : `capture ${from.snapshotId}`,
  );
  if (!foundIn) return definitionList([['Found in', foundInLink]]);
  if (foundIn.discoveredFrom)
    return definitionList([
      ['Cited by', foundInLink],
      ['Citing article', h('a', { href: `#/changes?source=${encodeURIComponent(from.sourceId)}` }, 'its changes')],
    ]);
  return definitionList([
    ['Found by', h('a', { href: `#/sources?id=${encodeURIComponent(from.sourceId)}` }, foundIn.url)],
    ['Found in', foundInLink],
  ]);
}

/** The pages an article cites, each captured once: URL, status (and why), and its capture when there is one. */
function citationList(citations: Citation[]): HTMLElement {
  return h(
    'ul',
    { class: 'citations' },
    citations.map((c) =>
      h(
        'li',
        {},
        h('p', { class: 'item-url' }, c.url),
        h(
          'p',
          { class: 'claim-meta' },
          statusBadge(c.status),
          c.reason ? ` ${c.reason}` : null,
          c.snapshotId && c.status !== 'queued' ? [' · ', h('a', { href: `#/snapshots/${c.snapshotId}` }, 'its capture')] : null,
        ),
      ),
    ),
  );
}

/** `#/snapshots/{id}`: metadata, artifacts and hashes, the screenshot, what changed since the previous capture, and the claims. */
export async function snapshotView(root: HTMLElement, ctx: ViewContext, id: string): Promise<void> {
  replace(root, h('h1', { tabindex: -1 }, 'Capture'), loading('the capture'));
  const snapshot = await getJson<Snapshot>(`/snapshots/${encodeURIComponent(id)}`, ctx.signal);
  const diffBox = h('div', {}, loading('the previous capture'));
  const changesBox = h('div', {}, loading('the claim changes'));
  const claimsBox = h('div', {}, loading('the claims'));
  const foundBox = snapshot.discoveredFrom ? h('div', {}, loading('where it was found')) : null;
  replace(
    root,
    h('h1', { tabindex: -1 }, 'Capture'),
    snapshot.title ? h('p', { class: 'claim-headline' }, snapshot.title) : null,
    definitionList([
      ['URL', snapshot.url],
      ['Final URL', snapshot.finalUrl && snapshot.finalUrl !== snapshot.url ? snapshot.finalUrl : null],
      ['Captured', time(snapshot.capturedAt)],
      ['Status', h('span', {}, statusBadge(snapshot.status), snapshot.httpStatus ? ` HTTP ${snapshot.httpStatus}` : '')],
      ['Error', snapshot.error ?? null],
      ['Claims', h('a', { href: `#/claims?url=${encodeURIComponent(snapshot.url)}` }, `${snapshot.claimCount} claims of this page`)],
      ['Changes', h('a', { href: `#/changes?url=${encodeURIComponent(snapshot.url)}` }, 'every change of this page')],
      ['Redirects', snapshot.redirectChain?.length ? snapshot.redirectChain.join(' → ') : null],
      ['Browser', snapshot.browserVersion ?? null],
      ['Snapshot id', h('code', {}, snapshot.id)],
    ]),
    foundBox ? [h('h2', {}, 'Found by discovery'), foundBox] : null,
    snapshot.citations?.length
      ? [
          h('h2', {}, 'Citations'),
          h('p', { class: 'muted' }, 'Pages this article cites, each captured once.'),
          citationList(snapshot.citations),
        ]
      : null,
    h('h2', {}, 'Artifacts'),
    artifactTable(snapshot),
    h('h2', {}, 'Screenshot'),
    screenshot(snapshot, ctx),
    h('h2', {}, 'Changes since the previous capture'),
    diffBox,
    h('h3', {}, 'Claims added, removed or edited'),
    changesBox,
    h('h2', {}, 'Claims in this capture'),
    claimsBox,
  );

  const settle = (box: HTMLElement, work: Promise<Node>) =>
    work.then(
      (node) => replace(box, node),
      (error) => {
        if (!ctx.signal.aborted) replace(box, failure(error));
      },
    );

  await Promise.all([
    settle(
      diffBox,
      (async () => {
        const previous = await previousCapture(snapshot, ctx.signal);
        if (!previous) return h('p', { class: 'muted' }, 'This is the first capture of this URL.');
        const [before, after] = await Promise.all([
          getText(`/snapshots/${previous.id}/artifacts/text`, ctx.signal),
          snapshot.artifacts.some((a) => a.name === 'text')
            ? getText(`/snapshots/${snapshot.id}/artifacts/text`, ctx.signal)
            : Promise.resolve(''),
        ]);
        const changes = lineChanges(before, after);
        const intro = h(
          'p',
          {},
          'Compared with ',
          h('a', { href: `#/snapshots/${previous.id}` }, 'the capture of ', time(previous.capturedAt)),
          '.',
        );
        if (!changes) return h('div', {}, intro, h('p', {}, 'The texts differ too much to compare line by line.'));
        if (changes.every((c) => c.type === 'same')) return h('div', {}, intro, h('p', {}, 'The text did not change.'));
        return h('div', {}, intro, renderLineChanges(changes));
      })(),
    ),
    settle(
      changesBox,
      claimChanges(snapshot, ctx.signal).then((changes) =>
        changes.length
          ? h(
              'ul',
              { class: 'changes' },
              changes.map((c) => changeItem(c, false)),
            )
          : h('p', { class: 'muted' }, 'No claim changed at this capture.'),
      ),
    ),
    settle(claimsBox, claimsOf(snapshot, ctx.signal)),
    foundBox && snapshot.discoveredFrom ? settle(foundBox, discoveredFrom(snapshot.discoveredFrom, ctx.signal)) : null,
  ]);
}
