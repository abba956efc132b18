import { createServer, type AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserSuiteRuns, editorBuilt, launchBrowser, openEditorSession, screenshot, type EditorSession } from '../testing/browser';
import { LocalOidcProvider } from '../testing/local-oidc';
import { linkToken, Person } from '../testing/people';
import { TestEngine, type ApiClient } from '../testing/test-engine';

const OWNER = { name: 'Olga Owner', email: 'olga@example.com', password: 'correct horse battery' };
const EDITOR = { name: 'Eddie Editor', email: 'eddie@example.com', password: 'staple paper clip' };
const VIEWER = { name: 'Vera Viewer', email: 'vera@example.com', password: 'look but touch not' };

/** A flow any member can publish: a manual trigger and one step. */
const GRAPH = {
  nodes: [
    { id: 'start', type: 'manual', config: {}, position: { x: 0, y: 0 } },
    { id: 'keep', type: 'flow.set', config: { values: { message: 'hello' } }, position: { x: 0, y: 160 } },
  ],
  edges: [{ id: 'e1', source: 'start', target: 'keep' }],
};

/**
 * Accounts, workspaces and roles as people use them in the editor: the owner made with the
 * setup link, an editor who joins from the e-mailed invitation in a tab of their own and
 * publishes, the audit log naming both, a viewer whose Publish is disabled (and refused by the
 * API), and a run link that lands on its run after signing in.
 */
describe.runIf(browserSuiteRuns('teams e2e'))('teams in the editor', () => {
  let session: EditorSession;
  let api: ApiClient;
  let page: Page;
  let flowId: string;
  let workspaceId: string;
  const contexts: BrowserContext[] = [];

  /** A fresh browser profile (no cookie, no storage): another person's tab. */
  const freshTab = async (): Promise<Page> => {
    const context = await session.browser.newContext({ viewport: { width: 1280, height: 800 } });
    contexts.push(context);
    const tab = await context.newPage();
    tab.setDefaultTimeout(15_000);
    return tab;
  };

  const signIn = async (tab: Page, who: { email: string; password: string }) => {
    await tab.getByLabel('E-mail').fill(who.email);
    await tab.getByLabel('Password').fill(who.password);
    await tab.getByRole('button', { name: 'Sign in', exact: true }).click();
  };

  beforeAll(async () => {
    session = await openEditorSession();
    ({ api, page } = session);
    const created = await api.post('/api/flows', { name: 'Reminder', graph: GRAPH });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    flowId = created.body.id;
  }, 90_000);

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => {});
    await session?.stop();
  });

  it('makes the owner with the setup link; an invited editor joins from the e-mail in a tab of their own and publishes; the audit log shows both', async () => {
    // The first start's setup link makes the owner of the first workspace.
    const setupUrl = session.engine.engine.setupUrl;
    expect(setupUrl).toMatch(/#\/setup\//);
    await page.goto(`${api.baseUrl}/#/setup/${linkToken(setupUrl!, 'setup')}`);
    await page.getByLabel('Your name').fill(OWNER.name);
    await page.getByLabel('E-mail').fill(OWNER.email);
    await page.getByLabel('Password').fill(OWNER.password);
    await page.getByRole('button', { name: "Create the owner's account" }).click();
    await expect.poll(() => page.getByTestId('workspace-role').textContent()).toBe('Owner');
    expect(await page.getByTestId('signed-in-as').textContent()).toBe(OWNER.name);

    // The owner invites an editor from the members page; the link is shown once and e-mailed.
    await page.getByRole('link', { name: 'Members' }).click();
    await page.locator('#invite-email').fill(EDITOR.email);
    await page.locator('#invite-role').selectOption('editor');
    await page.getByRole('button', { name: 'Invite', exact: true }).click();
    const shown = page.getByTestId('invite-link');
    await shown.waitFor();
    expect(await shown.textContent()).toMatch(/the link was e-mailed/);
    await expect.poll(() => page.getByTestId('member-row').count()).toBe(2);
    await screenshot(page, 'teams-01-invited');

    // Without SMTP the invitation is captured; the workspace's owner reads it.
    const owner = new Person(api.baseUrl);
    const me = await owner.signIn(OWNER.email, OWNER.password);
    workspaceId = me.workspace!.id;
    const mails = await owner.api.get('/api/emails');
    expect(mails.status).toBe(200);
    const invitation = mails.body.emails.find((mail) => mail.to.includes(EDITOR.email));
    expect(invitation?.subject).toMatch(/invited you/);
    const token = linkToken(invitation!.html, 'invite');
    expect(await shown.locator('code').textContent()).toContain(`#/invite/${token}`);

    // The editor opens it in a browser of their own, signs up and lands in the workspace.
    const editor = await freshTab();
    await editor.goto(`${api.baseUrl}/#/invite/${token}`);
    await editor.getByRole('heading', { name: /^Join / }).waitFor();
    expect(await editor.getByLabel('E-mail').inputValue()).toBe(EDITOR.email);
    await screenshot(editor, 'teams-00-invitation');
    await editor.getByLabel('Your name').fill(EDITOR.name);
    await editor.getByLabel('Password').fill(EDITOR.password);
    await editor.getByRole('button', { name: 'Create account and join' }).click();
    await expect.poll(() => editor.getByTestId('workspace-role').textContent({ timeout: 15_000 })).toBe('Editor');
    // An editor manages no keys, members or audit log: those entries are not offered.
    expect(await editor.getByRole('link', { name: 'API keys' }).count()).toBe(0);
    expect(await editor.getByRole('link', { name: 'Audit' }).count()).toBe(0);

    // The editor publishes the flow.
    await editor.goto(`${api.baseUrl}/#/flows/${flowId}`);
    await editor.getByTestId('publish-button').click();
    await editor.getByTestId('publish-confirm').click();
    await expect.poll(() => editor.getByTestId('flow-status').textContent()).toMatch(/published/i);

    // The owner's audit log names the invitation and the editor's publish.
    await page.goto(`${api.baseUrl}/#/audit`);
    const rows = page.locator('.audit-table tbody tr');
    await expect.poll(() => rows.count()).toBeGreaterThanOrEqual(2);
    const texts = await rows.allTextContents();
    expect(texts.some((row) => row.includes(OWNER.name) && row.includes('member.invite') && row.includes(EDITOR.email))).toBe(true);
    expect(texts.some((row) => row.includes(EDITOR.name) && row.includes('flow.publish'))).toBe(true);
    await screenshot(page, 'teams-02-audit');
  });

  it("lets a viewer look but not publish: the button is disabled and says why, and the API answers 403", async () => {
    const owner = new Person(api.baseUrl);
    await owner.signIn(OWNER.email, OWNER.password);
    const invited = await owner.api.post('/api/members', { email: VIEWER.email, role: 'viewer' });
    expect(invited.status).toBe(201);
    const viewer = new Person(api.baseUrl);
    await viewer.signUp(VIEWER.email, VIEWER.password, VIEWER.name, { invitation: linkToken(invited.body.inviteUrl, 'invite') });
    const refused = await viewer.api.request('POST', `/api/flows/${flowId}/publish`, {});
    expect(refused.status).toBe(403);

    // Opened signed out, the flow's link asks to sign in and then shows that flow.
    const tab = await freshTab();
    await tab.goto(`${api.baseUrl}/#/flows/${flowId}`);
    await signIn(tab, VIEWER);
    await tab.getByTestId('flow-page').waitFor();
    const publish = tab.getByTestId('publish-button');
    expect(await publish.isDisabled()).toBe(true);
    expect(await publish.getAttribute('title')).toBe("Viewers can't publish");
    expect(await tab.getByTestId('test-run-button').isDisabled()).toBe(true);
    expect(await tab.getByTestId('read-only-banner').textContent()).toMatch(/Viewers can't edit flows/);
    await screenshot(tab, 'teams-03-viewer');
  });

  it('lands a run link, opened in a signed-out tab, on that run after signing in; an old path link too', async () => {
    const tested = await api.post(`/api/flows/${flowId}/test`, {});
    expect(tested.status, JSON.stringify(tested.body)).toBe(202);
    const runId = tested.body.runId!;
    await api.waitForRun(runId);

    const tab = await freshTab();
    await tab.goto(`${api.baseUrl}/#/runs/${runId}?w=${workspaceId}`);
    await tab.getByRole('button', { name: 'Forgot your password?' }).waitFor();
    await screenshot(tab, 'teams-04-sign-in');
    await signIn(tab, EDITOR);
    await tab.waitForURL(`**/#/flows/${flowId}/runs/${runId}`);
    await tab.getByTestId('run-banner').waitFor();

    // A link written before hash routes (`/runs/<id>`, a path) lands there too.
    await tab.goto(`${api.baseUrl}/runs/${runId}`);
    await tab.waitForURL(`**/#/flows/${flowId}/runs/${runId}`);
    await tab.getByTestId('run-banner').waitFor();
  });

  it('moves the owner to a new workspace, and a run link of the first one back to it', async () => {
    await page.goto(`${api.baseUrl}/#/flows`);
    await page.getByTestId('workspace-switcher').click();
    await page.getByRole('menuitem', { name: 'New workspace…' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Second clinic');
    await page.getByRole('button', { name: 'Create workspace' }).click();
    await expect.poll(() => page.getByTestId('workspace-switcher').textContent({ timeout: 15_000 })).toMatch(/Second clinic/);
    await page.getByText('Build your first flow').waitFor();

    const tested = await api.post(`/api/flows/${flowId}/test`, {});
    const runId = tested.body.runId!;
    await page.goto(`${api.baseUrl}/#/runs/${runId}?w=${workspaceId}`);
    await page.waitForURL(`**/#/flows/${flowId}/runs/${runId}`);
    await page.getByTestId('run-banner').waitFor();
    expect(await page.getByTestId('workspace-switcher').textContent()).not.toMatch(/Second clinic/);
  });

  it('resets a forgotten password from the e-mailed link; a tab whose session that ended asks to sign in again and stays on its page', async () => {
    // A tab of the editor's, on the flow.
    const open = await freshTab();
    await open.goto(`${api.baseUrl}/#/flows/${flowId}`);
    await signIn(open, EDITOR);
    await open.getByTestId('flow-page').waitFor();

    // Single sign-on's failures come back to the sign-in page, which says what went wrong.
    const tab = await freshTab();
    await tab.goto(`${api.baseUrl}/#/sign-in?error=${encodeURIComponent('The provider refused the sign-in')}`);
    expect(await tab.getByRole('alert').textContent()).toBe('The provider refused the sign-in');

    await tab.getByRole('button', { name: 'Forgot your password?' }).click();
    await tab.getByLabel('E-mail').fill(EDITOR.email);
    await tab.getByRole('button', { name: 'Send the link' }).click();
    expect(await tab.getByTestId('reset-sent').textContent()).toMatch(/Check your e-mail/);

    // Without SMTP the first workspace's owner can read the captured mail.
    const owner = new Person(api.baseUrl);
    await owner.signIn(OWNER.email, OWNER.password);
    let html = '';
    await expect
      .poll(async () => {
        const mails = await owner.actIn(workspaceId).api.get('/api/emails');
        html = mails.body.emails.find((mail) => mail.to.includes(EDITOR.email) && /password/i.test(mail.subject))?.html ?? '';
        return html;
      })
      .toMatch(/#\/reset\//);

    const renewed = 'a brand new passphrase';
    await tab.goto(`${api.baseUrl}/#/reset/${linkToken(html, 'reset')}`);
    await tab.getByLabel('New password').fill(renewed);
    await tab.getByLabel('The same again').fill(renewed);
    await tab.getByRole('button', { name: 'Set the password and sign in' }).click();
    await expect.poll(() => tab.getByTestId('workspace-role').textContent({ timeout: 15_000 })).toBe('Editor');
    expect(tab.url()).toMatch(/#\/flows$/);

    // The new password ended every other session: the open tab's next heartbeat is refused, and
    // it asks to sign in over the flow, which it shows again once signed in.
    await open.getByRole('button', { name: 'Forgot your password?' }).waitFor({ timeout: 20_000 });
    expect(open.url()).toMatch(new RegExp(`#/flows/${flowId}$`));
    await signIn(open, { email: EDITOR.email, password: renewed });
    await open.getByTestId('flow-page').waitFor();
    expect(await open.getByTestId('publish-button').isDisabled()).toBe(false);
  });
});

/** A loopback port free now: with single sign-on the engine's PUBLIC_URL must be its real address (the redirect URI). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe.runIf(browserSuiteRuns('single sign-on e2e'))('single sign-on in the editor', () => {
  let engine: TestEngine;
  let provider: LocalOidcProvider;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    if (!editorBuilt()) throw new Error('The editor is not built: run `pnpm build` before the end-to-end tests');
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    provider = await LocalOidcProvider.start([`${base}/api/auth/oidc/callback`], { alice: { email: 'alice@example.com', email_verified: true, name: 'Alice Doe' } });
    engine = await TestEngine.start({
      env: { PORT: String(port), PUBLIC_URL: base, OIDC_ISSUER: provider.issuer, OIDC_CLIENT_ID: provider.clientId, OIDC_CLIENT_SECRET: provider.clientSecret, OIDC_NAME: 'Acme SSO' },
    });
    browser = await launchBrowser();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await engine?.stop();
    await provider?.stop();
  });

  it('signs in with the provider from the page a link opened, and comes back to it; a refusal shows on the sign-in page', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const tab = await context.newPage();
    tab.setDefaultTimeout(15_000);

    provider.nextLogin = { deny: 'The person said no' };
    await tab.goto(`${base}/#/members`);
    await tab.getByRole('link', { name: 'Sign in with Acme SSO' }).click();
    await tab.waitForURL(/#\/sign-in\?error=/);
    expect(await tab.getByRole('alert').textContent()).toBe('Acme SSO did not sign you in: The person said no');

    provider.nextLogin = { accountId: 'alice' };
    await tab.goto(`${base}/#/members`);
    await tab.getByRole('link', { name: 'Sign in with Acme SSO' }).click();
    await tab.waitForURL(`${base}/#/members`);
    await expect.poll(() => tab.getByTestId('signed-in-as').textContent()).toBe('Alice Doe');
    await expect.poll(() => tab.getByTestId('member-row').count()).toBe(1);
    expect(await tab.getByTestId('workspace-role').textContent()).toBe('Owner');
    await context.close();
  });
});
