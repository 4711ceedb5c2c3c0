import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';

const PROBLEM_SCHEMA: SchemaObject = {
  type: 'object',
  description: 'RFC 9457 problem details',
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    code: { type: 'string', description: 'Stable machine-readable reason' },
    instance: { type: 'string' },
    errors: {
      type: 'array',
      description: 'For 400 validation_failed: each field that is wrong',
      items: { type: 'object', properties: { path: { type: 'string' }, message: { type: 'string' } } },
    },
    requestId: { type: 'string' },
  },
  required: ['type', 'title', 'status', 'detail', 'code'],
};

const shapeOf = (example: unknown): SchemaObject =>
  Array.isArray(example) ? { type: 'array', items: { type: 'object' } } : { type: 'object' };

/** Documents a success status with an example body (none for 204). */
export const ApiAnswer = (status: number, description: string, example?: unknown) =>
  ApiResponse({
    status,
    description,
    ...(example === undefined ? {} : { content: { 'application/json': { schema: shapeOf(example), example } } }),
  });

/** Documents the problem+json refusals an endpoint can give, each status with what it means there. */
export const ApiProblems = (problems: Partial<Record<400 | 401 | 403 | 404 | 409 | 422 | 429, string>>) =>
  applyDecorators(
    ...Object.entries(problems).map(([status, description]) =>
      ApiResponse({
        status: Number(status),
        description,
        content: { 'application/problem+json': { schema: PROBLEM_SCHEMA } },
      }),
    ),
  );
