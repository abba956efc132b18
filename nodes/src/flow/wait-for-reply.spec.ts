import { describe, expect, it } from 'vitest';
import { outputsFor } from '../sdk/outputs';
import type { ActionContext } from '../sdk/define';
import { waitForReply } from './wait-for-reply';

const base = { connectionId: 'conn_wa_1', from: '+14155551234', timeoutMinutes: 60 };
const resume = (config: Record<string, unknown>, payload: unknown) =>
  waitForReply.resume!({ config } as unknown as ActionContext<never>, { kind: 'reply', payload } as never);

describe('flow.wait_for_reply with buttons', () => {
  it('has one handle per button id, then replied, other, timeout and error', () => {
    expect(outputsFor(waitForReply, { ...base, buttons: ['yes', 'no'] })).toEqual(['yes', 'no', 'replied', 'other', 'timeout', 'error']);
    expect(outputsFor(waitForReply, base)).toEqual(['replied', 'other', 'timeout', 'error']);
  });

  it('resumes on the tapped button, on other for any other reply, on replied without buttons', async () => {
    const config = { ...base, buttons: ['yes', 'no'] };
    expect(await resume(config, { text: 'No', reply: { kind: 'button', id: 'no', title: 'No' } })).toMatchObject({ handle: 'no', output: { outcome: 'button', button: 'no' } });
    expect(await resume(config, { text: 'maybe later' })).toMatchObject({ handle: 'other', output: { outcome: 'other', button: null } });
    expect(await resume(config, { text: 'x', reply: { kind: 'list', id: 'elsewhere', title: 'x' } })).toMatchObject({ handle: 'other' });
    expect(await resume(base, { text: 'Yes', reply: { kind: 'button', id: 'yes', title: 'Yes' } })).toMatchObject({ handle: 'replied', output: { outcome: 'replied' } });
  });

  it('refuses a button id that is one of its own paths, or repeated', () => {
    const schema = waitForReply.config;
    expect(schema.safeParse({ ...base, buttons: ['timeout'] }).success).toBe(false);
    expect(schema.safeParse({ ...base, buttons: ['yes', 'yes'] }).success).toBe(false);
    expect(schema.safeParse({ ...base, buttons: ['yes', 'no'] }).success).toBe(true);
  });
});
