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
