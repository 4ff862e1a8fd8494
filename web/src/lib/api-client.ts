import type { AuthSession } from '@/types/api';

/** Field name → message, from a problem document's `errors` list. */
export type FieldErrors = Record<string, string>;

interface ProblemDocument {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  errors?: { field?: string; message?: string }[];
  /** Lectern extensions: a stable machine-readable code and the request id in the server log. */
  code?: string;
  request_id?: string;
}

/**
 * Every failed call to the API becomes an ApiError: an RFC 9457 problem document
 * parsed into something a form can show. `status` 0 means the server was not reached.
 */
export class ApiError extends Error {
  readonly status: number;
  readonly title: string;
  readonly detail?: string;
  readonly type?: string;
  readonly code?: string;
  /** Quote this to an administrator: it finds the request in the server log. */
  readonly requestId?: string;
  readonly fieldErrors: FieldErrors;
  /** Seconds to wait, from a Retry-After header (429, 503). */
  readonly retryAfter?: number;

  constructor(init: {
    status: number;
    title: string;
    detail?: string;
    type?: string;
    code?: string;
    requestId?: string;
    fieldErrors?: FieldErrors;
    retryAfter?: number;
  }) {
    super(init.detail || init.title);
    this.name = 'ApiError';
    this.status = init.status;
    this.title = init.title;
    this.detail = init.detail;
    this.type = init.type;
    this.code = init.code;
    this.requestId = init.requestId;
    this.fieldErrors = init.fieldErrors ?? {};
    this.retryAfter = init.retryAfter;
  }

  static async fromResponse(res: Response): Promise<ApiError> {
    let problem: ProblemDocument = {};
    if (/json/i.test(res.headers.get('Content-Type') ?? '')) {
      try {
        const body: unknown = await res.json();
        if (body && typeof body === 'object') problem = body as ProblemDocument;
      } catch {
        // A broken body still leaves us the status line.
      }
    }
    const fieldErrors: FieldErrors = {};
    for (const e of Array.isArray(problem.errors) ? problem.errors : []) {
      if (!e?.field || !e.message) continue;
      fieldErrors[e.field] = fieldErrors[e.field] ? `${fieldErrors[e.field]} ${e.message}` : e.message;
    }
    return new ApiError({
      status: res.status,
      title: problem.title || res.statusText || `Request failed (${res.status})`,
      detail: problem.detail || undefined,
      type: problem.type,
      code: problem.code,
      requestId: problem.request_id || res.headers.get('X-Request-Id') || undefined,
      fieldErrors,
      retryAfter: parseRetryAfter(res.headers.get('Retry-After')),
    });
  }

  static network(cause: unknown): ApiError {
    const err = new ApiError({
      status: 0,
      title: 'Can’t reach the server',
      detail: 'Check your connection and try again.',
    });
    (err as { cause?: unknown }).cause = cause;
    return err;
  }
}

/** Retry-After is either delay-seconds or an HTTP date. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1000));
}

type Query = Record<string, string | number | boolean | null | undefined>;

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Sent as JSON; a Blob (e.g. a File) is sent as it is, with its own type. */
  body?: unknown;
  /** Added to the URL; null, undefined and '' are left out. */
  query?: Query;
  signal?: AbortSignal;
  /** Return the body as text (a Markdown or CSV download) instead of parsing JSON. */
  text?: boolean;
}

type SessionListener = (session: AuthSession | null) => void;

export interface ApiClientOptions {
  baseUrl?: string;
  fetch?: typeof fetch;
}

/**
 * The one way the UI talks to /api/v1. It holds the access token in memory only
 * (the refresh token lives in an HttpOnly cookie the browser sends to /api/v1/auth),
 * and when a call fails with 401 it refreshes once, shared by every call waiting,
 * and retries. A refresh the server refuses ends the session.
 */
export function createApiClient({ baseUrl = '/api/v1', fetch: fetchImpl }: ApiClientOptions = {}) {
  const doFetch = fetchImpl ?? ((input: RequestInfo | URL, init?: RequestInit) => globalThis.fetch(input, init));
  let accessToken: string | null = null;
  let refreshing: Promise<AuthSession | null> | null = null;
  let refreshTimer: ReturnType<typeof setTimeout> | undefined;
  const listeners = new Set<SessionListener>();

  function url(path: string, query?: Query): string {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query ?? {})) {
      if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
    }
    const qs = params.toString();
    return `${baseUrl}${path}${qs ? `?${qs}` : ''}`;
  }

  async function send(path: string, opts: RequestOptions, token: string | null): Promise<Response> {
    const headers: Record<string, string> = { Accept: 'application/json, application/problem+json' };
    const raw = typeof Blob !== 'undefined' && opts.body instanceof Blob ? opts.body : null;
    if (raw) headers['Content-Type'] = raw.type || 'application/octet-stream';
    else if (opts.body !== undefined) headers['Content-Type'] = 'application/json';
    if (token) headers.Authorization = `Bearer ${token}`;
    try {
      return await doFetch(url(path, opts.query), {
        method: opts.method ?? 'GET',
        headers,
        body: raw ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body)),
        credentials: 'same-origin',
        signal: opts.signal,
      });
    } catch (err) {
      if (opts.signal?.aborted) throw err;
      throw ApiError.network(err);
    }
  }

  async function parse<T>(res: Response, asText = false): Promise<T> {
    if (res.status === 204) return undefined as T;
    const text = await res.text();
    if (asText) return text as T;
    return (text ? JSON.parse(text) : undefined) as T;
  }

  function emit(session: AuthSession | null) {
    for (const l of listeners) l(session);
  }

  function startSession(session: AuthSession) {
    accessToken = session.access_token;
    clearTimeout(refreshTimer);
    // Refresh a minute before expiry so a long page visit never sees a 401.
    // If the tab sleeps through it, the 401 path below still recovers.
    const lead = Math.max(session.expires_in - 60, session.expires_in / 2);
    if (Number.isFinite(lead) && lead > 0) {
      refreshTimer = setTimeout(() => void refresh().catch(() => undefined), lead * 1000);
    }
    emit(session);
  }

  function clearSession() {
    const had = accessToken !== null;
    accessToken = null;
    clearTimeout(refreshTimer);
    refreshTimer = undefined;
    if (had) emit(null);
  }

  async function refreshNow(): Promise<AuthSession | null> {
    // The cookie carries the refresh token; the body is deliberately empty.
    const res = await send('/auth/refresh', { method: 'POST', body: {} }, null);
    if (res.ok) {
      const session = await parse<AuthSession>(res);
      startSession(session);
      return session;
    }
    // 4xx means the session is gone (expired, revoked, account disabled).
    // 429 and 5xx say nothing about the session, so keep it and report the error.
    if (res.status >= 400 && res.status < 500 && res.status !== 429) {
      clearSession();
      return null;
    }
    throw await ApiError.fromResponse(res);
  }

  /** One refresh at a time: concurrent callers share it. */
  function refresh(): Promise<AuthSession | null> {
    if (!refreshing) {
      // Refresh tokens rotate and re-use of a spent one revokes the family, so
      // tabs take turns (Web Locks): the second tab then sends the rotated cookie.
      const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
      const run = async () => (locks ? await locks.request('lectern-refresh', refreshNow) : refreshNow());
      refreshing = run().finally(() => {
        refreshing = null;
      });
    }
    return refreshing;
  }

  async function request<T>(path: string, opts: RequestOptions = {}): Promise<T> {
    return parse<T>(await respond(path, opts), opts.text);
  }

  /** Sends with the token, refreshing it once on a 401; throws ApiError unless the answer is 2xx. */
  async function respond(path: string, opts: RequestOptions): Promise<Response> {
    const sentToken = accessToken;
    let res = await send(path, opts, sentToken);
    // Auth endpoints answer 401 for bad credentials, not for an expired token.
    if (res.status === 401 && sentToken && !path.startsWith('/auth/')) {
      // Another call may already have refreshed while this one was in flight.
      const fresh = accessToken !== sentToken ? accessToken : (await refresh())?.access_token ?? null;
      if (!fresh) throw await ApiError.fromResponse(res);
      res = await send(path, opts, fresh);
    }
    if (!res.ok) throw await ApiError.fromResponse(res);
    return res;
  }

  return {
    request,
    /** GET a non-JSON body (a CSV download) as text. */
    getText: async (path: string, opts?: Omit<RequestOptions, 'method' | 'body'>) => (await respond(path, { ...opts, method: 'GET' })).text(),
    get: <T>(path: string, opts?: Omit<RequestOptions, 'method' | 'body'>) => request<T>(path, { ...opts, method: 'GET' }),
    post: <T>(path: string, body: unknown = {}, opts?: Omit<RequestOptions, 'method' | 'body'>) =>
      request<T>(path, { ...opts, method: 'POST', body }),
    patch: <T>(path: string, body: unknown, opts?: Omit<RequestOptions, 'method' | 'body'>) =>
      request<T>(path, { ...opts, method: 'PATCH', body }),
    put: <T>(path: string, body: unknown, opts?: Omit<RequestOptions, 'method' | 'body'>) =>
      request<T>(path, { ...opts, method: 'PUT', body }),
    delete: <T = void>(path: string, opts?: Omit<RequestOptions, 'method' | 'body'>) => request<T>(path, { ...opts, method: 'DELETE' }),

    /** Use the tokens from register, login or refresh for later calls. */
    startSession,
    /** Forget the access token (the cookie is cleared by POST /auth/logout). */
    clearSession,
    hasSession: () => accessToken !== null,
    /**
     * The current access token, for requests the client cannot make itself: tus
     * uploads, streamed responses (Server-Sent Events) and keepalive beacons.
     * Call restoreSession() first when it may have expired.
     */
    accessToken: () => accessToken,
    /** Restore a session from the refresh cookie; null when there is none. */
    restoreSession: refresh,
    async logout(): Promise<void> {
      try {
        await request<void>('/auth/logout', { method: 'POST', body: {} });
      } finally {
        clearSession();
      }
    },
    /** Called with the new session after login/refresh, and with null when it ends. */
    onSessionChange(listener: SessionListener): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

export type ApiClient = ReturnType<typeof createApiClient>;

export const api = createApiClient();
