import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccountsService } from '../modules/accounts/accounts.service';
import { RetentionService } from '../modules/retention/retention.service';
import { linkToken, Person } from '../testing/people';
import { SmtpSink } from '../testing/smtp-sink';
import { TestEngine, type ApiClient } from '../testing/test-engine';

const PASSWORD = 'correct horse battery staple';
const manualFlow = { nodes: [{ id: 'start', type: 'manual', config: {} }], edges: [] };

/** The newest captured mail to `to` that the reader may see. */
async function mailTo(reader: ApiClient, to: string): Promise<{ subject: string; html: string }> {
  const { emails } = (await reader.get('/api/emails')).body;
  const mail = emails.find((email) => email.to.includes(to));
  if (!mail) throw new Error(`no mail to ${to} among ${emails.map((email) => email.to.join(',')).join('; ')}`);
  return mail;
}

describe('accounts, sessions and members', () => {
  let engine: TestEngine;
  let owner: Person;
  let firstWorkspace: string;

  beforeAll(async () => {
    engine = await TestEngine.start({ env: { RATE_LIMIT_PER_SECOND: '0' } });
    firstWorkspace = (await engine.environment.sql<{ id: string }>(`SELECT workspace_id AS id FROM api_keys LIMIT 1`))[0]!.id;
  }, 60_000);
  afterAll(async () => {
    await engine?.stop();
  });

  it('makes the owner of the first workspace with the setup link, once', async () => {
    expect(engine.engine.setupUrl).toMatch(/^https:\/\/flows\.example\.test\/#\/setup\/[A-Za-z0-9_-]{43}$/);
    expect((await engine.api.get('/api/auth/providers')).body).toMatchObject({ password: true, signup: true, oidc: null, setupPending: true });
    const setup = linkToken(engine.engine.setupUrl!, 'setup');
    owner = new Person(engine.api.baseUrl);
    const me = await owner.signUp('Owner@Example.com', PASSWORD, 'Olga Owner', { setup });
    expect(me).toMatchObject({ user: { email: 'owner@example.com', name: 'Olga Owner' }, workspace: { id: firstWorkspace }, role: 'owner', apiKey: null });
    expect(me.csrfToken).toEqual(expect.any(String));
    // The cookie is httpOnly and SameSite=Strict; its value is the only copy of the token.
    expect(owner.cookie).toMatch(/^sb_session=[A-Za-z0-9_-]{43}$/);
    expect(JSON.stringify(await engine.environment.sql(`SELECT * FROM sessions`))).not.toContain(owner.cookie!.slice('sb_session='.length));

    // The link dies with the first member; every process would print none now.
    expect(await engine.engine.app.get(AccountsService).setupUrl()).toBeNull();
    const again = await new Person(engine.api.baseUrl).api.request('POST', '/api/auth/signup', { email: 'late@example.com', password: PASSWORD, name: 'Late', setup });
    expect(again).toMatchObject({ status: 409, body: { error: { code: 'CONFLICT' } } });
    const forged = await new Person(engine.api.baseUrl).api.request('POST', '/api/auth/signup', { email: 'forger@example.com', password: PASSWORD, name: 'F', setup: 'A'.repeat(43) });
    expect(forged.status).toBe(404);
    // The owner sees what the bootstrap key made: the same workspace.
    expect((await owner.api.get('/api/workspace')).body.id).toBe(firstWorkspace);
  });

  it('signs in and out, refuses a wrong password, and ends a session that expired', async () => {
    const person = new Person(engine.api.baseUrl);
    const wrong = await person.api.request('POST', '/api/auth/login', { email: 'owner@example.com', password: 'not the password' });
    expect(wrong).toMatchObject({ status: 401, body: { error: { code: 'UNAUTHORIZED' } } });
    const unknown = await person.api.request('POST', '/api/auth/login', { email: 'nobody@example.com', password: PASSWORD });
    expect(unknown.body.error.message).toBe(wrong.body.error.message);
    expect((await person.api.request('POST', '/api/auth/login', { email: 'not-an-address', password: 'x' })).body.error.details).toEqual([expect.objectContaining({ field: 'email' })]);

    await person.signIn('owner@example.com', PASSWORD);
    expect((await person.api.get('/api/me')).body).toMatchObject({ user: { email: 'owner@example.com' }, role: 'owner', workspaces: [{ id: firstWorkspace, role: 'owner' }] });
    expect((await person.api.post('/api/auth/logout')).status).toBe(204);
    expect(person.cookie).toBeNull();

    const expiring = new Person(engine.api.baseUrl);
    await expiring.signIn('owner@example.com', PASSWORD);
    expect((await expiring.api.get('/api/flows')).status).toBe(200);
    await engine.environment.sql(`UPDATE sessions SET expires_at = now() - interval '1 second' WHERE token_hash = encode(sha256(convert_to($1, 'UTF8')), 'hex')`, [expiring.cookie!.slice('sb_session='.length)]);
    const expired = await expiring.api.request('GET', '/api/flows');
    expect(expired).toMatchObject({ status: 401, body: { error: { code: 'UNAUTHORIZED', message: expect.stringContaining('session has ended') } } });
    // The sweep removes it; live sessions stay.
    const live = (await engine.environment.sql(`SELECT id FROM sessions WHERE expires_at > now()`)).length;
    expect((await engine.engine.app.get(RetentionService).sweep()).signIns).toBeGreaterThanOrEqual(1);
    expect(await engine.environment.sql(`SELECT id FROM sessions WHERE expires_at <= now()`)).toEqual([]);
    expect((await engine.environment.sql(`SELECT id FROM sessions WHERE expires_at > now()`)).length).toBe(live);
  });

  it('refuses a change without the session\'s CSRF token', async () => {
    const forged = await new Person(engine.api.baseUrl).signIn('owner@example.com', PASSWORD).then(async (me) => {
      const person = new Person(engine.api.baseUrl);
      await person.signIn('owner@example.com', PASSWORD);
      expect(me.csrfToken).not.toBe(person.me!.csrfToken);
      return person.withoutCsrf();
    });
    const refused = await forged.api.request('POST', '/api/flows', { name: 'Forged from another site' });
    expect(refused).toMatchObject({ status: 403, body: { error: { code: 'FORBIDDEN', message: expect.stringContaining('X-CSRF-Token') } } });
    expect(await engine.environment.sql(`SELECT id FROM flows WHERE name = 'Forged from another site'`)).toEqual([]);
    // Reading needs none; the owner's own session with its token may change things.
    expect((await forged.api.get('/api/flows')).status).toBe(200);
    expect((await owner.api.post('/api/flows', { name: 'Made by the owner', graph: manualFlow })).status).toBe(201);
  });

  it('invites an editor and a viewer by e-mail; each may do what the role allows, and the audit log names the people', async () => {
    const invited = await owner.api.post('/api/members', { email: 'Ed@Example.com', role: 'editor' });
    expect(invited).toMatchObject({ status: 201, body: { email: 'ed@example.com', role: 'editor', status: 'invited', userId: null } });
    // The mail is captured (no SMTP here) and readable by admins and owners only.
    const mail = await mailTo(owner.api, 'ed@example.com');
    expect(mail.subject).toContain('Olga Owner invited you');
    const token = linkToken(mail.html, 'invite');
    expect(invited.body.inviteUrl).toContain(token);
    expect((await engine.api.get(`/api/auth/invitations/${token}`)).body).toMatchObject({ email: 'ed@example.com', role: 'editor', invitedBy: 'Olga Owner', accountExists: false });

    const ed = new Person(engine.api.baseUrl);
    const wrongAddress = await ed.api.request('POST', '/api/auth/signup', { email: 'someone@example.com', password: PASSWORD, name: 'Someone', invitation: token });
    expect(wrongAddress.status).toBe(400);
    expect(await ed.signUp('ed@example.com', PASSWORD, 'Ed Editor', { invitation: token })).toMatchObject({ workspace: { id: firstWorkspace }, role: 'editor' });
    expect((await ed.api.get('/api/emails')).body.emails.filter((email) => email.subject.includes('invited you'))).toEqual([]);

    const flow = (await ed.api.post('/api/flows', { name: 'Ed builds', graph: manualFlow })).body;
    expect((await ed.api.post(`/api/flows/${flow.id}/publish`)).status).toBe(200);
    expect((await ed.api.request('POST', '/api/connections', { name: 'Mine', provider: 'whatsapp.sandbox', config: {} })).status).toBe(403);
    expect((await ed.api.request('GET', '/api/audit')).status).toBe(403);
    expect((await ed.api.request('POST', '/api/members', { email: 'x@example.com', role: 'viewer' })).status).toBe(403);

    await owner.api.post('/api/members', { email: 'vi@example.com', role: 'viewer' });
    const vi = new Person(engine.api.baseUrl);
    await vi.signUp('vi@example.com', PASSWORD, 'Vi Viewer', { invitation: linkToken((await mailTo(owner.api, 'vi@example.com')).html, 'invite') });
    expect((await vi.api.get(`/api/flows/${flow.id}`)).status).toBe(200);
    const publish = await vi.api.request('POST', `/api/flows/${flow.id}/publish`);
    expect(publish).toMatchObject({ status: 403, body: { error: { code: 'FORBIDDEN', message: expect.stringContaining('(viewer)') } } });
    expect((await vi.api.request('PUT', `/api/flows/${flow.id}`, { name: 'Renamed by a viewer' })).status).toBe(403);
    // Presence says who: the viewer sees the editor's name.
    await ed.api.post(`/api/flows/${flow.id}/presence`, { session: 'tab-of-ed-0001' });
    expect((await vi.api.post(`/api/flows/${flow.id}/presence`, { session: 'tab-of-vi-0001' })).body).toMatchObject({ others: 1, people: ['Ed Editor'] });

    const entries = (await owner.api.get('/api/audit')).body.entries;
    const byAction = (action: string) => entries.find((entry) => entry.action === action && (entry.target.name === 'ed@example.com' || entry.target.id === flow.id));
    expect(byAction('member.invite')).toMatchObject({ actor: { kind: 'user', email: 'owner@example.com', name: 'Olga Owner' }, summary: 'Invited ed@example.com as editor' });
    expect(byAction('member.join')).toMatchObject({ actor: { kind: 'user', email: 'ed@example.com' } });
    expect(byAction('flow.publish')).toMatchObject({ actor: { kind: 'user', email: 'ed@example.com', name: 'Ed Editor' } });
    expect((await owner.api.get('/api/audit?actor=ed@example.com')).body.entries.length).toBeGreaterThanOrEqual(2);
  });

  it('two people saving the same draft: the second gets 409 and nothing is lost', async () => {
    const ed = new Person(engine.api.baseUrl);
    await ed.signIn('ed@example.com', PASSWORD);
    const flow = (await owner.api.post('/api/flows', { name: 'Shared draft', graph: manualFlow })).body;
    const mine = await owner.api.put(`/api/flows/${flow.id}`, { name: 'Olga was here', baseRevision: flow.revision });
    expect(mine.status).toBe(200);
    const theirs = await ed.api.request('PUT', `/api/flows/${flow.id}`, { name: 'Ed was here', baseRevision: flow.revision });
    expect(theirs).toMatchObject({ status: 409, body: { error: { code: 'CONFLICT', details: { currentRevision: mine.body.revision } } } });
    expect((await ed.api.get(`/api/flows/${flow.id}`)).body.name).toBe('Olga was here');
  });

  it('changes roles and removes members, keeping the last owner; a removed member is refused at once', async () => {
    const members = (await owner.api.get('/api/members')).body.members;
    const ownerRow = members.find((member) => member.email === 'owner@example.com')!;
    const edRow = members.find((member) => member.email === 'ed@example.com')!;
    expect(edRow).toMatchObject({ status: 'active', name: 'Ed Editor', role: 'editor' });
    expect((await owner.api.request('PATCH', `/api/members/${ownerRow.id}`, { role: 'admin' })).status).toBe(409);
    expect((await owner.api.request('DELETE', `/api/members/${ownerRow.id}`)).status).toBe(409);
    expect((await owner.api.request('PATCH', `/api/members/${edRow.id}`, { role: 'boss' })).body.error.details).toEqual([expect.objectContaining({ field: 'role' })]);

    expect((await owner.api.patch(`/api/members/${edRow.id}`, { role: 'admin' })).body).toMatchObject({ role: 'admin' });
    const ed = new Person(engine.api.baseUrl);
    await ed.signIn('ed@example.com', PASSWORD);
    // An admin manages members but not owners, and cannot make one.
    expect((await ed.api.request('PATCH', `/api/members/${ownerRow.id}`, { role: 'viewer' })).status).toBe(403);
    expect((await ed.api.request('POST', '/api/members', { email: 'boss@example.com', role: 'owner' })).status).toBe(403);
    expect((await ed.api.request('PATCH', '/api/workspace', { name: 'Renamed by an admin' })).status).toBe(403);

    expect((await owner.api.delete(`/api/members/${edRow.id}`)).status).toBe(204);
    const refused = await ed.api.request('GET', '/api/flows');
    expect(refused).toMatchObject({ status: 403, body: { error: { message: expect.stringContaining('not a member of any workspace') } } });
    expect((await owner.api.get('/api/audit?action=member.')).body.entries.map((entry) => entry.action)).toEqual(expect.arrayContaining(['member.role', 'member.remove']));
  });

  it('gives a person several workspaces and acts in the one X-Workspace names', async () => {
    const created = await owner.api.post('/api/workspaces', { name: 'Second brand' });
    expect(created).toMatchObject({ status: 201, body: { name: 'Second brand', role: 'owner' } });
    const second = created.body.id;
    expect((await owner.api.get('/api/workspaces')).body.workspaces.map((workspace) => workspace.name)).toEqual(['My workspace', 'Second brand']);

    const inSecond = new Person(engine.api.baseUrl);
    await inSecond.signIn('owner@example.com', PASSWORD);
    inSecond.actIn(second);
    expect((await inSecond.api.get('/api/me')).body).toMatchObject({ workspace: { id: second }, role: 'owner' });
    expect((await inSecond.api.get('/api/flows')).body.flows).toEqual([]);
    await inSecond.api.post('/api/flows', { name: 'Second brand flow', graph: manualFlow });
    inSecond.actIn(firstWorkspace);
    expect((await inSecond.api.get('/api/flows')).body.flows.map((flow) => flow.name)).not.toContain('Second brand flow');

    // A workspace one is not a member of is refused, not silently swapped.
    const stranger = new Person(engine.api.baseUrl);
    await stranger.signUp('stranger@example.com', PASSWORD, 'Stranger');
    expect((await stranger.api.get('/api/me')).body.workspaces.map((workspace) => workspace.name)).toEqual(["Stranger's workspace"]);
    stranger.actIn(second);
    expect((await stranger.api.request('GET', '/api/flows')).status).toBe(403);
    expect((await stranger.api.request('GET', '/api/flows')).body.error.message).toContain(second);
    // An API key belongs to one workspace: it lists that one and cannot create another.
    expect((await engine.api.get('/api/workspaces')).body.workspaces.map((workspace) => workspace.id)).toEqual([firstWorkspace]);
    expect((await engine.api.request('POST', '/api/workspaces', { name: 'By a key' })).status).toBe(403);
    expect((await stranger.api.request('GET', '/api/flows', undefined)).status).toBe(403);
    expect((await engine.api.request('GET', '/api/me')).body).toMatchObject({ user: null, apiKey: { scopes: ['admin'] }, workspace: { id: firstWorkspace } });
  });

  it('resets a password through the captured e-mail, which only the first workspace\'s owners can read, and ends the old sessions', async () => {
    const vi = new Person(engine.api.baseUrl);
    await vi.signIn('vi@example.com', PASSWORD);
    const unknown = await new Person(engine.api.baseUrl).api.post('/api/auth/password-reset', { email: 'nobody-here@example.com' });
    const known = await new Person(engine.api.baseUrl).api.post('/api/auth/password-reset', { email: 'vi@example.com' });
    expect(known).toEqual({ status: 202, body: { sent: true } });
    expect(unknown).toEqual(known);
    expect((await vi.api.get('/api/emails')).body.emails.some((email) => email.to.includes('vi@example.com') && email.subject.includes('Reset'))).toBe(false);
    const mail = await mailTo(owner.api, 'vi@example.com');
    expect(mail.subject).toBe('Reset your Switchboard password');

    const after = new Person(engine.api.baseUrl);
    const token = linkToken(mail.html, 'reset');
    const me = (await after.api.post('/api/auth/password-reset/confirm', { token, password: 'a brand new passphrase' })).body;
    expect(me).toMatchObject({ user: { email: 'vi@example.com' }, role: 'viewer' });
    expect((await vi.api.request('GET', '/api/flows')).status).toBe(401);
    expect((await new Person(engine.api.baseUrl).api.request('POST', '/api/auth/login', { email: 'vi@example.com', password: PASSWORD })).status).toBe(401);
    await new Person(engine.api.baseUrl).signIn('vi@example.com', 'a brand new passphrase');
    expect((await after.api.request('POST', '/api/auth/password-reset/confirm', { token, password: 'yet another passphrase' })).status).toBe(404);
  });

  it('sends invitations and resets through SMTP when SMTP_URL is set', async () => {
    const smtp = await new SmtpSink().start();
    const mailing = await TestEngine.start({ env: { RATE_LIMIT_PER_SECOND: '0', SMTP_URL: smtp.url, SIGNUP: 'invite' } });
    try {
      const boss = new Person(mailing.api.baseUrl);
      expect((await boss.api.request('POST', '/api/auth/signup', { email: 'open@example.com', password: PASSWORD, name: 'Open' })).status).toBe(403);
      await boss.signUp('boss@example.com', PASSWORD, 'Bea Boss', { setup: linkToken(mailing.engine.setupUrl!, 'setup') });
      await boss.api.post('/api/members', { email: 'new@example.com', role: 'viewer' });
      await new Person(mailing.api.baseUrl).api.post('/api/auth/password-reset', { email: 'boss@example.com' });
      await expect.poll(() => smtp.mails.length).toBe(2);
      expect(smtp.mails.map((mail) => [mail.to, mail.subject])).toEqual([
        [['new@example.com'], 'Bea Boss invited you to My workspace on Switchboard'],
        [['boss@example.com'], 'Reset your Switchboard password'],
      ]);
      expect(linkToken(smtp.mails[1]!.html, 'reset')).toHaveLength(43);
    } finally {
      await mailing.stop();
      await smtp.stop();
    }
  });
});
