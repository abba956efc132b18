import { describe, expect, it } from 'vitest';
import { catalog } from '../catalog';
import { failure, fakeWhatsApp, runAction } from '../testing/harness';
import { sendTemplate } from './send-template';

const config = {
  connectionId: 'conn_wa_1',
  template: 'appointment_confirmation',
  to: '+14155551234',
  recipientName: 'Alex Morgan',
  parameters: ['Alex Morgan', '2026-11-25', '10:30'],
};

describe('whatsapp.send_template', () => {
  it('sends the template to the E.164 number and outputs the message ids', async () => {
    const whatsapp = fakeWhatsApp();
    const result = await runAction(sendTemplate, config, { whatsapp: whatsapp.port });
    expect(whatsapp.calls.sendTemplate).toEqual([
      {
        connectionId: 'conn_wa_1',
        to: '+14155551234',
        template: 'appointment_confirmation',
        language: 'en',
        parameters: ['Alex Morgan', '2026-11-25', '10:30'],
        recipientName: 'Alex Morgan',
      },
    ]);
    expect(result).toEqual({ output: { messageId: 'msg_1', providerMessageId: 'wamid.HBgLMTQxNTU1NTEyMzQVAgARGBI', to: '+14155551234' } });
  });

  it('normalises a national number with the workspace default country', async () => {
    const whatsapp = fakeWhatsApp();
    await runAction(sendTemplate, { ...config, to: '0151/12345678' }, { whatsapp: whatsapp.port, defaultPhoneCountry: 'DE' });
    expect(whatsapp.calls.sendTemplate[0]?.to).toBe('+4915112345678');
  });

  it('passes named parameters and leaves out an empty recipient name', async () => {
    const whatsapp = fakeWhatsApp();
    await runAction(sendTemplate, { ...config, recipientName: '', parameters: { customer_name: 'Alex' } }, { whatsapp: whatsapp.port });
    expect(whatsapp.calls.sendTemplate[0]).toMatchObject({ parameters: { customer_name: 'Alex' } });
    expect(whatsapp.calls.sendTemplate[0]).not.toHaveProperty('recipientName');
  });

  it('fails with INVALID_PHONE, permanently, without sending', async () => {
    const whatsapp = fakeWhatsApp();
    const error = await failure(runAction(sendTemplate, { ...config, to: '12345' }, { whatsapp: whatsapp.port, defaultPhoneCountry: 'DE' }));
    expect(error.code).toBe('INVALID_PHONE');
    expect(error.retryable).toBe(false);
    expect(error.message).toContain('12345');
    expect(whatsapp.calls.sendTemplate).toEqual([]);
  });

  it('fails with INVALID_PHONE when a national number has no country to go with', async () => {
    const error = await failure(runAction(sendTemplate, { ...config, to: '0151 12345678' }));
    expect(error.code).toBe('INVALID_PHONE');
    expect(error.message).toContain('country code');
  });

  it('fails with RECIPIENT_MISSING when the recipient rendered empty', async () => {
    const whatsapp = fakeWhatsApp();
    const error = await failure(runAction(sendTemplate, { ...config, to: ' ' }, { whatsapp: whatsapp.port }));
    expect(error.code).toBe('RECIPIENT_MISSING');
    expect(whatsapp.calls.sendTemplate).toEqual([]);
  });

  it('needs a sender, a template and a recipient at design time', () => {
    const problems = catalog.validateConfig(sendTemplate, { template: '', to: '' });
    expect(problems.map((problem) => problem.field)).toEqual(['connectionId', 'template', 'to']);
    expect(catalog.validateConfig(sendTemplate, { ...config, to: '{{trigger.customer.phone}}', parameters: ['{{trigger.customer.name}}'] })).toEqual([]);
  });

  it('checks the retry override with the config', () => {
    const problems = catalog.validateConfig(sendTemplate, { ...config, retry: { attempts: 11, backoffMs: -5 } });
    expect(problems.map((problem) => problem.field)).toEqual(['retry.attempts', 'retry.backoffMs']);
    expect(catalog.parseConfig(sendTemplate, { ...config, retry: { attempts: 5 } })).toMatchObject({ ok: true });
  });
});
