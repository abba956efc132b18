import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { findFreePort, isPortOpen } from './ports';

const run = promisify(execFile);

/** One master of a local cluster: its client port and the process serving it. */
interface ClusterNode {
  port: number;
  process: ChildProcess;
}

/**
 * A real Redis Cluster, started from the machine's `redis-server` in cluster mode on free
 * ports, with its data in a temporary directory: what a test of the scale-out path runs the
 * engine against, and what `pnpm bench:cluster` measures it on (hence `infra/`: the built
 * bench starts one). Three masters without replicas by default; with replicas a test can kill
 * a master and watch the cluster fail over. `stop()` ends the servers and removes the directory.
 */
export class LocalRedisCluster {
  private constructor(
    private readonly dir: string,
    private readonly members: ClusterNode[],
  ) {}

  /**
   * Starts `masters` masters (three by default) and `replicas` replicas of each (none by
   * default), joins them into one cluster, and resolves once every node says the cluster is ok
   * and every replica is in sync. `nodeTimeoutMs` is how long a master may be silent before
   * its replica takes over.
   */
  static async start(options: { masters?: number; replicas?: number; nodeTimeoutMs?: number } = {}): Promise<LocalRedisCluster> {
    const { masters = 3, replicas = 0, nodeTimeoutMs = 15_000 } = options;
    const dir = mkdtempSync(join(tmpdir(), 'switchboard-redis-cluster-'));
    const cluster = new LocalRedisCluster(dir, []);
    try {
      // Random bases keep concurrent test files (and other engineers' runs) off each other's ports.
      let next = 20_000 + Math.floor(Math.random() * 20_000);
      for (let i = 0; i < masters * (1 + replicas); i++) {
        const port = await findFreePort(next);
        const busPort = await findFreePort(port + 1);
        next = busPort + 1;
        cluster.members.push({ port, process: startNode(dir, port, busPort, nodeTimeoutMs) });
      }
      for (const node of cluster.members) await waitFor(() => isPortOpen(node.port), `redis-server on port ${node.port} did not start; see ${dir}`);
      await run('redis-cli', ['--cluster', 'create', ...cluster.members.map((node) => `127.0.0.1:${node.port}`), '--cluster-replicas', String(replicas), '--cluster-yes']);
      for (const node of cluster.members) {
        await waitFor(async () => /cluster_state:ok/.test(String(await cluster.command(node.port, 'CLUSTER', 'INFO'))), `node ${node.port} never reported cluster_state:ok`);
        // A replica still loading its master's data would not take over.
        await waitFor(async () => {
          const info = String(await cluster.command(node.port, 'INFO', 'replication'));
          return /role:master/.test(info) || /master_link_status:up/.test(info);
        }, `replica ${node.port} never caught up with its master`);
      }
      return cluster;
    } catch (error) {
      await cluster.stop();
      throw error;
    }
  }

  /** The client ports of every node still running (masters and replicas). */
  get ports(): number[] {
    return this.members.filter((node) => node.process.exitCode === null && node.process.signalCode === null).map((node) => node.port);
  }

  /** The client ports of the masters that serve slots now (a promoted replica among them). */
  async masters(): Promise<number[]> {
    const ranges = (await this.command(this.ports[0]!, 'CLUSTER', 'SLOTS')) as Array<[number, number, [string, number, ...unknown[]]]>;
    return [...new Set(ranges.map((range) => Number(range[2][1])))];
  }

  /** Kills the node on `port` without warning, as a crashed machine would stop. */
  async kill(port: number): Promise<void> {
    const node = this.members.find((member) => member.port === port);
    if (!node) throw new Error(`no node on port ${port}`);
    const exited = new Promise<void>((resolve) => node.process.once('exit', () => resolve()));
    node.process.kill('SIGKILL');
    await exited;
  }

  /** `REDIS_CLUSTER_NODES` for these nodes, in the order given (default: as started). */
  nodesList(ports: number[] = this.ports): string {
    return ports.map((port) => `127.0.0.1:${port}`).join(',');
  }

  /** The port of the master that owns the slot of `key` (by `CLUSTER KEYSLOT` and `CLUSTER SLOTS`). */
  async ownerOf(key: string): Promise<number> {
    const port = this.ports[0]!;
    const slot = Number(await this.command(port, 'CLUSTER', 'KEYSLOT', key));
    const ranges = (await this.command(port, 'CLUSTER', 'SLOTS')) as Array<[number, number, [string, number, ...unknown[]]]>;
    const range = ranges.find(([first, last]) => slot >= first && slot <= last);
    if (!range) throw new Error(`no master owns slot ${slot}`);
    return Number(range[2][1]);
  }

  /** The keys matching `pattern` that the master on `port` holds (SCAN on one node sees that node's keys only). */
  async keysOn(port: number, pattern: string): Promise<string[]> {
    const redis = new Redis({ port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 1 });
    try {
      await redis.connect();
      const keys: string[] = [];
      let cursor = '0';
      do {
        const [next, batch] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
        cursor = next;
        keys.push(...batch);
      } while (cursor !== '0');
      return keys;
    } finally {
      redis.disconnect();
    }
  }

  /** Ends every node and removes the data directory. */
  async stop(): Promise<void> {
    await Promise.all(this.members.map((node) => stopProcess(node.process)));
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** One command on one node, by a plain (non-cluster) connection. */
  private async command(port: number, ...args: string[]): Promise<unknown> {
    const redis = new Redis({ port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 1 });
    try {
      await redis.connect();
      return await redis.call(args[0]!, ...args.slice(1));
    } finally {
      redis.disconnect();
    }
  }
}

function startNode(dir: string, port: number, busPort: number, nodeTimeoutMs: number): ChildProcess {
  const child = spawn(
    'redis-server',
    [
      '--port', String(port),
      '--bind', '127.0.0.1',
      '--cluster-enabled', 'yes',
      '--cluster-config-file', join(dir, `nodes-${port}.conf`),
      '--cluster-port', String(busPort),
      '--cluster-node-timeout', String(nodeTimeoutMs),
      '--dir', dir,
      '--dbfilename', `dump-${port}.rdb`,
      '--save', '',
      '--appendonly', 'no',
      '--daemonize', 'no',
      '--logfile', join(dir, `redis-${port}.log`),
    ],
    { stdio: 'ignore' },
  );
  // A node that fails to start is reported by the wait for its port, with the log's place.
  child.on('error', () => {});
  return child;
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

async function waitFor(ready: () => Promise<boolean>, failure: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await ready().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(failure);
}
