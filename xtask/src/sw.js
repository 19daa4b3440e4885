// kehu's service worker, written into the build by `cargo xtask dist` (xtask/src/pwa.rs)
// with the build's files and a revision made from their contents. It keeps every file
// of one build in a cache of that revision, so the app boots offline after the first
// visit, always as one consistent build:
// - install: fetch every file of the build into the revision's cache;
// - activate: drop the caches of other revisions;
// - fetch: the build's files from the cache, a page load (navigation) as the cached
//   index.html; anything else (a sync server, a file the user downloads) is left to
//   the network untouched and never cached.
// A new build installs beside the old one and waits: the page asks the user before it
// takes over and reloads (never `skipWaiting` on its own, which would swap the code
// under a half-filled form).
const REVISION = "__KEHU_REVISION__";
const FILES = __KEHU_FILES__;
const CACHE = `kehu-${REVISION}`;
const SCOPE = new URL("./", self.location).href;
const LISTED = new Set(FILES.map(f => new URL(f, SCOPE).href));

self.addEventListener("install", event => {
  event.waitUntil(caches.open(CACHE).then(cache =>
    cache.addAll(FILES.map(f => new Request(new URL(f, SCOPE), { cache: "reload" })))));
});

self.addEventListener("activate", event => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) {
      if (key.startsWith("kehu-") && key !== CACHE) await caches.delete(key);
    }
    // The first visit's page (no worker before) is served from the cache from now on.
    await self.clients.claim();
  })());
});

self.addEventListener("message", event => {
  if (event.data === "kehu-update") self.skipWaiting();
});

self.addEventListener("fetch", event => {
  const req = event.request;
  if (req.method !== "GET") return;
  const url = new URL(req.url);
  url.hash = "";
  url.search = "";
  let key = null;
  // Only the app's own page: a server sharing the origin (CouchDB behind the same
  // proxy) keeps its pages.
  const page = new URL("index.html", SCOPE).href;
  if (req.mode === "navigate" && (url.href === SCOPE || url.href === page)) key = page;
  else if (LISTED.has(url.href)) key = url.href;
  if (!key) return;
  event.respondWith((async () => {
    const cache = await caches.open(CACHE);
    const hit = await cache.match(key);
    // Missing from the cache (storage cleared under us): the network, as without a worker.
    return hit || fetch(req);
  })());
});
