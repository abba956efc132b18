import { describe, expect, it } from 'vitest';
import { answeredOffline, modelLine, OFFLINE_EXPLANATION, provenanceSentence, stepProvenance } from './ai-provenance';

const usage = { promptTokens: 1200, completionTokens: 34, totalTokens: 1234 };

describe('stepProvenance', () => {
  it('reads an AI step answered by a model', () => {
    const provenance = stepProvenance({ result: true, reason: 'asked', offline: false, model: 'gpt-4o-mini', usage });
    expect(provenance).toEqual({ offline: false, model: 'gpt-4o-mini', usage });
    expect(modelLine(provenance!)).toBe('gpt-4o-mini · 1,234 tokens');
    expect(provenanceSentence(provenance!)).toBe('Answered by gpt-4o-mini: 1,234 tokens (1,200 in, 34 out).');
  });

  it('marks the offline rules, without a model or tokens', () => {
    const provenance = stepProvenance({ values: {}, offline: true, model: 'offline' });
    expect(provenance).toEqual({ offline: true, model: null, usage: null });
    expect(modelLine(provenance!)).toBeNull();
    expect(provenanceSentence(provenance!)).toBe(OFFLINE_EXPLANATION);
  });

  it('reads the routing of email.send', () => {
    expect(stepProvenance({ messageId: 'm', delivery: 'captured', routing: { rule: 0, reason: 'billing', offline: true, model: 'offline' } })).toMatchObject({ offline: true });
    expect(stepProvenance({ messageId: 'm', routing: { rule: null, offline: false, model: 'llama3' } })).toEqual({ offline: false, model: 'llama3', usage: null });
  });

  it('finds nothing in other steps', () => {
    expect(stepProvenance({ messageId: 'm', delivery: 'sent' })).toBeNull();
    expect(stepProvenance(null)).toBeNull();
    expect(stepProvenance([{ offline: true }])).toBeNull();
    expect(stepProvenance({ offline: 'yes' })).toBeNull();
  });

  it('shows the model alone when no usage was reported', () => {
    const provenance = stepProvenance({ offline: false, model: 'gpt-4o-mini', usage: { totalTokens: 'many' } })!;
    expect(modelLine(provenance)).toBe('gpt-4o-mini');
    expect(provenanceSentence(provenance)).toBe('Answered by gpt-4o-mini.');
  });
});

describe('answeredOffline', () => {
  it('is true when one step of the run was answered by the offline rules', () => {
    expect(answeredOffline({ steps: [{ output: { messageId: 'm' } }, { output: { reply: 'Thanks', offline: true, model: 'offline' } }] })).toBe(true);
    expect(answeredOffline({ steps: [{ output: { reply: 'Hi', offline: false, model: 'gpt' } }, { output: null }] })).toBe(false);
  });
});
