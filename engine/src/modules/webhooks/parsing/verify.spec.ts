import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { metaHandshake, verifyAisensySignature, verifyMetaSignature, verifySharedSecret } from './verify';

const SECRET = 'app-secret';
const BODY = Buffer.from('{"object":"whatsapp_business_account","entry":[]}');
const hex = (body: Buffer, secret = SECRET) => createHmac('sha256', secret).update(body).digest('hex');

describe('verifyMetaSignature', () => {
  it('accepts the HMAC of the raw bytes, in either hex case', () => {
    expect(verifyMetaSignature(BODY, `sha256=${hex(BODY)}`, SECRET)).toBe(true);
    expect(verifyMetaSignature(BODY, `sha256=${hex(BODY).toUpperCase()}`, SECRET)).toBe(true);
  });

  it('rejects a body changed by one byte', () => {
    const changed = Buffer.from(BODY);
    changed[2] ^= 1;
    expect(verifyMetaSignature(changed, `sha256=${hex(BODY)}`, SECRET)).toBe(false);
  });

  it('rejects another secret, a wrong prefix, a wrong length, a missing header and an empty secret', () => {
    const signature = hex(BODY);
    expect(verifyMetaSignature(BODY, `sha256=${hex(BODY, 'other')}`, SECRET)).toBe(false);
    expect(verifyMetaSignature(BODY, `sha1=${signature}`, SECRET)).toBe(false);
    expect(verifyMetaSignature(BODY, signature, SECRET)).toBe(false);
    expect(verifyMetaSignature(BODY, `sha256=${signature.slice(0, -2)}`, SECRET)).toBe(false);
    expect(verifyMetaSignature(BODY, `sha256=${signature}00`, SECRET)).toBe(false);
    expect(verifyMetaSignature(BODY, `sha256=${'z'.repeat(64)}`, SECRET)).toBe(false);
    expect(verifyMetaSignature(BODY, undefined, SECRET)).toBe(false);
    expect(verifyMetaSignature(BODY, '', SECRET)).toBe(false);
    expect(verifyMetaSignature(BODY, `sha256=${hex(BODY, '')}`, '')).toBe(false);
  });
});

describe('verifyAisensySignature', () => {
  it('accepts bare hex and rejects a changed body', () => {
    expect(verifyAisensySignature(BODY, hex(BODY), SECRET)).toBe(true);
    expect(verifyAisensySignature(Buffer.concat([BODY, Buffer.from(' ')]), hex(BODY), SECRET)).toBe(false);
    expect(verifyAisensySignature(BODY, undefined, SECRET)).toBe(false);
  });
});

describe('verifySharedSecret', () => {
  it('accepts only the exact secret', () => {
    expect(verifySharedSecret('s3cret-header', 's3cret-header')).toBe(true);
    expect(verifySharedSecret('s3cret-headeR', 's3cret-header')).toBe(false);
    expect(verifySharedSecret('s3cret', 's3cret-header')).toBe(false);
    expect(verifySharedSecret(undefined, 's3cret-header')).toBe(false);
    expect(verifySharedSecret('', '')).toBe(false);
  });
});

describe('metaHandshake', () => {
  const query = { 'hub.mode': 'subscribe', 'hub.verify_token': 'verify-me', 'hub.challenge': '1158201444' };

  it('returns the raw challenge for the right mode and token', () => {
    expect(metaHandshake(query, 'verify-me')).toEqual({ ok: true, challenge: '1158201444' });
    expect(metaHandshake({ hub: { mode: 'subscribe', verify_token: 'verify-me', challenge: 'abc' } }, 'verify-me')).toEqual({ ok: true, challenge: 'abc' });
  });

  it('refuses a wrong token, a wrong mode or a missing challenge', () => {
    expect(metaHandshake({ ...query, 'hub.verify_token': 'verify-you' }, 'verify-me')).toEqual({ ok: false });
    expect(metaHandshake({ ...query, 'hub.mode': 'unsubscribe' }, 'verify-me')).toEqual({ ok: false });
    expect(metaHandshake({ ...query, 'hub.challenge': undefined }, 'verify-me')).toEqual({ ok: false });
    expect(metaHandshake({ ...query, 'hub.verify_token': ['verify-me', 'x'] }, 'verify-me')).toEqual({ ok: false });
    expect(metaHandshake({}, '')).toEqual({ ok: false });
  });
});
