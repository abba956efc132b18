import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';

export interface EngineProcess {
  url: string;
  pid: number;
  /** Resolves with the exit code (null when a signal ended it) once the process is gone. */
  exited: Promise<number | null>;
  /** Sends a signal without waiting (`pnpm chaos` kills with SIGKILL). */
  kill(signal: NodeJS.Signals): void;
  stop(): Promise<void>;
}

/**
 * The built engine (`dist/main.js`) as its own process, the way it runs in production;
 * resolves with its URL once it listens (or once `readyLine` is printed, for a worker).
 * BENCH_NODE_ARGS adds node flags (e.g. `--cpu-prof`). With `logFile`, the process's stdout and
 * stderr are appended to that file instead of reaching the terminal.
 */
export async function startEngineProcess(env: Record<string, string>, readyLine?: string, options: { logFile?: string } = {}): Promise<EngineProcess> {
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, join(__dirname, '..', 'main.js')], {
    // The fake Meta Cloud API listens on loopback, which the operator allows for the bench.
    env: { ...process.env, ENCRYPTION_KEY: 'bench', PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', OUTBOUND_ALLOW: process.env.OUTBOUND_ALLOW ?? '127.0.0.1,localhost', ...env },
    stdio: ['ignore', 'pipe', options.logFile ? 'pipe' : 'inherit'],
  });
  const log = options.logFile ? createWriteStream(options.logFile, { flags: 'a' }) : null;
  if (log) {
    child.stdout!.pipe(log, { end: false });
    child.stderr!.pipe(log, { end: false });
  }
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.once('exit', () => log?.end());
  let output = '';
  let ready = false;
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      if (ready) return;
      output += chunk.toString();
      const match = /"url":"(http:\/\/[^"]+)"/.exec(output);
      if (match) resolve(match[1]!);
      else if (readyLine && output.includes(readyLine)) resolve('');
      else return;
      ready = true;
      output = '';
    });
    child.once('exit', (code) => reject(new Error(`engine exited with ${code}:\n${output || (options.logFile ? `(see ${options.logFile})` : '')}`)));
  });
  let stopped = false;
  return {
    url,
    pid: child.pid!,
    exited,
    kill: (signal) => child.kill(signal),
    stop: async () => {
      if (stopped) return;
      stopped = true;
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
