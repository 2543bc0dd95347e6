import { readFileSync } from 'node:fs';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import formatsPlugin, { type FormatsPlugin } from 'ajv-formats';

/**
 * Request bodies checked against Discord's own OpenAPI description (fixtures/discord-openapi.json,
 * MIT): the schema of the route and method the adapter calls, so a body Discord would refuse
 * fails the test that sent it, with the schema's error. OpenAPI 3.1 schemas are JSON Schema
 * 2020-12, read by Ajv as they are.
 */

interface Operation {
  requestBody?: { content?: Record<string, { schema?: unknown }> };
}
interface Spec {
  paths: Record<string, Record<string, Operation>>;
  components: Record<string, unknown>;
}

const SPEC_ID = 'https://discord.test/openapi.json';
const spec = JSON.parse(readFileSync(new URL('./fixtures/discord-openapi.json', import.meta.url), 'utf8')) as Spec;

const ajv = new Ajv2020({ strict: false, allErrors: false, validateFormats: true });
// ajv-formats is CommonJS; its default export arrives as the module object under some loaders.
const addFormats = ((formatsPlugin as unknown as { default?: FormatsPlugin }).default ?? formatsPlugin) as unknown as FormatsPlugin;
addFormats(ajv);
// Discord's own formats: a snowflake's pattern is in the schema beside it; a nonce is any string or number.
ajv.addFormat('snowflake', true);
ajv.addFormat('nonce', true);
ajv.addSchema({ $id: SPEC_ID, components: spec.components });

/** The route's schema with its references pointed at the shared components. */
const anchored = (schema: unknown) => JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', `"${SPEC_ID}#/components/`)) as object;

const routes = Object.keys(spec.paths).map((template) => {
  const parts = template.split('/').filter(Boolean);
  return { template, parts, params: parts.filter((p) => p.startsWith('{')).length };
});

/** The spec's path template for a concrete path; a literal segment wins over a parameter (`@original`). */
export function routeOf(path: string): string | undefined {
  const segments = path.split('/').filter(Boolean).map(decodeURIComponent);
  const fits = routes.filter((r) => r.parts.length === segments.length && r.parts.every((p, i) => p.startsWith('{') || p === segments[i]));
  return fits.sort((a, b) => a.params - b.params)[0]?.template;
}

const compiled = new Map<string, ValidateFunction | null>();

function validatorFor(template: string, method: string, contentType: 'application/json' | 'multipart/form-data'): ValidateFunction | null {
  const key = `${method} ${template} ${contentType}`;
  if (compiled.has(key)) return compiled.get(key)!;
  const op = spec.paths[template]?.[method.toLowerCase()];
  const schema = op?.requestBody?.content?.[contentType]?.schema ?? op?.requestBody?.content?.['application/json']?.schema;
  const validate = schema ? ajv.compile(anchored(schema)) : null;
  compiled.set(key, validate);
  return validate;
}

function describe(errors: ErrorObject[] | null | undefined): string {
  return (errors ?? [])
    .slice(0, 5)
    .map((e) => `${e.instancePath || '(body)'} ${e.message ?? ''}${e.params && Object.keys(e.params).length ? ` ${JSON.stringify(e.params)}` : ''}`)
    .join('; ');
}

/**
 * What is wrong with a body sent to `path` (relative to /api/v10) by `method`, by Discord's
 * schema; undefined when it is valid. A route or method the spec does not know is itself a problem.
 */
export function requestBodyProblem(method: string, path: string, body: unknown, contentType: 'application/json' | 'multipart/form-data' = 'application/json'): string | undefined {
  const template = routeOf(path);
  if (!template) return `${method} ${path}: no such route in Discord's API`;
  if (!spec.paths[template]?.[method.toLowerCase()]) return `${method} ${template}: no such method in Discord's API`;
  const validate = validatorFor(template, method, contentType);
  if (!validate) return body === undefined ? undefined : `${method} ${template}: Discord's API takes no body here`;
  if (validate(body)) return undefined;
  return `${method} ${template}: ${describe(validate.errors)}`;
}

/** An interaction response (the HTTP reply, or the callback endpoint's body), by the callback schema. */
export function interactionResponseProblem(body: unknown): string | undefined {
  return requestBodyProblem('POST', '/interactions/0/token/callback', body);
}
