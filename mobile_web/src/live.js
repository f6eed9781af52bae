// Live events of the dossier on screen, as Server-Sent Events from /dossiers/<id>/events (the
// session cookie goes along, same origin). New, changed and removed evidence is fetched again
// by id and put in the timeline; reflections and messages go to the screens that listen.
// EventSource reconnects by itself and sends Last-Event-ID, so nothing is missed.
import { API, api } from "./api.js";
import { currentDossierId, landsOnCaseload } from "./dossiers.js";
import { t } from "./i18n.js";
import { changed, notify, state, subscribe } from "./state.js";

export const LIVE_KINDS = [
  "evidence_created",
  "evidence_updated",
  "evidence_deleted",
  "reflection_added",
  "message_posted",
  "report_changed",
  "internship_changed",
];
const DOSSIER_ROUTE = /^\/(?:d|dossier)\/([0-9a-fA-F-]{32,36})(?:\/|$)/;
const TIMELINE_ROUTE = /^\/($|item\/|queued\/|add)/;

const listeners = new Set();
/** fn({kind, dossierId, id, ...}) after each event, and {kind: "resync", dossierId} when a
 * dossier's stream has just begun (load again what may have changed before it); returns a
 * function that stops listening. */
export function onLive(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

let source = null;
let sourceFor = null;
let retryTimer = 0;
/** The last event seen per dossier: coming back to a dossier replays what happened meanwhile. */
const lastSeen = new Map();

let watched = null;
/** A screen about one dossier at an address of its own (a report) hears that dossier's
 * events while it is on screen. */
export function watchDossier(path, dossierId) {
  watched = { path, dossierId };
  sync();
}

/** The dossier on screen now, or null (settings, notifications, …). */
export function dossierOnScreen() {
  if (!state.me || landsOnCaseload()) return null;
  const path = location.hash.replace(/^#/, "") || "/";
  if (watched && watched.path === path) return watched.dossierId;
  const match = path.match(DOSSIER_ROUTE);
  if (match) return match[1];
  return TIMELINE_ROUTE.test(path) ? currentDossierId() : null;
}

function open(dossierId) {
  if (source) source.close();
  clearTimeout(retryTimer);
  source = null;
  sourceFor = dossierId;
  if (!dossierId || typeof EventSource === "undefined") return;
  const after = lastSeen.get(dossierId);
  const stream = new EventSource(`${API}/dossiers/${dossierId}/events${after ? `?last_event_id=${after}` : ""}`);
  for (const kind of LIVE_KINDS) stream.addEventListener(kind, (event) => handle(dossierId, kind, event));
  // The stream's first word is its cursor. Opened afresh, it only hears what happens from
  // now on, so screens that loaded before it began load again ("resync"): nothing falls in
  // between. A browser reconnect resumes from the cursor and needs no such thing.
  let fresh = !after;
  stream.addEventListener("ready", (event) => {
    if (event.lastEventId) lastSeen.set(dossierId, event.lastEventId);
    if (!fresh || source !== stream) return;
    fresh = false;
    for (const fn of listeners) fn({ kind: "resync", dossierId });
  });
  // The owner revoked our access, or it expired: the server ends the stream. Stay closed
  // (sourceFor stays set, so it is not reopened) and leave the dossier.
  const leave = () => {
    stream.close();
    if (source !== stream) return;
    source = null;
    lastSeen.delete(dossierId);
    for (const fn of listeners) fn({ kind: "access_ended", dossierId });
    notify(t("live_access_ended"));
    if (dossierOnScreen() === dossierId) location.hash = "#/";
  };
  stream.addEventListener("access_ended", leave);
  stream.onerror = async () => {
    // A refused stream is closed for good by the browser. Access that ended before the
    // stream began is refused, not announced: ask once why. Otherwise (logged out, offline)
    // try again later while the dossier is still on screen. Other errors reconnect by themselves.
    if (stream.readyState !== EventSource.CLOSED || source !== stream) return;
    try {
      await api("GET", `/dossiers/${dossierId}/evidence?limit=1`);
    } catch (err) {
      if (err.status === 403 || err.status === 404) return leave();
    }
    retryTimer = setTimeout(() => {
      if (source === stream && dossierOnScreen() === dossierId) open(dossierId);
    }, 30_000);
  };
  source = stream;
}

let forUser = null;
function sync() {
  const user = state.me ? state.me.id : null;
  if (user !== forUser) {
    forUser = user;
    lastSeen.clear();
  }
  const wanted = state.online ? dossierOnScreen() : null;
  if (wanted !== sourceFor) open(wanted);
}

subscribe(sync);
window.addEventListener("hashchange", sync);

// --- the timeline ----------------------------------------------------------------------

function fitsFilters(item, filters) {
  if (filters.kind && filters.kind !== item.kind) return false;
  const day = (item.occurred_at || "").slice(0, 10);
  if (filters.from && day < filters.from) return false;
  if (filters.to && day > filters.to) return false;
  return true;
}

/** Put an item (new or changed) in its place in the timeline, newest first. */
export function placeItem(item) {
  const tl = state.timeline;
  if (!tl || (tl.dossierId || currentDossierId()) !== item.dossier_id) return;
  if (tl.items.some((i) => i.id === item.id)) {
    tl.items = tl.items.map((i) => (i.id === item.id ? item : i));
  } else if (tl.loaded && fitsFilters(item, tl.filters)) {
    const at = tl.items.findIndex((i) => i.occurred_at < item.occurred_at);
    if (at >= 0) tl.items = [...tl.items.slice(0, at), item, ...tl.items.slice(at)];
    else if (!tl.next) tl.items = [...tl.items, item]; // otherwise it comes with a later page
  }
  changed();
}

export function dropItem(id) {
  const tl = state.timeline;
  if (tl && tl.items.some((i) => i.id === id)) {
    tl.items = tl.items.filter((i) => i.id !== id);
    changed();
  }
}

async function handle(dossierId, kind, event) {
  if (event.lastEventId) lastSeen.set(dossierId, event.lastEventId);
  let data = {};
  try {
    data = JSON.parse(event.data);
  } catch {
    return;
  }
  if ((kind === "evidence_created" || kind === "evidence_updated") && data.id) {
    try {
      placeItem(await api("GET", `/evidence/${data.id}`));
    } catch (err) {
      if (err.status === 404) dropItem(data.id); // hidden from me, or gone
    }
  } else if (kind === "evidence_deleted" && data.id) {
    dropItem(data.id);
  }
  for (const fn of listeners) fn({ ...data, kind, dossierId });
}
