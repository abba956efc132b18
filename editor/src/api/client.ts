/**
 * The engine's HTTP API as the editor uses it: JSON in and out, the API key of the session as
 * a Bearer token, and errors as `ApiError` with the CONTRACT's `{ code, message, details }`.
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

type KeyProvider = () => string | null;
type UnauthorizedHandler = () => void;

let keyProvider: KeyProvider = () => null;
let onUnauthorized: UnauthorizedHandler = () => {};

/** Wires the client to the session (done once by the session store). */
export function configureApi(provider: KeyProvider, unauthorized: UnauthorizedHandler): void {
  keyProvider = provider;
  onUnauthorized = unauthorized;
}

const TIMEOUT_MS = 15_000;

async function request<T>(method: string, path: string, body?: unknown, options: { key?: string; signal?: AbortSignal } = {}): Promise<T> {
  const key = options.key ?? keyProvider();
  const headers: Record<string, string> = { accept: 'application/json' };
  if (key) headers.authorization = `Bearer ${key}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), TIMEOUT_MS);
  options.signal?.addEventListener('abort', () => controller.abort());
  let response: Response;
  try {
    response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal: controller.signal });
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
  if (response.status === 401 && !options.key) onUnauthorized();
  throw new ApiError(response.status, error?.code ?? 'HTTP_ERROR', error?.message ?? `The engine answered HTTP ${response.status}.`, error?.details);
}

/**
 * Each method is typed by the operation of the contract that serves the path
 * (`apiOperations` in `@switchboard/shared`): `api.get(`/api/runs/${id}`)` answers a `RunView`,
 * and a path no operation serves does not compile.
 */
export const api = {
  get: <const P extends string>(path: P & ServedPath<'GET', P>, options?: { key?: string; signal?: AbortSignal }) => request<ResponseAt<'GET', P>>('GET', path, undefined, options),
  post: <const P extends string>(path: P & ServedPath<'POST', P>, body: BodyAt<'POST', P> | Record<string, never> = {}) => request<ResponseAt<'POST', P>>('POST', path, body),
  put: <const P extends string>(path: P & ServedPath<'PUT', P>, body: BodyAt<'PUT', P>) => request<ResponseAt<'PUT', P>>('PUT', path, body),
  patch: <const P extends string>(path: P & ServedPath<'PATCH', P>, body: BodyAt<'PATCH', P>) => request<ResponseAt<'PATCH', P>>('PATCH', path, body),
  delete: <const P extends string>(path: P & ServedPath<'DELETE', P>) => request<ResponseAt<'DELETE', P>>('DELETE', path),
};

/**
 * Opens a long-lived response (Server-Sent Events) with the session's key: an `EventSource`
 * cannot send the Authorization header, so streams are read with `fetch`. No timeout: the
 * caller ends it through `signal`. Errors as `request` throws them (401 signs out).
 */
export async function openStream(path: string, signal: AbortSignal): Promise<ReadableStream<Uint8Array>> {
  const key = keyProvider();
  const headers: Record<string, string> = { accept: 'text/event-stream' };
  if (key) headers.authorization = `Bearer ${key}`;
  let response: Response;
  try {
    response = await fetch(path, { headers, signal, cache: 'no-store' });
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
