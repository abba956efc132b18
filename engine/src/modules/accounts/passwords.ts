import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * Passwords are kept as scrypt hashes (Node's own `crypto.scrypt`, RFC 7914) with OWASP's
 * parameters: N = 2^17, r = 8, p = 1, a 16-byte salt and a 32-byte key. The parameters are
 * written into each hash (`scrypt$N$r$p$salt$key`), so raising them later leaves older hashes
 * verifiable.
 */
const PARAMS = { N: 2 ** 17, r: 8, p: 1 } as const;
const KEY_BYTES = 32;

/**
 * At most two hashes at once: each takes 128 MiB and a libuv thread for a few hundred
 * milliseconds, and a flood of sign-ins must not take every thread (DNS lookups, files) or
 * the memory of the process. The others wait their turn.
 */
const MAX_AT_ONCE = 2;
let running = 0;
const waiting: Array<() => void> = [];

async function derive(password: string, salt: Buffer, params: { N: number; r: number; p: number }): Promise<Buffer> {
  if (running >= MAX_AT_ONCE) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  try {
    // scrypt needs 128 · N · r bytes; give it that and a little more.
    const options: ScryptOptions = { ...params, maxmem: 256 * params.N * params.r };
    return await new Promise((resolve, reject) => scrypt(password.normalize('NFKC'), salt, KEY_BYTES, options, (error, key) => (error ? reject(error) : resolve(key))));
  } finally {
    running--;
    waiting.shift()?.();
  }
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, PARAMS);
  return ['scrypt', PARAMS.N, PARAMS.r, PARAMS.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/** Whether `password` matches `stored`; a malformed or missing hash matches nothing. */
export async function verifyPassword(password: string, stored: string | null): Promise<boolean> {
  const parts = (stored ?? '').split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') {
    // The same work as a real check, so an unknown address takes as long as a wrong password.
    await derive(password, DUMMY_SALT, PARAMS);
    return false;
  }
  const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  const expected = Buffer.from(parts[5]!, 'base64url');
  const key = await derive(password, Buffer.from(parts[4]!, 'base64url'), { N, r, p });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

const DUMMY_SALT = randomBytes(16);
