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
}
