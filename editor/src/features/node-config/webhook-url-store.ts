import { api } from '../../api/client';
import { createLoadOnceStore } from './load-once-store';

/**
 * The workspace's inbound webhook base URL, `<PUBLIC_URL>/webhooks/in/<workspace token>` (its
 * token never changes, so it is fetched once).
 */
export const useWebhookBase = createLoadOnceStore(async () => (await api.get('/api/workspace')).webhookBaseUrl);

/**
 * The URL a caller POSTs to for a webhook trigger on `path`: the workspace's token URL when
 * known, else the path under `/webhooks/in/` (the token-less URL, which only the workspace that
 * first published the path holds).
 *
 * @example webhookUrl('https://flows.example.com/webhooks/in/wh_0123…', 'lead-form') // 'https://flows.example.com/webhooks/in/wh_0123…/lead-form'
 */
export function webhookUrl(baseUrl: string | undefined, path: string): string {
  return baseUrl ? `${baseUrl.replace(/\/+$/, '')}/${path}` : `/webhooks/in/${path}`;
}
