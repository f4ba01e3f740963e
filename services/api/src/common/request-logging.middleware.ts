import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '@urban-brain/common';
import { HEADER_CORRELATION_ID } from '@urban-brain/proto';

// A caller's id is kept only if it looks like an id, so logs cannot be flooded through a header.
const ACCEPTABLE_ID = /^[\w.:-]{1,128}$/;

/** Logs one JSON line per finished request and carries a correlation id in and out. */
export function requestLoggingMiddleware(logger: Logger) {
  const http = logger.child({ context: 'Http' });
  return (req: IncomingMessage, res: ServerResponse, next: () => void): void => {
    const started = process.hrtime.bigint();
    const offered = req.headers[HEADER_CORRELATION_ID];
    const correlationId = typeof offered === 'string' && ACCEPTABLE_ID.test(offered) ? offered : randomUUID();
    res.setHeader(HEADER_CORRELATION_ID, correlationId);
    res.on('finish', () => {
      const entry = {
        correlationId,
        method: req.method,
        url: req.url,
        status: res.statusCode,
        durationMs: Number(process.hrtime.bigint() - started) / 1e6,
      };
      // Probes arrive every few seconds from supervisors; they would drown the useful lines.
      if (req.url?.split('?')[0]?.endsWith('/health')) http.debug(entry, 'request');
      else http.info(entry, 'request');
    });
    next();
  };
}
