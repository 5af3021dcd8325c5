/**
 * Reading multipart/form-data requests: text fields checked against a TypeBox schema (they arrive as
 * strings, so they are converted first), and the files read into memory within per-route limits.
 */
import type { FastifyRequest, FastifySchemaValidationError } from 'fastify';
import type { Static, TSchema } from 'typebox';
import { Value } from 'typebox/value';
import { AppError, type Locale } from './errors.ts';
import { describeValidationErrors } from './validationMessages.ts';

export interface UploadedFile {
  field: string;
  fileName: string;
  bytes: Buffer;
}

/** Multipart text fields are strings; convert them to the schema's types and check them. */
export function checkFields<S extends TSchema>(schema: S, raw: Record<string, unknown>, locale: Locale): Static<S> {
  const converted = Value.Convert(schema, Value.Default(schema, raw));
  if (!Value.Check(schema, converted)) {
    const errors = Value.Errors(schema, converted) as unknown as FastifySchemaValidationError[];
    throw new AppError('VALIDATION_FAILED', {}, describeValidationErrors(errors, 'body', locale));
  }
  return converted as Static<S>;
}

/**
 * Every part of a multipart request: its text fields checked against `schema`, and up to `maxFiles`
 * files of at most `maxFileBytes` each (more files: TOO_MANY_FILES; a larger one: PAYLOAD_TOO_LARGE).
 */
export async function readMultipart<S extends TSchema>(
  request: FastifyRequest,
  schema: S,
  limits: { maxFiles: number; maxFileBytes: number },
): Promise<{ fields: Static<S>; files: UploadedFile[] }> {
  if (!request.isMultipart()) throw new AppError('VALIDATION_FAILED', {}, [{ path: 'body', code: 'MULTIPART_REQUIRED' }]);
  const raw: Record<string, unknown> = {};
  const files: UploadedFile[] = [];
  try {
    for await (const part of request.parts({ limits: { files: limits.maxFiles, fileSize: limits.maxFileBytes, fields: 20 } })) {
      if (part.type === 'file') files.push({ field: part.fieldname, fileName: part.filename, bytes: await part.toBuffer() });
      else raw[part.fieldname] = part.value;
    }
  } catch (err) {
    if ((err as { code?: string }).code === 'FST_FILES_LIMIT') throw new AppError('TOO_MANY_FILES', { max: limits.maxFiles });
    throw err;
  }
  return { fields: checkFields(schema, raw, request.locale), files };
}
