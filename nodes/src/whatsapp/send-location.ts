import { z } from 'zod';
import { StepError } from '@switchboard/shared';
import type { SendLocationRequest } from '../sdk/ports';
import { defineAction } from '../sdk/define';
import { connection, phone, templated } from '../sdk/fields';
import { Checks, designTimeCheck, runTimeCheck } from './checks';
import { recipientE164 } from './recipient';
import { closedWindowMessage } from './send-text';

/** Lengths Switchboard allows for a location's name and address (Meta documents none; these keep the pin readable). */
export const LOCATION_LIMITS = { name: 1000, address: 1000 } as const;

const shape = z.object({
  connectionId: connection('whatsapp', 'The WhatsApp sender the message goes out from'),
  to: phone('The customer phone number in international format, e.g. +14155551234 or {{trigger.from}}'),
  latitude: templated.number('Latitude in decimal degrees, -90 to 90, e.g. 52.520008'),
  longitude: templated.number('Longitude in decimal degrees, -180 to 180, e.g. 13.404954'),
  name: templated.string('Optional name of the place, e.g. Main Street Clinic').optional(),
  address: templated.string('Optional address shown under the name, e.g. 1 Main Street, Springfield').optional(),
});

type Config = z.infer<typeof shape>;

/** Latitude and longitude within the globe (a templated number is NaN at design time and passes). */
export function checkLocation(config: Partial<Config>, checks: Checks): void {
  const { latitude, longitude } = config;
  if (typeof latitude === 'number' && (latitude < -90 || latitude > 90)) checks.fail('latitude', `latitude ${latitude} is out of range; it must be between -90 and 90`);
  if (typeof longitude === 'number' && (longitude < -180 || longitude > 180)) checks.fail('longitude', `longitude ${longitude} is out of range; it must be between -180 and 180`);
  if (config.name?.trim()) checks.length('name', config.name, LOCATION_LIMITS.name);
  if (config.address?.trim()) checks.length('address', config.address, LOCATION_LIMITS.address);
}

export function locationRequest(config: Config, to: string): SendLocationRequest {
  runTimeCheck(config, checkLocation);
  const name = config.name?.trim();
  const address = config.address?.trim();
  return { connectionId: config.connectionId, to, latitude: config.latitude, longitude: config.longitude, ...(name ? { name } : {}), ...(address ? { address } : {}) };
}

export const sendLocation = defineAction({
  type: 'whatsapp.send_location',
  typeVersion: 1,
  title: 'Send WhatsApp location',
  description: "Sends a map pin with an optional name and address, e.g. where the appointment is. Only within 24 hours of the customer's last message, like free-form text.",
  category: 'WhatsApp',
  icon: 'map-pin',
  config: shape.superRefine(designTimeCheck<Partial<Config>>(checkLocation)),
  outputs: ['default'],
  sideEffect: true,
  sampleOutput: { messageId: '3f0c9a52-1b7e-4c1e-9a57-0f1d2c3b4a59', providerMessageId: 'wamid.HBgLMTQxNTU1NTEyMzQVAgARGBI', to: '+14155551234' },
  async execute(ctx) {
    const to = recipientE164(ctx.config.to, ctx.settings.defaultPhoneCountry);
    const request = locationRequest(ctx.config, to);
    const window = await ctx.ports.whatsapp.serviceWindow(request.connectionId, to);
    if (!window.open) throw new StepError('OUTSIDE_24H_WINDOW', closedWindowMessage(window), { details: { windowEndsAt: window.endsAt } });
    const sent = await ctx.ports.whatsapp.sendLocation(request);
    return { output: { messageId: sent.messageId, providerMessageId: sent.providerMessageId, to: sent.to } };
  },
});
