import { providerDefaults, providerFields } from '@switchboard/shared';

/**
 * The connection form of each provider: which fields, how they are labelled and explained.
 * Which fields are secrets and what they default to come from shared's provider fields, from
 * which the engine's config schemas are built (its 400 answer names each bad field as
 * `config.<key>`), so the form only describes and never re-validates.
 */

export type FieldKind = 'text' | 'secret' | 'number' | 'url' | 'select';

export interface ProviderField {
  key: string;
  label: string;
  kind: FieldKind;
  /** Marked as required (the engine enforces it). */
  required?: boolean;
  /** Shown, and required, only when another field has this value (AiSensy Pro's Project API). */
  when?: { field: string; equals: string };
  hint?: string;
  /** The engine's default (from shared's provider fields), else an example; left empty, the default applies. */
  placeholder?: string;
  /** Preset value of a select. */
  initial?: string;
  options?: Array<{ value: string; label: string }>;
  /** Rarely changed (base URLs, API version, send rate): kept under "Advanced". */
  advanced?: boolean;
}

/** A field as a form declares it: its kind is `secret` when the engine stores it encrypted, never by declaration. */
type FieldDeclaration = Omit<ProviderField, 'kind'> & { kind?: Exclude<FieldKind, 'secret'> };

interface FormDeclaration extends Omit<ProviderForm, 'fields'> {
  fields: FieldDeclaration[];
}

export interface ProviderForm {
  provider: string;
  label: string;
  /** One line on the provider card. */
  tagline: string;
  fields: ProviderField[];
  /** What to do on the provider's side once the connection exists. */
  setup?: string;
}

const sendRate = (hint: string, placeholder?: string): FieldDeclaration => ({ key: 'sendRatePerSecond', label: 'Send rate (messages per second)', kind: 'number', ...(placeholder ? { placeholder } : {}), hint, advanced: true });

/** Meta's limits a WhatsApp sender can set (the engine paces them; the card shows them under its limits). */
const limitFields = (sandbox: boolean): FieldDeclaration[] => [
  {
    key: 'pairIntervalSeconds',
    label: 'Seconds between messages to one customer',
    kind: 'number',
    advanced: true,
    ...(sandbox ? { placeholder: 'Not spaced' } : {}),
    hint: sandbox ? 'Optional: space messages to one customer as Meta does (about 6 s).' : 'Meta allows about one message every 6 seconds to one customer; 0 turns the spacing off.',
  },
  { key: 'pairBurst', label: 'Messages to one customer at once', kind: 'number', advanced: true, ...(sandbox ? { placeholder: '1' } : {}), hint: 'How many may go at once before they are spaced (Meta allows up to 45).' },
  {
    key: 'dailyCustomerLimit',
    label: 'Daily limit of new customers',
    kind: 'number',
    advanced: true,
    placeholder: sandbox ? 'No limit' : 'Your tier at Meta',
    hint: 'Unique customers a template may start a conversation with in 24 hours; more wait. Leave empty to use the tier Meta reports.',
  },
];
/** Shown with the sender's limits on its card, not among its facts. */
const LIMIT_KEYS = new Set(['pairIntervalSeconds', 'pairBurst', 'dailyCustomerLimit']);

/** What a voice platform's flows get, the same for every platform. */
const RECEIVES =
  'A “Call completed” flow receives the call (id, direction, numbers, times, duration, status, connected, ended reason, recording URL), the customer, the agent, the transcript as turns, the summary, the extracted data as variables and your call metadata as metadata.';

const DECLARED_FORMS: readonly FormDeclaration[] = [
  {
    provider: 'whatsapp.sandbox',
    label: 'Sandbox',
    tagline: 'Try flows without a WhatsApp account: messages go to the built-in simulator.',
    fields: [sendRate('Optional: limit sends to try how flows behave under a provider’s rate limit.', 'No limit'), ...limitFields(true)],
  },
  {
    provider: 'whatsapp.meta',
    label: 'Meta Cloud API',
    tagline: 'Your own WhatsApp Business number on Meta’s Cloud API.',
    fields: [
      { key: 'accessToken', label: 'Access token', required: true, hint: 'A permanent System User token with whatsapp_business_messaging and whatsapp_business_management.' },
      { key: 'phoneNumberId', label: 'Phone number ID', kind: 'text', required: true, placeholder: '106540352242922', hint: 'WhatsApp Manager › Phone numbers, or the app’s API Setup page.' },
      { key: 'wabaId', label: 'WhatsApp Business Account ID', kind: 'text', required: true, placeholder: '102290129340398', hint: 'Used to list your message templates.' },
      { key: 'appSecret', label: 'App secret', required: true, hint: 'App settings › Basic. Verifies that webhooks really come from Meta.' },
      { key: 'verifyToken', label: 'Verify token', required: true, hint: 'Any phrase you choose; enter the same one when you set the webhook in your Meta app.' },
      { key: 'apiVersion', label: 'Graph API version', kind: 'text', advanced: true },
      { key: 'baseUrl', label: 'Base URL', kind: 'url', advanced: true },
      sendRate('Meta allows 80 messages per second per number by default; a number Meta upgrades to 1,000 is paced at that unless you set another rate.'),
      ...limitFields(false),
    ],
    setup: 'In your Meta app, set the webhook callback URL to this connection’s webhook URL with the same verify token, and subscribe to “messages”, “message_template_status_update” and “phone_number_quality_update” (tier changes).',
  },
  {
    provider: 'whatsapp.heltar',
    label: 'Heltar',
    tagline: 'A WhatsApp number managed through Heltar.',
    fields: [
      { key: 'apiKey', label: 'API key', required: true, hint: 'Heltar dashboard › API keys.' },
      { key: 'webhookSecret', label: 'Webhook secret', required: true, hint: 'A phrase you choose. Heltar sends it in the X-Switchboard-Secret header, which proves a webhook is genuine.' },
      { key: 'baseUrl', label: 'Base URL', kind: 'url', advanced: true },
      sendRate('Messages per second this number may send.'),
      ...limitFields(false),
    ],
    setup: 'In Heltar’s Webhook Manager, add this connection’s webhook URL (type metaWebhooks) with a custom header X-Switchboard-Secret set to the webhook secret.',
  },
  {
    provider: 'whatsapp.aisensy',
    label: 'AiSensy',
    tagline: 'A WhatsApp number managed through AiSensy campaigns.',
    fields: [
      { key: 'apiKey', label: 'API key', required: true, hint: 'AiSensy › Manage › API key (used to send campaigns).' },
      {
        key: 'plan',
        label: 'Plan',
        kind: 'select',
        required: true,
        initial: 'basic',
        options: [
          { value: 'basic', label: 'Basic — templates (campaigns) only' },
          { value: 'pro', label: 'Pro — also free-form replies and template lists' },
        ],
        hint: 'Basic cannot list templates: you type the campaign name in the Send template step.',
      },
      { key: 'projectId', label: 'Project ID', kind: 'text', required: true, when: { field: 'plan', equals: 'pro' }, hint: 'From AiSensy’s Project API settings.' },
      { key: 'projectApiPassword', label: 'Project API password', required: true, when: { field: 'plan', equals: 'pro' } },
      { key: 'webhookSecret', label: 'Webhook secret', hint: 'Optional: the secret AiSensy signs its webhooks with.' },
      { key: 'baseUrl', label: 'Base URL', kind: 'url', advanced: true },
      { key: 'projectApiBaseUrl', label: 'Project API base URL', kind: 'url', advanced: true },
      sendRate('Messages per second this number may send.'),
      ...limitFields(false),
    ],
    setup: 'In AiSensy, set this connection’s webhook URL as the webhook for incoming messages and delivery statuses.',
  },
  {
    provider: 'voice.vapi',
    label: 'Vapi',
    tagline: 'Vapi’s end-of-call reports start “Call completed” flows.',
    fields: [
      { key: 'secret', label: 'Server secret', required: true, hint: 'The value of the Bearer-token credential on your Vapi server URL (or of the legacy X-Vapi-Secret header).' },
      { key: 'hmacSecret', label: 'HMAC secret', hint: 'Optional: if the server credential is an HMAC plan (sha256, hex, payload {timestamp}.{body}, headers x-signature and x-timestamp).' },
      { key: 'hmacToleranceSeconds', label: 'HMAC window (seconds)', kind: 'number', advanced: true },
    ],
    setup: `In Vapi, set the assistant’s (or phone number’s, or organization’s) Server URL to this webhook URL with a Bearer-token credential holding the server secret, and keep “end-of-call-report” in the assistant’s server messages (other messages are acknowledged and ignored). ${RECEIVES}`,
  },
  {
    provider: 'voice.retell',
    label: 'Retell AI',
    tagline: 'Retell’s call_ended and call_analyzed webhooks start “Call completed” flows.',
    fields: [
      { key: 'apiKey', label: 'API key (webhook badge)', required: true, hint: 'A Retell API key with the webhook badge: Retell signs every webhook with it (x-retell-signature).' },
      {
        key: 'analysis',
        label: 'Analysis event',
        kind: 'select',
        initial: 'update',
        options: [
          { value: 'update', label: 'Update — one event per call; call_analyzed after call_ended is recorded, not run' },
          { value: 'separate', label: 'Separate — call_analyzed starts flows again' },
        ],
        hint: 'To start flows with the summary and analysis data, turn call_ended off in the agent’s webhook events, or choose Separate.',
      },
      { key: 'toleranceSeconds', label: 'Signature window (seconds)', kind: 'number', advanced: true },
    ],
    setup: `In Retell, paste this webhook URL as the agent’s webhook URL (or the account’s under Webhooks) and keep call_ended and call_analyzed on (call_started and transcript updates are acknowledged and ignored). ${RECEIVES}`,
  },
  {
    provider: 'voice.bland',
    label: 'Bland AI',
    tagline: 'Bland’s post-call webhook starts “Call completed” flows.',
    fields: [{ key: 'webhookSecret', label: 'Webhook signing secret', required: true, hint: 'Dev Portal › Account Settings › Keys (shown once). Bland signs the body with it (X-Webhook-Signature).' }],
    setup: `Pass this webhook URL as “webhook” when you send a call, or set it on your inbound number: Bland posts the call when it ends. ${RECEIVES}`,
  },
  {
    provider: 'voice.synthflow',
    label: 'Synthflow',
    tagline: 'Synthflow’s post-call webhook starts “Call completed” flows.',
    fields: [
      { key: 'signingSecret', label: 'Webhook signing secret', required: true, hint: 'Settings › Security › Webhooks. Synthflow signs only the call id with it.' },
      { key: 'apiKey', label: 'API key', hint: 'Optional: the call is then re-fetched from Synthflow, since the body itself is not signed.' },
      { key: 'baseUrl', label: 'API base URL', kind: 'url', advanced: true },
    ],
    setup: `Set this webhook URL as the agent’s post-call webhook (external_webhook_url, also accepted on the make-a-call request). ${RECEIVES}`,
  },
  {
    provider: 'voice.elevenlabs',
    label: 'ElevenLabs',
    tagline: 'ElevenLabs Agents’ post-call webhooks start “Call completed” flows.',
    fields: [
      { key: 'webhookSecret', label: 'Webhook secret', required: true, hint: 'Generated when you create the webhook in ElevenLabs (ElevenLabs-Signature).' },
      { key: 'toleranceSeconds', label: 'Signature window (seconds)', kind: 'number', advanced: true },
    ],
    setup: `In ElevenLabs › Agents › Settings, add a post-call webhook with this URL and turn on the transcript event, and call initiation failure for missed calls (audio is acknowledged and ignored). ${RECEIVES}`,
  },
  {
    provider: 'voice.callkaro',
    label: 'CallKaro',
    tagline: 'CallKaro’s call_ended webhook starts “Call completed” flows.',
    fields: [{ key: 'token', label: 'URL token', hint: 'Leave empty to generate one. CallKaro signs nothing: the token in the webhook URL proves a call is yours.' }],
    setup: `Paste this webhook URL, token included, as your user- or agent-level webhook in CallKaro; keep it secret. ${RECEIVES}`,
  },
  {
    provider: 'voice.autocalls',
    label: 'Autocalls',
    tagline: 'Autocalls’ post-call webhook starts “Call completed” flows.',
    fields: [{ key: 'token', label: 'URL token', hint: 'Leave empty to generate one. Autocalls signs nothing: the token in the webhook URL proves a call is yours.' }],
    setup: `Turn on “Post call webhook” in the assistant’s settings and paste this webhook URL, token included; keep it secret. Autocalls does not send the call’s direction. ${RECEIVES}`,
  },
  {
    provider: 'smtp',
    label: 'Email (SMTP)',
    tagline: 'Your mail server, for “Send email” steps. Without one, emails are captured on the Emails page.',
    fields: [
      { key: 'host', label: 'Server', kind: 'text', required: true, placeholder: 'smtp.example.com' },
      { key: 'port', label: 'Port', kind: 'number', placeholder: '587', hint: '587 (STARTTLS) or 465 (TLS).' },
      {
        key: 'secure',
        label: 'Security',
        kind: 'select',
        initial: 'false',
        options: [
          { value: 'false', label: 'STARTTLS when offered — port 587 or 25' },
          { value: 'true', label: 'TLS from the start — port 465' },
        ],
      },
      { key: 'user', label: 'User name', kind: 'text' },
      { key: 'password', label: 'Password' },
      { key: 'from', label: 'From', kind: 'text', required: true, placeholder: 'Support <support@example.com>', hint: 'The sender of every email through this server.' },
      { key: 'url', label: 'Connection URL', advanced: true, hint: 'Instead of the fields above: smtp://user:password@host:587' },
    ],
  },
  {
    provider: 'ai.openai_compatible',
    label: 'AI model',
    tagline: 'Any OpenAI-compatible API: OpenAI, Azure OpenAI, Ollama, vLLM, LM Studio.',
    fields: [
      { key: 'baseUrl', label: 'Base URL', kind: 'url', required: true, placeholder: 'https://api.openai.com/v1', hint: 'Ollama: http://localhost:11434/v1. Azure: https://<resource>.openai.azure.com/openai/v1.' },
      { key: 'apiKey', label: 'API key', hint: 'Leave empty for a local server without keys.' },
      { key: 'model', label: 'Model', kind: 'text', required: true, placeholder: 'gpt-4o-mini' },
      { key: 'timeoutMs', label: 'Timeout (ms)', kind: 'number', advanced: true },
    ],
  },
  {
    provider: 'http.header',
    label: 'API credentials',
    tagline: 'A secret header (such as an API token) that “HTTP request” steps add, so the secret is never stored in a flow.',
    fields: [
      { key: 'headerName', label: 'Header', kind: 'text' },
      { key: 'value', label: 'Value', required: true, hint: 'E.g. Bearer eyJhbGciOi… — stored encrypted.' },
    ],
  },
];

/**
 * Each form with what shared says of its fields: secret fields are `secret`, and a field the
 * engine has a default for shows it as its placeholder.
 */
function withEngineFacts(form: FormDeclaration): ProviderForm {
  const secrets = providerFields(form.provider)?.secretFields ?? [];
  const defaults = providerDefaults(form.provider);
  return {
    ...form,
    fields: form.fields.map((field) => {
      const placeholder = field.placeholder ?? (defaults[field.key] === undefined ? undefined : String(defaults[field.key]));
      return { ...field, kind: secrets.includes(field.key) ? 'secret' : (field.kind ?? 'text'), ...(placeholder === undefined ? {} : { placeholder }) };
    }),
  };
}

export const PROVIDER_FORMS: readonly ProviderForm[] = DECLARED_FORMS.map(withEngineFacts);

const OTHER_LABELS: Record<string, string> = {};

export function providerForm(provider: string): ProviderForm | undefined {
  return PROVIDER_FORMS.find((form) => form.provider === provider);
}

/** "Meta Cloud API" for `whatsapp.meta`; the raw name for a provider this editor does not know. */
export function providerLabel(provider: string): string {
  return providerForm(provider)?.label ?? OTHER_LABELS[provider] ?? provider;
}

/** The secret fields of a provider (the API lists which of them are set, never their values). */
export function secretFields(provider: string): string[] {
  return (providerForm(provider)?.fields ?? []).filter((field) => field.kind === 'secret').map((field) => field.key);
}

export type FormValues = Record<string, string>;

export function initialValues(form: ProviderForm): FormValues {
  return Object.fromEntries(form.fields.map((field) => [field.key, field.initial ?? '']));
}

/** Whether a field is shown for the values entered so far. */
export function isVisible(field: ProviderField, values: FormValues): boolean {
  return !field.when || values[field.when.field] === field.when.equals;
}

/**
 * The `config` to send: visible fields with a value, trimmed, numbers as numbers. Empty fields
 * are left out so the engine applies its defaults (and names the missing required ones).
 *
 * @example buildConfig(providerForm('whatsapp.heltar')!, { apiKey: ' k ', baseUrl: '' }) // { apiKey: 'k' }
 */
export function buildConfig(form: ProviderForm, values: FormValues): Record<string, unknown> {
  const config: Record<string, unknown> = {};
  for (const field of form.fields) {
    if (!isVisible(field, values)) continue;
    const raw = values[field.key] ?? '';
    // Secrets are taken as typed (a token may end in a space); everything else is trimmed.
    const value = field.kind === 'secret' ? raw : raw.trim();
    if (value === '') continue;
    if (field.kind === 'number') {
      const number = Number(value);
      config[field.key] = Number.isFinite(number) ? number : value;
    } else config[field.key] = value;
  }
  return config;
}

export interface FieldErrors {
  /** By form field: `name` or a config key. */
  fields: Record<string, string>;
  /** Problems that name no field of the form. */
  general: string[];
}

/**
 * Sorts the API's 400 details (`[{ field: 'config.phoneNumberId', message }]`) onto the form's
 * fields; whatever names no field of the form is kept as a general message.
 */
export function fieldErrors(details: unknown, form: ProviderForm | undefined): FieldErrors {
  const result: FieldErrors = { fields: {}, general: [] };
  if (!Array.isArray(details)) return result;
  const keys = new Set(form?.fields.map((field) => field.key) ?? []);
  for (const detail of details) {
    if (!detail || typeof detail !== 'object') continue;
    const { field, message } = detail as { field?: unknown; message?: unknown };
    const text = typeof message === 'string' ? message : 'is not valid';
    const path = typeof field === 'string' ? field : '';
    const key = path === 'name' ? 'name' : path.startsWith('config.') ? path.slice('config.'.length).split(/[.[]/)[0]! : '';
    if (key && (key === 'name' || keys.has(key))) {
      result.fields[key] ??= text;
    } else {
      result.general.push(path && path !== '(body)' ? `${path}: ${text}` : text);
    }
  }
  return result;
}

/** Config values worth showing on a connection's card (ids and the plan; no URLs or secrets). */
export function publicFacts(provider: string, config: Record<string, unknown>): Array<{ label: string; value: string }> {
  const form = providerForm(provider);
  if (!form) return [];
  return form.fields
    .filter((field) => field.kind === 'text' || field.kind === 'select' || field.kind === 'number')
    .filter((field) => !LIMIT_KEYS.has(field.key))
    .filter((field) => config[field.key] !== undefined && config[field.key] !== null && config[field.key] !== '')
    .map((field) => {
      const raw = String(config[field.key]);
      if (field.key === 'sendRatePerSecond') return { label: 'Send rate', value: `${raw} messages/s` };
      const option = field.options?.find((candidate) => candidate.value === raw);
      return { label: field.label, value: option ? option.label.split(' — ')[0]! : raw };
    });
}
