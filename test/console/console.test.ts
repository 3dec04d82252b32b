// The web console in a real browser (Debian's Chromium through playwright-core) against a real
// `weft serve` on embedded PostgreSQL with the sample fabric: sign in with a token, create a VPC
// and see a bad CIDR refused inline, fix it, preview what changes on which switch, save, watch the
// VPC become Ready live when its switch's agent reports, a tenant that cannot see another
// tenant's VPC, a viewer that cannot write, a phone-width screen without sideways scrolling, and
// axe-core finding no serious or critical violation on any page. Screenshots of every page are
// kept in test-artifacts/console/.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { ROOT, spawnWeftServe } from '../../apps/api/test/support/weft-process.js';
import { artefactDirectory, CHROMIUM, horizontalOverflow, launchChromium, seriousViolations, type Browser } from './browser.js';

const ADMIN = 'wc-console-admin-token-0123456789';

interface Fixture {
  readonly base: string;
  readonly browser: Browser;
  readonly shots: string;
  readonly tokens: { readonly acme: string; readonly globex: string; readonly viewer: string };
}

async function api<T>(base: string, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${ADMIN}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  assert.ok(response.ok, `${method} ${path}: ${response.status} ${text}`);
  return JSON.parse(text) as T;
}

async function token(base: string, request: Record<string, string>): Promise<string> {
  return (await api<{ token: string }>(base, 'POST', '/api/v1/tokens', request)).token;
}

async function setUp(t: TestContext): Promise<Fixture> {
  const data = mkdtempSync(join(tmpdir(), 'wc-weft-data-'));
  t.after(() => {
    rmSync(data, { recursive: true, force: true });
  });
  const { base } = await spawnWeftServe(t, { WEFT_DATA: data, WEFT_ADMIN_TOKEN: ADMIN, LOG_LEVEL: 'warn' });
  const browser = await launchChromium();
  t.after(() => browser.close());
  const shots = artefactDirectory(ROOT);
  console.log(`console screenshots: ${shots}`);
  const tokens = {
    acme: await token(base, { name: 'acme-console', role: 'tenant', tenant: 'acme' }),
    globex: await token(base, { name: 'globex-console', role: 'tenant', tenant: 'globex' }),
    viewer: await token(base, { name: 'sre-console', role: 'viewer' }),
  };
  return { base, browser, shots, tokens };
}

/** Checks what a person would: axe finds nothing serious, and keeps a screenshot. */
async function checkPage(page: Page, fixture: Fixture, name: string): Promise<void> {
  const violations = await seriousViolations(page);
  assert.deepEqual(
    violations.map((v) => `${v.id} (${v.impact ?? ''}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
    [],
    `${name}: axe-core violations`,
  );
  await page.screenshot({ path: join(fixture.shots, `${name}.png`), fullPage: true });
}

/** A new tab (its own sessionStorage) signed in with `token`, by keyboard: the field, the token, Enter. */
async function signIn(fixture: Fixture, secret: string): Promise<Page> {
  const page = await fixture.browser.context.newPage();
  await page.goto(`${fixture.base}/`);
  const field = page.getByLabel('Access token');
  await field.focus();
  await page.keyboard.type(secret);
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'VPCs', level: 1 }).waitFor();
  assert.ok(!page.url().includes(secret), 'the token never appears in a URL');
  assert.equal(await page.evaluate(() => sessionStorage.getItem('weft.token')), secret, 'the token is kept in the tab');
  assert.equal(await page.evaluate(() => localStorage.length), 0, 'nothing in localStorage');
  return page;
}

/** The error text the field named `label` announces (its aria-describedby), once it is invalid. */
async function fieldError(page: Page, label: string): Promise<string> {
  const input = page.getByLabel(label, { exact: true });
  await input.and(page.locator('[aria-invalid="true"]')).waitFor();
  const described = (await input.getAttribute('aria-describedby')) ?? '';
  const texts = await Promise.all(described.split(' ').filter((id) => id !== '').map((id) => page.locator(`[id="${id}"]`).innerText()));
  return texts.join(' ');
}

test('the web console in Chromium', { skip: existsSync(CHROMIUM) ? false : `${CHROMIUM} is missing: scripts/test.sh installs Debian's chromium (as root)` }, async (t) => {
  const fixture = await setUp(t);
  const { base } = fixture;
  const admin = await signIn(fixture, ADMIN);

  await t.test('the sign-in page asks for an access token and refuses a wrong one on the field', async () => {
    const page = await fixture.browser.context.newPage();
    await page.goto(`${base}/vpcs`);
    await page.getByLabel('Access token').fill('weft_wrong');
    await page.getByRole('button', { name: 'Sign in' }).click();
    assert.match(await fieldError(page, 'Access token'), /This token is not valid/);
    await checkPage(page, fixture, '01-sign-in');
    await page.close();
  });

  await t.test('an architect creates a VPC: a bad CIDR is refused under its field, the fixed one previews and saves', async () => {
    const page = admin;
    await checkPage(page, fixture, '02-vpc-list');
    await page.getByRole('link', { name: 'New VPC' }).click();
    await page.getByLabel('Name', { exact: true }).fill('red');
    await page.getByLabel('Tenant', { exact: true }).fill('acme');
    await page.getByLabel('CIDR', { exact: true }).fill('10.77.0.0/33');
    await page.getByRole('button', { name: 'Preview changes' }).click();
    assert.match(await fieldError(page, 'CIDR'), /"10\.77\.0\.0\/33" is not valid: expected an IPv4 prefix/);
    await checkPage(page, fixture, '03-vpc-new-invalid');
    assert.ok(await page.getByRole('button', { name: 'Create VPC' }).isDisabled(), 'no save before a clean preview');
    await page.getByLabel('CIDR', { exact: true }).fill('10.77.0.0/24');
    await page.getByRole('button', { name: 'Preview changes' }).click();
    await page.getByText('No device changes.').waitFor();
    await page.getByRole('button', { name: 'Create VPC' }).click();
    await page.getByRole('heading', { name: 'VPC red' }).waitFor();
    await page.getByRole('status').filter({ hasText: 'Ready' }).first().waitFor();
    const stored = await api<{ spec: { tenant: string; subnets: Record<string, { cidr: string }> } }>(base, 'GET', '/api/v1/vpcs/red');
    assert.deepEqual(stored.spec, { tenant: 'acme', subnets: { web: { cidr: '10.77.0.0/24' } } });
  });

  await t.test('attaching a server shows which switch changes and how, then the VPC becomes Ready live when that switch reports', async () => {
    const page = admin;
    await page.getByRole('link', { name: 'Attach a server' }).click();
    await page.getByLabel('Name', { exact: true }).fill('server1-red-web');
    await page.getByRole('button', { name: /Subnet/ }).click();
    await page.getByRole('option', { name: 'red/web' }).click();
    await page.getByLabel('Connection', { exact: true }).fill('server1--leaf1');
    await page.getByRole('button', { name: 'Preview changes' }).click();
    await page.getByText('1 device changes: leaf1.').waitFor();
    const diff = await page.getByLabel('leaf1 config_db.json changes').innerText();
    assert.match(diff, /^\+ VLAN\|Vlan\d+/m, 'the per-device diff shows the new VLAN');
    await checkPage(page, fixture, '04-attachment-plan');
    await page.getByRole('button', { name: 'Attach', exact: true }).click();
    await page.getByRole('heading', { name: 'VPC red' }).waitFor();
    await page.getByRole('status').filter({ hasText: 'Applying' }).first().waitFor();
    await page.evaluate(() => {
      (globalThis as unknown as { notReloaded: boolean }).notReloaded = true;
    });
    // leaf1's agent reports that it applied its desired generation, as a real agent would
    const agent = await api<{ spec: { generation: number } }>(base, 'GET', '/api/v1/agents/leaf1');
    await api(base, 'PUT', '/api/v1/agents/leaf1/status', { appliedGeneration: agent.spec.generation, bgpNeighbors: [{ peer: 'Ethernet48', state: 'Established', remoteAs: 65100 }, { peer: 'Ethernet52', state: 'Active' }] });
    await page.getByRole('status').filter({ hasText: 'Ready' }).first().waitFor();
    assert.equal(await page.evaluate(() => (globalThis as unknown as { notReloaded?: boolean }).notReloaded), true, 'the change arrived without a reload');
    await checkPage(page, fixture, '05-vpc-detail-ready');
  });

  await t.test('fabric, switch, policy, audit and edit pages render for an architect and pass axe', async () => {
    const page = admin;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Fabric' }).click();
    await page.getByRole('heading', { name: 'Fabric', level: 1 }).waitFor();
    await page.getByRole('link', { name: /^leaf1, leaf, sonic: Failing/ }).waitFor();
    await checkPage(page, fixture, '06-fabric');
    await page.getByRole('link', { name: /^leaf1, leaf, sonic/ }).click();
    await page.getByRole('heading', { name: 'Switch leaf1' }).waitFor();
    await checkPage(page, fixture, '07-switch');
    await page.getByRole('tab', { name: 'BGP neighbours' }).click();
    assert.match(await page.getByRole('table', { name: 'BGP neighbours' }).innerText(), /Ethernet52\s+default\s+—\s+▲\s+Active/);
    await page.getByRole('tab', { name: 'Rendered files' }).click();
    await page.getByText('frr.conf').click();
    assert.match(await page.getByLabel('frr.conf', { exact: true }).innerText(), /router bgp/);
    await checkPage(page, fixture, '08-switch-files');
    await page.getByRole('link', { name: 'Policy' }).click();
    await page.getByRole('link', { name: 'globex/shop' }).waitFor();
    const rules = await page.getByRole('table', { name: 'Rules of default' }).innerText();
    assert.match(rules, /l2-only\s+label weft\.dev\/isolation=l2\s+evpn-l2vni\s+globex\/shop/);
    assert.match(rules, /default\s+no rule matched\s+evpn-l3vni\s+default\/blue, default\/green, default\/red/);
    await checkPage(page, fixture, '09-policy');
    await page.getByRole('link', { name: 'Audit log' }).click();
    await page.getByLabel('Object name').fill('server1-red-web');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    // the unfiltered entries stay on screen until the filtered page answers: wait for them to go
    const auditRows = page.getByRole('table', { name: 'Audit entries' }).locator('tbody tr');
    await auditRows.filter({ hasText: 'server1-red-web' }).first().waitFor();
    await auditRows.nth(1).waitFor({ state: 'detached' });
    assert.equal(await auditRows.count(), 1);
    assert.match(await auditRows.first().innerText(), /admin[\s\S]*server1-red-web/);
    await checkPage(page, fixture, '10-audit');
    await page.goto(`${base}/vpcs/default/red/edit`);
    await page.getByRole('heading', { name: 'Edit VPC red' }).waitFor();
    await checkPage(page, fixture, '11-vpc-edit');
  });

  await t.test('live over a WebSocket (graphql-ws) when the tab asks for it: a VPC created elsewhere shows without a reload', async () => {
    const page = await fixture.browser.context.newPage();
    await page.goto(`${base}/`);
    await page.evaluate(() => {
      sessionStorage.setItem('weft.subscriptions', 'ws');
    });
    const socket = page.waitForEvent('websocket', (ws) => new URL(ws.url()).pathname === '/graphql');
    await page.getByLabel('Access token').fill(ADMIN);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'VPCs', level: 1 }).waitFor();
    const ws = await socket;
    assert.equal(ws.isClosed(), false, 'the subscription socket is open');
    assert.ok(!ws.url().includes(ADMIN), 'the token is never in the socket URL');
    await page.getByTitle('Live updates').filter({ hasText: 'Live' }).waitFor();
    await api(base, 'POST', '/api/v1/vpcs', { metadata: { name: 'ws-live' }, spec: { tenant: 'acme', subnets: { web: { cidr: '10.78.0.0/24' } } } });
    await page.getByRole('table', { name: 'VPCs' }).getByRole('link', { name: 'ws-live' }).waitFor();
    await api(base, 'DELETE', '/api/v1/vpcs/ws-live');
    await page.close();
  });

  await t.test("a tenant sees its own VPCs, never another tenant's, and no fabric or policy", async () => {
    const page = await signIn(fixture, fixture.tokens.acme);
    const table = page.getByRole('table', { name: 'VPCs' });
    await table.getByRole('link', { name: 'red' }).waitFor();
    const names = await table.locator('tbody tr td:first-child a').allInnerTexts();
    assert.deepEqual(names.sort(), ['blue', 'green', 'red']);
    const nav = await page.getByRole('navigation', { name: 'Main' }).innerText();
    assert.doesNotMatch(nav, /Fabric|Policy/);
    await checkPage(page, fixture, '12-tenant-vpc-list');
    await page.goto(`${base}/vpcs/globex/shop`);
    await page.getByText('does not exist or this token cannot see it').waitFor();
    await page.close();
    const globex = await signIn(fixture, fixture.tokens.globex);
    await globex.getByRole('table', { name: 'VPCs' }).getByRole('link', { name: 'shop' }).waitFor();
    assert.deepEqual(await globex.getByRole('table', { name: 'VPCs' }).locator('tbody tr td:first-child a').allInnerTexts(), ['shop']);
    await globex.close();
  });

  await t.test('a viewer reads everything and cannot write: no create, edit or delete controls', async () => {
    const page = await signIn(fixture, fixture.tokens.viewer);
    await page.getByRole('table', { name: 'VPCs' }).getByRole('link', { name: 'red' }).click();
    await page.getByRole('heading', { name: 'VPC red' }).waitFor();
    for (const name of ['Edit VPC', 'Delete VPC', 'Attach a server', 'Peer with a VPC', 'Detach']) {
      assert.equal(await page.getByRole('button', { name }).or(page.getByRole('link', { name })).count(), 0, `${name} is hidden`);
    }
    await checkPage(page, fixture, '13-viewer-vpc-detail');
    await page.goto(`${base}/vpcs/new`);
    await page.getByRole('heading', { name: 'Not found' }).waitFor();
    await page.close();
  });

  await t.test('at 390 px (a phone) no page scrolls sideways', async () => {
    const page = admin;
    await page.setViewportSize({ width: 390, height: 844 });
    for (const [name, path, heading] of [
      ['14-phone-vpc-list', '/vpcs', 'VPCs'],
      ['15-phone-vpc-detail', '/vpcs/default/blue', 'VPC blue'],
      ['16-phone-vpc-new', '/vpcs/new', 'New VPC'],
      ['17-phone-fabric', '/fabric', 'Fabric'],
      ['18-phone-switch', '/switches/leaf1', 'Switch leaf1'],
      ['19-phone-audit', '/audit', 'Audit log'],
    ] as const) {
      await page.goto(`${base}${path}`);
      await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
      assert.equal(await horizontalOverflow(page), 0, `${path} scrolls sideways at 390 px`);
      await checkPage(page, fixture, name);
    }
  });
});
