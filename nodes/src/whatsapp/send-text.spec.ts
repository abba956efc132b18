import { describe, expect, it } from 'vitest';
import { failure, fakeWhatsApp, runAction } from '../testing/harness';
import { sendText } from './send-text';

const config = { connectionId: 'conn_wa_1', to: '+14155551234', message: 'Thanks Alex, see you on Wednesday!' };

describe('whatsapp.send_text', () => {
  it('checks the 24-hour window, then sends, and outputs the message ids', async () => {
    const whatsapp = fakeWhatsApp();
    const result = await runAction(sendText, config, { whatsapp: whatsapp.port });
    expect(whatsapp.calls.serviceWindow).toEqual([{ connectionId: 'conn_wa_1', customer: '+14155551234' }]);
    expect(whatsapp.calls.sendText).toEqual([{ connectionId: 'conn_wa_1', to: '+14155551234', text: 'Thanks Alex, see you on Wednesday!' }]);
    expect(result).toEqual({ output: { messageId: 'msg_1', providerMessageId: 'wamid.HBgLMTQxNTU1NTEyMzQVAgARGBI', to: '+14155551234' } });
  });

  it('normalises a national number with the workspace default country', async () => {
    const whatsapp = fakeWhatsApp();
    await runAction(sendText, { ...config, to: '0151/12345678' }, { whatsapp: whatsapp.port, defaultPhoneCountry: 'DE' });
    expect(whatsapp.calls.serviceWindow[0]?.customer).toBe('+4915112345678');
    expect(whatsapp.calls.sendText[0]?.to).toBe('+4915112345678');
  });

  it('fails outside the 24-hour window without sending, saying when it closed', async () => {
    const whatsapp = fakeWhatsApp({ open: false, endsAt: '2026-11-19T10:00:00.000Z' });
    const error = await failure(runAction(sendText, config, { whatsapp: whatsapp.port }));
    expect(error.code).toBe('OUTSIDE_24H_WINDOW');
    expect(error.retryable).toBe(false);
    expect(error.message).toContain('2026-11-19T10:00:00.000Z');
    expect(error.message).toContain('template');
    expect(whatsapp.calls.sendText).toEqual([]);
  });

  it('says so when the customer never wrote', async () => {
    const whatsapp = fakeWhatsApp({ open: false, endsAt: null });
    const error = await failure(runAction(sendText, config, { whatsapp: whatsapp.port }));
    expect(error.code).toBe('OUTSIDE_24H_WINDOW');
    expect(error.message).toContain('never written');
    expect(whatsapp.calls.sendText).toEqual([]);
  });

  it('advises a test run in a reply flow (the customer did not write in 24 hours), or a template', async () => {
    const whatsapp = fakeWhatsApp({ open: false, endsAt: null, replyFlow: true });
    const error = await failure(runAction(sendText, config, { whatsapp: whatsapp.port }));
    expect(error.code).toBe('OUTSIDE_24H_WINDOW');
    expect(error.message).toContain('has not written in the last 24 hours');
    expect(error.message).toContain('A test run of a reply flow opens the window');
    expect(error.message).toContain('template');
  });

  it('sends 4096 characters, counting an emoji as one, and refuses 4097', async () => {
    const whatsapp = fakeWhatsApp();
    await runAction(sendText, { ...config, message: '👋'.repeat(4096) }, { whatsapp: whatsapp.port });
    expect(whatsapp.calls.sendText).toHaveLength(1);

    const error = await failure(runAction(sendText, { ...config, message: 'a'.repeat(4097) }, { whatsapp: whatsapp.port }));
    expect(error.code).toBe('MESSAGE_TOO_LONG');
    expect(error.retryable).toBe(false);
    expect(whatsapp.calls.sendText).toHaveLength(1);
  });

  it('fails with CONFIG_INVALID when the message rendered empty', async () => {
    const whatsapp = fakeWhatsApp();
    const error = await failure(runAction(sendText, { ...config, message: '  ' }, { whatsapp: whatsapp.port }));
    expect(error.code).toBe('CONFIG_INVALID');
    expect(whatsapp.calls.sendText).toEqual([]);
  });

  it('fails with INVALID_PHONE or RECIPIENT_MISSING before asking for the window', async () => {
    const whatsapp = fakeWhatsApp();
    expect((await failure(runAction(sendText, { ...config, to: '12345' }, { whatsapp: whatsapp.port, defaultPhoneCountry: 'DE' }))).code).toBe('INVALID_PHONE');
    expect((await failure(runAction(sendText, { ...config, to: '' }, { whatsapp: whatsapp.port }))).code).toBe('RECIPIENT_MISSING');
    expect(whatsapp.calls.serviceWindow).toEqual([]);
  });
});
