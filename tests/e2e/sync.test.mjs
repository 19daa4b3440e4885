// Two devices (two browser profiles, each behind its own proxy to the shop's server)
// syncing through a real peer: pouchdb-server, set up as an admin would with
// couch-setup. A device is cut off for real by its proxy.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { open, createCustomer, loadDemo } from './harness.mjs';
import { startPeer, signIn, held } from './peer.mjs';
import { setup, users } from '../../couch/setup.mjs';

/** The customer's id, from the address of their page. */
const customerId = (page) => decodeURIComponent(new URL(page.url()).hash.split('/')[2]);

async function shop() {
  const peer = await startPeer();
  await setup(peer.adminUrl('kehu'), users([
    '--user', 'li:pw-li:staff', '--user', 'wang:pw-wang:staff', '--user', 'zhao:pw-zhao:viewer',
  ]));
  return peer;
}

test('two devices: a first sync brings what the other has, edits arrive live, and offline edits catch up', async () => {
  const peer = await shop();
  const [a, b] = [await open({ couch: peer.url }), await open({ couch: peer.url })];
  try {
    await createCustomer(a.page, a.url, { name: '王芳', fields: { '#f-fcity': '苏州' } });
    const id = customerId(a.page);
    await signIn(a, 'li', 'pw-li');
    // A wrong password is refused with a clear message, and nothing syncs.
    await b.page.goto(`${b.url}#/sync`);
    await b.page.fill('#sync-server', '/couch/kehu');
    await b.page.fill('#sync-name', 'wang');
    await b.page.fill('#sync-password', 'nope');
    await b.page.click('#sync-sign-in');
    await b.page.waitForSelector('#sync-answer');
    assert.match(await b.page.textContent('#sync-answer'), /用户名或密码不对/);
    await signIn(b, 'wang', 'pw-wang');

    // First sync: b has a's customer, under a key of its own.
    await b.page.goto(`${b.url}#/customers/${encodeURIComponent(id)}`);
    await b.page.waitForFunction(() => document.querySelector('#customer-name')?.textContent.includes('王芳'), null, { timeout: 30000 });

    // Live: an edit on a shows on b's open page.
    await a.page.goto(`${a.url}#/customers/${encodeURIComponent(id)}/edit`);
    await a.page.fill('#f-fname', '王芳芳');
    await a.page.click('#save-customer');
    await a.page.waitForSelector('#customer-name');
    const t0 = Date.now();
    await b.page.waitForFunction(() => document.querySelector('#customer-name')?.textContent.includes('王芳芳'), null, { timeout: 20000 });
    const live = Date.now() - t0;
    assert.ok(live < 10000, `arrived in ${live} ms`);

    // The shop's settings travel too: the currency chosen on a shows on b's open page;
    // the language stays each device's own.
    await a.page.goto(`${a.url}#/settings`);
    await a.page.selectOption('#lang-select', 'en');
    await a.page.selectOption('#settings-currency', 'USD');
    await b.page.waitForFunction(() => /\$0\.00/.test(document.querySelector('main')?.textContent || ''), null, { timeout: 20000 });
    assert.equal(await b.page.evaluate(() => localStorage.getItem('kehu.currency')), 'USD');
    assert.equal(await b.page.evaluate(() => document.documentElement.lang), 'zh-CN');
    await a.page.selectOption('#lang-select', 'zh-CN');

    // Offline: b cut off, a change there waits, and goes once b is back.
    b.site.cut(true);
    await createCustomer(b.page, b.url, { name: '赵敏' });
    const zhao = customerId(b.page);
    await b.page.waitForSelector('#sync-status.sync-offline', { timeout: 30000 });
    assert.match(await b.page.getAttribute('#sync-status', 'aria-label'), /1 项修改待同步/);
    assert.equal(await b.page.textContent('#sync-status .sync-text'), '离线 · 1');
    b.site.cut(false);
    await b.page.goto(`${b.url}#/settings`);
    await b.page.click('#sync-now');
    await b.page.waitForSelector('#sync-status.sync-ok', { timeout: 30000 });
    await a.page.goto(`${a.url}#/customers/${encodeURIComponent(zhao)}`);
    await a.page.waitForFunction(() => document.querySelector('#customer-name')?.textContent.includes('赵敏'), null, { timeout: 20000 });

    // In English, at laptop widths, the indicator leaves the language switch in view.
    await b.page.selectOption('#lang-select', 'en');
    for (const width of [1181, 1280, 1440]) {
      await b.page.setViewportSize({ width, height: 800 });
      const right = await b.page.$eval('#lang-select', e => e.getBoundingClientRect().right);
      assert.ok(right <= width, `${width} px: the language switch ends at ${right}`);
    }
    await b.page.selectOption('#lang-select', 'zh-CN');

    // The settings show the server, the user and the state; signing out stops sync.
    assert.equal(await b.page.textContent('#sync-server-shown'), '/couch/kehu');
    await b.page.waitForFunction(() => document.querySelector('#sync-user-shown')?.textContent === 'wang');
    await b.page.goto(`${b.url}#/sync`);
    await b.page.click('#sync-sign-out');
    await b.page.waitForSelector('#sync-form');
    await b.page.waitForFunction(() => !document.querySelector('#sync-status'));
  } finally {
    await a.close();
    await b.close();
    peer.stop();
  }
});

/** Sets the city on the customer's edit form and saves. */
async function setCity(device, id, city) {
  await device.page.goto(`${device.url}#/customers/${encodeURIComponent(id)}/edit`);
  await device.page.fill('#f-fcity', city);
  await device.page.click('#save-customer');
  await device.page.waitForSelector('#customer-name');
}

/** The city on the customer's page, once the page shows the customer. */
async function cityOn(device, id) {
  await device.page.goto(`${device.url}#/customers/${encodeURIComponent(id)}/edit`);
  await device.page.waitForSelector('#f-fcity');
  return device.page.inputValue('#f-fcity');
}

/** How many hold and how many wait for the sync lock, seen from `page`. */
const syncLock = (page) => page.evaluate(async () => {
  const q = await navigator.locks.query();
  const named = (ls) => ls.filter(l => l.name === 'kehu-sync').length;
  return [named(q.held), named(q.pending)];
});

test('one tab of a device syncs and the others follow it; when it closes, another takes over', async () => {
  const peer = await shop();
  const [a, b] = [await open({ couch: peer.url }), await open({ couch: peer.url })];
  try {
    await signIn(a, 'li', 'pw-li');
    await signIn(b, 'wang', 'pw-wang');
    const second = await a.ctx.newPage();
    await second.goto(`${a.url}#/customers`);
    await second.waitForSelector('main .page');
    assert.deepEqual(await syncLock(second), [1, 1], 'one tab syncs, the other waits');
    // What b writes reaches the tab that does not sync, through the one that does.
    const shows = (name) => second.waitForFunction(
      (n) => document.querySelector('main')?.textContent.includes(n), name, { timeout: 30000 });
    await createCustomer(b.page, b.url, { name: '跨标签一' });
    await shows('跨标签一');
    // The syncing tab closes: the other takes the lock and syncs on its own.
    await a.page.close();
    for (const end = Date.now() + 10000; Date.now() < end; await new Promise(r => setTimeout(r, 100))) {
      if ((await syncLock(second))[1] === 0) break;
    }
    assert.deepEqual(await syncLock(second), [1, 0]);
    await createCustomer(b.page, b.url, { name: '跨标签二' });
    await shows('跨标签二');
  } finally {
    await a.close();
    await b.close();
    peer.stop();
  }
});

test('offline edits of one field on two devices: both keep one value, every device asks someone to pick, and the pick wins everywhere', async () => {
  const peer = await shop();
  const [a, b] = [await open({ couch: peer.url }), await open({ couch: peer.url })];
  try {
    await createCustomer(a.page, a.url, { name: '王芳', fields: { '#f-fcity': '上海' } });
    const id = customerId(a.page);
    await signIn(a, 'li', 'pw-li');
    await signIn(b, 'wang', 'pw-wang');
    await b.page.goto(`${b.url}#/customers/${encodeURIComponent(id)}`);
    await b.page.waitForFunction(() => document.querySelector('#customer-name')?.textContent.includes('王芳'), null, { timeout: 30000 });

    // Both offline, the same field changed two ways.
    a.site.cut(true);
    b.site.cut(true);
    await setCity(a, id, '苏州');
    await setCity(b, id, '杭州');
    await a.page.waitForSelector('#sync-status.sync-offline', { timeout: 30000 });
    await b.page.waitForSelector('#sync-status.sync-offline', { timeout: 30000 });
    a.site.cut(false);
    b.site.cut(false);
    for (const d of [a, b]) {
      await d.page.goto(`${d.url}#/settings`);
      await d.page.click('#sync-now');
    }
    // Every device says so on every page, and agrees on the value kept meanwhile.
    for (const d of [a, b]) {
      await d.page.goto(`${d.url}#/customers`);
      await d.page.waitForSelector('#conflict-banner', { timeout: 30000 });
      assert.match(await d.page.textContent('#conflict-banner'), /1 条记录在两台设备上被改得不一样/);
    }
    const kept = await cityOn(a, id);
    assert.ok(['苏州', '杭州'].includes(kept), kept);
    assert.equal(await cityOn(b, id), kept);
    const other = kept === '苏州' ? '杭州' : '苏州';

    // On a, someone picks the value that lost: it is the city everywhere, and no
    // device asks any more.
    await a.page.click('#conflict-review');
    await a.page.waitForSelector('#sync-conflicts');
    assert.match(await a.page.textContent('#sync-conflicts .conflict-label'), /城市/);
    await a.page.click(`#sync-conflicts .conflict-other:has-text("${other}")`);
    await a.page.waitForSelector('#sync-conflicts', { state: 'detached' });
    await a.page.waitForSelector('#conflict-banner', { state: 'detached' });
    assert.equal(await cityOn(a, id), other);
    await b.page.goto(`${b.url}#/customers`);
    await b.page.waitForSelector('#conflict-banner', { state: 'detached', timeout: 30000 });
    assert.equal(await cityOn(b, id), other);
  } finally {
    await a.close();
    await b.close();
    peer.stop();
  }
});

/** Admin requests to the peer's shop database. */
const asAdmin = { authorization: 'Basic ' + Buffer.from('admin:secret').toString('base64'), 'content-type': 'application/json' };

test('conflict branches another replicator left on the server are merged on a device: each branch\'s own change kept, the value that lost offered, the branch deleted', async () => {
  const peer = await shop();
  const a = await open({ couch: peer.url });
  try {
    await createCustomer(a.page, a.url, { name: '王芳', fields: { '#f-fcity': '上海' } });
    const id = customerId(a.page);
    await signIn(a, 'li', 'pw-li');
    const at = `${peer.url}kehu/${encodeURIComponent(`customers:${id}`)}`;
    const first = await (await fetch(`${at}?revs=true`, { headers: asAdmin })).json();
    assert.ok(first._rev, JSON.stringify(first));
    // Two branches of it, as a second server replicating into this one leaves them:
    // each changes a field of its own, and both the city.
    const gen = first._revisions.start + 1;
    const branch = (hash, n, edit) => ({
      ...first, ...edit,
      _rev: `${gen}-${hash}`,
      _revisions: { start: gen, ids: [hash, ...first._revisions.ids] },
      kehu: { n, by: 'elsewhere', author: 'wang' },
    });
    // pouchdb-server's validation overwrites a replicated revision's history with the
    // stored document's, so the branches would be dropped: they are written while the
    // validation is away, and it is installed again after.
    const design = await (await fetch(`${peer.url}kehu/_design/kehu`, { headers: asAdmin })).json();
    await fetch(`${peer.url}kehu/_design/kehu?rev=${design._rev}`, { method: 'DELETE', headers: asAdmin });
    const put = await fetch(`${peer.url}kehu/_bulk_docs`, {
      method: 'POST', headers: asAdmin, body: JSON.stringify({
        new_edits: false, docs: [
          branch('a'.repeat(32), 1000, { city: '苏州', notes: '只在周末来' }),
          branch('b'.repeat(32), 1001, { city: '杭州', phone: '13800000001' }),
        ],
      }),
    });
    assert.ok(put.ok, await put.text());
    await setup(peer.adminUrl('kehu'));
    // The device merges them, asks someone to pick the city, and pushes the merge.
    await a.page.goto(`${a.url}#/customers`);
    await a.page.waitForSelector('#conflict-banner', { timeout: 30000 });
    assert.equal(await cityOn(a, id), '杭州');
    let now;
    for (const end = Date.now() + 30000; Date.now() < end; await new Promise(r => setTimeout(r, 250))) {
      now = await (await fetch(`${at}?conflicts=true`, { headers: asAdmin })).json();
      if (!now._conflicts && now.notes) break;
    }
    assert.equal(now._conflicts, undefined, 'the branch that lost is deleted');
    assert.deepEqual([now.city, now.notes, now.phone], ['杭州', '只在周末来', '13800000001']);
    assert.equal(now.kehu.author, 'li');
    assert.deepEqual(now.kehu.conflicts.map(c => [c.field, c.other]), [['city', '苏州']]);
    await a.page.click('#conflict-review');
    await a.page.click('#sync-conflicts .conflict-other:has-text("苏州")');
    await a.page.waitForSelector('#conflict-banner', { state: 'detached' });
    assert.equal(await cityOn(a, id), '苏州');
  } finally {
    await a.close();
    peer.stop();
  }
});

test('the shop\'s currency chosen two ways offline: one kept everywhere, the other offered, and the pick is every device\'s', async () => {
  const peer = await shop();
  const [a, b] = [await open({ couch: peer.url }), await open({ couch: peer.url })];
  const currency = async (d) => {
    await d.page.goto(`${d.url}#/settings`);
    return d.page.inputValue('#settings-currency');
  };
  try {
    await signIn(a, 'li', 'pw-li');
    await signIn(b, 'wang', 'pw-wang');
    a.site.cut(true);
    b.site.cut(true);
    for (const [d, c] of [[a, 'USD'], [b, 'EUR']]) {
      await d.page.goto(`${d.url}#/settings`);
      await d.page.selectOption('#settings-currency', c);
      await d.page.waitForSelector('#sync-status.sync-offline', { timeout: 30000 });
    }
    a.site.cut(false);
    b.site.cut(false);
    for (const d of [a, b]) await d.page.click('#sync-now');
    for (const d of [a, b]) {
      await d.page.waitForSelector('#conflict-banner', { timeout: 30000 });
      await d.page.waitForSelector('#sync-status.sync-ok', { timeout: 30000 });
    }
    const kept = await currency(a);
    assert.ok(['USD', 'EUR'].includes(kept), kept);
    await b.page.waitForFunction((c) => document.querySelector('#settings-currency')?.value === c, kept, { timeout: 30000 });
    const other = kept === 'USD' ? 'EUR' : 'USD';

    await a.page.click('#conflict-review');
    await a.page.waitForSelector('#sync-conflicts');
    assert.match(await a.page.textContent('#sync-conflicts .conflict-label'), /货币/);
    await a.page.click(`#sync-conflicts .conflict-other:has-text("${other}")`);
    await a.page.waitForSelector('#sync-conflicts', { state: 'detached' });
    assert.equal(await currency(a), other);
    await b.page.goto(`${b.url}#/settings`);
    await b.page.waitForSelector('#conflict-banner', { state: 'detached', timeout: 30000 });
    await b.page.waitForFunction((c) => document.querySelector('#settings-currency')?.value === c, other, { timeout: 30000 });
    // Requests cut off by the proxy are the browser's to report, not the app's errors.
    assert.deepEqual([...a.errors, ...b.errors].filter(e => !/net::ERR_/.test(e)), []);
  } finally {
    await a.close();
    await b.close();
    peer.stop();
  }
});

test('a viewer reads the shop but the server refuses their changes, and says why until they have read it', async () => {
  const peer = await shop();
  const [a, v] = [await open({ couch: peer.url }), await open({ couch: peer.url })];
  try {
    await createCustomer(a.page, a.url, { name: '王芳' });
    const id = customerId(a.page);
    await signIn(a, 'li', 'pw-li');
    await signIn(v, 'zhao', 'pw-zhao');
    await v.page.goto(`${v.url}#/customers/${encodeURIComponent(id)}`);
    await v.page.waitForFunction(() => document.querySelector('#customer-name')?.textContent.includes('王芳'), null, { timeout: 30000 });

    await createCustomer(v.page, v.url, { name: '只读的客户' });
    await v.page.waitForSelector('#sync-status.sync-failed', { timeout: 30000 });
    assert.match(await v.page.getAttribute('#sync-status', 'aria-label'), /这个账户只能查看，不能修改/);
    await v.page.goto(`${v.url}#/sync`);
    await v.page.waitForSelector('#sync-refused li');
    assert.match(await v.page.textContent('#sync-refused li'), /客户 .* · 这个账户只能查看/);
    await v.page.click('#sync-refused-dismiss');
    await v.page.waitForSelector('#sync-refused', { state: 'detached' });
    await v.page.goto(`${v.url}#/settings`);
    await v.page.click('#sync-now');
    await v.page.waitForSelector('#sync-status.sync-ok', { timeout: 30000 });
    // Nothing of the viewer's reached the server.
    const all = await (await fetch(`${peer.adminUrl('kehu')}/_all_docs`.replace('//admin:secret@', '//'), {
      headers: asAdmin,
    })).json();
    assert.deepEqual(all.rows.map(r => r.id).filter(i => i.startsWith('customers:')), [`customers:${id}`]);
  } finally {
    await a.close();
    await v.close();
    peer.stop();
  }
});

test('the login decides who uses a device, and only an admin replaces or erases the shop\'s data there', async () => {
  const peer = await startPeer();
  await setup(peer.adminUrl('kehu'), users(['--user', 'li:pw-li:staff', '--user', 'boss:pw-boss:admin']));
  const a = await open({ couch: peer.url });
  const { page, url } = a;
  try {
    // Each member of staff names the user they sign in as; a name the server cannot
    // have, and one someone else has, are refused on the field.
    await page.goto(`${url}#/staff`);
    await page.click('#add-staff');
    await page.fill('#staff-name', '李明');
    await page.fill('#staff-user', '_li');
    await page.click('#staff-save');
    assert.match(await page.textContent('#staff-user-err'), /不能以 _ 开头/);
    await page.fill('#staff-user', 'li');
    await page.click('#staff-save');
    await page.waitForSelector('#staff-table th:text-is("李明")');
    await page.click('#add-staff');
    await page.fill('#staff-name', '王强');
    await page.fill('#staff-user', 'li');
    await page.click('#staff-save');
    await page.waitForSelector('#staff-user-err');
    assert.equal(await page.textContent('#staff-user-err'), '已被其他记录使用');
    await page.fill('#staff-user', 'boss');
    await page.click('#staff-save');
    await page.waitForSelector('#staff-table th:text-is("王强")');
    await page.waitForSelector('#me-select');
    await page.goto(`${url}#/settings`);
    const [d] = await Promise.all([page.waitForEvent('download'), page.click('#backup-download')]);
    const backup = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kehu-')), d.suggestedFilename());
    await d.saveAs(backup);

    // Signed in as li: li is this device's user, and the shop's data cannot be
    // replaced or erased from here.
    await signIn(a, 'li', 'pw-li');
    await page.goto(`${url}#/staff`);
    await page.waitForSelector('#me-signed-in');
    assert.equal(await page.textContent('#me-signed-in'), '以 li 登录：“我的”视图显示 李明 的记录。');
    assert.equal(await page.$('#me-select'), null, 'no choice left to make');
    await page.goto(`${url}#/settings`);
    await page.waitForSelector('#erase-admin-only');
    assert.ok(await page.isDisabled('#erase-all'));
    await page.setInputFiles('#restore-file', backup);
    await page.waitForSelector('#restore-admin-only');
    assert.ok(await page.isDisabled('#restore-replace'));
    assert.ok(await page.isChecked('#restore-merge'));

    // Signed in as the admin: both open again, and say what they do to the shop.
    await page.goto(`${url}#/sync`);
    await page.click('#sync-sign-out');
    await page.waitForSelector('#sync-form');
    await signIn(a, 'boss', 'pw-boss');
    await page.goto(`${url}#/staff`);
    await page.waitForFunction(() => document.querySelector('#me-signed-in')?.textContent.includes('王强'));
    await page.selectOption('#lang-select', 'en');
    await page.goto(`${url}#/settings`);
    await page.waitForSelector('#erase-syncing');
    assert.ok(!(await page.isDisabled('#erase-all')));
    await page.setInputFiles('#restore-file', backup);
    await page.waitForSelector('#restore-syncing');
    assert.ok(!(await page.isDisabled('#restore-replace')));
    assert.ok(await page.isChecked('#restore-replace'));
    assert.deepEqual(a.errors.filter(e => !/net::ERR_|401/.test(e)), []);
  } finally {
    await a.close();
    peer.stop();
  }
});

/** Waits until what `device` holds passes `ok`; returns it. */
async function until(device, ok, ms = 30000) {
  const end = Date.now() + ms;
  for (;;) {
    const now = await held(device.page);
    if (ok(now)) return now;
    if (Date.now() > end) throw new Error(`still ${JSON.stringify(now)}`);
    await new Promise(r => setTimeout(r, 250));
  }
}

/** What `device` asked the server after request `from` of its log, once it waits for the
 * next change again after a pull (at most 30 s). */
async function echoed(device, from) {
  const end = Date.now() + 30000;
  for (;;) {
    const after = device.site.log.slice(from + 1);
    const listed = after.findIndex(r => r.startsWith('GET /kehu/_changes?style=all_docs&limit='));
    if (listed >= 0 && after.slice(listed).some(r => r.includes('feed=longpoll'))) return after;
    if (Date.now() > end) throw new Error(`no pull after the push: ${after.join('\n')}`);
    await new Promise(r => setTimeout(r, 100));
  }
}

/** The ids of the shop's documents on the server. */
async function serverIds(peer) {
  const all = await (await fetch(`${peer.url}kehu/_all_docs`, {
    headers: asAdmin,
  })).json();
  return all.rows.map(r => r.id);
}

test('a signed-in device boots offline from its cache, stays signed in, and pushes what was done offline once back online', async () => {
  const peer = await shop();
  const a = await open({ couch: peer.url });
  try {
    await signIn(a, 'li', 'pw-li');
    await a.page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 60000 });
    // No network at all: the app's files come from the service worker's cache.
    await a.ctx.setOffline(true);
    await a.page.reload();
    await a.page.waitForSelector('#sync-status.sync-offline', { timeout: 30000 });
    await createCustomer(a.page, a.url, { name: '离线新客' });
    const id = customerId(a.page);
    await a.page.waitForFunction(() => document.querySelector('#sync-status .sync-text')?.textContent === '离线 · 1', null, { timeout: 30000 });
    // Offline, the device still says who is signed in (as the server last said).
    await a.page.goto(`${a.url}#/sync`);
    assert.equal(await a.page.textContent('#sync-user'), 'li');
    await a.page.goto(`${a.url}#/settings`);
    await a.page.waitForFunction(() => document.querySelector('#sync-user-shown')?.textContent === 'li');
    // Back online, the device catches up by itself: no sign-in, no "sync now".
    await a.ctx.setOffline(false);
    await a.page.waitForSelector('#sync-status.sync-ok', { timeout: 60000 });
    assert.ok((await serverIds(peer)).includes(`customers:${id}`));
    assert.deepEqual(a.errors.filter(e => !/Failed to fetch|ERR_INTERNET_DISCONNECTED|net::/.test(e)), []);
  } finally {
    await a.close();
    peer.stop();
  }
});

test('a sync worker whose script does not load says so in the status, in the user\'s language, instead of syncing for ever', async () => {
  const peer = await shop();
  const a = await open({ couch: peer.url });
  try {
    await signIn(a, 'li', 'pw-li');
    // The worker's script gone (a half-finished deploy): not from the network, nor
    // from the service worker's cache.
    await a.page.evaluate(async () => {
      for (const r of await navigator.serviceWorker.getRegistrations()) await r.unregister();
      for (const k of await caches.keys()) await caches.delete(k);
    });
    await a.ctx.route('**/analytics-worker.js', r => r.fulfill({ status: 404, body: 'not found' }));
    await a.page.reload();
    await a.page.waitForSelector('#sync-status.sync-failed', { timeout: 30000 });
    assert.equal(await a.page.getAttribute('#sync-status', 'aria-label'), '同步出错：同步进程意外停止');
    await a.page.selectOption('#lang-select', 'en');
    await a.page.waitForFunction(() => document.querySelector('#sync-status')?.getAttribute('aria-label') === 'Sync failed: sync stopped unexpectedly');
    assert.deepEqual(a.errors.filter(e => !/404|Failed to load resource/.test(e)), []);
  } finally {
    await a.close();
    peer.stop();
  }
});

test('an import on one device arrives on the other as one batch of orders, and taking it back takes it there too', async () => {
  const peer = await shop();
  const [a, b] = [await open({ couch: peer.url }), await open({ couch: peer.url })];
  try {
    await signIn(a, 'li', 'pw-li');
    await signIn(b, 'wang', 'pw-wang');
    await a.page.goto(`${a.url}#/import?kind=orders`);
    await a.page.setInputFiles('#import-file', { name: 'orders.csv', mimeType: 'text/csv', buffer: Buffer.from(
      '订单号,客户,手机,下单日期,金额\r\nB1,张伟,13800000001,2026-01-05,100\r\nB2,李娜,13800000002,2026-01-06,200\r\n' +
      'B3,张伟,13800000001,2026-01-07,300\r\nB4,王强,,2026-01-08,50.5\r\n') });
    await a.page.waitForSelector('#import-preview');
    await a.page.click('#import-check');
    await a.page.waitForSelector('#import-plan');
    await a.page.click('#import-run');
    await a.page.waitForSelector('#import-done');

    const there = await until(b, h => h.orders === 4);
    assert.equal(there.customers, 3);
    // a's own writes come back in its feed: listed, known, and none of them fetched.
    const pushed = a.site.log.findLastIndex(r => r.startsWith('POST /kehu/_bulk_docs'));
    const echo = await echoed(a, pushed);
    assert.ok(echo.some(r => r.startsWith('GET /kehu/_changes?style=all_docs&limit=')), echo.join('\n'));
    assert.deepEqual(echo.filter(r => r.includes('include_docs') || r.includes('_bulk_get')), []);
    assert.equal((await serverIds(peer)).filter(i => i.startsWith('order_batches:')).length, 1);
    await b.page.goto(`${b.url}#/customers`);
    await b.page.fill('#customer-search', '张伟');
    await b.page.waitForFunction(() => document.querySelectorAll('#customer-table tbody tr').length === 1);
    await b.page.click('#customer-table tbody .col-name a');
    await b.page.waitForSelector('#timeline');
    await b.page.waitForFunction(() => document.querySelectorAll('#timeline .tl-order').length === 2);

    // Taken back on a: gone from b too, and from the server.
    await a.page.goto(`${a.url}#/imports`);
    await a.page.click('.import-job .rollback');
    await a.page.click('dialog[open] .btn-danger');
    await a.page.waitForSelector('.import-job[data-status="RolledBack"]', { timeout: 60000 });
    await until(b, h => h.orders === 0 && h.customers === 0);
    assert.deepEqual((await serverIds(peer)).filter(i => !i.startsWith('_design/')), []);
  } finally {
    await a.close();
    await b.close();
    peer.stop();
  }
});

test('a tab closed in the middle of a first pull resumes after the last page it wrote, still signed in', async () => {
  const peer = await shop();
  const [a, b] = [await open({ couch: peer.url }), await open({ couch: peer.url })];
  try {
    await loadDemo(a.page);
    await a.page.goto(`${a.url}#/sync`);
    await a.page.fill('#sync-server', '/couch/kehu');
    await a.page.fill('#sync-name', 'li');
    await a.page.fill('#sync-password', 'pw-li');
    await a.page.click('#sync-sign-in');
    await a.page.waitForSelector('#sync-status.sync-ok', { timeout: 180000 });

    // b signs in, and its tab closes once the first page is written.
    await b.page.goto(`${b.url}#/sync`);
    await b.page.fill('#sync-server', '/couch/kehu');
    await b.page.fill('#sync-name', 'wang');
    await b.page.fill('#sync-password', 'pw-wang');
    await b.page.click('#sync-sign-in');
    await b.page.waitForFunction(() => /同步中 [1-9]/.test(document.querySelector('#sync-status')?.textContent || ''), null, { timeout: 60000 });
    await b.page.close();
    const closedAt = b.site.log.length;

    const again = await b.ctx.newPage();
    await again.goto(b.url);
    await again.waitForSelector('#sync-status.sync-ok', { timeout: 180000 });
    const pulls = b.site.log.slice(closedAt).filter(r => r.startsWith('GET /kehu/_changes?style=all_docs&limit=1000'));
    assert.match(pulls[0], /since=[1-9]/, 'the reopened tab went on from its checkpoint, not from the start');
    assert.ok(!b.site.log.slice(closedAt).includes('POST /_session'), 'no new sign-in was needed');
    const [here, there] = [await held(again), await held(a.page)];
    assert.equal(here.customers, there.customers, 'every customer arrived once');
    assert.equal(here.orders, there.orders, 'every order arrived once, in the batches the demo made');
    // The renewal tasks b's care rules made while the contracts arrived ahead of a's
    // tasks are the same records: nothing to pick between.
    assert.equal(here.conflicts, 0);
  } finally {
    await a.close();
    await b.close();
    peer.stop();
  }
});
