import type { VoicePlatform } from '../voice-platform';
import { autocallsPlatform } from './autocalls';
import { blandPlatform } from './bland';
import { callkaroPlatform } from './callkaro';
import { elevenlabsPlatform } from './elevenlabs';
import { retellPlatform } from './retell';
import { synthflowPlatform } from './synthflow';
import { vapiPlatform } from './vapi';

/**
 * The voice platforms by connection provider (`voice.vapi`, …): what `POST /webhooks/voice/:id`
 * verifies and reads a delivery with.
 */
export const VOICE_PLATFORMS: Record<string, VoicePlatform> = Object.fromEntries(
  [vapiPlatform, retellPlatform, blandPlatform, synthflowPlatform, elevenlabsPlatform, callkaroPlatform, autocallsPlatform].map((platform) => [platform.provider, platform]),
);

/** The platform of a provider name, or undefined (own keys only). */
export function voicePlatform(provider: string): VoicePlatform | undefined {
  return Object.hasOwn(VOICE_PLATFORMS, provider) ? VOICE_PLATFORMS[provider] : undefined;
}
