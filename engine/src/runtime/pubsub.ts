import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import type { RedisConnection } from './redis';
import { LOGGER, REDIS } from './tokens';

/**
 * Redis pub/sub for the whole process: one subscriber connection, whatever listens (changed
 * flows and runs, callers' answers, alerts), each on its own channel. Messages are JSON. A
 * process hears its own publications too.
 */
@Injectable()
export class PubSub implements OnApplicationShutdown {
  private subscriber?: RedisConnection;
  private readonly handlers = new Map<string, (message: unknown) => void>();

  constructor(
    @Inject(REDIS) private readonly redis: RedisConnection,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** Hands every message on `channel` to `handler` (one per channel); resolves once subscribed. */
  async subscribe(channel: string, handler: (message: unknown) => void): Promise<void> {
    if (!this.subscriber) {
      this.subscriber = this.redis.duplicate();
      this.subscriber.on('message', (from: string, text: string) => {
        try {
          this.handlers.get(from)?.(JSON.parse(text));
        } catch (error) {
          this.logger.warn({ err: error, channel: from }, 'a pub/sub message could not be handled');
        }
      });
      this.subscriber.on('error', (error) => this.logger.warn({ err: error }, 'pub/sub subscriber error'));
    }
    this.handlers.set(channel, handler);
    await this.subscriber.subscribe(channel);
  }

  async publish(channel: string, message: unknown): Promise<void> {
    await this.redis.publish(channel, JSON.stringify(message));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.subscriber?.quit().catch(() => this.subscriber?.disconnect());
  }
}
