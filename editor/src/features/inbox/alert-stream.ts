import { ApiError, errorMessage, openStream } from '../../api/client';
import { ALERT_STREAM_PATH } from '../../api/notifications';
import { createSseParser } from '../../api/sse';
import type { AlertView } from '../../api/types';
import { parseAlertEvent } from './alert-list';

export interface AlertStreamHandlers {
  /** The stream is open (again). Alerts raised while it was down are not replayed: reload the list. */
  onOpen(): void;
  onAlert(alert: AlertView): void;
  /** The stream ended or failed; it opens again after `retryInMs`. */
  onDown(reason: string, retryInMs: number): void;
}

/** The engine pings every 15 s: this long without a byte means the connection is gone, even if no error says so. */
const SILENCE_MS = 45_000;
const FIRST_RETRY_MS = 1_000;
const MAX_RETRY_MS = 30_000;

/**
 * How long to wait before the `attempt`-th reconnection (0 for the first): doubling from 1 s (or
 * the server's `retry:`) up to 30 s, with ±20 % jitter so many tabs do not come back in step.
 */
export function reconnectDelay(attempt: number, random: () => number = Math.random, serverRetryMs: number | null = null): number {
  const base = Math.min(MAX_RETRY_MS, (serverRetryMs ?? FIRST_RETRY_MS) * 2 ** Math.max(0, attempt));
  return Math.min(MAX_RETRY_MS, Math.round(base * (0.8 + 0.4 * random())));
}

/**
 * Reads `GET /api/alerts/stream` with the session's key (fetch, not EventSource, which cannot send
 * the Authorization header) and reconnects with backoff whenever it ends or fails. A 401 stops
 * it: the API client signs the session out. Returns the function that closes it for good.
 */
export function connectAlertStream(handlers: AlertStreamHandlers): () => void {
  const stopped = new AbortController();

  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        stopped.signal.removeEventListener('abort', done);
        resolve();
      }
      stopped.signal.addEventListener('abort', done);
    });

  const run = async () => {
    let attempt = 0;
    let serverRetryMs: number | null = null;
    while (!stopped.signal.aborted) {
      const connection = new AbortController();
      const close = () => connection.abort();
      stopped.signal.addEventListener('abort', close);
      let silent = false;
      let reason = 'The live alerts stream ended.';
      try {
        const body = await openStream(ALERT_STREAM_PATH, connection.signal);
        handlers.onOpen();
        const parser = createSseParser();
        const decoder = new TextDecoder();
        const reader = body.getReader();
        let watchdog: ReturnType<typeof setTimeout> | undefined;
        const arm = () => {
          clearTimeout(watchdog);
          watchdog = setTimeout(() => {
            silent = true;
            connection.abort();
          }, SILENCE_MS);
        };
        arm();
        try {
          for (;;) {
            const { value, done } = await reader.read();
            if (done) break;
            arm();
            attempt = 0;
            for (const event of parser.push(decoder.decode(value, { stream: true }))) {
              if (event.event !== 'alert') continue;
              const alert = parseAlertEvent(event.data);
              if (alert) handlers.onAlert(alert);
            }
          }
        } finally {
          clearTimeout(watchdog);
          serverRetryMs = parser.retryMs ?? serverRetryMs;
          reader.cancel().catch(() => {});
        }
      } catch (error) {
        if (stopped.signal.aborted) break;
        // Unauthorized: the client has signed the session out, which closes this stream.
        if (error instanceof ApiError && error.status === 401) break;
        reason = silent ? 'No word from the engine for a while.' : errorMessage(error);
      } finally {
        stopped.signal.removeEventListener('abort', close);
      }
      if (stopped.signal.aborted) break;
      const delay = reconnectDelay(attempt, Math.random, serverRetryMs);
      attempt += 1;
      handlers.onDown(reason, delay);
      await pause(delay);
    }
  };
  void run();
  return () => stopped.abort();
}
