import { randomUUID } from 'node:crypto';
import { ROLES, requiredRole, roleAllows, type Role } from '@switchboard/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linkToken, Person } from '../testing/people';
import { fillPath, liveRoutes } from '../testing/route-table';
import { TestEngine } from '../testing/test-engine';

const PASSWORD = 'role matrix passphrase';

/** Routes left out, and why. */
const SKIPPED = [
  // Signing in and out, links and their previews: each person's own, no workspace role (requiredRole is null).
  /^\/api\/auth\//,
  // Swagger UI's files.
  /^\/api\/docs/,
];

/**
 * Each role on each route: one person per role in one workspace calls every `/api` route the
 * engine serves (read from its live route table, so tomorrow's route is in the matrix the day it
 * is added) with ids that exist nowhere and an empty body. A role `requiredRole` refuses gets 403
 * FORBIDDEN before anything is looked up; a role it allows gets anything else (a 404 for the
 * unknown id, a 400 for the empty body, a 2xx) — never a 403, never a 5xx.
 */
describe('the role matrix', () => {
  let engine: TestEngine;
  const people = new Map<Role, Person>();

  beforeAll(async () => {
    engine = await TestEngine.start({ env: { RATE_LIMIT_PER_SECOND: '0' } });
    const owner = new Person(engine.api.baseUrl);
    await owner.signUp('owner@matrix.test', PASSWORD, 'Owner', { setup: linkToken(engine.engine.setupUrl!, 'setup') });
    people.set('owner', owner);
    for (const role of ROLES.filter((candidate) => candidate !== 'owner')) {
      const invited = (await owner.api.post('/api/members', { email: `${role}@matrix.test`, role })).body;
      const person = new Person(engine.api.baseUrl);
      await person.signUp(`${role}@matrix.test`, PASSWORD, role, { invitation: linkToken(invited.inviteUrl, 'invite') });
      people.set(role, person);
    }
  }, 60_000);
  afterAll(async () => {
    await engine?.stop();
  });

  it('gives each role what requiredRole says, on every route', async () => {
    const routes = liveRoutes(engine.engine.app).filter((route) => route.path.startsWith('/api/') && !SKIPPED.some((pattern) => pattern.test(route.path)));
    expect(routes.length).toBeGreaterThan(50);
    const problems: string[] = [];
    const cells: Record<Role, { allowed: number; refused: number }> = { viewer: { allowed: 0, refused: 0 }, editor: { allowed: 0, refused: 0 }, admin: { allowed: 0, refused: 0 }, owner: { allowed: 0, refused: 0 } };
    for (const route of routes) {
      const path = fillPath(route.path, Object.fromEntries(route.params.map((name) => [name, name === 'phone' ? '+14155550999' : name === 'version' ? '1' : randomUUID()])));
      for (const role of ROLES) {
        const allowed = roleAllows(role, route.method, route.path);
        const status = await call(people.get(role)!, route.method, path);
        cells[role][allowed ? 'allowed' : 'refused']++;
        if (allowed ? status === 403 || status >= 500 : status !== 403) {
          problems.push(`${role} ${route.method} ${route.path} answered ${status}; requiredRole is ${requiredRole(route.method, route.path)}`);
        }
      }
    }
    expect(problems).toEqual([]);
    // Every role is refused something but the owner, and the matrix is not all one answer.
    expect(cells.owner.refused).toBe(0);
    expect(cells.viewer.refused).toBeGreaterThan(cells.editor.refused);
    expect(cells.editor.refused).toBeGreaterThan(cells.admin.refused);
    expect(cells.admin.refused).toBeGreaterThan(0);
  }, 120_000);
});

/** The status of one call (a stream's status once its headers are in). */
async function call(person: Person, method: string, path: string): Promise<number> {
  if (path === '/api/alerts/stream') {
    const controller = new AbortController();
    const response = await person.raw(method, path, controller.signal);
    controller.abort();
    return response.status;
  }
  const body = method === 'GET' || method === 'DELETE' ? undefined : {};
  return (await person.api.request(method, path, body)).status;
}
