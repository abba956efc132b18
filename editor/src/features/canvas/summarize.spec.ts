import { describe as suite, expect, it } from 'vitest';
import { fixtureCatalog } from './catalog.fixture';
import { countConditions, summarize } from './summarize';

const sum = (type: string, config: Record<string, unknown>) => summarize({ type, config }, fixtureCatalog[type]);

suite('summarize', () => {
  it('says which calls start a call trigger and how many conditions filter them', () => {
    expect(sum('call.completed', { callType: 'connected', conditions: { '==': [{ var: 'trigger.variables.appointment_booked' }, true] } })).toBe('Connected calls · 1 condition');
    expect(sum('call.completed', { callType: 'not_connected', conditions: { and: [{}, {}] }, aiCondition: 'Callback?' })).toBe('Missed calls · 2 conditions · AI check');
    expect(sum('call.completed', {})).toBe('All calls');
    expect(sum('call.completed', { callType: 'all', alwaysRun: true, conditions: { and: [{}] } })).toBe('All calls · always runs');
  });

  it('names the template and the recipient of a WhatsApp template', () => {
    expect(sum('whatsapp.send_template', { template: 'appointment_confirmation', to: '{{trigger.customer.phone}}' })).toBe('appointment_confirmation → {{trigger.customer.phone}}');
    expect(sum('whatsapp.send_template', { to: '+1415' })).toBe('Choose a template');
    expect(sum('whatsapp.send_text', { to: '{{trigger.from}}', message: 'Thanks\n  for writing!' })).toBe('{{trigger.from}}: Thanks for writing!');
  });

  it('reads waits and branches as sentences', () => {
    expect(sum('flow.delay', { amount: 5, unit: 'minutes' })).toBe('Wait 5 minutes');
    expect(sum('flow.delay', { amount: 1, unit: 'days' })).toBe('Wait 1 day');
    expect(sum('flow.delay', { until: '{{trigger.variables.reminder_at}}' })).toBe('Wait until {{trigger.variables.reminder_at}}');
    expect(sum('flow.delay', {})).toBe('Set how long to wait');
    expect(sum('flow.branch', { branches: [{ key: 'a' }, { key: 'b' }] })).toBe('2 paths + else');
    expect(sum('flow.branch', { branches: [{ key: 'a' }] })).toBe('1 path + else');
    expect(sum('flow.branch', { branches: [] })).toBe('Add a path');
    expect(sum('flow.set', { values: { a: '1', b: '2', c: '3', d: '4', e: '5' } })).toBe('Sets a, b, c +2 more');
  });

  it('falls back to the first filled-in fields in schema order, and says when nothing is set', () => {
    expect(summarize({ type: 'x.custom', config: { b: 'two', a: 'one', c: 'three' } }, { ...fixtureCatalog['flow.delay']!, type: 'x.custom', configSchema: { properties: { a: {}, b: {}, c: {} } } })).toBe('a: one · b: two');
    expect(summarize({ type: 'x.custom', config: {} }, { ...fixtureCatalog['flow.delay']!, type: 'x.custom' })).toBe('Not configured yet');
    expect(summarize({ type: 'x.custom', config: {} }, { ...fixtureCatalog.manual!, type: 'x.custom' })).toBe('Starts on every event');
  });

  it('cuts long summaries', () => {
    const long = sum('whatsapp.send_text', { to: '+1', message: 'x'.repeat(500) });
    expect(long.length).toBe(140);
    expect(long.endsWith('…')).toBe(true);
  });

  it('counts json-logic conditions as the editor stores them', () => {
    expect(countConditions(undefined)).toBe(0);
    expect(countConditions({})).toBe(0);
    expect(countConditions({ and: [{ '==': [1, 1] }, { '>': [2, 1] }] })).toBe(2);
    expect(countConditions({ '==': [1, 1] })).toBe(1);
  });
});
