import type { NextFunction, Request, Response } from 'express';
import { problem, ProblemError, type Problem } from './problem';

/**
 * Runs right after the JSON body parser. Nest would turn its errors into a bare 400 (or a 500 for
 * some), losing why; this names each one with its own 4xx before Nest sees it.
 */
export function bodyParserErrors(err: unknown, _req: Request, _res: Response, next: NextFunction): void {
  const found = bodyParserProblem(err);
  next(found ? new ProblemError(found) : err);
}

/** Errors of the JSON body parser are the client's: each gets its own 4xx. */
function bodyParserProblem(error: unknown): Problem | undefined {
  const e = error as { type?: string; status?: number; expose?: boolean } | undefined;
  // http-errors marks client errors with `expose`; a corrupt gzip body has a status but no type.
  if (!e?.expose || typeof e.status !== 'number' || e.status >= 500) return undefined;
  switch (e.type) {
    case 'entity.parse.failed':
      return problem(400, 'malformed_json', 'Request body is not valid JSON');
    case 'entity.too.large':
      return problem(413, 'payload_too_large', 'Request body is too large');
    case 'charset.unsupported':
      return problem(415, 'unsupported_charset', 'Request body must be UTF-8 encoded JSON');
    case 'encoding.unsupported':
      return problem(415, 'unsupported_encoding', 'Content-Encoding must be identity, gzip or deflate');
    default:
      return problem(400, 'unreadable_body', 'Request body could not be read');
  }
}
