// 落实's service worker: the app shell only (the page, its hashed scripts and styles, the icons), so the app opens on
// a weak signal. Never data: nothing under /api is touched, so no one's tasks are kept on the device for the next
// person; signing out deletes these caches as well (Layout.tsx).
const CACHE = 'luoshi-shell-v1';
const SHELL = ['/', '/manifest.webmanifest', '/icons/icon-192.png'];
// A page asked for on a weak signal: the network's answer if it comes within this time, else the cached shell.
const NAVIGATION_WAIT_MS = 3000;

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((c) => c.addAll(SHELL))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

async function put(key, response) {
  if (!response.ok || response.type !== 'basic') return;
  const cache = await caches.open(CACHE);
  await cache.put(key, response);
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin) return;
  if (url.pathname.startsWith('/api/') || url.pathname === '/metrics') return;
  if (request.mode === 'navigate') {
    // Every page of the app is the same index.html: kept under '/'.
    const network = fetch(request).then((response) => {
      event.waitUntil(put('/', response.clone()));
      return response;
    });
    event.respondWith(
      Promise.race([
        network.catch(() => null),
        new Promise((resolve) => setTimeout(() => resolve(null), NAVIGATION_WAIT_MS)),
      ]).then(async (first) => first ?? (await caches.match('/')) ?? network),
    );
    return;
  }
  // Hashed files never change under their name: from the cache when there, else from the network and kept.
  if (url.pathname.startsWith('/assets/') || url.pathname.startsWith('/icons/')) {
    event.respondWith(
      caches.match(request).then(
        (hit) =>
          hit ??
          fetch(request).then((response) => {
            event.waitUntil(put(request, response.clone()));
            return response;
          }),
      ),
    );
  }
});
