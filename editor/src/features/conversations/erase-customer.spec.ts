import { describe, expect, it } from 'vitest';
import type { CustomerErasureView } from '../../api/types';
import { erasePath, erasureSummary } from './erase-customer';

const none: CustomerErasureView['erased'] = {
  messages: 0,
  messageStatuses: 0,
  conversations: 0,
  contacts: 0,
  aiConversations: 0,
  runs: 0,
  cancelledRuns: 0,
  emails: 0,
  tasks: 0,
  alerts: 0,
  webhookDeliveries: 0,
};

const result = (erased: Partial<CustomerErasureView['erased']>, optOutKept = false): CustomerErasureView => ({ phone: '+14155550101', erased: { ...none, ...erased }, optOutKept });

describe('erasePath', () => {
  it('encodes the plus of an E.164 number', () => {
    expect(erasePath('+14155550101')).toBe('/api/contacts/%2B14155550101');
  });
});

describe('erasureSummary', () => {
  it('lists what went, singular and plural', () => {
    expect(erasureSummary(result({ messages: 3, conversations: 1, runs: 2, aiConversations: 1, contacts: 1 }))).toBe(
      "Erased 3 messages, 1 conversation, 2 runs, the AI's memory and the contact of +14155550101.",
    );
    expect(erasureSummary(result({ messages: 1 }))).toBe('Erased 1 message of +14155550101.');
  });

  it('says when runs under way were cancelled and when an opt-out was kept', () => {
    expect(erasureSummary(result({ runs: 1, cancelledRuns: 1 }, true))).toBe(
      'Erased 1 run of +14155550101. 1 run still under way was cancelled first. They had opted out: that fact is kept, so they stay opted out.',
    );
  });

  it('says so when a second erasure finds nothing', () => {
    expect(erasureSummary(result({}))).toBe('Nothing was left to erase of +14155550101.');
  });
});
