// Starts the analytics worker: loads wasm-bindgen's script (no-modules build, so it
// also works where module workers do not) and instantiates the wasm beside it.
importScripts("./kehu-worker.js");
wasm_bindgen({ module_or_path: "./kehu-worker_bg.wasm" });
