import type { components } from '../../api-types.js';

export type Claim = components['schemas']['Claim'];
export type ClaimDetail = components['schemas']['ClaimDetail'];
export type Snapshot = components['schemas']['Snapshot'];
export type Source = components['schemas']['Source'];
export type Change = components['schemas']['Change'];

/** An article a source discovered (`GET /sources/{id}/items`). */
export type Item = components['schemas']['Item'];
export type ItemStatus = Item['status'];
/** What a source's latest discovery run found (`Source.lastDiscovery`). */
export type DiscoveryRun = components['schemas']['DiscoveryRun'];
export type Citation = NonNullable<Snapshot['citations']>[number];

/** What a snapshot's `claims` artifact holds: the extraction result of that capture. */
export interface ExtractedClaims {
  extractor: string | null;
  claims: Pick<Claim, 'text' | 'kind' | 'attributedTo' | 'places'>[];
  error?: string;
}

const KEY = 'verbatim.key';

/**
 * The key lives in sessionStorage only: it goes with each request as `Authorization: Bearer`, never
 * in a URL the server sees. A sign-in link carries it in the fragment, which browsers never send.
 */
export const session = {
  key: (): string | null => sessionStorage.getItem(KEY),
  signIn(key: string): void {
    sessionStorage.setItem(KEY, key.trim());
  },
  signOut(): void {
    sessionStorage.removeItem(KEY);
  },
};

/** A `#key=<key>` fragment signs in; the key is then removed from the address bar and history. */
export function takeKeyFromAddress(): boolean {
  const match = /^#key=([^&]+)/.exec(location.hash);
  if (!match) return false;
  session.signIn(decodeURIComponent(match[1]!));
  history.replaceState(null, '', `${location.pathname}#/claims`);
  return true;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
  get signedOut(): boolean {
    return this.status === 401 || this.status === 403;
  }
}

/**
 * Tells the API that this client would rather have a short-lived link than a redirect when an
 * artifact is delivered from S3 (on AWS), so the bytes can be fetched without the bearer key.
 */
const LINK_TYPE = 'application/vnd.verbatim.link+json';

async function request(path: string, accept: string, signal?: AbortSignal): Promise<Response> {
  const key = session.key();
  if (!key) throw new ApiError(401, 'sign in first');
  const response = await fetch(path, { headers: { authorization: `Bearer ${key}`, accept }, signal, cache: 'no-store' });
  if (response.ok) return response;
  let detail = `${response.status} ${response.statusText}`;
  try {
    const problem = (await response.json()) as { detail?: string; title?: string };
    detail = problem.detail ?? problem.title ?? detail;
  } catch {
    // not a problem document
  }
  throw new ApiError(response.status, detail);
}

export function query(params: Record<string, string | number | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params))
    if (value !== undefined && value !== null && value !== '') search.set(name, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
}

export async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  return (await request(path, 'application/json', signal)).json() as Promise<T>;
}

/** The bytes behind an artifact or export route, locally streamed and on AWS through a short-lived link. */
async function getBlob(path: string, signal?: AbortSignal): Promise<Blob> {
  const response = await request(path, `${LINK_TYPE}, */*;q=0.5`, signal);
  if (!response.headers.get('content-type')?.startsWith(LINK_TYPE)) return response.blob();
  const { href } = (await response.json()) as { href: string };
  const linked = await fetch(href, { signal, credentials: 'omit', referrerPolicy: 'no-referrer' });
  if (!linked.ok) throw new ApiError(linked.status, `the archive answered ${linked.status} for the link`);
  return linked.blob();
}

export async function getText(path: string, signal?: AbortSignal): Promise<string> {
  return (await getBlob(path, signal)).text();
}

/**
 * Saves an artifact as a file. The bytes are re-typed as octet-stream so the browser can only save
 * them: an archived HTML page must never open in this origin.
 */
export async function download(path: string, filename: string): Promise<void> {
  const blob = await getBlob(path);
  const url = URL.createObjectURL(new Blob([blob], { type: 'application/octet-stream' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.hidden = true;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** A screenshot as an object URL, only if the bytes are an image. */
export async function imageUrl(path: string, signal?: AbortSignal): Promise<string> {
  const blob = await getBlob(path, signal);
  const header = new Uint8Array(await blob.slice(0, 8).arrayBuffer());
  const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].every((byte, i) => header[i] === byte);
  if (!png) throw new ApiError(415, 'the screenshot is not a PNG image');
  return URL.createObjectURL(new Blob([blob], { type: 'image/png' }));
}
