import type { WhatsAppProvider } from './whatsapp-provider';

/** The adapter of each WhatsApp provider, by connection provider name. */
export type WhatsAppProviders = Record<string, WhatsAppProvider>;

export const WHATSAPP_PROVIDERS = Symbol('WHATSAPP_PROVIDERS');
