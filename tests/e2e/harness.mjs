// Test harness: serves the built site (KEHU_DIST) from a throwaway static server and
// drives it in headless Chromium with a fresh profile, so every test starts with an
// empty IndexedDB.
import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

export const DIST = process.env.KEHU_DIST || path.resolve(import.meta.dirname, '../../dist');
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css', '.svg': 'image/svg+xml',
  '.png': 'image/png', '.webmanifest': 'application/manifest+json' };

/** Serves `dir` (DIST unless given) under `prefix` (e.g. "/kehu/") as a static host
 *  would: files only, no rewrites. With `couch` (a CouchDB server's address), requests
 *  under /couch/ go to it, as the deploy guide's same-origin proxy does; `cut(true)`
 *  then cuts this device off from it (requests fail as with no network); `log` lists
 *  the requests forwarded (`METHOD path?query`). */
export async function serve(prefix = '/', dir = DIST, couch = null) {
  let cut = false;
  const log = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    if (couch && url.pathname.startsWith('/couch/')) {
      if (cut) return req.socket.destroy();
      log.push(`${req.method} ${url.pathname.slice('/couch'.length)}${url.search}`);
      const to = new URL(req.url.slice('/couch/'.length), couch);
      const ask = http.request(to, { method: req.method, headers: { ...req.headers, host: to.host } }, answer => {
        res.writeHead(answer.statusCode, answer.headers);
        answer.pipe(res);
      });
      ask.on('error', () => req.socket.destroy());
      // A long poll held open when the device is cut off ends with it.
      res.on('close', () => ask.destroy());
      return req.pipe(ask);
    }
    if (!url.pathname.startsWith(prefix)) { res.writeHead(404); return res.end('not found'); }
    let rel = decodeURIComponent(url.pathname.slice(prefix.length)) || 'index.html';
    const file = path.join(dir, rel);
    if (!file.startsWith(dir) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) { res.writeHead(404); return res.end('not found'); }
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] || 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
  });
  await new Promise(r => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${server.address().port}${prefix}`,
    log,
    cut(on) { cut = on; if (on) server.closeAllConnections(); },
    close: () => { server.closeAllConnections(); server.close(); },
  };
}

// KEHU_DEBUG_PORT: a DevTools port too (its number in the profile's DevToolsActivePort),
// for profiling the workers, which Playwright's own session does not reach.
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', ...(process.env.KEHU_DEBUG_PORT ? ['--remote-debugging-port=0'] : [])];

/** A browser with an empty profile, the site (DIST, or `dir`) served, and a page open on it. */
export async function open({ locale = 'zh-CN', prefix = '/', init = null, ready = 'main .welcome, main .page', dir = DIST, couch = null } = {}) {
  const site = await serve(prefix, dir, couch);
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'kehu-e2e-'));
  const ctx = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true, args: ARGS,
    locale, viewport: { width: 1280, height: 860 },
    // A zone with daylight saving, far from UTC, so local dates and times are really
    // converted (a suite run in UTC would pass with the offset forgotten).
    timezoneId: process.env.KEHU_TZ || 'America/New_York',
  });
  const errors = [];
  // Every test runs against the built page's Content-Security-Policy (`cargo xtask
  // dist` writes it): anything it blocks is reported here and fails the test at close.
  const violations = [];
  const watch = (page) => {
    page.on('pageerror', e => errors.push(e.message));
    page.on('console', m => {
      if (m.type() !== 'error') return;
      errors.push(m.text());
      if (m.text().startsWith('CSP violation')) violations.push(m.text());
    });
  };
  ctx.on('page', watch);
  await ctx.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', e => console.error(
      `CSP violation: ${e.violatedDirective} blocked ${e.blockedURI} ${e.sample || ''}`));
  });
  if (init) await ctx.addInitScript(init);
  const page = ctx.pages()[0] || await ctx.newPage();
  watch(page);
  await page.goto(site.url);
  await page.waitForSelector(ready, { timeout: 30000 });
  return {
    ctx, page, url: site.url, errors, violations, site,
    async close() {
      await ctx.close();
      site.close();
      fs.rmSync(profile, { recursive: true, force: true });
      if (violations.length) throw new Error(`Content-Security-Policy violations:\n${violations.join('\n')}`);
    },
  };
}

export async function loadDemo(page) {
  await page.click('#load-demo');
  await page.waitForSelector('#stats', { timeout: 60000 });
  // The demo's care rules are on: their tasks are written a moment after the demo.
  await page.waitForSelector('html[data-care="idle"]', { state: 'attached', timeout: 60000 });
}

/** Fills the new-customer form's name (and optional extra fields: a select by the
 *  label of its option) and saves. */
export async function createCustomer(page, url, { name, kind = 'person', fields = {} }) {
  await page.goto(`${url}#/customers/new?kind=${kind}`);
  await page.fill('#f-fname', name);
  for (const [sel, value] of Object.entries(fields)) {
    if (await page.$eval(sel, e => e.tagName) === 'SELECT') await page.selectOption(sel, { label: value });
    else await page.fill(sel, value);
  }
  await page.click('#save-customer');
  await page.waitForSelector('#customer-name');
}

/**
 * Main-thread tasks of `over` ms or more from now on (a function that returns their
 * durations). The 50 ms target itself is a performance figure, measured by `cargo xtask
 * bench` (import, insights) on a quiet machine; on a loaded 2-core CI machine the
 * scheduler alone stretches 30 ms tasks past it. The e2e tests use HEAVY_TASK_MS: a
 * task that long means file or analytics work ran on the page instead of in a worker.
 */
export const HEAVY_TASK_MS = 200;

export async function watchLongTasks(page, over = HEAVY_TASK_MS) {
  await page.evaluate(() => {
    window.__longTasks = [];
    new PerformanceObserver(l => window.__longTasks.push(...l.getEntries().map(e => Math.round(e.duration))))
      .observe({ type: 'longtask' });
  });
  return () => page.evaluate((min) => window.__longTasks.filter(d => d >= min), over);
}

/** Adds a member of staff on the team page (name, and optional fields by input id). */
export async function addStaff(page, url, name, fields = {}) {
  await page.goto(`${url}#/staff`);
  await page.click('#add-staff');
  await page.fill('#staff-name', name);
  for (const [sel, value] of Object.entries(fields)) await page.fill(sel, value);
  await page.click('#staff-save');
  await page.waitForSelector(`#staff-table th:text-is("${name}")`);
}
