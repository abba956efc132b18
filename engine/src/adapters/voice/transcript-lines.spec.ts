import { describe, expect, it } from 'vitest';
import { turnsFromLines } from './transcript-lines';

describe('turnsFromLines', () => {
  it('reads one turn per prefixed line, case-insensitively', () => {
    expect(turnsFromLines('\nbot: Hi Jane.\nHuman: Hi, yes.\nBOT: Great.', { agent: ['bot'], customer: ['human'] })).toEqual([
      { role: 'agent', text: 'Hi Jane.' },
      { role: 'customer', text: 'Hi, yes.' },
      { role: 'agent', text: 'Great.' },
    ]);
  });

  it('joins wrapped lines to their speaker and drops unattributed text before the first prefix', () => {
    expect(turnsFromLines('call started\nAI: Hello,\nthis is Acme.\nCustomer: Yes?', { agent: ['AI'], customer: ['Customer'] })).toEqual([
      { role: 'agent', text: 'Hello, this is Acme.' },
      { role: 'customer', text: 'Yes?' },
    ]);
  });

  it('splits speakers written on one line and skips empty turns', () => {
    expect(turnsFromLines('Agent: Namaste... User: Haan. Agent:', { agent: ['Agent'], customer: ['User'] })).toEqual([
      { role: 'agent', text: 'Namaste...' },
      { role: 'customer', text: 'Haan.' },
    ]);
  });

  it('does not split inside words and reads nothing from a non-string', () => {
    expect(turnsFromLines('AI: I said MAIL: yes', { agent: ['AI'], customer: ['Customer'] })).toEqual([{ role: 'agent', text: 'I said MAIL: yes' }]);
    expect(turnsFromLines(undefined, { agent: ['AI'], customer: ['Customer'] })).toEqual([]);
    expect(turnsFromLines('', { agent: ['AI'], customer: ['Customer'] })).toEqual([]);
  });
});
