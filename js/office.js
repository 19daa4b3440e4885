// Imported by src/office.rs (wasm-bindgen `module`).
export function load_office(el) {
  // The snippet's own address is under snippets/; the binaries sit beside index.html.
  const url = new URL('kehu-office.js', document.baseURI).href;
  return import(url).then(async (m) => {
    await m.default();
    m.kehu_office_mount(el);
  });
}
