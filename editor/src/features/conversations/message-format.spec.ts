import { describe, expect, it } from 'vitest';
import type { MessageView, TemplateView } from '../../api/types';
import { bubbleText, delivery, fillTemplate, inactivityEnd, replyWindow, templateParameters } from './message-format';

const template = (name: string, body: string, language = 'en'): TemplateView => ({
  name, language, body, status: 'APPROVED', rejectionReason: null, quality: null, category: 'UTILITY', parameterFormat: 'positional', parameters: [], components: [],
  submittedAt: null, statusUpdatedAt: '2026-11-21T00:00:00Z', syncedAt: '2026-11-21T00:00:00Z',
});

const message = (fields: Partial<MessageView>): Pick<MessageView, 'kind' | 'template' | 'language' | 'parameters' | 'text'> => ({
  kind: 'text', template: null, language: null, parameters: null, text: null, interactive: null, media: null, ...fields,
});

describe('bubbleText', () => {
  it('shows a text message as written', () => {
    expect(bubbleText(message({ text: 'Hello there' }))).toEqual({ text: 'Hello there', template: null, summary: null });
  });

  it('shows an unknown template as [name: params]', () => {
    expect(bubbleText(message({ kind: 'template', template: 'appointment_confirmation', parameters: ['Alex', '2026-11-25', '10:30'] }))).toEqual({
      text: '[appointment_confirmation: Alex, 2026-11-25, 10:30]',
      template: 'appointment_confirmation',
      summary: '[appointment_confirmation: Alex, 2026-11-25, 10:30]',
    });
    expect(bubbleText(message({ kind: 'template', template: 'hello', parameters: [] })).text).toBe('[hello]');
  });

  it('fills a known template body with the parameters', () => {
    const templates = [template('appointment_confirmation', 'Hi {{1}}, see you on {{2}} at {{3}}.')];
    expect(bubbleText(message({ kind: 'template', template: 'appointment_confirmation', language: 'en', parameters: ['Alex', 'Nov 25', '10:30'] }), templates)).toEqual({
      text: 'Hi Alex, see you on Nov 25 at 10:30.',
      template: 'appointment_confirmation',
      summary: '[appointment_confirmation: Alex, Nov 25, 10:30]',
    });
  });

  it('reads named parameters', () => {
    expect(templateParameters({ name: 'Alex', date: 'Nov 25' })).toEqual(['name: Alex', 'date: Nov 25']);
    expect(fillTemplate('Hi {{name}}, on {{ date }}', { name: 'Alex', date: 'Nov 25' })).toBe('Hi Alex, on Nov 25');
  });

  it('keeps a placeholder without a value visible', () => {
    expect(fillTemplate('Hi {{1}}, on {{2}}', ['Alex'])).toBe('Hi Alex, on {{2}}');
  });
});

describe('delivery', () => {
  it.each([
    ['pending', '⏱', 'Sending'],
    ['sent', '✓', 'Sent'],
    ['delivered', '✓✓', 'Delivered'],
    ['read', '✓✓', 'Read'],
    ['failed', '!', 'Not delivered'],
  ])('an outbound %s message shows %s (%s)', (status, ticks, label) => {
    expect(delivery({ direction: 'outbound', status })).toMatchObject({ ticks, label });
  });

  it('shows no ticks on inbound messages', () => {
    expect(delivery({ direction: 'inbound', status: 'received' }).ticks).toBe('');
  });
});

describe('replyWindow', () => {
  const now = Date.parse('2026-11-21T12:00:00Z');
  it('is open until its end', () => {
    expect(replyWindow({ windowEndsAt: '2026-11-22T11:00:00Z' }, now)).toEqual({ open: true, endsAt: '2026-11-22T11:00:00Z' });
    expect(replyWindow({ windowEndsAt: '2026-11-21T11:00:00Z' }, now).open).toBe(false);
    expect(replyWindow({ windowEndsAt: null }, now)).toEqual({ open: false, endsAt: null });
  });
});

describe('inactivityEnd', () => {
  it('is the last customer message plus the inactivity time, while open', () => {
    expect(inactivityEnd({ status: 'open', lastInboundAt: '2026-11-21T12:00:00.000Z', inactivityMinutes: 30 })).toBe('2026-11-21T12:30:00.000Z');
    expect(inactivityEnd({ status: 'closed', lastInboundAt: '2026-11-21T12:00:00.000Z', inactivityMinutes: 30 })).toBeNull();
    expect(inactivityEnd({ status: 'open', lastInboundAt: null, inactivityMinutes: 30 })).toBeNull();
  });
});
