// Imported by src/pages/tasks/reminders.rs (wasm-bindgen `module`).
export function notify_state() {
  return ('Notification' in window) ? Notification.permission : 'unsupported';
}
export async function notify_ask() {
  if (!('Notification' in window)) return 'unsupported';
  return await Notification.requestPermission();
}
export function notify_show(title, body, tag, href) {
  const n = new Notification(title, { body, tag });
  n.onclick = () => { window.focus(); location.hash = href; n.close(); };
}
