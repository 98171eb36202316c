/** A problem+json answer from the API, as an error the CLI prints. */
export class ApiProblemError extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
  ) {
    super(`HTTP ${status}: ${detail}`);
    this.name = 'ApiProblemError';
  }
}

export interface ApiClientOptions {
  apiUrl: string;
  apiKey?: string;
  fetch?: typeof fetch;
}

/** A thin client for the Verbatim API: JSON in and out, problem+json turned into {@link ApiProblemError}. */
export class ApiClient {
  private readonly fetchImpl: typeof fetch;

  constructor(private readonly options: ApiClientOptions) {
    this.fetchImpl = options.fetch ?? fetch;
  }

  async request<T>(method: string, route: string, body?: unknown): Promise<T> {
    let res: Response;
    try {
      res = await this.fetchImpl(`${this.options.apiUrl}${route}`, {
        method,
        headers: {
          ...(this.options.apiKey ? { authorization: `Bearer ${this.options.apiKey}` } : {}),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (err) {
      throw new ApiProblemError(
        0,
        `cannot reach ${this.options.apiUrl}: ${(err as Error).message}. Is the API running (npm start), and is VERBATIM_API_URL right?`,
      );
    }
    if (res.status === 204) return undefined as T;
    const text = await res.text();
    if (!res.ok) {
      let detail = text;
      try {
        const problem = JSON.parse(text) as { title?: string; detail?: string };
        detail = problem.detail ?? problem.title ?? text;
      } catch {
        /* not problem+json: show the body as it is */
      }
      throw new ApiProblemError(res.status, detail);
    }
    return JSON.parse(text) as T;
  }

  /** Fetches a binary answer (a WACZ, an artifact) as a stream. */
  async download(route: string): Promise<ReadableStream<Uint8Array>> {
    let res: Response;
    try {
      res = await this.fetchImpl(`${this.options.apiUrl}${route}`, {
        headers: this.options.apiKey ? { authorization: `Bearer ${this.options.apiKey}` } : {},
      });
    } catch (err) {
      throw new ApiProblemError(0, `cannot reach ${this.options.apiUrl}: ${(err as Error).message}`);
    }
    if (!res.ok || !res.body) {
      const text = await res.text();
      let detail = text;
      try {
        detail = (JSON.parse(text) as { detail?: string }).detail ?? text;
      } catch {
        /* not problem+json */
      }
      throw new ApiProblemError(res.status, detail);
    }
    return res.body;
  }

  /** Follows `nextCursor` until `max` items are collected, reporting progress after each page. */
  async *pages<T>(route: string, key: string, params: URLSearchParams): AsyncGenerator<T[]> {
    let cursor: string | null = null;
    do {
      const query = new URLSearchParams(params);
      if (cursor) query.set('cursor', cursor);
      const page: Record<string, unknown> = await this.request('GET', `${route}?${query}`);
      yield page[key] as T[];
      cursor = page.nextCursor as string | null;
    } while (cursor);
  }
}
