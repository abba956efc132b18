import { describe, expect, it } from 'vitest';
import { deliveryInfo, recipientsLine, subjectText } from './email-format';

describe('email formatting', () => {
  it('names each delivery, and explains captured mails', () => {
    expect(deliveryInfo('sent')).toMatchObject({ label: 'Sent', tone: 'good' });
    expect(deliveryInfo('failed')).toMatchObject({ label: 'Failed', tone: 'bad' });
    expect(deliveryInfo('captured').tone).toBe('warn');
    expect(deliveryInfo('captured').hint).toMatch(/no mail server is configured/);
    expect(deliveryInfo('bounced')).toEqual({ label: 'bounced', hint: '', tone: 'muted' });
  });

  it('shortens long recipient lists', () => {
    expect(recipientsLine(['a@x.com'])).toBe('a@x.com');
    expect(recipientsLine(['a@x.com', 'b@x.com'])).toBe('a@x.com, b@x.com');
    expect(recipientsLine(['a@x.com', 'b@x.com', 'c@x.com', 'd@x.com'])).toBe('a@x.com, b@x.com +2');
    expect(recipientsLine([])).toBe('(no recipients)');
  });

  it('has a placeholder for an empty subject', () => {
    expect(subjectText({ subject: '  ' })).toBe('(no subject)');
    expect(subjectText({ subject: 'Callback requested' })).toBe('Callback requested');
  });
});
