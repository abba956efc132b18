import type { AiField } from '@switchboard/nodes';
import { describe, expect, it } from 'vitest';
import { zoneOffset } from '@switchboard/shared';
import { OfflineModel } from './offline-model';
import { splitTurns } from './transcript';
import { stem } from './words';

const model = new OfflineModel();
/** A Friday afternoon in UTC. */
const CALL = '2026-11-20T15:00:00Z';

async function extract(text: string, fields: AiField[], timeZone?: string): Promise<Record<string, string | number | boolean | null>> {
  const answer = await model.extract({ text, fields, referenceDate: CALL, timeZone });
  return answer.values;
}

async function decide(question: string, text: string): Promise<{ result: boolean; reason: string }> {
  const { result, reason } = await model.decide({ question, text });
  return { result, reason };
}

describe('OfflineModel', () => {
  it('is offline and marks every answer as such, without usage', async () => {
    expect(model.offline).toBe(true);
    const answers = [
      await model.extract({ text: 'x', fields: [] }),
      await model.decide({ question: 'Did the customer ask for a callback?', text: 'x' }),
      await model.route({ text: 'x', rules: [] }),
      await model.reply({ instructions: '', history: [], message: 'Hi', variables: {} }),
    ];
    for (const answer of answers) {
      expect(answer.model).toBe('offline');
      expect(answer).not.toHaveProperty('usage');
    }
  });

  describe('extract: dates and times', () => {
    it('reads "next Tuesday at 10:30" relative to the call date', async () => {
      const values = await extract('Customer: Can we do next Tuesday at 10:30?', [
        { name: 'appointment_date', type: 'date' },
        { name: 'appointment_time', type: 'time' },
        { name: 'appointment_at', type: 'datetime' },
      ]);
      expect(values).toEqual({ appointment_date: '2026-11-24', appointment_time: '10:30', appointment_at: '2026-11-24T10:30:00Z' });
    });

    it('gives date-times with the zone offset at that date', async () => {
      const winter = await extract('Customer: Can we do next Tuesday at 10:30?', [{ name: 'appointment_at', type: 'datetime' }], 'Europe/Berlin');
      expect(winter.appointment_at).toBe('2026-11-24T10:30:00+01:00');
      const summer = await extract('Customer: Could we meet on 29 March at 10am?', [{ name: 'meeting_at', type: 'datetime' }], 'Europe/Berlin');
      expect(summer.meeting_at).toBe('2027-03-29T10:00:00+02:00');
    });

    it('reads relative dates in the zone, not in UTC', async () => {
      // 23:30 UTC on Friday is already Saturday in Berlin: "tomorrow" is Sunday.
      const answer = await model.extract({ text: 'Customer: Tomorrow works.', fields: [{ name: 'visit_date', type: 'date' }], referenceDate: '2026-11-20T23:30:00Z', timeZone: 'Europe/Berlin' });
      expect(answer.values.visit_date).toBe('2026-11-22');
    });

    it('prefers the mention nearest to the field words', async () => {
      const text = 'Customer: My invoice from 5 November is wrong.\nAgent: Shall I book your appointment?\nCustomer: Yes, on Thursday please.';
      expect(await extract(text, [{ name: 'appointment_date', type: 'date' }])).toEqual({ appointment_date: '2026-11-26' });
      expect(await extract(text, [{ name: 'invoice_date', type: 'date' }])).toEqual({ invoice_date: '2026-11-05' });
    });

    it('otherwise takes the last date the agent confirms, ignoring the call date', async () => {
      const text = 'Agent: Today is November 20.\nCustomer: Monday or Wednesday?\nAgent: Perfect, Monday it is.\nCustomer: Or maybe Wednesday, let me think.';
      expect(await extract(text, [{ name: 'visit_date', type: 'date' }])).toEqual({ visit_date: '2026-11-23' });
    });

    it('takes times only from mentions with an hour, and reads a bare "at 5" as 17:00', async () => {
      const values = await extract('Customer: Friday works. Call me back at 5.', [
        { name: 'callback_time', type: 'time' },
        { name: 'callback_at', type: 'datetime' },
      ]);
      expect(values).toEqual({ callback_time: '17:00', callback_at: '2026-11-27T17:00:00Z' });
      expect(await extract('Customer: Friday works.', [{ name: 'callback_time', type: 'time' }])).toEqual({ callback_time: null });
    });

    it('combines a date and a time said in different turns', async () => {
      const values = await extract('Customer: Next Tuesday.\nAgent: What time suits you?\nCustomer: 3pm.', [{ name: 'appointment_at', type: 'datetime' }]);
      expect(values.appointment_at).toBe('2026-11-24T15:00:00Z');
    });

    it('gives null when no date is mentioned', async () => {
      expect(await extract('Customer: Thanks, bye.', [{ name: 'appointment_date', type: 'date' }, { name: 'appointment_at', type: 'datetime' }])).toEqual({
        appointment_date: null,
        appointment_at: null,
      });
    });
  });

  describe('extract: numbers', () => {
    it('takes the number near the field words', async () => {
      expect(await extract('Customer: I have 2 kids, and the total was 499 rupees.', [{ name: 'order_amount', type: 'number' }])).toEqual({ order_amount: 499 });
    });

    it('accepts thousands separators and decimals, and skips dates and phone numbers', async () => {
      const text = 'Customer: On 12 November I paid ₹1,299.50 for order 4471. Call me on +91 98765 43210.';
      expect(await extract(text, [{ name: 'amount_paid', type: 'number' }])).toEqual({ amount_paid: 1299.5 });
    });

    it('reads small number words and gives null without a nearby number', async () => {
      const values = await extract('Customer: We are four people. My flat is number 12 on the third floor.', [
        { name: 'party_size', type: 'number' },
        { name: 'order_amount', type: 'number' },
      ]);
      expect(values).toEqual({ party_size: 4, order_amount: null });
    });
  });

  describe('extract: booleans', () => {
    const field: AiField = { name: 'callback_requested', type: 'boolean' };

    it('is true when the customer asks for the idea', async () => {
      expect(await extract('Agent: Anything else?\nCustomer: Please call me back tomorrow.', [field])).toEqual({ callback_requested: true });
    });

    it('is false when the customer negates it', async () => {
      expect(await extract("Customer: Don't call me back, I'll write an email.", [field])).toEqual({ callback_requested: false });
    });

    it('follows yes/no answers to the agent question', async () => {
      expect(await extract('Agent: Would you like a callback?\nCustomer: Yes, please.', [field])).toEqual({ callback_requested: true });
      expect(await extract('Agent: Would you like a callback?\nCustomer: No, thanks.', [field])).toEqual({ callback_requested: false });
    });

    it('is null when the idea is not mentioned, or only by the agent', async () => {
      expect(await extract('Customer: Thanks, bye.', [field])).toEqual({ callback_requested: null });
      expect(await extract('Agent: I will call you back.\nCustomer: Thanks, bye.', [field])).toEqual({ callback_requested: null });
    });
  });

  describe('extract: strings', () => {
    const text = [
      'Agent: Our number is 1800 123 4567. May I have your details?',
      'Customer: My name is Priya Shah, email priya.shah@example.com, phone +91 98765 43210.',
      'Customer: The app keeps crashing when I log in. It is annoying.',
    ].join('\n');

    it('finds emails, phone numbers and names by pattern', async () => {
      const values = await extract(text, [
        { name: 'email', type: 'string' },
        { name: 'phone_number', type: 'string' },
        { name: 'customer_name', type: 'string' },
      ]);
      expect(values).toEqual({ email: 'priya.shah@example.com', phone_number: '+91 98765 43210', customer_name: 'Priya Shah' });
    });

    it('reads spoken email addresses', async () => {
      expect(await extract('Customer: It is john at gmail dot com.', [{ name: 'email', type: 'string' }])).toEqual({ email: 'john@gmail.com' });
    });

    it('otherwise gives the customer sentence that best matches the field, or null', async () => {
      const values = await extract(text, [
        { name: 'issue', type: 'string', description: 'the technical problem' },
        { name: 'competitor', type: 'string' },
      ]);
      expect(values).toEqual({ issue: 'The app keeps crashing when I log in.', competitor: null });
    });
  });

  describe('decide', () => {
    const callback = 'Did the customer ask for a callback?';
    const complaint = 'Did the customer express dissatisfaction, frustration, or threaten to cancel?';
    const billing = 'Did the customer report a billing or payment problem?';

    it('answers callback questions, with negation', async () => {
      expect(await decide(callback, 'Agent: Anything else?\nCustomer: Yes, call me back tomorrow.')).toEqual({
        result: true,
        reason: 'Offline rules: the customer said "Yes, call me back tomorrow".',
      });
      expect(await decide(callback, "Customer: I don't want a callback, thanks.")).toMatchObject({ result: false, reason: expect.stringContaining('negates callback') });
      expect(await decide(callback, 'Agent: I will call you back tomorrow.\nCustomer: OK, bye.')).toEqual({
        result: false,
        reason: 'Offline rules: no customer turn mentions callback, call back, call me back.',
      });
    });

    it('answers complaint questions, with negation', async () => {
      expect((await decide(complaint, 'Customer: This is terrible, I want to cancel my plan.')).result).toBe(true);
      expect((await decide(complaint, "Customer: I'm not happy with the delay.")).result).toBe(true);
      expect((await decide(complaint, "Customer: I'm not upset at all, thanks.")).result).toBe(false);
      expect((await decide(complaint, 'Customer: Great service, thank you.')).result).toBe(false);
    });

    it('answers billing questions, with negation', async () => {
      const yes = await decide(billing, 'Agent: How can I help?\nCustomer: I was charged twice on my last invoice.');
      expect(yes).toEqual({ result: true, reason: 'Offline rules: the customer said "I was charged twice on my last invoice".' });
      expect((await decide(billing, 'Customer: No problems with my bill, I just wanted a demo.')).result).toBe(false);
      expect((await decide(billing, 'Customer: The app crashes at login.')).result).toBe(false);
    });

    it('reads agent turns for questions about the agent', async () => {
      const question = 'Did the agent fail to answer any question?';
      expect(await decide(question, "Customer: What's the warranty?\nAgent: I'm not sure, I'll get back to you.")).toEqual({
        result: true,
        reason: `Offline rules: the agent said "I'm not sure, I'll get back to you".`,
      });
      expect((await decide(question, "Customer: I'm not sure about the warranty.\nAgent: It is two years.")).result).toBe(false);
    });

    it('reads plain text that is not a transcript', async () => {
      expect(await decide(callback, 'please call me back tomorrow')).toEqual({ result: true, reason: 'Offline rules: the text says "please call me back tomorrow".' });
    });
  });

  describe('route', () => {
    const rules = [
      { when: 'The customer reports a technical problem', to: ['tech@example.com'] },
      { when: 'The customer reports a billing or payment problem', to: ['billing@example.com'] },
      { when: 'The customer asks for a refund', to: ['refunds@example.com'] },
    ];

    it('gives the first rule that applies', async () => {
      const answer = await model.route({ text: 'Customer: I want a refund, you charged me twice.', rules });
      expect(answer.rule).toBe(1);
      expect(answer.reason).toMatch(/^Offline rules: "The customer reports a billing or payment problem" applies: the customer said/);
    });

    it('gives null when no rule applies, and a catch-all rule applies always', async () => {
      const none = await model.route({ text: 'Customer: Thanks, that was helpful.', rules });
      expect(none.rule).toBeNull();
      expect(none.reason).toMatch(/^Offline rules: no rule applies\./);
      const fallback = await model.route({ text: 'Customer: Thanks, that was helpful.', rules: [...rules, { when: 'Otherwise', to: ['team@example.com'] }] });
      expect(fallback.rule).toBe(3);
    });
  });

  describe('reply', () => {
    it('acknowledges a short message, quoting it, and promises a follow-up', async () => {
      const answer = await model.reply({ instructions: 'You are a support agent.', history: [], message: 'Where is my order?', variables: { customer_name: 'Priya' } });
      expect(answer.text).toBe('Thank you, Priya, for your question "Where is my order?". A member of our team will follow up with you shortly.');
    });

    it('does not quote long messages', async () => {
      const message = `I have a long story: ${'words '.repeat(40)}`;
      const answer = await model.reply({ instructions: '', history: [], message, variables: {} });
      expect(answer.text).toBe('Thank you for your message. A member of our team will follow up with you shortly.');
    });
  });

  describe('helpers', () => {
    it('stems plurals, -ing and -ed alike', () => {
      expect(stem('Booked')).toBe(stem('booking'));
      expect(stem('calls')).toBe(stem('calling'));
      expect(stem('charged')).toBe(stem('charge'));
    });

    it('splits transcripts into turns with offsets', () => {
      const text = 'Agent: Hi\nCustomer: Hello\nthere';
      const turns = splitTurns(text);
      expect(turns.map((t) => [t.role, t.text])).toEqual([
        ['agent', 'Hi'],
        ['customer', 'Hello\nthere'],
      ]);
      expect(text.slice(turns[1].start, turns[1].end)).toBe('Hello\nthere');
      expect(splitTurns('plain text')).toEqual([{ role: 'text', text: 'plain text', start: 0, end: 10 }]);
    });

    it('computes zone offsets', () => {
      expect(zoneOffset(new Date('2026-11-24T10:00:00Z'), 'Europe/Berlin')).toBe(60);
      expect(zoneOffset(new Date('2026-07-01T10:00:00Z'), 'America/New_York')).toBe(-240);
      expect(zoneOffset(new Date('2026-07-01T10:00:00Z'), 'Asia/Kolkata')).toBe(330);
    });
  });
});
