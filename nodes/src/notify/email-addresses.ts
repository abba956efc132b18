import { StepError } from '@switchboard/shared';

// Deliberately plain (RFC 5321 in practice): local part, @, a domain with a dot. Checked in
// parts: as one pattern the domain's `[^…]+\.[^…]{2,}` tried every dot of a long domain.
const ADDRESS_PART = /^[^\s@<>(),;:"[\]]+$/;

/**
 * The addresses in a rendered recipient field: several may be separated by commas,
 * semicolons or spaces, and `Name <address>` keeps the address.
 *
 * @example splitAddresses('support@acme.com, Sam <sam@acme.com>') // ['support@acme.com', 'sam@acme.com']
 */
export function splitAddresses(value: string): string[] {
  // Linear on any input: a match ends at a `>`, so only the text up to the last one is searched,
  // and a name is read only from where a run of name characters begins (the lookbehind).
  const end = value.lastIndexOf('>') + 1;
  const bracketed = value.slice(0, end).replace(/(?<![^,;<>])[^,;<>]*<([^>]*)>/g, ' $1 ') + value.slice(end);
  return bracketed.split(/[\s,;]+/).filter((part) => part !== '');
}

/** Whether `address` looks like a deliverable email address. */
export function isEmailAddress(address: string): boolean {
  const at = address.indexOf('@');
  const domain = address.slice(at + 1);
  // A dot with a label of one character or more before it and two or more after it.
  return at > 0 && ADDRESS_PART.test(address.slice(0, at)) && ADDRESS_PART.test(domain) && domain.slice(1, -2).includes('.');
}

/**
 * The recipients of fixed fields: every address must be valid, and there must be one.
 *
 * @example recipients(['{{customer_email}} rendered', 'team@acme.com'])
 */
export function fixedRecipients(fields: readonly string[]): string[] {
  const addresses = unique(fields.flatMap(splitAddresses));
  const invalid = addresses.filter((address) => !isEmailAddress(address));
  if (invalid.length > 0) {
    throw new StepError('INVALID_EMAIL', `${invalid.map((address) => `"${address}"`).join(', ')} ${invalid.length === 1 ? 'is not a valid email address' : 'are not valid email addresses'}`, {
      details: { invalid },
    });
  }
  if (addresses.length === 0) throw new StepError('RECIPIENT_MISSING', 'The email has no recipient: the recipient fields are empty for this run');
  return addresses;
}

/** The valid addresses of a routing rule's field; invalid ones are dropped (then the fallback is used). */
export function validAddresses(value: string): string[] {
  return unique(splitAddresses(value).filter(isEmailAddress));
}

function unique(values: string[]): string[] {
  return [...new Set(values.map((value) => value.trim()))];
}
