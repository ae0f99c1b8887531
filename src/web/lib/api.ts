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
  /** The field in words, in the request's language (完成时限, not body.deadline). */
  label?: string;
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
  /** Extra request headers (e.g. `Idempotency-Key`). */
  headers?: Record<string, string>;
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
  Object.assign(headers, opts.headers);
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
    throw networkProblem();
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

/** A fresh Idempotency-Key (128 random bits in hex; crypto.randomUUID needs HTTPS, a county LAN may not have it). */
export function newIdempotencyKey(): string {
  const b = new Uint8Array(16);
  crypto.getRandomValues(b);
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

/**
 * Runs a write that carries an Idempotency-Key, sending it again while the connection fails (up to `tries` times,
 * waiting a little longer each time): the server answers a copy with the first result, so nothing is filed twice.
 */
export async function withRetry<T>(send: () => Promise<T>, tries = 3, waitMs = 1000): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await send();
    } catch (e) {
      if (!(e instanceof ApiError && e.status === 0) || i >= tries) throw e;
      await new Promise((r) => setTimeout(r, waitMs * i));
    }
  }
}

function networkProblem(): ApiError {
  return new ApiError({
    type: 'network',
    title: 'network',
    status: 0,
    code: 'network',
    detail: locale === 'zh-CN' ? '无法连接服务器，请检查网络' : 'Cannot reach the server',
  });
}

/**
 * Sends a form with a file, telling `onProgress` the share sent (0–1) as it goes: fetch cannot report an upload's
 * progress, XMLHttpRequest can. Same headers, errors and 401 handling as `api`.
 */
export function upload<T>(path: string, form: FormData, onProgress: (share: number) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    xhr.withCredentials = true;
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.setRequestHeader('Accept-Language', locale);
    if (csrfToken) xhr.setRequestHeader('X-CSRF-Token', csrfToken);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) onProgress(e.loaded / e.total);
    };
    // the whole body is sent: the server is now working on it (progress events may stop short of the end)
    xhr.upload.onload = () => onProgress(1);
    xhr.onerror = () => reject(networkProblem());
    xhr.ontimeout = () => reject(networkProblem());
    xhr.onabort = () => reject(networkProblem());
    xhr.onload = () => {
      let body: unknown;
      try {
        body = xhr.responseText ? JSON.parse(xhr.responseText) : undefined;
      } catch {
        body = undefined;
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(1);
        return resolve(body as T);
      }
      const b = body as Problem | undefined;
      const problem: Problem = b?.code
        ? b
        : { type: 'unknown', title: 'error', status: xhr.status, code: 'internal', detail: xhr.statusText };
      if (xhr.status === 401 && SESSION_GONE.has(problem.code)) listeners.forEach((l) => l(problem));
      reject(new ApiError(problem));
    };
    xhr.send(form);
  });
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
