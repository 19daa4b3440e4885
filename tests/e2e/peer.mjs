// A CouchDB peer for the tests: pouchdb-server (pinned in package.json, installed with
// scripts disabled) in memory, on a free port, in a directory of its own (it writes
// its config and log there), stopped by its process id.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const BIN = path.resolve(import.meta.dirname, '../node_modules/pouchdb-server/bin/pouchdb-server');

async function freePort() {
  const s = net.createServer();
  await new Promise(r => s.listen(0, '127.0.0.1', r));
  const { port } = s.address();
  await new Promise(r => s.close(r));
  return port;
}

/** A running peer with its server admin `admin` (password `secret`). */
export async function startPeer() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kehu-couch-'));
  const port = await freePort();
  const child = spawn(process.execPath, [BIN, '--in-memory', '--host', '127.0.0.1', '--port', String(port)],
    { cwd: dir, stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}/`;
  for (let i = 0; ; i++) {
    try { if ((await fetch(url)).ok) break; } catch { /* not listening yet */ }
    if (i > 100) throw new Error('pouchdb-server did not start');
    await new Promise(r => setTimeout(r, 100));
  }
  // Out of "admin party": the admin account the setup signs in with.
  await fetch(`${url}_config/admins/admin`, { method: 'PUT', body: JSON.stringify('secret') });
  // Staff stay signed in across browser restarts, as docs/sync.md sets CouchDB up.
  const admin = { authorization: 'Basic ' + Buffer.from('admin:secret').toString('base64') };
  for (const [key, value] of [['allow_persistent_cookies', 'true'], ['timeout', '2592000']]) {
    const put = await fetch(`${url}_config/couch_httpd_auth/${key}`, { method: 'PUT', headers: admin, body: JSON.stringify(value) });
    if (!put.ok) throw new Error(`pouchdb-server config ${key}: ${put.status}`);
  }
  return {
    url,
    adminUrl: (db) => `http://admin:secret@127.0.0.1:${port}/${db}`,
    stop() { child.kill(); fs.rmSync(dir, { recursive: true, force: true }); },
  };
}

/** Signs `device` in at the shop database behind its proxy, and waits for sync. */
export async function signIn(device, name, password, ms = 30000) {
  const { page, url } = device;
  await page.goto(`${url}#/sync`);
  await page.fill('#sync-server', '/couch/kehu');
  await page.fill('#sync-name', name);
  await page.fill('#sync-password', password);
  await page.click('#sync-sign-in');
  await page.waitForSelector('#sync-signed-in');
  await page.waitForSelector('#sync-status.sync-ok', { timeout: ms });
}

/** What the device holds: its customers, orders and conflicts set aside. */
export const held = (page) => page.evaluate(async () => {
  const db = await new Promise(r => { const q = indexedDB.open('kehu'); q.onsuccess = () => r(q.result); });
  const count = (s) => new Promise(r => { const q = db.transaction(s).objectStore(s).count(); q.onsuccess = () => r(q.result); });
  const chunks = await new Promise(r => { const q = db.transaction('order_chunks').objectStore('order_chunks').getAll(); q.onsuccess = () => r(q.result); });
  const out = {
    customers: await count('customers'),
    orders: chunks.reduce((n, c) => n + c.ids.length, 0),
    conflicts: await count('sync_conflicts'),
  };
  db.close();
  return out;
});
