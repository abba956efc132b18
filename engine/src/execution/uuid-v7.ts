import { randomFillSync } from 'node:crypto';

/** Random bytes drawn 256 ids at a time: one `randomFillSync` per id would cost more than the rest. */
const pool = Buffer.alloc(16 * 256);
let offset = pool.length;

/**
 * A UUIDv7 (RFC 9562): 48 bits of Unix time in milliseconds, the version (7), 74 random bits
 * with the variant. Ids made later sort after those made earlier (to the millisecond), which is
 * what the history tables are partitioned by: an id says which week's partition holds its row.
 * `ms` lets a run take its event's millisecond, so both land in the same partition.
 *
 * @example uuidV7(Date.parse('2026-12-01T00:00:00Z')) // '019ad74d-8800-7…'
 */
export function uuidV7(ms: number = Date.now()): string {
  if (offset === pool.length) {
    randomFillSync(pool);
    offset = 0;
  }
  const bytes = pool.subarray(offset, offset + 16);
  offset += 16;
  const hex = bytes.toString('hex');
  const time = Math.floor(ms).toString(16).padStart(12, '0');
  const variant = ((bytes[8]! & 0x3f) | 0x80).toString(16);
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${hex.slice(13, 16)}-${variant}${hex.slice(18, 20)}-${hex.slice(20, 32)}`;
}

/**
 * The smallest UUIDv7 of millisecond `ms` (all random bits zero): every id made at or after
 * `ms` sorts at or above it, every id made before sorts below. A partition's bounds are these.
 */
export function uuidV7Floor(ms: number): string {
  const time = Math.floor(ms).toString(16).padStart(12, '0');
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-0000-0000-000000000000`;
}

/** The millisecond a UUIDv7 was made at. */
export function uuidV7Time(id: string): number {
  return Number.parseInt(id.slice(0, 8) + id.slice(9, 13), 16);
}
