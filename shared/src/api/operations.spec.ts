import { describe, expect, expectTypeOf, it } from 'vitest';
import { apiSchemaId } from './registry';
import { apiOperations, operationList, operationOf, type OperationBody, type OperationQuery, type OperationResponse, type PathParams } from './operations';
import { operationAtPath, type OperationAt, type ResponseAt, type ServedPath } from './operation-paths';
import type { EventAccepted, EventDuplicate } from './events';
import type { RunView } from './runs';

describe('the operations table', () => {
  it('names each operation METHOD /path, answers with registered schemas of the contract', () => {
    const problems: string[] = [];
    for (const operation of operationList()) {
      if (!/^(GET|POST|PUT|PATCH|DELETE) \/[a-z0-9/:-]*$/i.test(operation.id)) problems.push(`${operation.id}: not METHOD /path`);
      const statuses = Object.keys(operation.responses).map(Number);
      // A success is a 2xx answer, or the redirect of a route that sends the browser on (single sign-on).
      if (!statuses.some((status) => status >= 200 && status < 400)) problems.push(`${operation.id}: no success answer`);
      for (const [status, answer] of Object.entries(operation.responses)) {
        // A documented body refers to a component of /api/docs; 204 and redirects have none.
        if (answer.schema === null ? status !== '204' && !status.startsWith('3') : apiSchemaId(answer.schema) === undefined) problems.push(`${operation.id} ${status}: not a registered schema`);
      }
    }
    expect(problems).toEqual([]);
    expect(operationList().length).toBe(Object.keys(apiOperations).length);
  });

  it('finds an operation by method and route pattern', () => {
    expect(operationOf('get', '/api/runs/:id')).toMatchObject({ id: 'GET /api/runs/:id', method: 'GET', path: '/api/runs/:id' });
    expect(operationOf('GET', '/api/runs/:runId')).toBeUndefined();
    expect(operationOf('POST', '/api/functions/:name/invoke')?.headers).toEqual(['Idempotency-Key']);
  });

  it('validates list filters as the engine reads a query string: text coerced, defaults filled, unknown names refused', () => {
    const runs = apiOperations['GET /api/runs'].query;
    expect(runs.parse({ limit: '20', status: 'failed' })).toEqual({ limit: 20, status: 'failed' });
    expect(runs.safeParse({ status: 'exploded' }).success).toBe(false);
    expect(apiOperations['GET /api/webhook-deliveries'].query.parse({})).toEqual({ status: 'failed', limit: 100 });
    expect(apiOperations['GET /api/messages'].query.safeParse({ runid: 'x' }).success).toBe(false);
  });

  it('finds the operation serving a concrete path, a literal segment before a parameter', () => {
    expect(operationAtPath('GET', '/api/runs/6a0d7b2e?limit=1')).toBe('GET /api/runs/:id');
    expect(operationAtPath('post', '/api/flows/validate')).toBe('POST /api/flows/validate');
    expect(operationAtPath('POST', '/api/flows/abc/publish')).toBe('POST /api/flows/:id/publish');
    expect(operationAtPath('GET', '/api/flows/abc/versions/2')).toBe('GET /api/flows/:id/versions/:version');
    expect(operationAtPath('GET', '/api/runs/')).toBeUndefined();
    expect(operationAtPath('GET', '/api/nope')).toBeUndefined();
    expect(operationAtPath('DELETE', '/api/runs/abc')).toBeUndefined();
  });

  it('types an operation: its path parameters, query, body and success answers', () => {
    expectTypeOf<PathParams<'/api/flows/:id/versions/:version'>>().toEqualTypeOf<{ id: string } & { version: string }>();
    expectTypeOf<OperationResponse<'GET /api/runs/:id'>>().toEqualTypeOf<RunView>();
    expectTypeOf<OperationResponse<'POST /api/events'>>().toEqualTypeOf<EventAccepted | EventDuplicate>();
    expectTypeOf<OperationResponse<'DELETE /api/flows/:id'>>().toEqualTypeOf<undefined>();
    expectTypeOf<OperationQuery<'GET /api/runs'>>().toHaveProperty('status');
    expectTypeOf<OperationBody<'GET /api/runs'>>().toBeNever();
    expectTypeOf<OperationBody<'POST /api/functions/:name/invoke'>>().toHaveProperty('callId');
  });

  it('types a concrete path by the operation serving it, a literal segment before a parameter', () => {
    expectTypeOf<OperationAt<'GET', `/api/runs/${string}`>>().toEqualTypeOf<'GET /api/runs/:id'>();
    expectTypeOf<OperationAt<'POST', `/api/runs/${string}/cancel`>>().toEqualTypeOf<'POST /api/runs/:id/cancel'>();
    expectTypeOf<OperationAt<'POST', '/api/flows/validate'>>().toEqualTypeOf<'POST /api/flows/validate'>();
    expectTypeOf<OperationAt<'GET', '/api/flows/6a0d7b2e'>>().toEqualTypeOf<'GET /api/flows/:id'>();
    expectTypeOf<OperationAt<'GET', `/api/runs?status=failed&flowId=${string}`>>().toEqualTypeOf<'GET /api/runs'>();
    expectTypeOf<OperationAt<'POST', `/api/runs/${string}/${'cancel' | 'retry'}`>>().toEqualTypeOf<'POST /api/runs/:id/cancel' | 'POST /api/runs/:id/retry'>();
    expectTypeOf<OperationAt<'GET', '/api/nope'>>().toBeNever();
    expectTypeOf<ServedPath<'GET', '/api/nope'>>().toEqualTypeOf<'no operation serves GET /api/nope'>();
    expectTypeOf<ResponseAt<'GET', `/api/runs/${string}`>>().toEqualTypeOf<RunView>();
  });
});
