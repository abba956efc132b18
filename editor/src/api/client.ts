/**
 * The engine's HTTP API as the editor uses it: JSON in and out, the session's credentials (the
 * httpOnly session cookie with its CSRF token and the tab's workspace, or an API key as a Bearer
 * token), and errors as `ApiError` with the CONTRACT's `{ code, message, details }`.
 */

import type { BodyAt, ResponseAt, ServedPath } from '@switchboard/shared';

export interface ApiErrorDetail {
  field?: string;
  nodeId?: string | null;
  message: string;
}

export class ApiError extends Error {
  constructor(
    /** HTTP status; 0 when the engine could not be reached. */
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/**
 * What a request carries besides its body: an API key (Bearer), or under a cookie session the
 * CSRF token (every change) and the workspace this tab acts in.
 */
export interface Credentials {
  apiKey: string | null;
  csrfToken: string | null;
  workspaceId: string | null;
}

type CredentialsProvider = () => Credentials;
type UnauthorizedHandler = () => void;

let credentials: CredentialsProvider = () => ({ apiKey: null, csrfToken: null, workspaceId: null });
let onUnauthorized: UnauthorizedHandler = () => {};

/** Wires the client to the session (done once by the session store). */
export function configureApi(provider: CredentialsProvider, unauthorized: UnauthorizedHandler): void {
  credentials = provider;
  onUnauthorized = unauthorized;
}

/**
 * The headers that say who asks and where: a key checked before it is kept (`options.key`)
 * stands alone; a cookie session adds its CSRF token to every change (the engine refuses a
 * change without it) and the tab's workspace to every request but signing in and out, so two
 * tabs may work in two workspaces of one session.
 */
export function authHeaders(method: string, path: string, given: Credentials, key?: string): Record<string, string> {
  const headers: Record<string, string> = {};
  const apiKey = key ?? given.apiKey;
  if (apiKey) {
    headers.authorization = `Bearer ${apiKey}`;
    return headers;
  }
  // Signing in, up or out acts in no workspace: a tab's choice must not refuse another person's sign-in.
  if (given.workspaceId && !path.startsWith('/api/auth/')) headers['x-workspace'] = given.workspaceId;
  if (given.csrfToken && method !== 'GET' && method !== 'HEAD') headers['x-csrf-token'] = given.csrfToken;
  return headers;
}

const TIMEOUT_MS = 15_000;

async function request<T>(method: string, path: string, body?: unknown, options: { key?: string; signal?: AbortSignal; quiet401?: boolean } = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', ...authHeaders(method, path, credentials(), options.key) };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), TIMEOUT_MS);
  options.signal?.addEventListener('abort', () => controller.abort());
  let response: Response;
  try {
    response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal: controller.signal, credentials: 'same-origin' });
  } catch {
    if (options.signal?.aborted) throw new ApiError(0, 'ABORTED', 'The request was cancelled.');
    throw new ApiError(0, 'UNREACHABLE', 'The engine could not be reached. Is it running?');
  } finally {
    clearTimeout(timer);
  }
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = text;
  }
  if (response.ok) return parsed as T;
  const error = (parsed as { error?: { code?: string; message?: string; details?: unknown } } | undefined)?.error;
  if (response.status === 401 && !options.key && !options.quiet401) onUnauthorized();
  throw new ApiError(response.status, error?.code ?? 'HTTP_ERROR', error?.message ?? `The engine answered HTTP ${response.status}.`, error?.details);
}

/**
 * `key`: an API key to try instead of the session's; `quiet401`: a 401 is the answer asked for
 * (who am I, a wrong password), not a session that ended.
 */
export interface RequestOptions {
  key?: string;
  signal?: AbortSignal;
  quiet401?: boolean;
}

/**
 * Each method is typed by the operation of the contract that serves the path
 * (`apiOperations` in `@switchboard/shared`): `api.get(`/api/runs/${id}`)` answers a `RunView`,
 * and a path no operation serves does not compile.
 */
export const api = {
  get: <const P extends string>(path: P & ServedPath<'GET', P>, options?: RequestOptions) => request<ResponseAt<'GET', P>>('GET', path, undefined, options),
  post: <const P extends string>(path: P & ServedPath<'POST', P>, body: BodyAt<'POST', P> | Record<string, never> = {}, options?: RequestOptions) =>
    request<ResponseAt<'POST', P>>('POST', path, body, options),
  put: <const P extends string>(path: P & ServedPath<'PUT', P>, body: BodyAt<'PUT', P>) => request<ResponseAt<'PUT', P>>('PUT', path, body),
  patch: <const P extends string>(path: P & ServedPath<'PATCH', P>, body: BodyAt<'PATCH', P>) => request<ResponseAt<'PATCH', P>>('PATCH', path, body),
  delete: <const P extends string>(path: P & ServedPath<'DELETE', P>) => request<ResponseAt<'DELETE', P>>('DELETE', path),
};

/**
 * Opens a long-lived response (Server-Sent Events) with the session's credentials: an
 * `EventSource` cannot send the Authorization or X-Workspace header, so streams are read with `fetch`. No timeout: the
 * caller ends it through `signal`. Errors as `request` throws them (401 signs out).
 */
export async function openStream(path: string, signal: AbortSignal): Promise<ReadableStream<Uint8Array>> {
  const headers: Record<string, string> = { accept: 'text/event-stream', ...authHeaders('GET', path, credentials()) };
  let response: Response;
  try {
    response = await fetch(path, { headers, signal, cache: 'no-store', credentials: 'same-origin' });
  } catch {
    if (signal.aborted) throw new ApiError(0, 'ABORTED', 'The request was cancelled.');
    throw new ApiError(0, 'UNREACHABLE', 'The engine could not be reached. Is it running?');
  }
  if (response.ok && response.body) return response.body;
  let error: { code?: string; message?: string; details?: unknown } | undefined;
  try {
    error = ((await response.json()) as { error?: typeof error } | undefined)?.error;
  } catch {
    // Not JSON: the status says enough.
  }
  if (response.status === 401) onUnauthorized();
  throw new ApiError(response.status, error?.code ?? 'HTTP_ERROR', error?.message ?? `The engine answered HTTP ${response.status}.`, error?.details);
}

/** A readable sentence for any error the API client throws. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error) return error.message;
  return String(error);
}
