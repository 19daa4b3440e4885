import { test } from 'node:test';
import assert from 'node:assert/strict';
import { open, createCustomer, loadDemo } from './harness.mjs';

/** Today in the browser's zone, as the date input writes it. */
const today = (page) => page.evaluate(() => {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
});

/** Notifications that record what they were asked to show, with permission granted. */
function fakeNotifications() {
  window.__notes = [];
  window.Notification = class {
    static permission = 'granted';
    static requestPermission() { return Promise.resolve('granted'); }
    constructor(title, opts) { window.__notes.push({ title, body: opts?.body, tag: opts?.tag }); }
    close() {}
  };
}

test('a task made on a customer\'s page: bad input named, on the agenda, ticked off and logged on the timeline', async () => {
  const app = await open();
  const { page, url } = app;
  try {
    await createCustomer(page, url, { name: '王芳' });
    await page.waitForSelector('#tasks-card');
    await page.click('#tasks-card #new-task');
    await page.waitForSelector('#task-form');
    assert.match(await page.textContent('#task-about'), /王芳/);
    await page.fill('#task-time', '');
    await page.fill('#task-due', '');
    await page.click('#task-save');
    assert.equal(await page.textContent('#task-title-err'), '必填');
    assert.equal(await page.textContent('#task-due-err'), '必填');
    await page.waitForFunction(() => document.activeElement?.id === 'task-title'); // the first bad field

    await page.fill('#task-title', '回访新品试用');
    await page.fill('#task-due', await today(page));
    await page.selectOption('#task-kind', 'visit');
    await page.check('#task-urgent');
    await page.check('#task-important');
    await page.click('#task-save');
    // Back on the customer's page, the task in its card.
    await page.waitForSelector('#tasks-card .task-item');
    assert.match(await page.textContent('#tasks-card .task-item'), /回访新品试用/);

    await page.goto(`${url}#/tasks`);
    await page.waitForSelector('#tasks-today .task-item');
    const line = await page.textContent('#tasks-today .task-item');
    assert.match(line, /回访新品试用/);
    assert.match(line, /拜访/);
    assert.match(line, /紧急/);
    assert.match(line, /王芳/);
    assert.equal(await page.textContent('#tasks-pressing'), '1', 'the navigation counts what is due today');
    await page.click('#tasks-matrix');
    await page.waitForSelector('#quadrant-1 .task-item');
    assert.match(await page.textContent('#quadrant-1'), /回访新品试用/);
    await page.click('#tasks-calendar');
    await page.waitForSelector('#calendar');
    assert.match(await page.textContent(`#calendar td[data-day="${await today(page)}"]`), /回访新品试用/);

    await page.click('#tasks-agenda');
    await page.waitForSelector('#tasks-today .task-tick');
    assert.equal(await page.isChecked('#tasks-log'), true, 'done tasks are logged unless turned off');
    await page.click('#tasks-today .task-tick');
    await page.waitForSelector('#tasks-done .task-item');
    await page.waitForSelector('#tasks-none');
    assert.equal(await page.$('#tasks-pressing'), null, 'nothing is due any more');

    await page.reload();
    await page.waitForSelector('#tasks-done .task-item');
    assert.match(await page.textContent('#tasks-done'), /回访新品试用/);
    // The visit logged shows on the calendar too.
    await page.goto(`${url}#/tasks?view=calendar`);
    await page.waitForSelector(`#calendar td[data-day="${await today(page)}"] .cal-logged`);
    assert.match(await page.textContent(`#calendar td[data-day="${await today(page)}"] .cal-logged`), /王芳 · 回访新品试用/);
    await page.goto(`${url}#/tasks`);
    await page.waitForSelector('#tasks-done .task-item');
    // The visit is on the customer's timeline.
    await page.click('#tasks-done .task-customer');
    await page.waitForSelector('.timeline');
    assert.match(await page.textContent('.timeline'), /回访新品试用/);
    assert.match(await page.textContent('#tasks-card'), /没有未完成的任务/);
    assert.deepEqual(app.errors, []);
  } finally { await app.close(); }
});

test('a due reminder comes up on every page and as a notification, and once dismissed stays away', async () => {
  const app = await open({ locale: 'en-US', init: fakeNotifications });
  const { page, url } = app;
  try {
    await page.goto(`${url}#/settings`);
    await page.waitForSelector('#notify-on');
    await page.click('#notify-on');
    await page.waitForSelector('#notify-off');
    assert.match(await page.textContent('#notify-status'), /On/);

    await page.goto(`${url}#/tasks/new`);
    await page.waitForSelector('#task-form');
    await page.fill('#task-title', 'Call the supplier');
    // A time already passed today (or midnight, just after it).
    const time = await page.evaluate(() => {
      const d = new Date(Date.now() - 60_000);
      const same = d.getDate() === new Date().getDate();
      return same ? `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}` : '00:00';
    });
    await page.fill('#task-time', time);
    await page.selectOption('#task-remind', '0');
    await page.click('#task-save');
    await page.waitForSelector('#reminders .reminder');
    assert.match(await page.textContent('#reminders'), /Call the supplier/);
    await page.waitForFunction(() => window.__notes.length === 1);
    const [note] = await page.evaluate(() => window.__notes);
    assert.equal(note.title, 'Call the supplier');
    assert.match(note.body, /^Due /);

    // It follows to every page, folds away, and is dismissed for good.
    await page.goto(`${url}#/customers`);
    await page.waitForSelector('#reminders .reminder');
    await page.click('#reminders-fold');
    assert.equal(await page.isVisible('#reminder-list'), false);
    await page.click('#reminders-fold');
    await page.click('#reminders .reminder-dismiss');
    await page.waitForSelector('#reminders', { state: 'detached' });
    await page.reload();
    await page.waitForSelector('#customer-table, main .page');
    await page.waitForTimeout(500);
    assert.equal(await page.$('#reminders'), null);
    assert.equal(await page.evaluate(() => window.__notes.length), 0, 'a new page load does not notify a dismissed reminder');
    assert.deepEqual(app.errors, []);
  } finally { await app.close(); }
});

test('demo tasks: the board shows each opportunity\'s next task, and the churn list makes a win-back task', async () => {
  const app = await open();
  const { page, url } = app;
  try {
    await loadDemo(page);
    // Whoever uses this device sees their own tasks first, and everyone's on asking.
    await page.goto(`${url}#/tasks?view=matrix`);
    await page.waitForSelector('.task-owner');
    const everyone = await page.locator('.task-item').count();
    const me = await page.textContent('.task-owner');
    await page.goto(`${url}#/staff`);
    await page.waitForSelector(`#me-select option:text-is("${me}")`, { state: 'attached' });
    await page.selectOption('#me-select', { label: me });
    await page.goto(`${url}#/tasks?view=matrix`);
    await page.waitForSelector('.task-item');
    const owners = await page.locator('.task-owner').allTextContents();
    assert.ok(owners.length > 0 && owners.every(o => o === me), `only ${me}'s tasks: ${[...new Set(owners)]}`);
    assert.ok(owners.length < everyone);
    await page.selectOption('#tasks-owner', '*');
    await page.waitForFunction(n => document.querySelectorAll('.task-item').length === n, everyone);
    assert.match(page.url(), /owner=\*/);

    await page.goto(`${url}#/pipeline`);
    await page.waitForSelector('#board .opp-card .opp-task');
    const card = page.locator('#board .opp-card:has(.opp-task)').first();
    const task = await card.locator('.opp-task a').textContent();
    await card.locator('.opp-title').click();
    await page.waitForSelector('#tasks-card .task-item');
    assert.match(await page.textContent('#tasks-card'), new RegExp(task), 'the opportunity lists its tasks');

    await page.goto(`${url}#/insights/loyalty`);
    await page.waitForSelector('#churn-list .make-task');
    const name = await page.textContent('#churn-list tbody tr:first-child td:first-child');
    await page.click('#churn-list .make-task');
    await page.waitForSelector('#task-form');
    assert.equal(await page.inputValue('#task-title'), `挽留回访：${name}`);
    await page.click('#task-save');
    await page.waitForSelector('#tasks-card .task-item');
    assert.match(await page.textContent('#tasks-card'), /挽留回访/);
    assert.deepEqual(app.errors, []);
  } finally { await app.close(); }
});
