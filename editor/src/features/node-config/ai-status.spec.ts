import { describe, expect, it } from 'vitest';
import type { JsonSchema } from '../../api/types';
import { aiRoleOf, aiStatusSentence, connectAiHref } from './ai-status';

const node = (type: string, properties: Record<string, JsonSchema> = {}) => ({ type, configSchema: { type: 'object', properties } });

describe('the AI status note', () => {
  it('is shown for AI nodes, triggers with an AI condition and email.send only', () => {
    expect(aiRoleOf(node('ai.decide'))?.one).toBe('answers');
    expect(aiRoleOf(node('call.completed', { aiCondition: { type: 'string' } }))?.one).toBe('judges the AI condition');
    expect(aiRoleOf(node('email.send'))?.one).toBe('judges the routing rules');
    expect(aiRoleOf(node('whatsapp.send_text', { text: { type: 'string' } }))).toBeNull();
  });

  it('names the engine-wide model, or the offline rules', () => {
    const role = aiRoleOf(node('ai.extract'))!;
    expect(aiStatusSentence({ model: 'gpt-4o-mini', offline: false }, role)).toBe('Without an AI connection chosen, the engine-wide model gpt-4o-mini answers.');
    expect(aiStatusSentence({ model: null, offline: true }, role)).toBe('Without an AI connection chosen, the offline rules answer: no AI model is connected yet.');
    expect(aiStatusSentence({ model: null, offline: true }, aiRoleOf(node('email.send'))!)).toMatch(/the offline rules judge the routing rules/);
  });

  it('never names environment variables, and links to the AI provider form', () => {
    expect(aiStatusSentence({ model: null, offline: true }, aiRoleOf(node('ai.reply'))!)).not.toMatch(/[A-Z]+_[A-Z_]+/);
    expect(connectAiHref()).toBe('#/connections?add=ai.openai_compatible');
  });
});
