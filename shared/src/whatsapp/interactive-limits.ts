/**
 * Meta's limits for interactive messages (Cloud API "Interactive object"; whatsapp-api-js
 * `Interactive`, `ActionButtons`, `ActionList`, `ActionCTA` enforce the same numbers; sources in
 * `docs/whatsapp/messages.md`). One owner: the node checks them after rendering, before anything
 * is sent, and the editor counts against them as a user types.
 */
export const INTERACTIVE_LIMITS = {
  body: 1024,
  header: 60,
  footer: 60,
  buttons: 3,
  buttonTitle: 20,
  buttonId: 256,
  listButton: 20,
  sections: 10,
  rows: 10,
  sectionTitle: 24,
  rowTitle: 24,
  rowId: 200,
  rowDescription: 72,
  ctaText: 20,
} as const;

export type InteractiveLimitName = keyof typeof INTERACTIVE_LIMITS;
