import pino, { type Logger } from 'pino';
import pinoPretty from 'pino-pretty';
import type { EngineConfig } from '../config/config';

/**
 * The engine's logger. JSON lines (one object per line, for a log collector) unless stdout is a
 * terminal, where a person reads it: then one coloured line per entry with its fields below.
 * `LOG_FORMAT` (`json` | `pretty`) decides instead of the terminal check.
 */
export function createLogger(config: Pick<EngineConfig, 'LOG_LEVEL' | 'LOG_FORMAT' | 'role'>, stdout: { isTTY?: boolean } = process.stdout): Logger {
  const options = { level: config.LOG_LEVEL, base: { role: config.role } };
  if (logFormat(config.LOG_FORMAT, stdout) === 'json') return pino(options);
  // In this thread, not a transport's worker: an entry written just before the process exits is not lost.
  return pino(options, pinoPretty({ colorize: stdout.isTTY === true, sync: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' }));
}

/** `json` or `pretty`: as `LOG_FORMAT` says, else pretty on a terminal. */
export function logFormat(format: EngineConfig['LOG_FORMAT'], stdout: { isTTY?: boolean }): 'json' | 'pretty' {
  return format ?? (stdout.isTTY ? 'pretty' : 'json');
}
