// Imported by src/platform.rs (wasm-bindgen `module`).
export function random_bytes(n) {
  return crypto.getRandomValues(new Uint8Array(n));
}
export function reload_on_click(button) {
  button.addEventListener('click', () => location.reload());
}
export function collation_ranks(names, locale) {
  const c = new Intl.Collator(locale, { numeric: true });
  const order = names.map((_, i) => i);
  order.sort((a, b) => c.compare(names[a], names[b]));
  const rank = new Uint32Array(names.length);
  order.forEach((row, place) => { rank[row] = place; });
  return rank;
}
export function zone_changes(from, to) {
  const WEEK = 7 * 86400000, MINUTE = 60000;
  const offset = at => -new Date(at).getTimezoneOffset();
  const out = [offset(from)];
  let t = from, off = out[0];
  while (t < to) {
    const next = t + WEEK, o = offset(next);
    if (o !== off) {
      let lo = t, hi = next;
      while (hi - lo > MINUTE) {
        const mid = lo + Math.floor((hi - lo) / 2);
        if (offset(mid) === off) lo = mid; else hi = mid;
      }
      out.push(hi - (hi % MINUTE), o);
      off = o;
    }
    t = next;
  }
  return new Float64Array(out);
}
export function zone_name() {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || '';
}
