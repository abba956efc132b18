import { describe, expect, it } from 'vitest';
import { failure, fakeWhatsApp, runAction } from '../testing/harness';
import { sendMedia } from './send-media';

const base = { connectionId: 'conn_wa_1', to: '+14155551234' };

describe('whatsapp.send_media', () => {
  it('checks the 24-hour window, then sends an image with its caption', async () => {
    const whatsapp = fakeWhatsApp();
    const result = await runAction(sendMedia, { ...base, kind: 'image', url: 'https://example.com/map.png', caption: 'How to find us' }, { whatsapp: whatsapp.port });
    expect(whatsapp.calls.serviceWindow).toHaveLength(1);
    expect(whatsapp.calls.sendMedia).toEqual([{ ...base, kind: 'image', url: 'https://example.com/map.png', caption: 'How to find us' }]);
    expect(result).toMatchObject({ output: { to: '+14155551234' } });
  });

  it('sends a document with its file name', async () => {
    const whatsapp = fakeWhatsApp();
    await runAction(sendMedia, { ...base, kind: 'document', url: 'https://example.com/i.pdf', filename: 'invoice.pdf' }, { whatsapp: whatsapp.port });
    expect(whatsapp.calls.sendMedia[0]).toEqual({ ...base, kind: 'document', url: 'https://example.com/i.pdf', filename: 'invoice.pdf' });
  });

  it.each([
    ['a caption on audio', { kind: 'audio', url: 'https://example.com/a.ogg', caption: 'Listen' }, 'CONFIG_INVALID', 'audio messages have no caption'],
    ['a 1025-character caption', { kind: 'image', url: 'https://example.com/a.png', caption: 'c'.repeat(1025) }, 'MESSAGE_TOO_LONG', 'caption has 1025 characters'],
    ['a file name on an image', { kind: 'image', url: 'https://example.com/a.png', filename: 'a.png' }, 'CONFIG_INVALID', 'filename is only for documents'],
    ['a link that is not one', { kind: 'video', url: 'not a link' }, 'CONFIG_INVALID', 'url "not a link"'],
  ])('refuses %s before asking the window', async (_name, extra, code, message) => {
    const whatsapp = fakeWhatsApp();
    const error = await failure(runAction(sendMedia, { ...base, ...extra }, { whatsapp: whatsapp.port }));
    expect(error.code).toBe(code);
    expect(error.message).toContain(message);
    expect(whatsapp.calls.serviceWindow).toEqual([]);
    expect(whatsapp.calls.sendMedia).toEqual([]);
  });

  it('fails outside the 24-hour window without sending', async () => {
    const whatsapp = fakeWhatsApp({ open: false, endsAt: null });
    const error = await failure(runAction(sendMedia, { ...base, kind: 'image', url: 'https://example.com/a.png' }, { whatsapp: whatsapp.port }));
    expect(error.code).toBe('OUTSIDE_24H_WINDOW');
    expect(whatsapp.calls.sendMedia).toEqual([]);
  });
});
