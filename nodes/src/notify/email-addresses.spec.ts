import { describe, expect, it } from 'vitest';
import { isEmailAddress, splitAddresses, validAddresses } from './email-addresses';

const MB = 1 << 20;

describe('email addresses', () => {
  it('splits recipient fields and keeps the address of `Name <address>`', () => {
    expect(splitAddresses('support@acme.com, Sam <sam@acme.com>; ops@acme.com')).toEqual(['support@acme.com', 'sam@acme.com', 'ops@acme.com']);
    expect(splitAddresses('"Sam, Ops" <sam@acme.com> a@b.co')).toEqual(['"Sam', 'sam@acme.com', 'a@b.co']);
  });

  it('checks a local part, an @ and a domain with a dot', () => {
    for (const good of ['a@b.co', 'first.last+tag@mail.example.com', 'a@b.c.de']) expect(isEmailAddress(good)).toBe(true);
    for (const bad of ['', 'a@b', 'a@b.c', '@b.co', 'a@.co', 'a@@b.co', 'a b@c.de', 'a@b.co>', 'a@b,c.de']) expect(isEmailAddress(bad)).toBe(false);
  });

  it('reads a megabyte of what the old patterns retried from every character', () => {
    // A run of '<' without '>', a run of name characters, and a domain of a million dots.
    expect(validAddresses(`${'<'.repeat(MB)} a@b.co`)).toEqual(['a@b.co']);
    expect(validAddresses(`${'a'.repeat(MB)}, Sam <sam@acme.com>`)).toEqual(['sam@acme.com']);
    expect(isEmailAddress(`a@${'a.'.repeat(MB / 2)}@`)).toBe(false);
    expect(isEmailAddress(`a@${'.'.repeat(MB)}`)).toBe(true);
  });
});
