import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/** One method of one route the running engine serves, as Fastify's router holds it. */
export interface LiveRoute {
  method: string;
  /** Fastify's pattern: `/api/flows/:id/versions/:version`, `/webhooks/in/*`. */
  path: string;
  /** The pattern's parameters in order (`id`, `version`; `*` for a wildcard). */
  params: string[];
}

/**
 * Every route the engine's Fastify instance serves after start, read from its router (so a route
 * added tomorrow, by a controller or straight on Fastify, is in the list the day it is added).
 * HEAD routes Fastify derives from GET are left out; OPTIONS is not served.
 *
 * `printRoutes()` draws the radix tree one edge per line, `├── segment (METHODS)` indented four
 * columns per level; a route's path is its segments from the root joined.
 */
export function liveRoutes(app: NestFastifyApplication): LiveRoute[] {
  const tree = app.getHttpAdapter().getInstance().printRoutes();
  const segments: string[] = [];
  const routes: LiveRoute[] = [];
  for (const line of tree.split('\n')) {
    const match = /^((?:│ {3}| {4})*)(?:├── |└── )(.+?)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!match) continue;
    const depth = match[1]!.length / 4;
    segments.length = depth;
    segments.push(match[2]!);
    if (!match[3]) continue;
    const path = segments.join('');
    const params = path.split('/').flatMap((part) => (part.startsWith(':') ? [part.slice(1)] : part === '*' ? ['*'] : []));
    for (const method of match[3].split(', ')) if (method !== 'HEAD') routes.push({ method, path, params });
  }
  if (routes.length === 0) throw new Error(`no route could be read from Fastify's route tree:\n${tree}`);
  return routes.sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method));
}

/** `/api/flows/:id/versions/:version` with `{ id: 'f1', version: '1' }` → `/api/flows/f1/versions/1` (values URL-encoded). */
export function fillPath(path: string, values: Record<string, string>): string {
  return path
    .split('/')
    .map((part) => {
      const name = part.startsWith(':') ? part.slice(1) : part === '*' ? '*' : null;
      if (name === null) return part;
      const value = values[name];
      if (value === undefined) throw new Error(`no value for :${name} in ${path}`);
      return name === '*' ? value.split('/').map(encodeURIComponent).join('/') : encodeURIComponent(value);
    })
    .join('/');
}

/**
 * Every combination of the known values for a route's parameters (`values` keyed by the path up
 * to each parameter, e.g. `/api/flows/:id`), or the message `missing` gives for the first
 * parameter no value is known for.
 */
export function fillings(route: LiveRoute, values: Record<string, string[]>, missing: (key: string) => string): Array<Record<string, string>> | string {
  let out: Array<Record<string, string>> = [{}];
  const parts = route.path.split('/');
  for (let index = 0; index < parts.length; index++) {
    const part = parts[index]!;
    const name = part.startsWith(':') ? part.slice(1) : part === '*' ? '*' : null;
    if (name === null) continue;
    const key = parts.slice(0, index + 1).join('/');
    const candidates = values[key];
    if (!candidates) return missing(key);
    out = out.flatMap((filled) => candidates.map((value) => ({ ...filled, [name]: value })));
  }
  return out;
}
