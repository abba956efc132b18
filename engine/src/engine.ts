import 'reflect-metadata';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { catalog, type NodeCatalog } from '@switchboard/nodes';
import type { Logger } from 'pino';
import { AppModule } from './app.module';
import { ApiExceptionFilter } from './common/api-exception.filter';
import type { EngineConfig } from './config/config';
import { migrate } from './database/data-source';
import { projectRoot } from './infra/data-dir';
import { WorkspacesService } from './modules/workspaces/workspaces.service';
import { PinoNestLogger } from './runtime/pino-nest-logger';

export interface RunningEngine {
  app: NestFastifyApplication;
  /** The API's base URL (api and all roles). */
  url: string | null;
  /** Set on the very first start: the generated API key, to print once. */
  firstApiKey?: string;
  close(): Promise<void>;
}

/**
 * Starts an engine on a Postgres and a Redis that are running: applies migrations, creates
 * the default workspace on first start, then serves HTTP (api, all) and/or consumes the step
 * queue (worker, all). `DATABASE_URL`, `REDIS_URL` (or `REDIS_CLUSTER_NODES`) and `ENCRYPTION_KEY` must be set.
 * `options.catalog` replaces the node catalog (tests add fixture nodes).
 */
export async function startEngine(config: EngineConfig, logger: Logger, options: { catalog?: NodeCatalog } = {}): Promise<RunningEngine> {
  await migrate(config.DATABASE_URL!);
  const adapter = new FastifyAdapter({ bodyLimit: config.BODY_LIMIT_BYTES, trustProxy: true });
  acceptJson(adapter);
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config, logger, options.catalog ?? catalog), adapter, {
    logger: new PinoNestLogger(logger),
    bodyParser: false,
    abortOnError: false,
  });
  const editor = config.role === 'worker' ? null : editorDist();
  // Unknown GET paths outside the API get the editor's index.html (its client-side routes).
  app.useGlobalFilters(new ApiExceptionFilter(logger, editor ? readFileSync(join(editor, 'index.html'), 'utf8') : null));

  const bootstrap = await app.get(WorkspacesService).bootstrap(config.BOOTSTRAP_API_KEY);

  let url: string | null = null;
  if (config.role !== 'worker') {
    const document = SwaggerModule.createDocument(
      app,
      new DocumentBuilder()
        .setTitle('Switchboard API')
        .setDescription('Workflow automation for AI voice and chat agents. Every /api route takes `Authorization: Bearer <api key>`.')
        .setVersion('0.1.0')
        .addBearerAuth()
        .build(),
    );
    SwaggerModule.setup('api/docs', app, document);
    if (editor) app.useStaticAssets({ root: editor, prefix: '/', index: ['index.html'] });
    await app.listen({ port: config.PORT, host: config.HOST });
    const address = app.getHttpServer().address();
    const port = typeof address === 'object' && address ? address.port : config.PORT;
    url = `http://127.0.0.1:${port}`;
  } else {
    await app.init();
  }
  return { app, url, firstApiKey: bootstrap.apiKey, close: () => app.close() };
}

/**
 * JSON bodies keep their raw bytes (`request.rawBody`, for webhook signatures) and an empty
 * body counts as none, so `POST /api/flows/:id/publish` with a JSON content type and no body works.
 */
function acceptJson(adapter: FastifyAdapter): void {
  const fastify = adapter.getInstance();
  // JSON only: any other content type is answered 415 (the webhooks that need another add it).
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body: Buffer, done) => {
    (request as unknown as { rawBody: Buffer }).rawBody = body;
    if (body.length === 0) return done(null, undefined);
    try {
      done(null, JSON.parse(body.toString('utf8')));
    } catch {
      done(Object.assign(new Error('the body is not valid JSON'), { statusCode: 400 }), undefined);
    }
  });
}

/** The built editor's folder, when `pnpm build` has built it. */
function editorDist(): string | null {
  const root = join(projectRoot(), 'editor', 'dist');
  return existsSync(join(root, 'index.html')) ? root : null;
}
