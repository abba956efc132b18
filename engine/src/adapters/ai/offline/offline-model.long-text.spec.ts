import type { AiField } from '@switchboard/nodes';
import { describe, expect, it } from 'vitest';
import { OfflineModel } from './offline-model';
import { HEAD, TAIL } from '../text-window';

/**
 * 1 MB texts built from what the old patterns were quadratic (or worse) on: long runs of word
 * characters, of `a@`, of `a.`, of dots, of digits and spaces, and a very long call. Every
 * entry point must still answer from the start and the end of the text. No timing is asserted
 * here (the figures belong to the change's notes); the timeout only stops a hung run.
 */
const model = new OfflineModel();
const CALL = '2026-11-20T15:00:00Z';
const MB = 1024 * 1024;
const TIMEOUT = 120_000;

const START = 'Customer: Hello, my name is Priya Shah and my email is priya.shah@example.com.';
const END = [
  'Agent: Shall I book your appointment for next Tuesday at 10:30?',
  'Customer: Yes, please. And call me back on +91 98765 43210, the total was 499 rupees.',
].join('\n');

const FILLERS: Record<string, string> = {
  'word characters': 'a',
  'a@': 'a@',
  'a.': 'a.',
  dots: '.',
  'digits and spaces': '1 ',
  'angle brackets': '<',
  spaces: ' ',
  'an hour of small talk': 'Agent: Let me check that for you.\nCustomer: Sure, I can wait.\n',
};

function repeat(unit: string, length: number): string {
  return unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
}

/** 1 MB: the start, the filler, the end. */
function longText(filler: string): string {
  return `${START}\n${repeat(filler, MB - START.length - END.length - 2)}\n${END}`;
}

const FIELDS: AiField[] = [
  { name: 'email', type: 'string' },
  { name: 'customer_name', type: 'string' },
  { name: 'phone_number', type: 'string' },
  { name: 'appointment_date', type: 'date' },
  { name: 'appointment_time', type: 'time' },
  { name: 'appointment_at', type: 'datetime' },
  { name: 'order_amount', type: 'number' },
  { name: 'callback_requested', type: 'boolean' },
];

describe('OfflineModel on 1 MB of text', () => {
  for (const [name, filler] of Object.entries(FILLERS)) {
    it(
      `answers every entry point from the start and end of a run of ${name}`,
      async () => {
        const text = longText(filler);
        expect(text.length).toBe(MB);

        const extracted = await model.extract({ text, fields: FIELDS, referenceDate: CALL });
        expect(extracted.values).toEqual({
          email: 'priya.shah@example.com',
          customer_name: 'Priya Shah',
          phone_number: '+91 98765 43210',
          appointment_date: '2026-11-24',
          appointment_time: '10:30',
          appointment_at: '2026-11-24T10:30:00Z',
          order_amount: 499,
          callback_requested: true,
        });

        const decision = await model.decide({ question: 'Did the customer ask for a callback?', text });
        expect(decision).toMatchObject({ result: true, reason: expect.stringContaining('call me back on +91 98765 43210') });
        expect((await model.decide({ question: 'Did the customer complain?', text })).result).toBe(false);

        const rules = [
          { when: 'The customer reports a technical problem', to: [] },
          { when: 'The customer asks for a callback', to: [] },
        ];
        expect((await model.route({ text, rules })).rule).toBe(1);

        const reply = await model.reply({ instructions: '', history: [], message: `${text}?`, variables: { customer_name: text } });
        expect(reply.text).toBe('Thank you, Customer: Hello, my name is Priya Shah…, for your question. A member of our team will follow up with you shortly.');
      },
      TIMEOUT,
    );
  }

  it(
    'reads a megabyte of dates, numbers and keywords without pairing each with each',
    async () => {
      const line = 'Customer: Call me back about the appointment on 5 May 2027 at 10:30, the total is 40.\n';
      const text = line.repeat(Math.ceil(MB / line.length));
      const extracted = await model.extract({
        text,
        fields: [
          { name: 'appointment_at', type: 'datetime' },
          { name: 'order_amount', type: 'number' },
          { name: 'callback_requested', type: 'boolean' },
        ],
        referenceDate: CALL,
      });
      expect(extracted.values).toEqual({ appointment_at: '2027-05-05T10:30:00Z', order_amount: 40, callback_requested: true });
      expect((await model.decide({ question: 'Did the customer mention a bill?', text })).result).toBe(false);
    },
    TIMEOUT,
  );

  it(
    'finds an address at either end and reads a question or rule of any length',
    async () => {
      const atStart = `Customer: write to a.b@example.org ${repeat('a@', MB)}`;
      const atEnd = `${repeat('a.', MB)} Customer: write to a.b@example.org`;
      const spoken = `${repeat('a.', MB)} it is john at gmail dot com`;
      for (const text of [atStart, atEnd, spoken]) {
        const { values } = await model.extract({ text, fields: [{ name: 'email', type: 'string' }] });
        expect(values.email).toBe(text === spoken ? 'john@gmail.com' : 'a.b@example.org');
      }
      const question = `Did the customer ask for a callback ${repeat('or a1 ', MB)}?`;
      expect((await model.decide({ question, text: 'Customer: Call me back.' })).result).toBe(true);
    },
    TIMEOUT,
  );

  it('reads only a window of the text: a field said in the middle of a megabyte is not found', async () => {
    const middle = `${repeat('Agent: Let me check.\n', MB / 2)}Customer: my email is lost@example.com\n${repeat('Agent: Let me check.\n', MB / 2)}`;
    expect((await model.extract({ text: middle, fields: [{ name: 'email', type: 'string' }] })).values.email).toBeNull();
    // Just inside the window's tail it is found.
    const inTail = `${repeat('Agent: Let me check.\n', MB)}Customer: my email is found@example.com\n${repeat('Agent: Let me check.\n', TAIL - 1024)}`;
    expect((await model.extract({ text: inTail, fields: [{ name: 'email', type: 'string' }] })).values.email).toBe('found@example.com');
    const inHead = `${repeat('Agent: Let me check.\n', HEAD - 1024)}Customer: my email is found@example.com\n${repeat('Agent: Let me check.\n', MB)}`;
    expect((await model.extract({ text: inHead, fields: [{ name: 'email', type: 'string' }] })).values.email).toBe('found@example.com');
  });
});
