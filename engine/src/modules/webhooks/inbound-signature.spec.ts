import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { judgeSignature } from './inbound-signature';

const SECRET = 'whsec-0123456789abcdef';
const body = Buffer.from('{"name":"Alex"}');
const sign = (text: string, secret = SECRET) => `sha256=${createHmac('sha256', secret).update(text).digest('hex')}`;
const NOW = 1_800_000_000;
const rule = { secret: SECRET, requireTimestamp: false };

describe('judgeSignature', () => {
  it('asks nothing of triggers without a secret', () => {
    expect(judgeSignature([{ secret: null, requireTimestamp: true }], body, undefined, undefined, NOW)).toEqual({ ok: true });
  });

  it('takes a body-only signature unless the trigger requires a timestamp', () => {
    expect(judgeSignature([rule], body, sign(body.toString()), undefined, NOW)).toEqual({ ok: true });
    expect(judgeSignature([rule], body, sign('other'), undefined, NOW).ok).toBe(false);
    const strict = judgeSignature([{ ...rule, requireTimestamp: true }], body, sign(body.toString()), undefined, NOW);
    expect(strict).toEqual({ ok: false, message: expect.stringContaining('X-Signature-Timestamp') });
  });

  it('takes a timestamped signature within five minutes either way, remembered until it leaves the window', () => {
    for (const at of [NOW - 300, NOW, NOW + 300]) {
      const verdict = judgeSignature([rule], body, sign(`${at}.${body}`), String(at), NOW);
      expect(verdict, String(at)).toEqual({ ok: true, replay: { signature: sign(`${at}.${body}`), ttlSeconds: at + 300 - NOW + 1 } });
    }
    for (const at of [NOW - 301, NOW + 301]) {
      expect(judgeSignature([rule], body, sign(`${at}.${body}`), String(at), NOW)).toEqual({ ok: false, message: expect.stringContaining('more than 5 minutes') });
    }
  });

  it('refuses a timestamped request signed over the body alone, or a timestamp that is not unix seconds', () => {
    expect(judgeSignature([rule], body, sign(body.toString()), String(NOW), NOW).ok).toBe(false);
    expect(judgeSignature([rule], body, sign(`x.${body}`), 'x', NOW)).toEqual({ ok: false, message: expect.stringContaining('not unix seconds') });
  });
});
