import { spawn } from 'node:child_process';
import { join } from 'node:path';

/**
 * The built engine (`dist/main.js`) as its own process, the way it runs in production;
 * resolves with its URL once it listens (or once `readyLine` is printed, for a worker).
 * BENCH_NODE_ARGS adds node flags (e.g. `--cpu-prof`).
 */
export async function startEngineProcess(env: Record<string, string>, readyLine?: string): Promise<{ url: string; stop(): Promise<void> }> {
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, join(__dirname, '..', 'main.js')], {
    env: { ...process.env, ENCRYPTION_KEY: 'bench', PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /"url":"(http:\/\/[^"]+)"/.exec(output);
      if (match) resolve(match[1]!);
      else if (readyLine && output.includes(readyLine)) resolve('');
    });
    child.once('exit', (code) => reject(new Error(`engine exited with ${code}:\n${output}`)));
  });
  let stopped = false;
  return {
    url,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

