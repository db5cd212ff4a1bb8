import type { FastifyInstance } from 'fastify';

/** One route of the app: its method and its path template (`/api/v1/units/:id`). */
export interface RouteInfo {
  method: string;
  path: string;
}

/**
 * Every route the app answers, read from `printRoutes` (the router's own tree, hidden routes included).
 * Each tree line is a label continuing its parent's path; `a|b` labels are alternative parameters.
 */
export function listRoutes(app: FastifyInstance): RouteInfo[] {
  const tree = app.printRoutes({ commonPrefix: false });
  const stack: string[][] = [];
  const out = new Map<string, RouteInfo>();
  for (const line of tree.split('\n')) {
    const m = /^([│ ]*)(?:├── |└── )(.*?)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!m) continue;
    const depth = (m[1] ?? '').length / 4;
    const label = m[2] ?? '';
    const parents = depth === 0 ? [''] : (stack[depth - 1] ?? ['']);
    // `v2/:file|:collection`: the alternatives are of the last segment only
    const bar = label.indexOf('|');
    const stem = bar < 0 ? '' : label.slice(0, label.lastIndexOf('/', bar) + 1);
    const alternatives =
      bar < 0
        ? [label]
        : label
            .slice(stem.length)
            .split('|')
            .map((a) => stem + a);
    const paths = parents.flatMap((p) => alternatives.map((a) => `${p}${a}`));
    stack[depth] = paths;
    stack.length = depth + 1;
    if (!m[3]) continue;
    for (const method of m[3].split(', ')) {
      for (const path of paths) {
        const p = path.startsWith('/') ? path : `/${path}`;
        out.set(`${method} ${p}`, { method, path: p });
      }
    }
  }
  return [...out.values()];
}

/** The routes worth fuzzing: not the built web assets, the OpenAPI UI's static files, or HEAD twins of GETs. */
export function fuzzableRoutes(app: FastifyInstance): RouteInfo[] {
  return listRoutes(app).filter(
    (r) =>
      r.method !== 'HEAD' &&
      !r.path.startsWith('/assets/') &&
      !r.path.startsWith('/docs/static') &&
      !/\.(html|js|css|svg|png|ico|json|webmanifest|txt)$/.test(r.path),
  );
}

/** A JSON schema fragment from the OpenAPI document (only the keywords the body generator reads). */
export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  format?: string;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  additionalProperties?: boolean | JsonSchema;
}

/** The request body schema and query parameter names of each documented route, keyed `METHOD /path/:param`, from /docs/json. */
export async function openApiDocs(app: FastifyInstance): Promise<{ bodies: Map<string, JsonSchema>; queries: Map<string, string[]> }> {
  type Op = { requestBody?: { content?: Record<string, { schema?: JsonSchema }> }; parameters?: Array<{ in: string; name: string }> };
  const doc = (await app.inject({ method: 'GET', url: '/docs/json' })).json() as { paths: Record<string, Record<string, Op>> };
  const bodies = new Map<string, JsonSchema>();
  const queries = new Map<string, string[]>();
  for (const [path, ops] of Object.entries(doc.paths)) {
    const fastifyPath = path.replace(/\{([^}]+)\}/g, ':$1');
    for (const [method, op] of Object.entries(ops)) {
      const key = `${method.toUpperCase()} ${fastifyPath}`;
      const schema = op.requestBody?.content?.['application/json']?.schema;
      if (schema) bodies.set(key, schema);
      const q = (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);
      if (q.length) queries.set(key, q);
    }
  }
  return { bodies, queries };
}
