import { z } from 'zod';
import type { AiProvenance } from '../sdk/ports';
import { connection, templated } from '../sdk/fields';

/** The AI connection field every AI node has; without one the engine-wide model answers (or the offline rules). */
export const aiConnection = () =>
  connection('ai', 'The AI model that answers; without one, the engine-wide model or, if none is configured, the offline rules').optional();

/**
 * The text an AI node reads: the call's or conversation's transcript unless another is given.
 * No schema default: defaults are applied after rendering, so a default template would stay unrendered.
 */
export const aiText = (description: string) => templated.string(description, { multiline: true }).optional();

/** The run's transcript (`{{conversation_transcript}}`), what AI nodes read when no text is given. */
export function transcriptOf(context: Record<string, unknown>): string {
  const transcript = context.conversation_transcript;
  return typeof transcript === 'string' ? transcript : '';
}

/** Output fields the AI nodes add next to their result: how the answer was produced. */
export const PROVENANCE_FIELDS = ['offline', 'model', 'usage'] as const;

/** The provenance part of an AI answer, for a step's output (`offline` marks the offline rules). */
export function provenance(answer: AiProvenance): AiProvenance {
  return { offline: answer.offline, model: answer.model, ...(answer.usage ? { usage: answer.usage } : {}) };
}

export const fieldTypes = ['string', 'number', 'boolean', 'date', 'time', 'datetime'] as const;

export type AiTextSchema = z.infer<ReturnType<typeof aiText>>;
