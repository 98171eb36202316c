import { type Snapshot, download, imageUrl } from '../api.js';
import { h, replace } from '../dom.js';
import type { ViewContext } from './context.js';
import { failure } from './parts.js';

/** A button that fetches an artifact with the key and saves it as a file. */
export function downloadButton(label: string, path: string, filename: string): HTMLElement {
  const status = h('span', { class: 'download-status', role: 'status' });
  const button = h(
    'button',
    {
      type: 'button',
      class: 'download',
      on: {
        click: () => {
          button.disabled = true;
          status.textContent = ' downloading…';
          download(path, filename).then(
            () => {
              status.textContent = '';
              button.disabled = false;
            },
            (error: Error) => {
              status.textContent = ` ${error.message}`;
              button.disabled = false;
            },
          );
        },
      },
    },
    label,
  );
  return h('span', { class: 'download-wrap' }, button, status);
}

/** WARC, WACZ and HTML downloads for a snapshot, where it has them. */
export function downloads(snapshot: Snapshot): HTMLElement {
  const has = (name: string) => snapshot.artifacts.some((a) => a.name === name);
  return h(
    'p',
    { class: 'downloads' },
    has('warc') ? downloadButton('WARC', `/snapshots/${snapshot.id}/artifacts/warc`, `${snapshot.id}.warc.gz`) : null,
    snapshot.status !== 'failed' && has('warc') ? downloadButton('WACZ', `/snapshots/${snapshot.id}/wacz`, `${snapshot.id}.wacz`) : null,
    has('html') ? downloadButton('HTML', `/snapshots/${snapshot.id}/artifacts/html`, `${snapshot.id}.html`) : null,
    has('resource') ? downloadButton('Resource', `/snapshots/${snapshot.id}/artifacts/resource`, `${snapshot.id}.bin`) : null,
  );
}

/**
 * The capture's screenshot, fetched with the key and shown from an object URL (the CSP allows
 * images from the app and `blob:` only). It is shown at full width in a scrolling frame.
 */
export function screenshot(snapshot: Snapshot, ctx: ViewContext): HTMLElement {
  const frame = h('figure', { class: 'screenshot' });
  if (!snapshot.artifacts.some((a) => a.name === 'screenshot')) {
    replace(frame, h('p', { class: 'muted' }, 'This capture has no screenshot.'));
    return frame;
  }
  replace(frame, h('p', { class: 'muted', role: 'status' }, 'Loading the screenshot…'));
  imageUrl(`/snapshots/${snapshot.id}/artifacts/screenshot`, ctx.signal).then(
    (url) => {
      ctx.onCleanup(() => URL.revokeObjectURL(url));
      const scroller = h(
        'div',
        { class: 'screenshot-scroll', tabindex: 0, role: 'region', aria: { label: 'Screenshot, scrollable' } },
        h('img', { src: url, alt: `Screenshot of ${snapshot.title ?? snapshot.url} as captured` }),
      );
      replace(frame, scroller, h('figcaption', {}, 'Screenshot of the page as the browser rendered it.'));
    },
    (error) => {
      if (!ctx.signal.aborted) replace(frame, failure(error));
    },
  );
  return frame;
}
