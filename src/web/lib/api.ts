/**
 * The one way the web app talks to the server: JSON over fetch, the CSRF token on writes, If-Match when a
 * version is given, and errors thrown as ApiError carrying the problem+json body (detail and errors[]).
 */
export interface FieldError {
  field?: string;
  row?: number;
  column?: string;
  code: string;
  message: string;
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  requestId?: string;
  errors?: FieldError[];
  [k: string]: unknown;
}

export class ApiError extends Error {
  constructor(public readonly problem: Problem) {
    super(problem.detail);
  }
  get status() {
    return this.problem.status;
  }
  get code() {
    return this.problem.code;
  }
  /** Field errors keyed by the last path segment (`body.name` → `name`), for antd Form.setFields. */
  fieldErrors(): Record<string, string[]> {
    const out: Record<string, string[]> = {};
    for (const e of this.problem.errors ?? []) {
      const key = (e.field ?? '').split('.').slice(1).join('.') || e.field || '';
      (out[key] ??= []).push(e.message);
    }
    return out;
  }
}

let csrfToken: string | null = null;
let locale: 'zh-CN' | 'en-US' = 'zh-CN';
const listeners = new Set<(p: Problem) => void>();

export function setCsrfToken(t: string | null) {
  csrfToken = t;
}
export function setApiLocale(l: 'zh-CN' | 'en-US') {
  locale = l;
}
/** Called on 401s so the app can return to the sign-in page. */
export function onUnauthenticated(fn: (p: Problem) => void) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

export interface RequestOptions {
  body?: unknown;
  version?: number;
  query?: Record<string, string | number | boolean | undefined | null>;
  signal?: AbortSignal;
  form?: FormData;
}

export function buildUrl(path: string, query?: RequestOptions['query']) {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined && v !== null && v !== '') qs.set(k, String(v));
  const s = qs.toString();
  return s ? `${path}?${s}` : path;
}

const SESSION_GONE = new Set(['unauthenticated', 'session_expired']);

export async function api<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': locale };
  if (opts.body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  if (opts.version !== undefined) headers['If-Match'] = `"${opts.version}"`;
  let res: Response;
  try {
    res = await fetch(buildUrl(path, opts.query), {
      method,
      headers,
      credentials: 'same-origin',
      body: opts.form ?? (opts.body !== undefined ? JSON.stringify(opts.body) : undefined),
      signal: opts.signal,
    });
  } catch {
    throw new ApiError({
      type: 'network',
      title: 'network',
      status: 0,
      code: 'network',
      detail: locale === 'zh-CN' ? '无法连接服务器，请检查网络' : 'Cannot reach the server',
    });
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  const body = text ? JSON.parse(text) : undefined;
  if (!res.ok) {
    const problem: Problem = body?.code
      ? body
      : { type: 'unknown', title: 'error', status: res.status, code: 'internal', detail: res.statusText };
    // Only a missing or expired session sends the app to the sign-in page; other 401s (a wrong one-time code while
    // setting up TOTP, say) are answers to show where they happened.
    if (res.status === 401 && SESSION_GONE.has(problem.code)) listeners.forEach((l) => l(problem));
    throw new ApiError(problem);
  }
  return body as T;
}

/** Downloads a file (exports) through fetch so errors still arrive as problems. */
export async function download(path: string, query?: RequestOptions['query']): Promise<void> {
  const res = await fetch(buildUrl(path, query), {
    headers: { 'Accept-Language': locale },
    credentials: 'same-origin',
  });
  if (!res.ok) {
    const body = await res.json().catch(() => ({}));
    throw new ApiError({
      type: 'unknown',
      title: 'error',
      status: res.status,
      code: body.code ?? 'internal',
      detail: body.detail ?? res.statusText,
    });
  }
  const cd = res.headers.get('content-disposition') ?? '';
  const m = /filename\*=UTF-8''([^;]+)/.exec(cd);
  const name = m ? decodeURIComponent(m[1]!) : 'export.xlsx';
  const blob = await res.blob();
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}
