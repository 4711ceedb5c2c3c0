import { Body, Param, Query, createParamDecorator, type ExecutionContext, type PipeTransform } from '@nestjs/common';
import type { Request } from 'express';
import { ApiBody } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { z } from 'zod';

/** Malformed input: every problem found, with the path of the field it concerns. */
export class RequestValidationError extends Error {
  constructor(readonly issues: Array<{ path: string; message: string }>) {
    super(issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; '));
    this.name = 'RequestValidationError';
  }
}

export class ZodPipe<T extends z.ZodType> implements PipeTransform<unknown, z.output<T>> {
  constructor(
    private readonly schema: T,
    private readonly where: 'body' | 'query' | 'path' | 'header',
    /** For a single path parameter or header: its name, so errors name the field. */
    private readonly name?: string,
  ) {}

  transform(value: unknown): z.output<T> {
    const unsafe = findUnstorableText(value);
    if (unsafe !== undefined) {
      throw new RequestValidationError([
        {
          path: this.pathOf(unsafe ? [unsafe] : []),
          message: 'must not contain NUL characters or unpaired UTF-16 surrogates',
        },
      ]);
    }
    const absent = this.where === 'body' || this.where === 'header' ? undefined : {};
    const parsed = this.schema.safeParse(value ?? absent);
    if (parsed.success) return parsed.data;
    throw new RequestValidationError(
      parsed.error.issues.map((i) => ({
        path: this.pathOf(i.path),
        message: i.path.length === 0 && value === undefined ? this.missing() : i.message,
      })),
    );
  }

  private missing(): string {
    return this.where === 'header' ? `the ${this.name} header is required` : `a JSON ${this.where} is required`;
  }

  private pathOf(path: PropertyKey[]): string {
    return [...(this.name ? [this.name] : []), ...path.map(String)].join('.');
  }
}

// Postgres text and jsonb cannot store NUL or lone surrogates: refuse them up front as bad input.
// eslint-disable-next-line no-control-regex -- matching NUL is the point
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The path of the first string (or key) that could not be stored, if any. */
function findUnstorableText(value: unknown, path: string[] = []): string | undefined {
  if (typeof value === 'string') return UNSTORABLE.test(value) ? path.join('.') : undefined;
  if (value === null || typeof value !== 'object') return undefined;
  for (const [key, child] of Object.entries(value)) {
    if (UNSTORABLE.test(key)) return [...path, key].join('.');
    const found = findUnstorableText(child, [...path, key]);
    if (found !== undefined) return found;
  }
  return undefined;
}

export const jsonSchemaOf = (schema: z.ZodType): SchemaObject =>
  z.toJSONSchema(schema, { target: 'openapi-3.0', io: 'input', unrepresentable: 'any' }) as SchemaObject;

/** Validates the JSON body with a zod schema and documents that schema in OpenAPI: one source of truth. */
export function ZodBody(schema: z.ZodType): ParameterDecorator {
  return (target, key, index) => {
    Body(new ZodPipe(schema, 'body'))(target, key, index);
    const descriptor = Object.getOwnPropertyDescriptor(target, key as string | symbol);
    if (descriptor) ApiBody({ schema: jsonSchemaOf(schema) })(target, key as string | symbol, descriptor);
  };
}

export const ZodQuery = (schema: z.ZodType): ParameterDecorator => Query(new ZodPipe(schema, 'query'));
export const ZodParam = (name: string, schema: z.ZodType): ParameterDecorator =>
  Param(name, new ZodPipe(schema, 'path', name));
const RequestHeader = createParamDecorator((name: string, context: ExecutionContext) =>
  context.switchToHttp().getRequest<Request>().header(name),
);
export const ZodHeader = (name: string, schema: z.ZodType): ParameterDecorator =>
  RequestHeader(name, new ZodPipe(schema, 'header', name));
