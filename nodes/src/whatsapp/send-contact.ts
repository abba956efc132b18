import { z } from 'zod';
import { StepError } from '@switchboard/shared';
import type { SendContactRequest } from '../sdk/ports';
import { defineAction } from '../sdk/define';
import { connection, phone, templated } from '../sdk/fields';
import { Checks, designTimeCheck, HTTP_URL, runTimeCheck } from './checks';
import { recipientE164 } from './recipient';
import { closedWindowMessage } from './send-text';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** Meta's phone, email and url `type` values are free text; HOME and WORK are the documented standard ones. */
const typeField = (example: string) => templated.string(`Optional label, e.g. ${example}`).optional();

const shape = z.object({
  connectionId: connection('whatsapp', 'The WhatsApp sender the message goes out from'),
  to: phone('The customer phone number in international format, e.g. +14155551234 or {{trigger.from}}'),
  formattedName: templated.string('The name as the customer sees it, e.g. Dr. Sam Lee', { required: true }),
  firstName: templated.string('Optional first name, e.g. Sam').optional(),
  lastName: templated.string('Optional last name, e.g. Lee').optional(),
  company: templated.string('Optional company, e.g. Main Street Clinic').optional(),
  phones: z
    .array(z.object({ phone: templated.string('The phone number, e.g. +14155550100'), type: typeField('WORK, HOME or CELL') }))
    .default([])
    .describe('Phone numbers of the contact'),
  emails: z
    .array(z.object({ email: templated.string('The email address, e.g. front-desk@example.com'), type: typeField('WORK or HOME') }))
    .default([])
    .describe('Email addresses of the contact'),
  urls: z
    .array(z.object({ url: templated.string('A web address, e.g. https://example.com'), type: typeField('WORK or HOME') }))
    .default([])
    .describe('Web addresses of the contact'),
});

type Config = z.infer<typeof shape>;

/** A name, and every phone, email and link that is given well-formed. */
export function checkContact(config: Partial<Config>, checks: Checks): void {
  checks.filled('formattedName', config.formattedName);
  (config.phones ?? []).forEach((entry, i) => {
    checks.filled(`phones[${i}].phone`, entry.phone);
    if (checks.known(entry.phone) && entry.phone.trim() !== '' && !/^\+?[0-9 ()./-]{3,}$/.test(entry.phone.trim())) checks.fail(`phones[${i}].phone`, `phones[${i}].phone "${entry.phone}" is not a phone number`);
  });
  (config.emails ?? []).forEach((entry, i) => {
    checks.filled(`emails[${i}].email`, entry.email);
    if (checks.known(entry.email) && entry.email.trim() !== '' && !EMAIL.test(entry.email.trim())) checks.fail(`emails[${i}].email`, `emails[${i}].email "${entry.email}" is not an email address`);
  });
  (config.urls ?? []).forEach((entry, i) => {
    checks.filled(`urls[${i}].url`, entry.url);
    if (checks.known(entry.url) && entry.url.trim() !== '' && !HTTP_URL.test(entry.url.trim())) checks.fail(`urls[${i}].url`, `urls[${i}].url "${entry.url}" is not an http(s) link`);
  });
}

const given = (value: string | undefined): string | undefined => (value?.trim() ? value.trim() : undefined);
const typed = <T extends object>(value: T, type: string | undefined) => (given(type) ? { ...value, type: given(type)! } : value);

export function contactRequest(config: Config, to: string): SendContactRequest {
  runTimeCheck(config, checkContact);
  const firstName = given(config.firstName);
  const lastName = given(config.lastName);
  const company = given(config.company);
  return {
    connectionId: config.connectionId,
    to,
    contact: {
      name: { formattedName: config.formattedName.trim(), ...(firstName ? { firstName } : {}), ...(lastName ? { lastName } : {}) },
      ...(company ? { company } : {}),
      phones: config.phones.map((entry) => typed({ phone: entry.phone.trim() }, entry.type)),
      emails: config.emails.map((entry) => typed({ email: entry.email.trim() }, entry.type)),
      urls: config.urls.map((entry) => typed({ url: entry.url.trim() }, entry.type)),
    },
  };
}

export const sendContact = defineAction({
  type: 'whatsapp.send_contact',
  typeVersion: 1,
  title: 'Send WhatsApp contact card',
  description: "Sends a contact card the customer can save, e.g. the front desk's number and email. Only within 24 hours of the customer's last message, like free-form text.",
  category: 'WhatsApp',
  icon: 'contact',
  config: shape.superRefine(designTimeCheck<Partial<Config>>(checkContact)),
  outputs: ['default'],
  sideEffect: true,
  sampleOutput: { messageId: '3f0c9a52-1b7e-4c1e-9a57-0f1d2c3b4a59', providerMessageId: 'wamid.HBgLMTQxNTU1NTEyMzQVAgARGBI', to: '+14155551234' },
  async execute(ctx) {
    const to = recipientE164(ctx.config.to, ctx.settings.defaultPhoneCountry);
    const request = contactRequest(ctx.config, to);
    const window = await ctx.ports.whatsapp.serviceWindow(request.connectionId, to);
    if (!window.open) throw new StepError('OUTSIDE_24H_WINDOW', closedWindowMessage(window), { details: { windowEndsAt: window.endsAt } });
    const sent = await ctx.ports.whatsapp.sendContact(request);
    return { output: { messageId: sent.messageId, providerMessageId: sent.providerMessageId, to: sent.to } };
  },
});
