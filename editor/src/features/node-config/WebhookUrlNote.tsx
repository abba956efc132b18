import { useEffect } from 'react';
import { useWebhookBase, webhookUrl } from './webhook-url-store';

/** For a webhook trigger: the full URL to give the calling app, with the workspace's token. */
export function WebhookUrlNote({ path, signed }: { path: string; signed: boolean }) {
  const { data: baseUrl, status, load } = useWebhookBase();
  useEffect(() => {
    void load();
  }, [load]);
  if (!path) return null;
  return (
    <p className="nc-caller-note" data-testid="webhook-url">
      Callers <code>POST</code> to <code>{webhookUrl(baseUrl, path)}</code>
      {status === 'error' ? ' (the workspace’s token URL could not be loaded)' : ''}.
      {signed ? (
        <>
          {' '}
          They sign each request: <code>X-Signature-256: sha256=&lt;HMAC-SHA256&gt;</code> of the raw body, or of <code>&lt;timestamp&gt;.&lt;raw body&gt;</code> with{' '}
          <code>X-Signature-Timestamp</code>.
        </>
      ) : null}
    </p>
  );
}
