import 'reflect-metadata';
import { ConfigError, loadConfig } from './config/config';
import { startEngine } from './engine';
import { ensureLocalServices, type LocalServices } from './infra/local-services';
import { RedisNotInstalledError } from './infra/private-redis';
import { createLogger } from './runtime/logger';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config);
  let services: LocalServices | undefined;

  // The last resort. A promise nobody awaited that rejects (a write Postgres refused, a Redis
  // command that timed out) concerns one operation, not the process: log it and go on.
  process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'a promise rejected with nobody to handle it; the process goes on'));
  // A synchronous throw nobody caught may have left any state half-changed: log it, stop the
  // servers this process started, and exit non-zero for the supervisor to restart us.
  process.on('uncaughtException', (error) => {
    logger.fatal({ err: error }, 'uncaught exception; exiting');
    exitAfterStopping(1);
  });

  let stopping = false;
  // The signals are heard from the start: a SIGTERM while PostgreSQL initialises waits for the
  // start to finish, then stops what was started, rather than leaving it behind.
  const starting = (async () => {
    services = await ensureLocalServices(config, (message) => logger.info(message));
    return startEngine(services.config, logger).catch(async (error: unknown) => {
      // Nothing this process started outlives it, even a start that failed.
      await services?.stop();
      throw error;
    });
  })();
  const stopLocal = () => services?.stop() ?? Promise.resolve();
  /** Stops the servers this process started, then exits with `code`, whatever stopping them did. */
  const exitAfterStopping = (code: number) => {
    stopLocal().then(
      () => process.exit(code),
      (error: unknown) => {
        logger.error({ err: error }, 'could not stop the local servers');
        process.exit(code);
      },
    );
  };

  const stop = async (signal: string) => {
    if (stopping) {
      // A second signal does not wait for the drain.
      logger.warn({ signal }, 'stopping now, without waiting for the steps in flight');
      await stopLocal();
      process.exit(1);
    }
    stopping = true;
    // A start that fails is reported, and its servers stopped, by main's caller.
    const engine = await starting.catch(() => null);
    if (!engine) return;
    logger.info({ signal, graceMs: config.SHUTDOWN_GRACE_MS }, 'shutting down: no new jobs, finishing the steps in flight');
    // Should closing hang anyway, the process still ends, and its servers with it.
    setTimeout(() => {
      logger.error('the engine did not close in time; exiting');
      exitAfterStopping(1);
    }, config.SHUTDOWN_GRACE_MS + FORCED_EXIT_MARGIN_MS).unref();
    let clean = true;
    await engine.close().catch((error: unknown) => {
      clean = false;
      logger.error({ err: error }, 'engine did not close cleanly');
    });
    await stopLocal();
    logger.info('stopped');
    process.exit(clean ? 0 : 1);
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      stop(signal).catch((error: unknown) => {
        logger.error({ err: error, signal }, 'shutdown failed');
        exitAfterStopping(1);
      });
    });
  }

  const engine = await starting;
  if (stopping) return;
  if (engine.url) logger.info({ url: engine.url, docs: `${engine.url}/api/docs` }, 'Switchboard is listening');
  else if (engine.metricsUrl) logger.info({ metrics: `${engine.metricsUrl}/metrics` }, 'worker serving /metrics and /health');
  if (engine.setupUrl) {
    // Printed on every start until the first workspace has its owner; the link dies with it.
    process.stdout.write(`\n  Create the owner of your first workspace (this link works once):\n  ${engine.setupUrl}\n\n`);
  }
}

/** Beyond the grace period: closing connections and stopping the local servers. */
const FORCED_EXIT_MARGIN_MS = 15_000;

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof RedisNotInstalledError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(`Switchboard could not start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  }
  process.exit(1);
});
