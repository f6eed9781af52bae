// Bagage web app: start-up, routing (#/, #/add, #/item/<id>, #/queued/<uid>; someone who
// supports others lands on their caseload), the service worker and its update flow. It talks
// to /api/v1 only; every text comes from i18n.js.
import { render } from "preact";
import { useEffect, useReducer, useRef } from "preact/hooks";
import { Workbox } from "workbox-window";
import { api, errorText } from "./api.js";
import { isOwn, landsOnCaseload } from "./dossiers.js";
import { t } from "./i18n.js";
import { events, flush, loadQueue, startQueue } from "./queue.js";
import { cachedMe, changed, notify, signedIn, state, storedLocale, subscribe, useLocale } from "./state.js";
import { Add } from "./ui/add.js";
import { CaseloadScreen } from "./ui/caseload.js";
import { html } from "./ui/common.js";
import { credentialRoute } from "./ui/credentials.js";
import { Detail, QueuedDetail } from "./ui/detail.js";
import { Login } from "./ui/login.js";
import { needsOnboarding, OnboardingScreen } from "./ui/onboarding.js";
import { extraRoute } from "./ui/routes.js";
import { addUploaded, loadTimeline, Timeline } from "./ui/timeline.js";
import { publicRoute, VerifyBanner } from "./ui/verify.js";
import { LinkEndedScreen, linkSessionRoute, workplaceRoute } from "./ui/workplace.js";

const currentPath = () => location.hash.replace(/^#/, "") || "/";

function currentRoute() {
  // Right after sign-up (and once for an account that never said): who are you?
  if (needsOnboarding(state.me) && currentPath() === "/")
    return { name: "onboarding", key: "onboarding", render: () => html`<${OnboardingScreen} />` };
  if (landsOnCaseload()) return { name: "caseload", key: "caseload", render: () => html`<${CaseloadScreen} />` };
  const path = currentPath();
  const item = path.match(/^\/item\/([0-9a-fA-F-]{32,36})$/);
  if (item) return { name: "item", id: item[1], key: path };
  const queued = path.match(/^\/queued\/([A-Za-z0-9._:-]{8,64})$/);
  if (queued) return { name: "queued", uid: queued[1], key: path };
  if (path.startsWith("/add")) {
    const forId = (path.match(/[?&]for=([0-9a-fA-F-]{32,36})/) || [])[1] || null;
    return { name: "add", mode: path.includes("note") ? "note" : null, forId, key: "/add" };
  }
  const extra = extraRoute(path); // competencies, people, shared dossiers (ui/routes.js)
  if (extra) return extra;
  return { name: "timeline", key: "/" };
}

function Toast() {
  return html`<p class="toast" role="status" aria-live="polite">${state.toast}</p>`;
}

function UpdateBanner() {
  if (!state.updateReady) return null;
  return html`<div class="update-banner">
    <button type="button" class="button primary" onClick=${applyUpdate}>${t("update_available")}</button>
  </div>`;
}

function App() {
  const [, rerender] = useReducer((n) => n + 1, 0);
  useEffect(() => subscribe(rerender), []);
  // The links in mails (verify, reset, a workplace link) and the credential check (#/verify)
  // open with or without a login; a
  // session opened with a workplace link shows the pupil's screens only.
  const route =
    publicRoute() ||
    credentialRoute() ||
    workplaceRoute() ||
    (state.me
      ? linkSessionRoute(currentRoute(), currentPath())
      : state.linkEnded
        ? { name: "link-ended", key: "link-ended", render: () => html`<${LinkEndedScreen} />` }
        : { name: "login", key: "login" });
  const shownKey = useRef(null);
  const shownTimeline = useRef(false);
  const scroll = useRef({});

  // A new screen: scroll back to where the reader was on the timeline, and move focus to the
  // heading so a screen reader starts there (not on the first screen after loading).
  useEffect(() => {
    if (shownKey.current === route.key) return;
    const first = shownKey.current === null;
    if (shownTimeline.current) scroll.current[shownKey.current] = window.scrollY;
    shownKey.current = route.key;
    shownTimeline.current = route.name === "timeline";
    document.getElementById("app").removeAttribute("aria-busy");
    if (route.name === "timeline") {
      window.scrollTo(0, scroll.current[route.key] || 0);
      const opened = state.timeline.openedId && document.querySelector(`li[data-id="${state.timeline.openedId}"] a`);
      if (!first && opened) return opened.focus({ preventScroll: true });
    } else {
      window.scrollTo(0, 0);
    }
    if (!first) document.querySelector("#app h1")?.focus({ preventScroll: true });
  });
  if (route.name === "item") state.timeline.openedId = route.id;

  let screen;
  if (route.name === "login") screen = html`<${Login} />`;
  else if (route.name === "add") screen = html`<${Add} mode=${route.mode} forId=${route.forId} />`;
  else if (route.name === "item") screen = html`<${Detail} key=${route.id} id=${route.id} />`;
  else if (route.name === "queued") screen = html`<${QueuedDetail} key=${route.uid} uid=${route.uid} />`;
  else if (route.render) screen = route.render();
  else screen = html`<${Timeline} />`;
  const banner = state.me && !route.name.startsWith("verify") && !["reset", "workplace"].includes(route.name);
  return html`${banner ? html`<${VerifyBanner} />` : null}${screen}<${UpdateBanner} /><${Toast} />`;
}

// --- the service worker -------------------------------------------------------------------

let workbox = null;
let updating = false;

function applyUpdate() {
  // The waiting worker takes over; the page reloads when it controls it (below). Nothing is
  // lost: queued items are in IndexedDB and a running upload resumes after the reload.
  updating = true;
  if (workbox) workbox.messageSkipWaiting();
}

function registerServiceWorker() {
  if (!("serviceWorker" in navigator)) return;
  workbox = new Workbox("/sw.js", { scope: "/" });
  workbox.addEventListener("waiting", () => {
    state.updateReady = true;
    changed();
  });
  // Not workbox's "controlling" event: it ignores a version found while the app stayed open.
  navigator.serviceWorker.addEventListener("controllerchange", () => {
    if (updating) location.reload();
  });
  workbox.register().then((registration) => {
    // Look for a new version now and then, so an app left open does not stay behind.
    if (registration) setInterval(() => registration.update().catch(() => {}), 60 * 60 * 1000);
  });
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") workbox.update().catch(() => {});
  });
}

// --- start ---------------------------------------------------------------------------------

async function afterSignIn() {
  await loadQueue();
  flush();
}

let lastUser = null;
subscribe(() => {
  const id = state.me && state.me.id;
  if (id && id !== lastUser) afterSignIn();
  lastUser = id;
});

events.onUploaded = (record, item) => {
  addUploaded(item);
  notify(t(isOwn(record.dossierId) ? "added" : "added_shared"));
};

window.addEventListener("hashchange", changed);
window.addEventListener("online", async () => {
  if (!state.me) return;
  if (state.meFromCache) {
    try {
      await signedIn(await api("GET", "/me"));
    } catch {
      // still no server: the queue's own retries go on
    }
  }
  const tl = state.timeline;
  if (tl.fromSnapshot || tl.error) {
    tl.loaded = false;
    tl.error = null;
    loadTimeline(false);
  }
});

async function boot() {
  await useLocale(storedLocale() || "nl");
  startQueue();
  try {
    await signedIn(await api("GET", "/me"));
  } catch (err) {
    const cached = err.status === 0 ? await cachedMe() : null;
    if (cached)
      await signedIn(cached, { fromCache: true }); // offline: the app opens all the same
    else if (err.status !== 401 && err.status !== 0) state.notice = null;
    if (!cached && err.status !== 401) notify(errorText(err));
  }
  const shared = new URLSearchParams(location.search).get("shared");
  if (shared !== null) {
    history.replaceState(null, "", `/${location.hash}`);
    if (Number(shared) > 0) notify(t("shared_received", { count: shared }));
  }
  state.booted = true;
  const root = document.getElementById("app");
  root.textContent = "";
  render(html`<${App} />`, root);
  registerServiceWorker();
}

boot();
