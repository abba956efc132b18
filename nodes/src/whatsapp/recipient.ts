import { normalizePhone, StepError } from '@switchboard/shared';

/**
 * The rendered recipient in E.164, or the step error a no-code user can act on:
 * `RECIPIENT_MISSING` when the variable rendered empty, `INVALID_PHONE` with the reason.
 */
export function recipientE164(to: string, defaultCountry: string | undefined): string {
  if (to.trim() === '') {
    throw new StepError('RECIPIENT_MISSING', 'The recipient phone number is empty; check that the variable in "To" has a value for this run');
  }
  const phone = normalizePhone(to, defaultCountry);
  if (!phone.ok) throw new StepError('INVALID_PHONE', `Invalid recipient: ${phone.reason}. Use the international format, e.g. +14155551234`);
  return phone.e164;
}
