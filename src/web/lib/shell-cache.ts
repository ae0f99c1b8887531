/**
 * The installable app (添加到主屏幕): the service worker (public/sw.js) keeps the app shell — never data — so the app
 * opens on a weak signal. Registered only by the built app (its scripts are under /assets/; the development server
 * serves sources) and only where the browser allows service workers (HTTPS, or localhost).
 */
export function registerShellCache() {
  if (!('serviceWorker' in navigator)) return;
  if (!document.querySelector('script[type="module"][src^="/assets/"]')) return;
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('/sw.js').catch(() => {
      // Not allowed here (plain HTTP on a LAN): the app works as before, without the offline shell.
    });
  });
}

/** Signing out: the cached shell goes too, so nothing of the session's use stays on a shared phone. */
export async function clearShellCache() {
  if (!('caches' in window)) return;
  const keys = await caches.keys();
  await Promise.all(keys.map((k) => caches.delete(k)));
}
