// Reads Zoho's per-module OpenAPI files. Only structure is used downstream: no summary, description or
// example text ever leaves this module's callers.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import YAML from 'yaml';

/** One parsed file: its module file name (without .yml) and the document. */
export const loadSpecs = (folder) => {
  const files = readdirSync(folder)
    .filter((f) => f.endsWith('.yml') || f.endsWith('.yaml'))
    .sort();
  if (files.length === 0) throw new Error(`no OpenAPI .yml files in ${folder}`);
  return files.map((file) => ({
    file: file.replace(/\.ya?ml$/, ''),
    doc: YAML.parse(readFileSync(join(folder, file), 'utf8')),
  }));
};

/** Follows local `$ref`s (`#/components/...`) until a real schema; guards against cycles. */
export const resolve = (doc, node) => {
  let current = node;
  for (let hops = 0; current && typeof current === 'object' && current.$ref; hops += 1) {
    if (hops > 20) throw new Error(`$ref cycle at ${current.$ref}`);
    const ref = current.$ref;
    if (!ref.startsWith('#/')) throw new Error(`only local $ref is supported: ${ref}`);
    current = ref
      .slice(2)
      .split('/')
      .reduce((obj, key) => (obj === undefined ? undefined : obj[key]), doc);
    if (current === undefined) throw new Error(`dangling $ref ${ref}`);
  }
  return current;
};

/** The schema's type, inferred from its shape when `type` is absent or is itself a property map. */
export const typeOf = (schema) => {
  if (!schema || typeof schema !== 'object') return undefined;
  if (typeof schema.type === 'string') return schema.type;
  if (schema.properties) return 'object';
  if (schema.items) return 'array';
  return undefined;
};

export const HTTP_METHODS = ['get', 'post', 'put', 'delete', 'patch'];
