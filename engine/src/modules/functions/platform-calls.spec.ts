import { describe, expect, it } from 'vitest';
import { freeFormAnswer, readPlatformCall, STILL_WORKING, vapiResult } from './platform-calls';

describe('readPlatformCall', () => {
  it("reads Vapi's documented example shapes too: { id, name, parameters } and { id, function: { name, arguments } }", () => {
    const calls = readPlatformCall('vapi', 'book_slot', {
      message: {
        type: 'tool-calls',
        call: { id: 'c1', customer: { number: '+14155550101' } },
        toolCallList: [
          { id: 't1', name: 'book_slot', parameters: { slot: 'a' } },
          { id: 't2', function: { name: 'book_slot', arguments: ' ' } },
        ],
      },
    });
    expect(calls.map((call) => [call.toolCallId, call.name, call.body.arguments, call.body.customer])).toEqual([
      ['t1', 'book_slot', { slot: 'a' }, { phone: '+14155550101' }],
      ['t2', 'book_slot', {}, { phone: '+14155550101' }],
    ]);
  });

  it('takes the customer of a Retell call from the other end: from_number inbound, to_number outbound', () => {
    const call = (direction: string) => readPlatformCall('retell', 'f', { call: { call_id: 'r1', direction, from_number: '+1111', to_number: '+2222' }, args: {} })[0]!.body.customer;
    expect(call('inbound')).toEqual({ phone: '+1111' });
    expect(call('outbound')).toEqual({ phone: '+2222' });
  });

  it("keeps a parameter named like ElevenLabs' context fields out of the arguments only when the body wraps them", () => {
    const [flat] = readPlatformCall('elevenlabs', 'f', { arguments: { call_id: 'mine' }, call_id: 'conv_1' });
    expect(flat!.body).toMatchObject({ callId: 'conv_1', arguments: { call_id: 'mine' } });
  });
});

describe('answers', () => {
  it("Vapi's result is one line; a Respond status of 400 or more, or a failed run, is the call's error", () => {
    expect(vapiResult('t', { kind: 'answer', status: 200, body: 'Booked.\nSee you', runId: 'r' })).toEqual({ toolCallId: 't', result: 'Booked. See you' });
    expect(vapiResult('t', { kind: 'answer', status: 409, body: { taken: true }, runId: 'r' })).toEqual({ toolCallId: 't', error: '{"taken":true}' });
    expect(vapiResult('t', { kind: 'finished', status: 200, body: { runId: 'r', status: 'failed' }, runId: 'r' })).toEqual({ toolCallId: 't', error: 'The function failed.' });
    expect(vapiResult('t', { kind: 'timeout', status: 202, body: { runId: 'r' }, runId: 'r' })).toEqual({ toolCallId: 't', result: STILL_WORKING });
  });

  it('the free-form platforms get a 200 "still working" body on timeout, never a 202 they may not read', () => {
    expect(freeFormAnswer({ kind: 'timeout', status: 202, body: { runId: 'r' }, runId: 'r' })).toEqual({ status: 200, body: { status: 'pending', runId: 'r', message: STILL_WORKING } });
    expect(freeFormAnswer({ kind: 'answer', status: 201, body: { ok: true }, runId: 'r' })).toEqual({ status: 201, body: { ok: true } });
  });
});
