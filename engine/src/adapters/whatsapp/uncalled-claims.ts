import type { RedisConnection } from '../../runtime/redis';

/** Long enough for every retry of a step (retries are bounded at seven days). */
const REMEMBER_SECONDS = 7 * 24 * 3600;

/**
 * Claims whose attempt never called the provider. A claim's INSERT can commit while its answer
 * is lost (Postgres restarting, a connection cut): that attempt fails before calling anyone,
 * and the next attempt finds a `pending` claim it could not tell from one whose attempt died
 * during the call, so it would wait for a report that cannot come. The failed attempt notes the
 * claim's id here; the next attempt takes the note (once: DEL is atomic) and sends at once.
 * A note lost with Redis costs the wait, never a second send.
 */
export class UncalledClaims {
  constructor(
    private readonly redis: RedisConnection,
    private readonly prefix: string,
  ) {}

  /** Notes that the attempt which wrote (or tried to write) claim `id` did not call the provider. */
  async remember(id: string): Promise<void> {
    await this.redis.set(this.key(id), '1', 'EX', REMEMBER_SECONDS);
  }

  /** Whether claim `id` was noted as never sent; only one caller gets true. */
  async take(id: string): Promise<boolean> {
    return (await this.redis.del(this.key(id))) === 1;
  }

  private key(id: string): string {
    return `${this.prefix}:uncalled:${id}`;
  }
}
