import 'reflect-metadata';
import pino from 'pino';
import { ConfigError, loadConfig } from './config/config';
import { startEngine } from './engine';
import { ensureLocalServices } from './infra/local-services';
import { RedisNotInstalledError } from './infra/private-redis';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = pino({ level: config.LOG_LEVEL, base: { role: config.role } });
  const services = await ensureLocalServices(config, (message) => logger.info(message));
  const engine = await startEngine(services.config, logger);

  if (engine.url) logger.info({ url: engine.url, docs: `${engine.url}/api/docs` }, 'Switchboard is listening');
  if (engine.firstApiKey) {
    // Printed once, on the first start; only its hash is stored.
    process.stdout.write(
      `\n  Your API key (shown once, keep it): ${engine.firstApiKey}\n  Use it as "Authorization: Bearer ${engine.firstApiKey}" or sign in to the editor at ${config.PUBLIC_URL}\n\n`,
    );
  }

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    await engine.close().catch((error: unknown) => logger.error({ err: error }, 'engine did not close cleanly'));
    await services.stop();
    process.exit(0);
  };
  const stopOn = (signal: string) => () =>
    void stop(signal).catch((error: unknown) => {
      logger.error({ err: error }, 'shutdown failed');
      process.exit(1);
    });
  process.on('SIGINT', stopOn('SIGINT'));
  process.on('SIGTERM', stopOn('SIGTERM'));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof RedisNotInstalledError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(`Switchboard could not start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  }
  process.exit(1);
});
