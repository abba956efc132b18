import { createConnection, createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/** PostgreSQL's ReadyForQuery message ('Z', length 5): the server is done with what it was sent, commits included. */
const READY_FOR_QUERY = Buffer.from([0x5a, 0x00, 0x00, 0x00, 0x05]);

/**
 * A TCP proxy in front of PostgreSQL that cuts one connection at the worst moment: when a
 * client sends a statement containing `marker` (a query's text or a prepared statement's
 * name), the statement goes through and commits, and the connection is cut before its answer
 * reaches the client. The client sees "Connection terminated" for a write that was made.
 * It cuts once (`cuts` says how many times it did); other traffic passes untouched.
 */
export class PgCutter {
  cuts = 0;
  private server?: Server;
  private armed = false;
  private readonly sockets = new Set<Socket>();

  constructor(
    private readonly upstream: { host: string; port: number },
    private readonly marker: string,
  ) {}

  /** Starts listening; returns the database URL with the proxy's address in place of the server's. */
  async start(): Promise<this> {
    this.server = createServer((client) => this.connect(client));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this;
  }

  get port(): number {
    return (this.server!.address() as AddressInfo).port;
  }

  /** Cuts the next connection that sends the marker. */
  arm(): void {
    this.armed = true;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private connect(client: Socket): void {
    const server = createConnection(this.upstream);
    this.sockets.add(client).add(server);
    let doomed = false;
    let answer = Buffer.alloc(0);
    client.on('data', (chunk) => {
      if (this.armed && chunk.includes(this.marker)) {
        this.armed = false;
        doomed = true;
      }
      server.write(chunk);
    });
    server.on('data', (chunk) => {
      if (!doomed) return void client.write(chunk);
      // Swallow the answer; once the server says it is ready again, the statement has committed.
      answer = Buffer.concat([answer, chunk]);
      if (answer.includes(READY_FOR_QUERY)) {
        this.cuts++;
        client.destroy();
        server.destroy();
      }
    });
    const close = () => {
      client.destroy();
      server.destroy();
      this.sockets.delete(client);
      this.sockets.delete(server);
    };
    client.on('error', close).on('close', close);
    server.on('error', close).on('close', close);
  }
}
