import { elevenlabsFixture } from './elevenlabs';
import type { VoiceFixture } from './fixture';
import { retellFixture } from './retell';
import { vapiFixture } from './vapi';

export type { VoiceFixture } from './fixture';

/**
 * Every voice platform's fixture: `voice-webhooks.int-spec.ts` runs the same cases over each.
 * Bland, Synthflow, CallKaro and Autocalls (`./bland`, …) join here when their modules land.
 */
export const VOICE_FIXTURES: VoiceFixture[] = [vapiFixture, retellFixture, elevenlabsFixture];
