/**
 * One AI voice platform (Vapi, Retell, Bland, Synthflow, ElevenLabs, CallKaro, Autocalls) behind
 * `POST /webhooks/voice/:connectionId`: how it proves a delivery is its own, and how its
 * post-call payload reads as our `call.completed` (the mapping table of the product documents'
 * `reference/voice-platforms.md` §8). Adapters are pure: no Nest, no database, no clock of their
 * own (`now` is passed), so each is unit-tested against the platform's documented example.
 */

/** A voice connection's stored config, secrets decrypted (`voice.<platform>` provider). */
export type VoiceConfig = Record<string, unknown>;

/** What arrived: the raw bytes (signatures are over them), the parsed JSON, headers (lower case) and the query. */
export interface VoiceDelivery {
  raw: Buffer;
  body: unknown;
  headers: Record<string, string | undefined>;
  query: Record<string, string | undefined>;
}

export type VoiceVerdict =
  | { ok: true }
  /** 401: what is wrong, in words for the platform's delivery log (never the expected value). */
  | { ok: false; reason: string };

/** The normalised `call.completed` data (CONTRACT "Event data", plus `call.connected`, `call.endedReason`, `call.recordingUrl`). */
export interface NormalizedCall {
  call: {
    id: string;
    direction: 'inbound' | 'outbound' | null;
    from: string | null;
    to: string | null;
    startedAt: string | null;
    endedAt: string | null;
    durationSeconds: number | null;
    /** `completed | no_answer | busy | voicemail | failed` (reference §8 "Status derivation"). */
    status: 'completed' | 'no_answer' | 'busy' | 'voicemail' | 'failed';
    /** The customer answered and talked to the agent: `status === 'completed'`. */
    connected: boolean;
    endedReason: string | null;
    recordingUrl: string | null;
  };
  agent: { id: string | null; name: string | null };
  customer: { phone: string | null; name: string | null };
  metadata: Record<string, unknown>;
  variables: Record<string, unknown>;
  transcript: Array<{ role: 'agent' | 'customer'; text: string; at?: number }>;
  summary: string | null;
}

/** What a delivery is, once read. */
export type VoiceEvent =
  /** A call that ended (or its later analysis): starts flows as `call.completed`. */
  | {
      kind: 'call_ended' | 'call_analyzed';
      /** The platform's call id + event kind: the same delivery twice is one event. */
      dedupeKey: string;
      data: NormalizedCall;
    }
  /** Something the flows do not need (`call_started`, transcript updates, audio): answered 200 and dropped. */
  | { kind: 'ignored'; reason: string };

export interface VoicePlatform {
  /** `voice.vapi`, `voice.retell`, … (the connection provider). */
  provider: string;
  /** The platform's name as users know it (Retell AI, ElevenLabs…). */
  title: string;
  /**
   * Checks the delivery the platform's way (HMAC over body and timestamp, a shared secret header,
   * a token in the URL); `now` is the current time in ms, for timestamp windows.
   * `fetchJson` lets a platform whose body is not signed re-fetch the call from its API
   * (Synthflow), through the engine's outbound policy.
   */
  verify(delivery: VoiceDelivery, config: VoiceConfig, now: number, fetchJson?: (url: string, headers: Record<string, string>) => Promise<unknown>): Promise<VoiceVerdict> | VoiceVerdict;
  /** Reads the payload; throws a `StepError('CONFIG_INVALID', …)`-free plain Error only for a body that is not the platform's shape (→ 400). */
  read(delivery: VoiceDelivery, config: VoiceConfig): VoiceEvent;
  /** The payload as stored with the event for debugging: credentials the platform includes removed (Vapi's phone-number object). */
  redact(body: unknown): unknown;
}
