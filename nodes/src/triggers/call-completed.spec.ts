import { describe, expect, it } from 'vitest';
import { catalog } from '../catalog';
import { parsed, runMatch, runMatches } from '../testing/harness';
import { callCompleted, callConnected } from './call-completed';

const sample = callCompleted.sampleEvent;
const withDuration = (durationSeconds: unknown) => ({ ...sample, call: { ...(sample.call as object), durationSeconds } });
const withoutDuration = () => {
  const { durationSeconds: _omitted, ...call } = sample.call as Record<string, unknown>;
  return { ...sample, call };
};

const bookedAndFromWebsite = {
  and: [
    { '==': [{ var: 'trigger.variables.appointment_booked' }, true] },
    { '==': [{ var: 'trigger.metadata.lead_source' }, 'website'] },
  ],
};

describe('call.completed', () => {
  it('defaults to all calls, no conditions, not always running', () => {
    expect(parsed(callCompleted, {})).toEqual({ callType: 'all', alwaysRun: false });
  });

  it('calls a call connected when it lasted longer than zero seconds', () => {
    expect(callCompleted.enrich?.(withDuration(125))).toEqual({ connected: true });
    expect(callCompleted.enrich?.(withDuration(0))).toEqual({ connected: false });
    expect(callCompleted.enrich?.(withoutDuration())).toEqual({ connected: false });
    expect(callCompleted.enrich?.({})).toEqual({ connected: false });
    expect(callConnected({ call: { durationSeconds: '42' } })).toBe(true);
  });

  it('prefers an explicit connected flag, then a status that never connected, then the duration', () => {
    // A voicemail of 20 seconds has a duration but nobody talked to the agent.
    expect(callConnected({ call: { status: 'voicemail', durationSeconds: 20 } })).toBe(false);
    expect(callConnected({ call: { status: 'no_answer', durationSeconds: 3 } })).toBe(false);
    expect(callConnected({ call: { status: 'busy', durationSeconds: 1 } })).toBe(false);
    expect(callConnected({ call: { status: 'failed', durationSeconds: 9 } })).toBe(false);
    expect(callConnected({ call: { connected: true, status: 'voicemail', durationSeconds: 0 } })).toBe(true);
    expect(callConnected({ call: { connected: false, status: 'completed', durationSeconds: 125 } })).toBe(false);
    expect(callConnected({ call: { status: 'completed' } })).toBe(false);
    expect(callConnected({ call: { status: 'completed', durationSeconds: 0 } })).toBe(false);
    expect(callConnected({ call: { status: 'in-progress', durationSeconds: 12 } })).toBe(true);
  });

  it('filters a voicemail with a duration out of connected-only flows', async () => {
    const voicemail = { ...sample, call: { ...(sample.call as object), status: 'voicemail', durationSeconds: 20 } };
    expect(await runMatches(callCompleted, voicemail, { callType: 'connected' })).toBe(false);
    expect(await runMatches(callCompleted, voicemail, { callType: 'not_connected' })).toBe(true);
  });

  it.each([
    ['all', 125, true],
    ['all', 0, true],
    ['all', undefined, true],
    ['connected', 125, true],
    ['connected', 0, false],
    ['connected', undefined, false],
    ['not_connected', 125, false],
    ['not_connected', 0, true],
    ['not_connected', undefined, true],
  ])('callType %s with a duration of %s seconds matches: %s', async (callType, duration, expected) => {
    const data = duration === undefined ? withoutDuration() : withDuration(duration);
    expect(await runMatches(callCompleted, data, { callType })).toBe(expected);
  });

  it('starts only when every condition holds (AND)', async () => {
    expect(await runMatches(callCompleted, sample, { callType: 'connected', conditions: bookedAndFromWebsite })).toBe(true);
    const referral = { ...sample, metadata: { lead_source: 'referral' } };
    expect(await runMatches(callCompleted, referral, { callType: 'connected', conditions: bookedAndFromWebsite })).toBe(false);
  });

  it('can test the connected flag and the system variables in conditions', async () => {
    const connected = { '==': [{ var: 'trigger.connected' }, true] };
    expect(await runMatches(callCompleted, sample, { conditions: connected })).toBe(true);
    expect(await runMatches(callCompleted, withDuration(0), { conditions: connected })).toBe(false);
    expect(await runMatches(callCompleted, sample, { conditions: { '==': [{ var: 'agent_name' }, 'Riya'] } })).toBe(true);
  });

  it('with alwaysRun ignores the conditions and the AI condition, but not the call type', async () => {
    const never = { '==': [{ var: 'trigger.variables.appointment_booked' }, false] };
    const judge = async () => false;
    expect(await runMatches(callCompleted, sample, { conditions: never, aiCondition: 'Did they refuse?', alwaysRun: true }, judge)).toBe(true);
    expect(await runMatches(callCompleted, withDuration(0), { callType: 'connected', alwaysRun: true })).toBe(false);
  });

  it('asks the AI its condition when one is wired in, after the other conditions', async () => {
    const questions: string[] = [];
    const judge = async (question: string) => {
      questions.push(question);
      return question.includes('callback');
    };
    expect(await runMatches(callCompleted, sample, { aiCondition: ' Did the customer ask for a callback? ' }, judge)).toBe(true);
    expect(await runMatches(callCompleted, sample, { aiCondition: 'Was the customer angry?' }, judge)).toBe(false);
    expect(questions).toEqual(['Did the customer ask for a callback?', 'Was the customer angry?']);

    const failing = { '==': [{ var: 'trigger.metadata.lead_source' }, 'referral'] };
    expect(await runMatches(callCompleted, sample, { conditions: failing, aiCondition: 'Anything?' }, judge)).toBe(false);
    expect(questions).toHaveLength(2);
  });

  it('ignores the AI condition while no AI is wired in', async () => {
    expect(await runMatches(callCompleted, sample, { aiCondition: 'Was the customer angry?' })).toBe(true);
  });

  it('reports a bad call type or condition at design time', () => {
    const problems = catalog.validateConfig(callCompleted, { callType: 'answered', conditions: { method: ['x', 'toString'] } });
    expect(problems.map((problem) => problem.field)).toEqual(['callType', 'conditions']);
  });

  describe('says why it did not match', () => {
    it('a call of the other type: CALL_TYPE_MISMATCH', async () => {
      expect(await runMatch(callCompleted, withDuration(0), { callType: 'connected' })).toEqual({
        matched: false,
        reason: { code: 'CALL_TYPE_MISMATCH', message: 'call type did not match (connected only)', details: { callType: 'connected', connected: false } },
      });
      expect((await runMatch(callCompleted, sample, { callType: 'not_connected' })).reason?.message).toBe('call type did not match (not-connected only)');
    });

    it('a false condition: CONDITION_FALSE with each compared value', async () => {
      const data = { ...sample, variables: { ...(sample.variables as object), appointment_booked: false } };
      expect(await runMatch(callCompleted, data, { conditions: bookedAndFromWebsite })).toEqual({
        matched: false,
        reason: {
          code: 'CONDITION_FALSE',
          message: 'condition was false: trigger.variables.appointment_booked equals true (was false)',
          details: {
            comparisons: [
              { variable: 'trigger.variables.appointment_booked', operator: 'equals', expected: true, actual: false, holds: false },
              { variable: 'trigger.metadata.lead_source', operator: 'equals', expected: 'website', actual: 'website', holds: true },
            ],
          },
        },
      });
    });

    it('the AI said no: AI_CONDITION_FALSE with the question and the reason the model gave', async () => {
      const judge = async () => ({ result: false, reason: 'The customer did not ask to be called back.' });
      expect(await runMatch(callCompleted, sample, { aiCondition: 'Did the customer ask for a callback?' }, judge)).toEqual({
        matched: false,
        reason: {
          code: 'AI_CONDITION_FALSE',
          message: 'the AI answered no to "Did the customer ask for a callback?": The customer did not ask to be called back.',
          details: { question: 'Did the customer ask for a callback?', answer: 'no', reason: 'The customer did not ask to be called back.' },
        },
      });
      expect((await runMatch(callCompleted, sample, { aiCondition: 'Angry?' }, async () => false)).reason?.message).toBe('the AI answered no to "Angry?"');
      expect(await runMatch(callCompleted, sample, { aiCondition: 'Angry?' }, async () => ({ result: true }))).toEqual({ matched: true });
    });

    it('an invalid condition throws, for the engine to record as CONDITION_ERROR', async () => {
      await expect(runMatch(callCompleted, sample, { conditions: { '==': [{ var: 'a' }] , '!=': [1, 2] } })).rejects.toThrow(/condition/);
    });
  });
});
