import Ajv, { type Options } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifyInstance } from 'fastify';

function makeAjv(coerceTypes: Options['coerceTypes']): Ajv {
  const ajv = new Ajv({ coerceTypes, useDefaults: true, removeAdditional: false, allErrors: true, strict: false });
  addFormats(ajv);
  return ajv;
}

/**
 * Query strings and path parameters arrive as text, so they are coerced to the schema's types.
 * JSON bodies are not: coercion would turn a null in a nullable number field into 0 (Ajv tries the
 * number branch of the union first), silently storing a value nobody sent.
 */
export function installValidation(app: FastifyInstance): void {
  const bodies = makeAjv(false);
  const textParts = makeAjv('array');
  app.setValidatorCompiler(({ schema, httpPart }) => (httpPart === 'body' ? bodies : textParts).compile(schema));
}
