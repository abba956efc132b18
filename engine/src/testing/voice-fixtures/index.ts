import { autocallsFixture } from './autocalls';
import { blandFixture } from './bland';
import { callkaroFixture } from './callkaro';
import { elevenlabsFixture } from './elevenlabs';
import type { VoiceFixture } from './fixture';
import { retellFixture } from './retell';
import { synthflowFixture } from './synthflow';
import { vapiFixture } from './vapi';

export type { VoiceFixture } from './fixture';

/**
 * Every voice platform's fixture: `voice-webhooks.int-spec.ts` runs the same cases over each.
 */
export const VOICE_FIXTURES: VoiceFixture[] = [vapiFixture, retellFixture, blandFixture, synthflowFixture, elevenlabsFixture, callkaroFixture, autocallsFixture];
