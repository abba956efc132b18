/** A message template as a provider lists it, reduced to what the engine and the editor need. */
export interface ProviderTemplate {
  name: string;
  language: string;
  /** `APPROVED`, `PENDING`, `REJECTED`, `PAUSED`, `DISABLED`, … (upper case, as Meta spells them). */
  status: string;
  /** `MARKETING`, `UTILITY` or `AUTHENTICATION`; null when the provider does not say. */
  category: string | null;
  /** The body text with its placeholders (`{{1}}` or `{{first_name}}`); null when unknown. */
  body: string | null;
  parameterFormat: 'positional' | 'named';
  /** The body's parameters in order: `['1', '2']` for positional, the names for named ones. */
  parameters: string[];
  /** The provider's own id of the template, when it has one. */
  externalId: string | null;
  /** Header, body, footer and buttons in Meta's format, when the provider lists them. */
  components?: Record<string, unknown>[];
}

/** What a provider answered when a template was submitted for review. */
export interface SubmittedTemplate {
  /** The provider's id of the new template (Meta's `id`), the key of its status webhooks. */
  externalId: string | null;
  /** Usually `PENDING`; Meta may answer `APPROVED` at once. */
  status: string;
  /** The category the provider settled on (Meta may change it). */
  category: string | null;
  /** The sandbox's review: the template is approved at this instant unless something else happened first. */
  autoApproveAt?: Date;
}
