// Imported by src/kiosk_lock.rs (wasm-bindgen `module`).
export async function pbkdf2(pin, salt_hex, iterations) {
  const salt = new Uint8Array(salt_hex.match(/../g).map(h => parseInt(h, 16)));
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(pin), 'PBKDF2', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, key, 256);
  return Array.from(new Uint8Array(bits), b => b.toString(16).padStart(2, '0')).join('');
}
export function random_hex(n) {
  const b = crypto.getRandomValues(new Uint8Array(n));
  return Array.from(b, x => x.toString(16).padStart(2, '0')).join('');
}
