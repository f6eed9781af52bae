// Which dossier a screen is about (your own, or one someone opened to you) and what you may do
// in it. The dossiers shared with you come from /shared-dossiers, loaded after signing in; a
// copy stays on the device (removed on logout), so offline the app still knows them.
import { api } from "./api.js";
import { metaGet, metaSet } from "./db.js";
import { changed, dossierOf, homeDossierId, state, subscribe } from "./state.js";

export const ALL_SCOPES = ["view", "reflect", "contribute"];

state.shared = null; // [{dossier, owner, role, scopes, expires_at}] once loaded

export const ownDossierId = () => (state.me && dossierOf(state.me) ? dossierOf(state.me).id : null);

/** No id, or the id of my own dossier. */
export const isOwn = (id) => !id || id === ownDossierId();

/** Someone who supports others lands on their caseload when the app opens (no address yet);
 * their own dossier stays at #/. */
export const landsOnCaseload = () => Boolean(state.me && state.me.caseload) && location.hash.replace(/^#/, "") === "";

/** The dossier the timeline shows now (and captures go into). */
export const currentDossierId = () => (state.timeline && state.timeline.dossierId) || homeDossierId(state.me);

/** The timeline of a dossier: #/ for my own, #/d/<id> for one shared with me. */
export const homeHash = (id = state.timeline && state.timeline.dossierId) => (isOwn(id) ? "#/" : `#/d/${id}`);

let loading = null;
export function loadShared() {
  if (!state.me || loading) return loading;
  const forUser = state.me.id;
  loading = api("GET", "/shared-dossiers")
    .then((list) => {
      if (state.me && state.me.id === forUser) state.shared = list;
      metaSet("shared", { userId: forUser, list }).catch(() => {});
    })
    .catch(async () => {
      // Offline: the copy on this device, until the server can be asked again.
      const kept = await metaGet("shared").catch(() => null);
      if (kept && kept.userId === forUser && state.me && state.me.id === forUser && state.shared === null) {
        state.shared = kept.list;
      }
    })
    .finally(() => {
      loading = null;
      changed();
    });
  return loading;
}

export const sharedInfo = (id) => (state.shared || []).find((s) => s.dossier.id === id) || null;

/** What I may do in a dossier: {known, owner, role, scopes, name (of its owner), ownerId}. */
export function accessTo(id) {
  if (isOwn(id)) {
    return {
      known: true,
      owner: true,
      role: "owner",
      scopes: ALL_SCOPES,
      name: state.me ? state.me.display_name : "",
      ownerId: state.me && state.me.id,
    };
  }
  const shared = sharedInfo(id);
  if (!shared) return { known: state.shared !== null, owner: false, role: "", scopes: [], name: "", ownerId: null };
  return {
    known: true,
    owner: false,
    role: shared.role,
    scopes: shared.scopes,
    name: shared.owner.display_name,
    ownerId: shared.owner.id,
    expiresAt: shared.expires_at,
    mayProposeInternship: Boolean(shared.may_propose_internship),
  };
}

export const can = (id, scope) => accessTo(id).scopes.includes(scope);

/** Whether I may change an item (and its links): the owner, or the contributor who added it. */
export function mayEdit(item) {
  if (isOwn(item.dossier_id)) return true;
  return (
    can(item.dossier_id, "contribute") && Boolean(item.created_by) && item.created_by.id === (state.me && state.me.id)
  );
}

let lastUser = null;
let lastFromCache = false;
subscribe(() => {
  const id = state.me ? state.me.id : null;
  const backOnline = lastFromCache && !state.meFromCache; // signed in again with the server
  lastFromCache = state.meFromCache;
  if (id === lastUser && !backOnline) return;
  if (id !== lastUser) state.shared = null;
  lastUser = id;
  if (id) loadShared();
});
