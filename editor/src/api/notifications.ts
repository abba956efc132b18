import { api } from './client';
import type { AiStatus, AlertList, AlertView, EmailList, TaskList, TaskPatch, TaskStatus, TaskView } from './types';

/**
 * The engine's tasks, alerts, emails and AI status endpoints. The alerts' live stream is
 * read by `features/inbox/alert-stream.ts`.
 */

/** `GET /api/tasks`: newest first. */
export function listTasks(status: TaskStatus, limit = 100): Promise<TaskList> {
  return api.get(`/api/tasks?${new URLSearchParams({ status, limit: String(limit) })}`);
}

/** `PATCH /api/tasks/:id`: the task as updated. */
export function updateTask(id: string, patch: TaskPatch): Promise<TaskView> {
  return api.patch(`/api/tasks/${encodeURIComponent(id)}`, patch);
}

/** `GET /api/alerts`: newest first. */
export function listAlerts(limit = 100): Promise<AlertList> {
  return api.get(`/api/alerts?${new URLSearchParams({ limit: String(limit) })}`);
}

/** `PATCH /api/alerts/:id`: marks an alert read (or unread again). */
export function setAlertRead(id: string, read: boolean): Promise<AlertView> {
  return api.patch(`/api/alerts/${encodeURIComponent(id)}`, { read });
}

/** `GET /api/alerts/stream`: `event: alert` with an AlertView for each new alert, `: ping` every 15 s. */
export const ALERT_STREAM_PATH = '/api/alerts/stream';

/** `GET /api/emails`: newest first, all of them or one run's. */
export function listEmails(options: { runId?: string; limit?: number } = {}): Promise<EmailList> {
  const query = new URLSearchParams({ limit: String(options.limit ?? 100) });
  if (options.runId) query.set('runId', options.runId);
  return api.get(`/api/emails?${query}`);
}

/** `GET /api/ai/status`: the model that answers when a step names no AI connection. */
export function getAiStatus(): Promise<AiStatus> {
  return api.get('/api/ai/status');
}
