import { afterEach, describe, expect, it, vi } from 'vitest';

import type { AuthSession, User } from '@/types/api';

import { ApiError, createApiClient, parseRetryAfter } from './api-client';

const user: User = {
  id: 'u1',
  email: 'ada@example.com',
  name: 'Ada',
  headline: '',
  bio: '',
  roles: ['student'],
  email_verified: true,
  disabled: false,
  created_at: '2025-01-01T00:00:00Z',
};

const session = (token: string): AuthSession => ({ user, access_token: token, refresh_token: 'ignored', expires_in: 900 });

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });

const problem = (status: number, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify({ status, ...body }), { status, headers: { 'Content-Type': 'application/problem+json', ...headers } });

interface Call {
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: string;
}

/** A fake fetch that answers from `handler` and records every call. */
function fakeFetch(handler: (call: Call) => Response | Promise<Response>) {
  const calls: Call[] = [];
  const fn = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const call: Call = {
      url: String(input),
      method: init?.method ?? 'GET',
      headers: { ...(init?.headers as Record<string, string>) },
      body: init?.body as string | undefined,
    };
    calls.push(call);
    return handler(call);
  });
  return { fetch: fn as unknown as typeof fetch, calls };
}

const clients: ReturnType<typeof createApiClient>[] = [];
function client(handler: (call: Call) => Response | Promise<Response>) {
  const f = fakeFetch(handler);
  const api = createApiClient({ fetch: f.fetch });
  clients.push(api);
  return { api, calls: f.calls };
}

afterEach(() => {
  // Stops the proactive-refresh timers.
  for (const c of clients.splice(0)) c.clearSession();
});

describe('problem documents', () => {
  it('parses status, title, detail, type and field errors into an ApiError', async () => {
    const { api } = client(() =>
      problem(422, {
        type: 'https://lectern.dev/problems/validation',
        code: 'validation_failed',
        request_id: 'req-123',
        title: 'Invalid input',
        detail: 'Some fields need attention.',
        errors: [
          { field: 'email', message: 'is already registered' },
          { field: 'password', message: 'is too short.' },
          { field: 'password', message: 'needs a digit.' },
        ],
      }),
    );

    const err = await api.post('/auth/register', { email: 'a@b.c', password: 'x', name: 'A' }).catch((e: unknown) => e);

    expect(err).toBeInstanceOf(ApiError);
    const e = err as ApiError;
    expect(e.status).toBe(422);
    expect(e.title).toBe('Invalid input');
    expect(e.detail).toBe('Some fields need attention.');
    expect(e.type).toBe('https://lectern.dev/problems/validation');
    expect(e.code).toBe('validation_failed');
    expect(e.requestId).toBe('req-123');
    expect(e.message).toBe('Some fields need attention.');
    expect(e.fieldErrors).toEqual({ email: 'is already registered', password: 'is too short. needs a digit.' });
  });

  it('falls back to the status line when the body is not a problem document', async () => {
    const { api } = client(() => new Response('<html>Bad Gateway</html>', { status: 502, statusText: 'Bad Gateway', headers: { 'Content-Type': 'text/html' } }));

    const e = (await api.get('/me').catch((x: unknown) => x)) as ApiError;

    expect(e).toBeInstanceOf(ApiError);
    expect(e.status).toBe(502);
    expect(e.title).toBe('Bad Gateway');
    expect(e.detail).toBeUndefined();
    expect(e.fieldErrors).toEqual({});
  });

  it('reads Retry-After on 429', async () => {
    const { api } = client(() => problem(429, { title: 'Too Many Requests', detail: 'Too many login attempts.' }, { 'Retry-After': '42' }));

    const e = (await api.post('/auth/login', { email: 'a@b.c', password: 'x' }).catch((x: unknown) => x)) as ApiError;

    expect(e.status).toBe(429);
    expect(e.retryAfter).toBe(42);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:30 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT'))).toBe(30);
    expect(parseRetryAfter('soon')).toBeUndefined();
  });

  it('turns a network failure into an ApiError with status 0', async () => {
    const { api } = client(() => {
      throw new TypeError('Failed to fetch');
    });

    const e = (await api.get('/me').catch((x: unknown) => x)) as ApiError;

    expect(e).toBeInstanceOf(ApiError);
    expect(e.status).toBe(0);
  });
});

describe('requests', () => {
  it('sends JSON with Content-Type only when there is a body, and the bearer token once logged in', async () => {
    const { api, calls } = client(() => json(200, user));
    api.startSession(session('tok-1'));

    await api.get('/me');
    await api.patch('/me', { name: 'Ada L.' });
    await api.get('/admin/users', { query: { q: 'ada', cursor: undefined, limit: 50 } });

    expect(calls[0].headers['Content-Type']).toBeUndefined();
    expect(calls[0].headers.Authorization).toBe('Bearer tok-1');
    expect(calls[1]).toMatchObject({ url: '/api/v1/me', method: 'PATCH', body: '{"name":"Ada L."}' });
    expect(calls[1].headers['Content-Type']).toBe('application/json');
    expect(calls[2].url).toBe('/api/v1/admin/users?q=ada&limit=50');
  });

  it('sends a Blob as the raw body with its own Content-Type (uploads)', async () => {
    const { api, calls } = client(() => json(200, {}));
    const image = new Blob([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], { type: 'image/png' });

    await api.put('/courses/7/thumbnail', image);
    await api.delete('/lectures/3');

    expect(calls[0]).toMatchObject({ url: '/api/v1/courses/7/thumbnail', method: 'PUT' });
    expect(calls[0].headers['Content-Type']).toBe('image/png');
    expect((calls[0].body as unknown) instanceof Blob).toBe(true);
    expect(calls[1]).toMatchObject({ url: '/api/v1/lectures/3', method: 'DELETE' });
    expect(calls[1].headers['Content-Type']).toBeUndefined();
  });

  it('returns undefined for 204 and 202 without a body', async () => {
    const { api } = client((c) => new Response(null, { status: c.url.endsWith('/forgot') ? 202 : 204 }));

    await expect(api.post('/auth/password/forgot', { email: 'a@b.c' })).resolves.toBeUndefined();
    await expect(api.post('/auth/email/verify', { token: 't' })).resolves.toBeUndefined();
  });
});

describe('refresh on 401', () => {
  it('refreshes once and retries the request with the new token', async () => {
    const { api, calls } = client((c) => {
      if (c.url === '/api/v1/auth/refresh') return json(200, session('tok-2'));
      return c.headers.Authorization === 'Bearer tok-2' ? json(200, { ...user, name: 'Fresh' }) : problem(401, { title: 'Unauthorized' });
    });
    const seen: (AuthSession | null)[] = [];
    api.onSessionChange((s) => seen.push(s));
    api.startSession(session('tok-1'));

    const me = await api.get<User>('/me');

    expect(me.name).toBe('Fresh');
    expect(calls.map((c) => `${c.method} ${c.url} ${c.headers.Authorization ?? '-'}`)).toEqual([
      'GET /api/v1/me Bearer tok-1',
      'POST /api/v1/auth/refresh -',
      'GET /api/v1/me Bearer tok-2',
    ]);
    // The cookie carries the refresh token; the body is an empty object.
    expect(calls[1].body).toBe('{}');
    expect(calls[1].headers['Content-Type']).toBe('application/json');
    expect(seen.map((s) => s?.access_token)).toEqual(['tok-1', 'tok-2']);
  });

  it('shares one refresh between concurrent requests', async () => {
    let releaseRefresh!: () => void;
    const refreshGate = new Promise<void>((r) => (releaseRefresh = r));
    const { api, calls } = client(async (c) => {
      if (c.url === '/api/v1/auth/refresh') {
        await refreshGate;
        return json(200, session('tok-2'));
      }
      return c.headers.Authorization === 'Bearer tok-2' ? json(200, { path: c.url }) : problem(401, { title: 'Unauthorized' });
    });
    api.startSession(session('tok-1'));

    const all = Promise.all([api.get('/me'), api.get('/admin/users'), api.get('/me/instructor')]);
    await vi.waitFor(() => expect(calls.filter((c) => c.url.endsWith('/refresh'))).toHaveLength(1));
    releaseRefresh();
    const results = await all;

    expect(results).toEqual([{ path: '/api/v1/me' }, { path: '/api/v1/admin/users' }, { path: '/api/v1/me/instructor' }]);
    expect(calls.filter((c) => c.url.endsWith('/refresh'))).toHaveLength(1);
    expect(calls.filter((c) => c.headers.Authorization === 'Bearer tok-2')).toHaveLength(3);
  });

  it('does not refresh again for a request that failed with a token already replaced', async () => {
    let first = true;
    const { api, calls } = client(async (c) => {
      if (c.url === '/api/v1/auth/refresh') return json(200, session('tok-2'));
      if (c.headers.Authorization === 'Bearer tok-2') return json(200, {});
      // The first request's 401 arrives only after another call refreshed.
      if (first) {
        first = false;
        await new Promise((r) => setTimeout(r, 20));
      }
      return problem(401, { title: 'Unauthorized' });
    });
    api.startSession(session('tok-1'));

    const slow = api.get('/slow');
    await api.get('/fast');
    await slow;

    expect(calls.filter((c) => c.url.endsWith('/refresh'))).toHaveLength(1);
  });

  it('ends the session when the refresh is refused, without retrying', async () => {
    const { api, calls } = client((c) =>
      c.url.endsWith('/auth/refresh') ? problem(401, { title: 'Unauthorized', detail: 'Session expired.' }) : problem(401, { title: 'Unauthorized', detail: 'Token expired.' }),
    );
    const seen: (AuthSession | null)[] = [];
    api.startSession(session('tok-1'));
    api.onSessionChange((s) => seen.push(s));

    const e = (await api.get('/me').catch((x: unknown) => x)) as ApiError;

    expect(e).toBeInstanceOf(ApiError);
    expect(e.status).toBe(401);
    expect(e.detail).toBe('Token expired.');
    expect(calls).toHaveLength(2);
    expect(api.hasSession()).toBe(false);
    expect(seen).toEqual([null]);
  });

  it('keeps the session when the refresh fails for a server error', async () => {
    const { api } = client((c) => (c.url.endsWith('/auth/refresh') ? problem(503, { title: 'Service Unavailable' }) : problem(401, { title: 'Unauthorized' })));
    api.startSession(session('tok-1'));

    const e = (await api.get('/me').catch((x: unknown) => x)) as ApiError;

    expect(e.status).toBe(503);
    expect(api.hasSession()).toBe(true);
  });

  it('never refreshes for auth endpoints (401 there means bad credentials)', async () => {
    const { api, calls } = client(() => problem(401, { title: 'Unauthorized', detail: 'Wrong email or password.' }));
    api.startSession(session('tok-1'));

    const e = (await api.post('/auth/login', { email: 'a@b.c', password: 'nope' }).catch((x: unknown) => x)) as ApiError;

    expect(e.detail).toBe('Wrong email or password.');
    expect(calls).toHaveLength(1);
  });

  it('restores a session from the cookie, and treats 401 as logged out', async () => {
    let cookie = true;
    const { api, calls } = client(() => (cookie ? json(200, session('tok-9')) : problem(401, { title: 'Unauthorized' })));

    await expect(api.restoreSession()).resolves.toMatchObject({ user: { id: 'u1' } });
    expect(api.hasSession()).toBe(true);
    expect(calls[0]).toMatchObject({ url: '/api/v1/auth/refresh', method: 'POST', body: '{}' });

    api.clearSession();
    cookie = false;
    await expect(api.restoreSession()).resolves.toBeNull();
    expect(api.hasSession()).toBe(false);
  });

  it('refreshes proactively shortly before the access token expires', async () => {
    vi.useFakeTimers();
    try {
      const { api, calls } = client(() => json(200, session('tok-2')));
      api.startSession(session('tok-1')); // expires_in 900 s

      await vi.advanceTimersByTimeAsync(839_000);
      expect(calls).toHaveLength(0);
      await vi.advanceTimersByTimeAsync(1_000);
      expect(calls.map((c) => c.url)).toEqual(['/api/v1/auth/refresh']);
    } finally {
      vi.useRealTimers();
    }
  });
});
