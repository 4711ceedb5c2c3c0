import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException } from '@nestjs/common';
import { ServiceError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import type { Request, Response } from 'express';
import type { Logger } from 'pino';
import { RateLimitedError } from '../../application/identity/authentication';
import { ConcurrencyError } from '../../infra/event-store/errors';
import { DomainError, type RefusalKind } from '../../domain/shared/errors';
import { problem, ProblemError, type Problem } from './problem';
import { RequestValidationError } from './validation';

const STATUS_OF: Record<RefusalKind, number> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  invalid: 422,
  rate_limited: 429,
};

/** Every error leaves the API as application/problem+json; only genuine faults are 500s, and they say nothing inside. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<Request>();
    const res = http.getResponse<Response>();
    const body = { ...this.toProblem(error, req), instance: req.path, requestId: res.locals.requestId as string };
    if (error instanceof RateLimitedError) res.setHeader('Retry-After', String(error.retryAfterSeconds));
    if (body.status === 503) res.setHeader('Retry-After', '5');
    if (body.status >= 500) this.logger.error({ err: error, requestId: body.requestId }, 'request failed');
    res.status(body.status).type('application/problem+json').send(JSON.stringify(body));
  }

  private toProblem(error: unknown, req: Request): Problem {
    if (error instanceof DomainError) return problem(STATUS_OF[error.kind], error.code, error.message);
    if (error instanceof RequestValidationError) {
      return problem(400, 'validation_failed', error.message, { errors: error.issues });
    }
    if (error instanceof ConcurrencyError) {
      return problem(409, 'concurrent_modification', 'The resource changed while this request ran; try again');
    }
    if (error instanceof HttpException) return fromHttpException(error, req);
    if (error instanceof ProblemError) return error.problem;
    // Temporal unreachable or overloaded (an update that timed out): the request may be retried as it
    // is (checkout with the same Idempotency-Key).
    if (error instanceof ServiceError || error instanceof WorkflowUpdateRPCTimeoutOrCancelledError) {
      return problem(503, 'workflow_service_unavailable', 'The workflow service is unavailable; try again shortly');
    }
    return problem(500, 'internal_error', 'Something went wrong on our side; the request id helps us find it');
  }
}

function fromHttpException(error: HttpException, req: Request): Problem {
  const status = error.getStatus();
  if (status === 404) return problem(404, 'route_not_found', `No route for ${req.method} ${req.path}`);
  const response = error.getResponse();
  const message =
    typeof response === 'string' ? response : String((response as { message?: unknown }).message ?? error.message);
  return problem(status, status >= 500 ? 'internal_error' : 'http_error', status >= 500 ? 'Internal error' : message);
}
