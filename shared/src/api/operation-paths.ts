import { operationList, type OperationBody, type OperationId, type OperationResponse } from './operations';

/**
 * The operation of the table (`shared/src/api/operations.ts`) a concrete path is served by, as a
 * type: `OperationAt<'GET', `/api/runs/${string}`>` is `'GET /api/runs/:id'`. A segment known only
 * as `string` matches a parameter; a literal one matches the same literal first (`/api/flows/validate`
 * over `/api/flows/:id`, as Fastify's router does), a parameter only when no literal does. A query
 * string is ignored. `never` when no row matches; a union of paths gives the union of their operations.
 */
export type OperationAt<M extends string, P extends string> = P extends string ? ([OpsAt<M, P, false>] extends [never] ? OpsAt<M, P, true> : OpsAt<M, P, false>) : never;

type Split<S extends string> = S extends `${infer Head}/${infer Tail}` ? [Head, ...Split<Tail>] : [S];
type WithoutQuery<P extends string> = P extends `${infer Path}?${string}` ? Path : P;
type SegmentMatches<Pattern, Segment, Loose extends boolean> = Pattern extends `:${string}` ? (string extends Segment ? true : Loose) : [Pattern, Segment] extends [Segment, Pattern] ? true : false;
type Matches<Patterns, Segments, Loose extends boolean> = Patterns extends [infer Pattern, ...infer PatternsLeft]
  ? Segments extends [infer Segment, ...infer SegmentsLeft]
    ? SegmentMatches<Pattern, Segment, Loose> extends true
      ? Matches<PatternsLeft, SegmentsLeft, Loose>
      : false
    : false
  : Segments extends []
    ? true
    : false;
type OpsAt<M extends string, P extends string, Loose extends boolean> = {
  [K in OperationId]: K extends `${M} ${infer Pattern}` ? (Matches<Split<Pattern>, Split<WithoutQuery<P>>, Loose> extends true ? K : never) : never;
}[OperationId];

/** The success body of the operation at `M P`. */
export type ResponseAt<M extends string, P extends string> = OperationResponse<OperationAt<M, P>>;
/** What the operation at `M P` takes as its body. */
export type BodyAt<M extends string, P extends string> = OperationBody<OperationAt<M, P>>;
/** A path the table serves with method `M`: a typo'd or removed route does not compile. */
export type ServedPath<M extends string, P extends string> = P extends string ? ([OperationAt<M, P>] extends [never] ? `no operation serves ${M} ${P}` : P) : never;

/**
 * The operation serving a concrete path (`GET`, `/api/runs/6a0d…?limit=1` → `GET /api/runs/:id`):
 * what `OperationAt` says at compile time, at run time. A literal segment wins over a parameter,
 * as in Fastify's router; `undefined` when no row matches.
 */
export function operationAtPath(method: string, path: string): OperationId | undefined {
  const segments = path.split('?')[0]!.split('/');
  let best: { id: OperationId; params: number } | undefined;
  for (const operation of operationList()) {
    if (operation.method !== method.toUpperCase()) continue;
    const pattern = operation.path.split('/');
    if (pattern.length !== segments.length) continue;
    const fits = pattern.every((part, index) => (part.startsWith(':') ? segments[index] !== '' : part === segments[index]));
    const params = pattern.filter((part) => part.startsWith(':')).length;
    if (fits && (!best || params < best.params)) best = { id: operation.id, params };
  }
  return best?.id;
}
