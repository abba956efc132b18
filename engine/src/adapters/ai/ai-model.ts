import type { AiField, AiRoutingRule, AiUsage } from '@switchboard/nodes';

/** One turn of an AI conversation's history. */
export interface ChatTurn {
  role: 'customer' | 'assistant';
  text: string;
}

/** What every model answer carries besides its content. */
export interface ModelAnswer {
  /** The model that answered (`gpt-4o-mini`), or `offline`. */
  model: string;
  usage?: AiUsage;
}

/**
 * A language model as the AI gateway uses it: stateless (the gateway keeps conversation
 * memory and picks the model per connection). Two implementations: any OpenAI-compatible
 * chat completions endpoint, and the offline rules that need no network.
 */
export interface AiModel {
  /** True for the offline rules: results are marked `offline` in step outputs. */
  readonly offline: boolean;
  reply(input: { instructions: string; history: ChatTurn[]; message: string; variables: Record<string, unknown> }): Promise<ModelAnswer & { text: string }>;
  extract(input: {
    text: string;
    fields: AiField[];
    /** ISO 8601: what relative dates ("next Tuesday") count from. */
    referenceDate?: string;
    /** IANA zone dates and times are read in; UTC when absent. */
    timeZone?: string;
  }): Promise<ModelAnswer & { values: Record<string, string | number | boolean | null> }>;
  decide(input: { question: string; text: string }): Promise<ModelAnswer & { result: boolean; reason: string }>;
  /** The index of the first rule that applies to the text, or null. */
  route(input: { text: string; rules: AiRoutingRule[] }): Promise<ModelAnswer & { rule: number | null; reason: string }>;
}
