// Sets up a shop's database on a CouchDB 3 server (or Cloudant) the way kehu syncs with
// it, as the server's admin: `cargo xtask couch-setup URL [--user NAME:PASSWORD:ROLE]...`
// runs it. Every step can be run again: it makes what is missing and updates the rest.
//
// - the database (one per shop), if it is not there;
// - its security: members are the roles admin, staff and viewer (nobody else reads),
//   admins the role admin;
// - the design document `_design/kehu` with the validation function
//   (validate_doc_update.js beside this file), which every write passes;
// - the users given with --user, each with one role: admin, staff or viewer (a
//   password given again is set again).
//
// URL carries the server admin's name and password and names the database:
// https://admin:secret@couch.example.com/shop
import fs from 'node:fs';
import path from 'node:path';

const ROLES = ['admin', 'staff', 'viewer'];

/** The validation function as the server stores it: the source without the comment
 *  lines before it. */
export function validation() {
  const text = fs.readFileSync(path.join(import.meta.dirname, 'validate_doc_update.js'), 'utf8');
  return text.slice(text.indexOf('function'));
}

/** `--user name:password:role` arguments, checked. */
export function users(args) {
  const out = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] !== '--user') throw new Error(`unknown argument ${args[i]}`);
    const [name, password, role] = (args[++i] || '').split(':');
    if (!name || !password || !ROLES.includes(role)) {
      throw new Error(`--user takes NAME:PASSWORD:ROLE, ROLE one of ${ROLES.join(', ')}`);
    }
    out.push({ name, password, role });
  }
  return out;
}

export async function setup(target, accounts = []) {
  const url = new URL(target);
  const auth = 'Basic ' + Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64');
  const parts = url.pathname.split('/').filter(Boolean);
  const db = parts.pop();
  if (!db) throw new Error('the URL names no database: https://admin:secret@host/shop');
  const server = `${url.protocol}//${url.host}/${parts.map(p => p + '/').join('')}`;
  const call = async (method, where, body) => {
    const r = await fetch(server + where, {
      method, headers: { authorization: auth, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: r.status, body: await r.json().catch(() => ({})) };
  };
  const must = (what, r, ok) => {
    if (!ok.includes(r.status)) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.body)}`);
    return r;
  };
  /** Creates or replaces the document at `where` (its current revision looked up). */
  const put = async (what, where, doc) => {
    const old = await call('GET', where);
    const rev = old.status === 200 ? { _rev: old.body._rev } : {};
    return must(what, await call('PUT', where, { ...doc, ...rev }), [200, 201]);
  };
  const e = encodeURIComponent;
  must('the database', await call('PUT', e(db)), [201, 412]);
  must('its security', await call('PUT', `${e(db)}/_security`, {
    admins: { names: [], roles: ['admin'] },
    members: { names: [], roles: ROLES },
  }), [200]);
  await put('the validation', `${e(db)}/_design/kehu`, {
    _id: '_design/kehu', language: 'javascript', validate_doc_update: validation(),
  });
  for (const u of accounts) {
    const id = `org.couchdb.user:${u.name}`;
    await put(`the user ${u.name}`, `_users/${e(id)}`, {
      _id: id, name: u.name, password: u.password, roles: [u.role], type: 'user',
    });
  }
  return { server, db };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [target, ...rest] = process.argv.slice(2);
  try {
    if (!target) throw new Error('usage: setup.mjs https://admin:secret@host/shop [--user NAME:PASSWORD:ROLE]...');
    const accounts = users(rest);
    const { db } = await setup(target, accounts);
    console.log(`${db}: database, security and validation set up; ${accounts.length} user(s)`);
  } catch (err) {
    console.error(`couch-setup: ${err.message}`);
    process.exit(1);
  }
}
