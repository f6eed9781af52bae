// The service worker, served at /sw.js with scope /.
// - Precaches the app shell (the page, the built script and styles, the manifest, the icons),
//   so the app opens without a network. The list is compiled in by build.mjs from the files'
//   contents: a new build is a new service worker.
// - A new version waits until the page asks it to take over (SKIP_WAITING, after the person
//   taps "new version available"), or until every tab of the old one is closed.
// - The API is network-only: personal data is never put in this worker's caches. The one
//   exception is thumbnails the page marks with ?thumb, kept in a small capped cache so the
//   timeline copy the app keeps in IndexedDB shows pictures offline; logging out empties it.
// - Share target: files shared to Bagage from the phone are queued in IndexedDB here, then
//   the app opens and sends them.
// - Background Sync: the sync event asks the open pages to send their queue. With no page
//   open nothing is sent; the items wait in IndexedDB until the app is opened.
// - Web Push: a pushed notification is shown in the person's language (the texts of i18n.js);
//   tapping it brings the app to the item, invitation or notifications it is about.

import precacheManifest from "precache-manifest";
import { clientsClaim } from "workbox-core";
import { ExpirationPlugin } from "workbox-expiration";
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from "workbox-precaching";
import { NavigationRoute, registerRoute } from "workbox-routing";
import { CacheFirst } from "workbox-strategies";
import { metaGet, newRecord, queuePut } from "./db.js";
import { messages } from "./i18n.js";

const SYNC_TAG = "bagage-upload";
const THUMBNAILS = "bagage-thumbnails";

cleanupOutdatedCaches();
precacheAndRoute(precacheManifest, { ignoreURLParametersMatching: [/.*/] });
// The first install takes the open page at once, so it works offline from the first visit on.
// Later versions wait (see the message handler).
clientsClaim();

// Opening the app (any navigation inside it) gets the precached page.
registerRoute(
  new NavigationRoute(createHandlerBoundToURL("/"), {
    allowlist: [/^\/$/, /^\/index\.html$/],
  }),
);

registerRoute(
  ({ url, request }) =>
    url.origin === self.location.origin &&
    request.method === "GET" &&
    url.pathname.startsWith("/api/v1/media/") &&
    url.searchParams.has("thumb"),
  new CacheFirst({
    cacheName: THUMBNAILS,
    plugins: [
      new ExpirationPlugin({ maxEntries: 200, maxAgeSeconds: 30 * 24 * 3600, purgeOnQuotaError: true }),
      { cacheWillUpdate: async ({ response }) => (response && response.status === 200 ? response : null) },
    ],
  }),
);

// Everything else (the API above all) is not handled here: it goes to the network, uncached.

self.addEventListener("message", (event) => {
  if (event.data && event.data.type === "SKIP_WAITING") self.skipWaiting();
});

async function tellPages(message) {
  const pages = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
  for (const page of pages) page.postMessage(message);
  return pages.length;
}

self.addEventListener("sync", (event) => {
  if (event.tag === SYNC_TAG) event.waitUntil(tellPages({ type: "FLUSH_QUEUE" }));
});

// --- share target -----------------------------------------------------------------------

async function receiveShare(request) {
  let count = 0;
  try {
    const form = await request.formData();
    const files = form.getAll("files").filter((f) => f && typeof f === "object" && f.size > 0);
    const text = [form.get("title"), form.get("text"), form.get("url")].filter(Boolean).join("\n");
    const me = await metaGet("me");
    // Not logged in on this device: the items are claimed by whoever logs in next.
    const owner = { userId: me ? me.id : null, dossierId: me && me.dossiers[0] ? me.dossiers[0].id : null };
    if (files.length) {
      for (const file of files) {
        await queuePut(newRecord({ ...owner, file, description: text, source: "share" }));
        count += 1;
      }
    } else if (text) {
      await queuePut(newRecord({ ...owner, description: text, source: "share" }));
      count += 1;
    }
    await tellPages({ type: "SHARED", count });
  } catch (err) {
    console.error("Bagage: could not keep the shared files", err);
  }
  return Response.redirect(`/?shared=${count}`, 303);
}

self.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  if (event.request.method === "POST" && url.origin === self.location.origin && url.pathname === "/share-target") {
    event.respondWith(receiveShare(event.request));
  }
});

// --- Web Push (notifications as each person chose them) ----------------------------------------

/** Where a tap on a notification leads, from what the server sent along. */
function pushTarget(data) {
  if ((data.kind === "on_behalf_evidence" || data.kind === "reflection") && data.evidence_id)
    return `#/item/${data.evidence_id}`;
  if (data.kind === "invitation" && data.token) return `#/invitation/${data.token}`;
  if (data.kind === "coaching_note" && data.dossier_id) return `#/dossier/${data.dossier_id}/coaching`;
  if (data.kind === "signature_request" && data.report_id) return `#/report/${data.report_id}`;
  if (data.kind === "internship_proposal" && data.internship_id) return `#/internship/${data.internship_id}`;
  if (data.kind === "internship_answer" && data.dossier_id) return `#/dossier/${data.dossier_id}/internships`;
  return "#/notifications";
}

/** The notification's text in the person's language, as the app words it (i18n.js). */
async function pushText(data) {
  const me = await metaGet("me").catch(() => null);
  const texts = messages[me && me.locale === "en" ? "en" : "nl"];
  const key = `notification_${data.kind}`;
  if (!texts[key]) return data.title || "Bagage";
  const role = data.role && texts[`role_${data.role}`] ? texts[`role_${data.role}`].toLowerCase() : data.role || "";
  const values = {
    by: data.by || "",
    role,
    owner: data.owner || "",
    title: data.title || texts.untitled_capture,
    workplace: data.workplace || "",
  };
  return texts[key].replace(/\{(\w+)\}/g, (_, name) => String(values[name] ?? ""));
}

self.addEventListener("push", (event) => {
  let data = {};
  try {
    data = event.data ? event.data.json() : {};
  } catch {
    data = { title: event.data ? event.data.text() : "" };
  }
  event.waitUntil(
    pushText(data).then((title) =>
      self.registration.showNotification(title, {
        icon: "/static/icons/icon-192.png",
        badge: "/static/icons/icon-192.png",
        tag: data.kind || "bagage",
        data: { hash: pushTarget(data) },
      }),
    ),
  );
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const hash = (event.notification.data && event.notification.data.hash) || "#/notifications";
  event.waitUntil(
    (async () => {
      const pages = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
      const open = pages.find((page) => new URL(page.url).origin === self.location.origin);
      if (open) {
        open.postMessage({ type: "OPEN", hash }); // the app goes there itself (ui/routes.js)
        return open.focus();
      }
      return self.clients.openWindow(`/${hash}`);
    })(),
  );
});
