import { describe, expect, it } from 'vitest';
import type { FlowView, MessageView } from '../../api/types';
import { DEFAULT_CUSTOMER_PHONE, chatItems, customersNewestFirst, initialCustomerPhone, listeningFlows, looksLikePhone, mergeChat, normalizeCustomerPhone } from './sandbox-chat';

const message = (id: string, createdAt: string, fields: Partial<MessageView> = {}): MessageView => ({
  id, connectionId: 'c', direction: 'inbound', customer: '+14155550100', customerName: null, conversationId: 'conv1', kind: 'text', template: null, language: null,
  parameters: null, text: id, interactive: null, media: null, providerMessageId: null, status: 'received', error: null, runId: null, nodeId: null, createdAt, statusAt: null, updatedAt: createdAt, ...fields,
});

describe('customer phone', () => {
  it('normalizes what people type', () => {
    expect(normalizeCustomerPhone(' +1 (415) 555-0100 ')).toBe('+14155550100');
    expect(normalizeCustomerPhone('0049 151 1234 5678')).toBe('+4915112345678');
    expect(looksLikePhone('+14155550100')).toBe(true);
    expect(looksLikePhone('4155550100')).toBe(false);
    expect(looksLikePhone('+1')).toBe(false);
  });
});

describe('mergeChat', () => {
  it('joins the conversation and the sender’s messages of this customer, oldest first, once each', () => {
    const a = message('a', '2026-01-01T10:00:00Z', { conversationId: null, direction: 'outbound', kind: 'template' });
    const b = message('b', '2026-01-01T10:01:00Z');
    const c = message('c', '2026-01-01T10:01:01Z', { direction: 'outbound' });
    const other = message('x', '2026-01-01T10:00:30Z', { customer: '+14155559999' });
    expect(mergeChat([b, c], [c, other, b, a], '+14155550100').map((item) => item.id)).toEqual(['a', 'b', 'c']);
  });

  it('puts the customer’s message before a reply stamped the same instant', () => {
    const at = '2026-01-01T10:00:00Z';
    expect(mergeChat([message('reply', at, { direction: 'outbound' }), message('ask', at)], [], '+14155550100').map((item) => item.id)).toEqual(['ask', 'reply']);
  });
});

describe('chatItems', () => {
  it('marks where a new conversation starts', () => {
    const items = chatItems([
      message('t', '2026-01-01T09:00:00Z', { conversationId: null }),
      message('a', '2026-01-01T10:00:00Z', { conversationId: 'one' }),
      message('b', '2026-01-01T10:01:00Z', { conversationId: 'one' }),
      message('c', '2026-01-02T10:00:00Z', { conversationId: 'two' }),
    ]);
    expect(items.map((item) => (item.kind === 'divider' ? '|' : item.message.id))).toEqual(['t', '|', 'a', 'b', '|', 'c']);
  });

  it('draws no divider above the first conversation', () => {
    expect(chatItems([message('a', '2026-01-01T10:00:00Z')]).map((item) => item.kind)).toEqual(['message']);
  });
});

describe('listeningFlows', () => {
  const flow = (id: string, triggerType: string, config: Record<string, unknown>, status: FlowView['status'] = 'published') =>
    ({ id, status, triggerType, graph: { nodes: [{ id: 't', type: triggerType, config }], edges: [] } }) as unknown as FlowView;

  it('finds the published chat flows of this sender or of any sender', () => {
    const flows = [
      flow('any', 'conversation.started', {}),
      flow('this', 'whatsapp.message_received', { connectionId: 'c1' }),
      flow('other', 'whatsapp.message_received', { connectionId: 'c2' }),
      flow('draft', 'conversation.started', {}, 'draft'),
      flow('calls', 'call.completed', {}),
    ];
    expect(listeningFlows(flows, 'c1').map((item) => item.id)).toEqual(['any', 'this']);
  });
});

describe('the sandbox’s customers', () => {
  const customers = [
    { phone: '+14155550101', lastMessageAt: '2026-01-01T10:00:00Z' },
    { phone: '+14155550102', lastMessageAt: '2026-01-02T10:00:00Z' },
  ];

  it('lists the newest first', () => {
    expect(customersNewestFirst(customers).map((customer) => customer.phone)).toEqual(['+14155550102', '+14155550101']);
  });

  it('opens the linked customer, else the newest, else the default number', () => {
    expect(initialCustomerPhone('+1 415 555 0199', customers)).toBe('+14155550199');
    expect(initialCustomerPhone(undefined, customersNewestFirst(customers))).toBe('+14155550102');
    expect(initialCustomerPhone(undefined, [])).toBe(DEFAULT_CUSTOMER_PHONE);
  });
});
