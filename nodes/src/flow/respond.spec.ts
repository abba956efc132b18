import { describe, expect, it } from 'vitest';
import { catalog } from '../catalog';
import { fakeCaller, runAction } from '../testing/harness';
import { answerBody, respond } from './respond';

describe('flow.respond', () => {
  it('answers the caller with the status and the rendered body, and records them as its output', async () => {
    const caller = fakeCaller();
    const result = await runAction(respond, { status: '201', body: '{"sent":true,"messageId":"m-1"}' }, { caller: caller.port });
    expect(caller.answers).toEqual([{ status: 201, body: { sent: true, messageId: 'm-1' } }]);
    expect(result).toEqual({ output: { status: 201, body: { sent: true, messageId: 'm-1' } } });
  });

  it('takes JSON as an object or a list, text as text, and nothing as no body; the status defaults to 200', async () => {
    const answers = async (config: Record<string, unknown>) => {
      const caller = fakeCaller();
      await runAction(respond, config, { caller: caller.port });
      return caller.answers[0];
    };
    expect(await answers({ body: { sent: true } })).toEqual({ status: 200, body: { sent: true } });
    expect(await answers({ body: [1, 2] })).toEqual({ status: 200, body: [1, 2] });
    expect(await answers({ body: 'Your reference number is REF-7.' })).toEqual({ status: 200, body: 'Your reference number is REF-7.' });
    expect(await answers({})).toEqual({ status: 200, body: null });
    expect(answerBody('{not json')).toBe('{not json');
  });

  it('is an action that answers a caller, with a body rendered as JSON', () => {
    expect(catalog.describe().find((description) => description.type === 'flow.respond')).toMatchObject({ kind: 'action', answersCaller: true, sideEffect: false, outputs: ['default', 'error'] });
    expect(respond.jsonFields).toEqual(['body']);
  });

  it('refuses a status outside 200–599 and a body that is neither text nor JSON', () => {
    const fields = (config: Record<string, unknown>) => catalog.validateConfig(respond, config).map((problem) => problem.field);
    expect(fields({ status: 200, body: 'ok' })).toEqual([]);
    expect(fields({ status: '{{steps.check.status}}', body: 'ok' })).toEqual([]);
    expect(fields({ status: 100 })).toEqual(['status']);
    expect(fields({ status: 700 })).toEqual(['status']);
    expect(fields({ body: 42 })).toEqual(['body']);
  });
});
