// The app's state and the session: one object, and a render after every change.
import { api, session } from "./api.js";
import { metaDelete, metaGet, metaSet } from "./db.js";
import { getLocale, loadLocale, setLocale } from "./i18n.js";

const LOCALE_KEY = "bagage.locale";

export function freshTimeline(filters = { kind: "", from: "", to: "" }, dossierId = null) {
  return {
    dossierId, // null: my own dossier; otherwise one someone shared with me
    filters,
    items: [],
    next: null,
    loaded: false,
    loading: false,
    error: null,
    fromSnapshot: false, // shown from IndexedDB because the server could not be reached
    scrollY: 0,
    openedId: null,
  };
}

export const state = {
  me: null,
  online: navigator.onLine,
  meFromCache: false, // signed in from the copy on this device (offline start)
  loginMode: "login",
  loginValues: null, // what was typed on the login screen, kept across a language switch
  notice: null, // a message for the login screen (logged out, session lost)
  linkEnded: false, // the workplace link this device was in with no longer works
  timeline: freshTimeline(),
  queue: [], // this user's queued captures (IndexedDB records)
  uploaded: {}, // client_uid → evidence id of captures that left the queue in this visit
  progress: {}, // uid -> 0..1 while uploading
  uploading: null, // uid being uploaded
  toast: "",
  toastKey: 0,
  updateReady: false,
  booted: false,
};

const listeners = new Set();
let scheduled = false;
export function subscribe(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}
/** Something changed: render once, soon. */
export function changed() {
  if (scheduled) return;
  scheduled = true;
  queueMicrotask(() => {
    scheduled = false;
    for (const fn of listeners) fn();
  });
}

let toastTimer = 0;
export function notify(text) {
  state.toast = text;
  state.toastKey += 1;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => {
    state.toast = "";
    changed();
  }, 6000);
  changed();
}

export function storedLocale() {
  try {
    return localStorage.getItem(LOCALE_KEY);
  } catch {
    return null;
  }
}

/** Read the app in `locale` from now on (its texts are fetched first, the first time). */
export async function useLocale(locale) {
  await loadLocale(locale);
  setLocale(locale);
  try {
    localStorage.setItem(LOCALE_KEY, getLocale());
  } catch {
    // private mode: the choice just is not remembered
  }
  changed();
}

/** What we keep of /me on this device: enough to open the app offline, never the CSRF token. */
function storable(me) {
  const { csrf_token: _csrf, ...rest } = me;
  return rest;
}

export async function signedIn(me, { fromCache = false } = {}) {
  const previous = state.me;
  state.me = me;
  state.meFromCache = fromCache;
  if (!fromCache) {
    session.csrf = me.csrf_token;
    await metaSet("me", storable(me)).catch(() => {});
  }
  if (!previous || previous.id !== me.id) state.timeline = freshTimeline();
  state.notice = null;
  state.linkEnded = false;
  state.loginValues = null;
  state.loginMode = "login";
  await useLocale(me.locale);
  changed();
}

/** Ask the server who we are (and for a fresh CSRF token). False when offline or logged out. */
export async function refreshSession() {
  try {
    const me = await api("GET", "/me");
    await signedIn(me);
    return true;
  } catch {
    return false;
  }
}

export function sessionLost(err) {
  if (err && err.code === "link_ended" && !state.linkEnded) {
    state.linkEnded = true; // the app says so instead of asking for a password
    changed();
  }
  if (!state.me) return;
  // The queue stays on this device and continues when the same person logs in again.
  state.me = null;
  state.meFromCache = false;
  session.csrf = null;
  state.timeline = freshTimeline();
  state.loginMode = "login";
  state.notice = "session_expired";
  state.toast = "";
  metaDelete("me").catch(() => {});
  changed();
}

/** Logged out on purpose: forget this person's data on the device, except unsent captures. */
export async function forgetDevice() {
  state.me = null;
  state.meFromCache = false;
  session.csrf = null;
  state.timeline = freshTimeline();
  state.queue = [];
  state.uploaded = {};
  state.loginMode = "login";
  state.notice = "logged_out";
  await Promise.all([metaDelete("me"), metaDelete("timeline"), metaDelete("shared")]).catch(() => {});
  try {
    localStorage.removeItem("bagage.captureFor"); // whose dossier was chosen last
  } catch {
    // private mode: nothing was kept
  }
  if (self.caches) await caches.delete("bagage-thumbnails").catch(() => {});
  changed();
}

export async function cachedMe() {
  try {
    return (await metaGet("me")) || null;
  } catch {
    return null;
  }
}

export const dossierOf = (me) => me && me.dossiers && me.dossiers[0];

/** Where captures go by default: one's own dossier, or in a workplace link's session the
 * pupil's (a guest has no dossier of their own). */
export const homeDossierId = (me) =>
  me && me.workplace ? me.workplace.dossier_id : dossierOf(me) ? dossierOf(me).id : null;

session.refresh = refreshSession;
session.onLost = sessionLost;
