import type { FlowGraph } from '@switchboard/shared';
import { describe, expect, it } from 'vitest';
import { catalog } from '../../../../nodes/src/catalog';
import type { NodeDescription } from '../../api/types';
import { callerNote, seconds } from './caller-note';

const nodes = catalog.describe() as unknown as NodeDescription[];
const describeNode = (type: string) => nodes.find((node) => node.type === type);
const respond = { id: 'answer', type: 'flow.respond', config: {} };
const flow = (trigger?: { type: string; config?: Record<string, unknown> }): FlowGraph => ({
  nodes: [...(trigger ? [{ id: 'start', type: trigger.type, config: trigger.config ?? {} }] : []), respond],
  edges: [],
});

describe('callerNote', () => {
  it('answers the voice agent of an in-call function, within its timeout', () => {
    expect(callerNote(flow({ type: 'call.function', config: { name: 'send_otp', timeoutMs: 8000 } }), describeNode, nodes)).toEqual({
      kind: 'agent',
      functionName: 'send_otp',
      timeoutMs: 8000,
      allowed: ['Webhook received', 'In-call function'],
    });
    // A new trigger: the defaults the engine applies.
    expect(callerNote(flow({ type: 'call.function' }), describeNode, nodes)).toMatchObject({ kind: 'agent', functionName: 'my_function', timeoutMs: 10000 });
  });

  it('answers the app that called a webhook, within its response timeout', () => {
    expect(callerNote(flow({ type: 'webhook.received', config: { path: 'lead-form', responseTimeoutMs: 3000 } }), describeNode, nodes)).toMatchObject({ kind: 'webhook', path: 'lead-form', timeoutMs: 3000 });
    expect(callerNote(flow({ type: 'webhook.received', config: { path: 'lead-form' } }), describeNode, nodes)).toMatchObject({ kind: 'webhook', timeoutMs: 10000 });
  });

  it('answers nobody after a trigger whose sender does not wait, and names the triggers it works after', () => {
    expect(callerNote(flow({ type: 'call.completed' }), describeNode, nodes)).toEqual({ kind: 'nobody', triggerTitle: 'Call completed', allowed: ['Webhook received', 'In-call function'] });
    expect(callerNote(flow(), describeNode, nodes)).toEqual({ kind: 'no-trigger', allowed: ['Webhook received', 'In-call function'] });
  });

  it('says durations in seconds', () => {
    expect(seconds(8000)).toBe('8 s');
    expect(seconds(1500)).toBe('1.5 s');
    expect(seconds(250)).toBe('250 ms');
  });
});
