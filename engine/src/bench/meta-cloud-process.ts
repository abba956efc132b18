import { MetaCloudServer, mulberry32, type MetaCloudOptions, type WebhookTarget } from './meta-cloud';

/** The child process of `startMetaCloudProcess`: options as JSON in argv, commands over IPC. */
async function main(): Promise<void> {
  const options = JSON.parse(process.argv[2]!) as Omit<MetaCloudOptions, 'random'> & { seed: number };
  const server = await new MetaCloudServer({ ...options, random: mulberry32(options.seed) }).start();
  process.on('message', (message: { reportTo?: WebhookTarget; stats?: number }) => {
    if (message.reportTo) server.reportTo(message.reportTo);
    if (message.stats !== undefined) process.send!({ request: message.stats, stats: server.stats() });
  });
  process.on('SIGTERM', () => {
    server.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
  // The bench gone (even killed), nothing keeps this process.
  process.on('disconnect', () => process.exit(0));
  process.send!({ url: server.url });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
