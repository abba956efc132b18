import { SECRET_SET_MARKER } from '@switchboard/shared';
import { z } from 'zod';
import { defineTrigger } from '../sdk/define';

/** Letters, digits, `-`, `_` and `/`, not starting with `/`: the part after `/webhooks/in/`. */
const PATH = /^[A-Za-z0-9_-][A-Za-z0-9_/-]*$/;

/**
 * A workspace's webhook token, the first segment of `/webhooks/in/<token>/<path>`. Paths may not
 * start with `wh_`, so a URL's first segment is a token or a path, never both.
 */
export const WEBHOOK_TOKEN = /^wh_[0-9a-f]{32}$/;

/** How far `X-Signature-Timestamp` may be from the engine's clock, either way, in seconds. */
export const SIGNATURE_WINDOW_SECONDS = 300;

const config = z.object({
  // A default, so that a new trigger (and the catalog's sample check) has a working config;
  // publishing a second flow on the same path is refused, which tells the user to pick one.
  path: z
    .string()
    .min(1, { message: 'Enter a path', abort: true })
    .max(100, 'Use at most 100 characters')
    .regex(PATH, 'Use letters, digits, -, _ and /, not starting with /')
    .refine((path) => !/^wh_/i.test(path), 'Paths starting with wh_ are kept for the workspace webhook token; choose another path')
    .default('lead-form')
    .describe('The URL callers POST to: /webhooks/in/<path>, e.g. lead-form. Unique among the published flows of the workspace'),
  // Write-only: stored encrypted, shown by the API as SECRET_SET_MARKER. A document carrying the
  // marker where no secret is stored (an import) must not be published unsigned by accident.
  secret: z
    .string()
    .refine((secret) => secret !== SECRET_SET_MARKER, { message: 'The secret is not exported with the flow; enter the secret again', abort: true })
    .min(16, 'Use at least 16 characters')
    .meta({
      description:
        'Optional. When set, callers must sign with X-Signature-256: sha256=<hex HMAC-SHA256 of the raw body>, keyed with this secret (or of <timestamp>.<raw body> with X-Signature-Timestamp: <unix seconds>). Write-only: stored encrypted, shown as set',
      'x-widget': 'secret',
    })
    .optional(),
  requireTimestamp: z
    .boolean()
    .optional()
    .describe(
      'With a secret: refuse signatures without X-Signature-Timestamp, so a captured request cannot be replayed (timestamps more than 5 minutes from now, and a request seen before, are refused)',
    ),
  responseTimeoutMs: z
    .int('Enter a whole number of milliseconds')
    .min(100, 'Use at least 100 ms')
    .max(60_000, 'Use at most 60000 ms (a minute)')
    .optional()
    .describe('When the flow has a Respond step: how long the caller waits for its answer, in milliseconds (default 10000); after that it gets 202 and the flow goes on'),
});

/** How long a webhook caller waits for a Respond step when the trigger does not say. */
export const DEFAULT_RESPONSE_TIMEOUT_MS = 10_000;

export const webhookReceived = defineTrigger({
  type: 'webhook.received',
  typeVersion: 1,
  title: 'Webhook received',
  description:
    'Starts the flow when another app (a form, a CRM, a website) POSTs to /webhooks/in/<path>. JSON and form bodies arrive as {{trigger.body.…}}; a Respond step answers the caller.',
  category: 'Triggers',
  icon: 'webhook',
  config,
  // The seed's "form submission": a lead form posted as JSON.
  sampleEvent: {
    body: { name: 'Alex Morgan', phone: '+14155551234', email: 'alex@example.com', interest: 'Dental implants' },
    query: {},
    headers: { 'content-type': 'application/json', 'user-agent': 'Typeform-Webhooks/1.0' },
    path: 'lead-form',
    receivedAt: '2026-11-20T15:05:00.000Z',
  },
  // Every published webhook flow of the workspace sees the event; only the one on its path starts.
  matches: (event, config) => event.data.path === config.path,
  // A flow with a Respond step answers its caller synchronously; others answer 202 at once.
  callerWaits: 'when_answered',
});
