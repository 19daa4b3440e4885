// Imported by src/pwa.rs (wasm-bindgen `module`).
export function register(on_waiting) {
  if (!('serviceWorker' in navigator)) return;
  navigator.serviceWorker.register('sw.js').then(reg => {
    // A new build waits while an older one serves this page.
    const check = () => { if (reg.waiting && navigator.serviceWorker.controller) on_waiting(); };
    check();
    reg.addEventListener('updatefound', () => {
      const w = reg.installing;
      if (w) w.addEventListener('statechange', () => { if (w.state === 'installed') check(); });
    });
    // A tab left open for days still hears of new builds.
    setInterval(() => reg.update().catch(() => {}), 3600000);
  }, () => {});
}
export function take_update() {
  navigator.serviceWorker.getRegistration().then(reg => {
    if (!reg || !reg.waiting) { location.reload(); return; }
    navigator.serviceWorker.addEventListener('controllerchange', () => location.reload(), { once: true });
    reg.waiting.postMessage('kehu-update');
  });
}
