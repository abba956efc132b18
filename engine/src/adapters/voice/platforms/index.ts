import type { VoicePlatform } from '../voice-platform';
import { elevenlabsPlatform } from './elevenlabs';
import { retellPlatform } from './retell';
import { vapiPlatform } from './vapi';

/**
 * The voice platforms by connection provider (`voice.vapi`, …): what `POST /webhooks/voice/:id`
 * verifies and reads a delivery with. Bland, Synthflow, CallKaro and Autocalls
 * (`./bland`, `./synthflow`, `./callkaro`, `./autocalls`) are added here when their modules land.
 */
export const VOICE_PLATFORMS: Record<string, VoicePlatform> = Object.fromEntries(
  [vapiPlatform, retellPlatform, elevenlabsPlatform].map((platform) => [platform.provider, platform]),
);

/** The platform of a provider name, or undefined (own keys only). */
export function voicePlatform(provider: string): VoicePlatform | undefined {
  return Object.hasOwn(VOICE_PLATFORMS, provider) ? VOICE_PLATFORMS[provider] : undefined;
}
