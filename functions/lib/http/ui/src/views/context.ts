/** What a view gets from the router: the route's query, a signal that aborts when the route changes, and cleanup. */
export interface ViewContext {
  params: URLSearchParams;
  signal: AbortSignal;
  onCleanup(cleanup: () => void): void;
  navigate(hash: string): void;
}

export function hashFor(path: string, params: Record<string, string | undefined> | URLSearchParams): string {
  const search = new URLSearchParams();
  const entries = params instanceof URLSearchParams ? [...params.entries()] : Object.entries(params);
  for (const [name, value] of entries) if (value) search.set(name, value);
  const text = search.toString();
  return `#${path}${text ? `?${text}` : ''}`;
}
