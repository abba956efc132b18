import { describe, expect, it } from 'vitest';
import { failure, fakeWhatsApp, runAction } from '../testing/harness';
import { sendInteractive } from './send-interactive';

const base = { connectionId: 'conn_wa_1', to: '+14155551234', body: 'Can you make it on Wednesday?' };
const buttons = [
  { id: 'yes', title: 'Yes' },
  { id: 'no', title: 'No' },
];

describe('whatsapp.send_interactive', () => {
  it('checks the 24-hour window, then sends reply buttons with header and footer', async () => {
    const whatsapp = fakeWhatsApp();
    const result = await runAction(sendInteractive, { ...base, header: 'Your appointment', footer: 'Reply any time', buttons }, { whatsapp: whatsapp.port });
    expect(whatsapp.calls.serviceWindow).toEqual([{ connectionId: 'conn_wa_1', customer: '+14155551234' }]);
    expect(whatsapp.calls.sendInteractive).toEqual([{ ...base, header: 'Your appointment', footer: 'Reply any time', buttons }]);
    expect(result).toMatchObject({ output: { providerMessageId: 'wamid.HBgLMTQxNTU1NTEyMzQVAgARGBI', to: '+14155551234' } });
  });

  it('sends a list and a CTA link', async () => {
    const whatsapp = fakeWhatsApp();
    const list = { button: 'Choose a time', sections: [{ title: 'Wednesday', rows: [{ id: 'wed_9', title: '9:00', description: 'With Dr. Lee' }, { id: 'wed_14', title: '14:00' }] }] };
    await runAction(sendInteractive, { ...base, list }, { whatsapp: whatsapp.port });
    await runAction(sendInteractive, { ...base, cta: { text: 'Pay now', url: 'https://example.com/pay/1' } }, { whatsapp: whatsapp.port });
    expect(whatsapp.calls.sendInteractive[0]).toEqual({ ...base, list });
    expect(whatsapp.calls.sendInteractive[1]).toEqual({ ...base, cta: { text: 'Pay now', url: 'https://example.com/pay/1' } });
  });

  it.each([
    ['no buttons', { buttons: [] }, 'buttons has 0'],
    ['four buttons', { buttons: [1, 2, 3, 4].map((n) => ({ id: `b${n}`, title: `B${n}` })) }, 'buttons has 4'],
    ['a 21-character title', { buttons: [{ id: 'a', title: 'x'.repeat(21) }] }, 'buttons[0].title has 21 characters'],
    ['a duplicate id', { buttons: [{ id: 'a', title: 'A' }, { id: 'a', title: 'B' }] }, 'buttons[1].id "a" is used twice'],
    ['a 257-character id', { buttons: [{ id: 'i'.repeat(257), title: 'A' }] }, 'buttons[0].id has 257'],
    ['buttons and a list', { buttons, list: { button: 'x', sections: [{ rows: [{ id: 'a', title: 'a' }] }] } }, 'exactly one of buttons, list or cta'],
    ['nothing to tap', {}, 'exactly one of buttons, list or cta'],
    ['a 61-character header', { buttons, header: 'h'.repeat(61) }, 'header has 61'],
    ['a 61-character footer', { buttons, footer: 'f'.repeat(61) }, 'footer has 61'],
    ['11 rows', { list: { button: 'Pick', sections: [{ title: 'A', rows: Array.from({ length: 6 }, (_, i) => ({ id: `a${i}`, title: 'a' })) }, { title: 'B', rows: Array.from({ length: 5 }, (_, i) => ({ id: `b${i}`, title: 'b' })) }] } }, 'list has 11 rows'],
    ['a 25-character row title', { list: { button: 'Pick', sections: [{ rows: [{ id: 'a', title: 'r'.repeat(25) }] }] } }, 'list.sections[0].rows[0].title has 25'],
    ['a 73-character description', { list: { button: 'Pick', sections: [{ rows: [{ id: 'a', title: 'a', description: 'd'.repeat(73) }] }] } }, 'list.sections[0].rows[0].description has 73'],
    ['a 21-character list button', { list: { button: 'b'.repeat(21), sections: [{ rows: [{ id: 'a', title: 'a' }] }] } }, 'list.button has 21'],
    ['a 25-character section title', { list: { button: 'Pick', sections: [{ title: 's'.repeat(25), rows: [{ id: 'a', title: 'a' }] }] } }, 'list.sections[0].title has 25'],
    ['two sections without titles', { list: { button: 'Pick', sections: [{ rows: [{ id: 'a', title: 'a' }] }, { rows: [{ id: 'b', title: 'b' }] }] } }, 'list.sections[0].title is empty'],
    ['a 21-character CTA', { cta: { text: 'c'.repeat(21), url: 'https://example.com' } }, 'cta.text has 21'],
    ['an http CTA link', { cta: { text: 'Open', url: 'http://example.com' } }, 'cta.url "http://example.com" is not an https link'],
  ])('refuses %s with CONFIG_INVALID naming the field, before asking the window', async (_name, extra, message) => {
    const whatsapp = fakeWhatsApp();
    const error = await failure(runAction(sendInteractive, { ...base, ...extra }, { whatsapp: whatsapp.port }));
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.retryable).toBe(false);
    expect(error.message).toContain(message);
    expect(whatsapp.calls.serviceWindow).toEqual([]);
    expect(whatsapp.calls.sendInteractive).toEqual([]);
  });

  it('sends a 1024-character body, counting an emoji as one, and refuses 1025 with MESSAGE_TOO_LONG', async () => {
    const whatsapp = fakeWhatsApp();
    await runAction(sendInteractive, { ...base, body: '👋'.repeat(1024), buttons }, { whatsapp: whatsapp.port });
    const error = await failure(runAction(sendInteractive, { ...base, body: 'a'.repeat(1025), buttons }, { whatsapp: whatsapp.port }));
    expect(error.code).toBe('MESSAGE_TOO_LONG');
    expect(error.message).toContain('body has 1025 characters');
    expect(whatsapp.calls.sendInteractive).toHaveLength(1);
  });

  it('fails outside the 24-hour window without sending', async () => {
    const whatsapp = fakeWhatsApp({ open: false, endsAt: '2026-11-19T10:00:00.000Z' });
    const error = await failure(runAction(sendInteractive, { ...base, buttons }, { whatsapp: whatsapp.port }));
    expect(error.code).toBe('OUTSIDE_24H_WINDOW');
    expect(error.message).toContain('template');
    expect(whatsapp.calls.sendInteractive).toEqual([]);
  });
});
