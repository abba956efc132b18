/** One voice platform's documented webhook, signed its way: the integration test posts each to its connection. */
export interface VoiceFixture {
  provider: string;
  config: Record<string, unknown>;
  answered(): unknown;
  notAnswered?(): unknown;
  ignored?(): unknown;
  sign(raw: Buffer, config: Record<string, unknown>, now: number): { headers?: Record<string, string>; query?: Record<string, string> };
  expected: { callId: string; customerPhone: string | null; direction: 'inbound' | 'outbound' | null };
}
