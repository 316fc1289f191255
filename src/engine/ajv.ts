import { Ajv, type ErrorObject } from 'ajv';
import addFormatsModule from 'ajv-formats';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

/** A fresh ajv instance with formats (uri, date-time, …) and all errors collected. */
export function createAjv(): Ajv {
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  return ajv;
}

/** One readable line per ajv error: the JSON pointer and what is wrong, with the allowed values when known. */
export function describeAjvError(e: ErrorObject): { pointer: string; message: string } {
  const pointer = e.instancePath || '/';
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'additionalProperties':
      return { pointer: `${e.instancePath}/${String(p.additionalProperty)}`, message: `unknown field "${String(p.additionalProperty)}"; remove it or fix its spelling` };
    case 'required':
      return { pointer, message: `missing required field "${String(p.missingProperty)}"` };
    case 'enum':
      return { pointer, message: `must be one of: ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}` };
    case 'propertyNames':
      return { pointer, message: `invalid name "${String(p.propertyName)}"` };
    default:
      return { pointer, message: e.message ?? e.keyword };
  }
}
