import { RequestMethod } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import cookieParser from 'cookie-parser';
import { loadCityPack } from '@urban-brain/city-pack';
import { JsonNestLogger, type Logger } from '@urban-brain/common';
import { AppModule } from './app.module';
import { ACCESS_COOKIE, BEARER_SCHEME } from './auth/route-access.decorator';
import { requestLoggingMiddleware } from './common/request-logging.middleware';
import type { ApiConfig } from './config/api.config';

export const GLOBAL_PREFIX = 'api';
export const DOCS_PATH = 'api/docs';

/** The configured app, not yet listening: main.ts and the integration tests build it the same way. */
export async function createApp(config: ApiConfig, logger: Logger): Promise<NestExpressApplication> {
  // Before Nest: a broken pack fails here with every problem listed (file, feature, reason),
  // and runNestService logs it and exits, instead of Nest aborting mid-bootstrap.
  const cityPack = loadCityPack(config.CITY_PACK_DIR);
  logger.info({ context: 'CityPack', id: cityPack.id, dir: config.CITY_PACK_DIR, approximate: cityPack.manifest.approximate }, 'city pack loaded');
  const app = await NestFactory.create<NestExpressApplication>(AppModule.register(config, cityPack), {
    logger: new JsonNestLogger(logger),
    bufferLogs: true,
  });
  app.disable('x-powered-by');
  // The api sits behind the web server on this machine (and a reverse proxy in a deployment): the
  // client's address for the audit log is the one a loopback proxy forwards.
  app.set('trust proxy', 'loopback');
  app.use(cookieParser());
  app.use(requestLoggingMiddleware(logger));
  // Health is also served unprefixed: supervisors and the stack scripts probe /health on every service.
  app.setGlobalPrefix(GLOBAL_PREFIX, {
    exclude: [
      { path: 'health', method: RequestMethod.GET },
      { path: 'api/health', method: RequestMethod.GET },
    ],
  });
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Urban Brain API')
      .setDescription('History and city data for the Neijiang urban brain. Errors carry a `code`; 400s list every bad field in `fields`. ' +
          'Every route but health and sign-in needs a session (cookie) or a bearer token; each operation\'s `x-required-role` is the least role that may call it (operator < dispatcher < engineer < admin).')
      .setVersion('0.1.0')
      .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'POST /api/auth/tokens answers one' }, BEARER_SCHEME)
      .addCookieAuth(ACCESS_COOKIE, { type: 'apiKey', in: 'cookie', name: ACCESS_COOKIE, description: 'Set by POST /api/auth/sign-in' }, ACCESS_COOKIE)
      .build(),
  );
  // UI at /api/docs, JSON at /api/docs-json; swagger-ui's assets are local, so it works offline.
  SwaggerModule.setup(DOCS_PATH, app, document, { jsonDocumentUrl: `${DOCS_PATH}-json` });
  return app;
}
