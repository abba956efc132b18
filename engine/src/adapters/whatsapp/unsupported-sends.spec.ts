import { StepError } from '@switchboard/shared';
import { describe, expect, it } from 'vitest';
import type { ResolvedConnection } from '../../modules/connections/connections.service';
import { AiSensyProvider } from './aisensy/aisensy-provider';
import { HeltarProvider } from './heltar/heltar-provider';
import type { WhatsAppProvider } from './whatsapp-provider';

// Neither provider's API as documented in reference/whatsapp.md has an interactive or media body:
// the send fails permanently, before any request (the provider has no HTTP options to make one).
const noHttp = {} as never;
const connection = { id: 'conn_1', workspaceId: 'ws_1', provider: 'whatsapp.heltar', config: {} } as unknown as ResolvedConnection;
const origin = { workspaceId: 'ws_1', runId: 'run_1', nodeId: 'send', idempotencyKey: 'run_1:send:' };

describe.each<[string, WhatsAppProvider]>([
  ['Heltar', new HeltarProvider(noHttp)],
  ['AiSensy', new AiSensyProvider(noHttp)],
])('%s', (name, provider) => {
  it('refuses buttons and media with a permanent CONFIG_INVALID naming the provider', async () => {
    const interactive = await provider.sendInteractive(connection, { connectionId: 'conn_1', to: '+14155551234', body: 'Hi', buttons: [{ id: 'a', title: 'A' }] }, origin).catch((error: unknown) => error);
    const media = await provider.sendMedia(connection, { connectionId: 'conn_1', to: '+14155551234', kind: 'image', url: 'https://example.com/a.png' }, origin).catch((error: unknown) => error);
    for (const error of [interactive, media]) {
      expect(error).toBeInstanceOf(StepError);
      expect(error).toMatchObject({ code: 'CONFIG_INVALID', retryable: false });
      expect((error as Error).message).toContain(`${name} connections cannot send`);
    }
  });
});

describe.each<[string, WhatsAppProvider]>([
  ['Heltar', new HeltarProvider(noHttp)],
  ['AiSensy', new AiSensyProvider(noHttp)],
])('%s locations and contact cards', (name, provider) => {
  it('refuses both permanently, saying its API lacks them', async () => {
    const location = await provider.sendLocation(connection, { connectionId: 'conn_1', to: '+14155551234', latitude: 1, longitude: 2 }, origin).catch((error: unknown) => error);
    const contact = await provider
      .sendContact(connection, { connectionId: 'conn_1', to: '+14155551234', contact: { name: { formattedName: 'Desk' }, phones: [], emails: [], urls: [] } }, origin)
      .catch((error: unknown) => error);
    expect(location).toMatchObject({ code: 'CONFIG_INVALID', retryable: false, message: expect.stringContaining(`the ${name} API it speaks has no location message`) });
    expect(contact).toMatchObject({ code: 'CONFIG_INVALID', retryable: false, message: expect.stringContaining(`the ${name} API it speaks has no contacts message`) });
  });
});

describe('AiSensy template headers', () => {
  it('refuses a media id or a text header before any request: the campaign API takes a media link only', async () => {
    const template = { connectionId: 'conn_1', to: '+14155551234', template: 'offer', language: 'en', parameters: [] };
    const aisensy = new AiSensyProvider(noHttp);
    const aisensyConnection = { ...connection, provider: 'whatsapp.aisensy', config: { apiKey: 'k' } } as unknown as ResolvedConnection;
    await expect(aisensy.sendTemplate(aisensyConnection, { ...template, header: { kind: 'image', mediaId: '1' } }, origin)).rejects.toMatchObject({ code: 'CONFIG_INVALID', message: expect.stringContaining('header.mediaId') });
    await expect(aisensy.sendTemplate(aisensyConnection, { ...template, header: { kind: 'text', text: 'Hi' } }, origin)).rejects.toMatchObject({ code: 'CONFIG_INVALID', message: expect.stringContaining('no text header') });
  });
});
