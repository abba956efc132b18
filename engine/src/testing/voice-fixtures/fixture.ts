/**
 * One voice platform's test material, so the webhook integration test can iterate over all
 * platforms with one table: a documented example payload per case, the platform's way of
 * signing it, and what the normalised `call.completed` event must say.
 */
export interface VoiceFixture {
  provider: string;
  config: Record<string, unknown>;
  answered(): unknown;
  notAnswered?(): unknown;
  ignored?(): unknown;
  sign(raw: Buffer, config: Record<string, unknown>, now: number): { headers?: Record<string, string>; query?: Record<string, string> };
  expected: { callId: string; customerPhone: string | null; direction: 'inbound' | 'outbound' | null };
}
