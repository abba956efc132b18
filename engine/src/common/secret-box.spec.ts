import { describe, expect, it } from 'vitest';
import { SecretBox } from './secret-box';

describe('SecretBox', () => {
  it('opens what it sealed, and the sealed form does not contain the secret', () => {
    const box = new SecretBox('key one');
    const sealed = box.seal('EAAJB-access-token');
    expect(sealed).not.toContain('EAAJB');
    expect(box.open(sealed)).toBe('EAAJB-access-token');
    expect(box.seal('same')).not.toBe(box.seal('same'));
  });

  it('refuses a sealed secret under another key or tampered with', () => {
    const sealed = new SecretBox('key one').seal('secret');
    expect(() => new SecretBox('key two').open(sealed)).toThrow();
    const parts = sealed.split('.');
    parts[3] = Buffer.from('tampered').toString('base64url');
    expect(() => new SecretBox('key one').open(parts.join('.'))).toThrow();
  });
});
