// Imported by src/sync.rs (wasm-bindgen `module`).
let release = null;
export function hold_lock(on_held) {
  if (!navigator.locks) { on_held(); return; }
  navigator.locks.request('kehu-sync', () => new Promise(r => { release = r; on_held(); }));
}
export function let_go() { if (release) { release(); release = null; } }
export async function ask_server(url, method, body) {
  try {
    const r = await fetch(url, { method, credentials: 'include', body: body ?? undefined,
      headers: { 'Accept': 'application/json', 'Content-Type': 'application/json' } });
    return [r.status, await r.text()];
  } catch (e) { return [0, String(e)]; }
}
