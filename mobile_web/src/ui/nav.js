// Ways around the app: the notification bell, the menu's links, the links under a dossier's
// timeline, and the "added by" line of evidence someone added on the owner's behalf.
// (No imports from common.js: common.js imports this file.)
import { html } from "htm/preact";
import { API, api } from "../api.js";
import { accessTo, isOwn, landsOnCaseload } from "../dossiers.js";
import { has, personName, t } from "../i18n.js";
import { changed, state, subscribe } from "../state.js";

// --- unread notifications ----------------------------------------------------------------

state.unread = 0;
let asking = null;
let pollTimer = 0;

/** Ask the server for the unread count (and the newest notifications). */
export function refreshUnread() {
  if (!state.me || state.meFromCache || !state.online) return Promise.resolve();
  if (asking) return asking;
  asking = api("GET", "/notifications")
    .then((result) => {
      state.unread = result.unread;
      state.notifications = result.items;
      changed();
    })
    .catch(() => {})
    .finally(() => {
      asking = null;
    });
  return asking;
}

// The server says when the unread count changes (/me/events, Server-Sent Events); the list
// itself is fetched then. A slow poll stays as a safety net for a stream that cannot open.
// The same stream says when the caseload changed (something happened in a dossier I support).
let bellStream = null;
const caseloadListeners = new Set();
/** fn() whenever my caseload may have changed; returns a function that stops listening. */
export function onCaseload(fn) {
  caseloadListeners.add(fn);
  return () => caseloadListeners.delete(fn);
}
function openBellStream() {
  if (bellStream) bellStream.close();
  bellStream = null;
  if (typeof EventSource === "undefined" || !state.online) return;
  bellStream = new EventSource(`${API}/me/events`);
  let shown = null;
  bellStream.addEventListener("notifications", (event) => {
    const { unread } = JSON.parse(event.data);
    if (shown !== null || unread !== state.unread) refreshUnread();
    shown = unread;
  });
  bellStream.addEventListener("caseload", () => {
    for (const fn of caseloadListeners) fn();
  });
}

let lastUser = null;
let lastOnline = null;
subscribe(() => {
  const id = state.me && !state.meFromCache ? state.me.id : null;
  if (id === lastUser && state.online === lastOnline) return;
  const userChanged = id !== lastUser;
  lastUser = id;
  lastOnline = state.online;
  if (userChanged) {
    state.unread = 0;
    state.notifications = null;
  }
  clearInterval(pollTimer);
  if (!id) {
    if (bellStream) bellStream.close();
    bellStream = null;
    return;
  }
  if (userChanged) refreshUnread();
  openBellStream();
  pollTimer = setInterval(() => {
    if (document.visibilityState === "visible") refreshUnread();
  }, 5 * 60_000);
});
document.addEventListener("visibilitychange", () => {
  if (document.visibilityState === "visible") refreshUnread();
});

export function Bell() {
  const count = state.unread || 0;
  const label = count ? t("bell_unread", { count }) : t("bell");
  return html`<a class="bell" href="#/notifications" aria-label=${label}>
    <svg class="icon" viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" focusable="false">
      <path d="M12 3a6 6 0 0 0-6 6v4l-2 3h16l-2-3V9a6 6 0 0 0-6-6z" fill="none" stroke="currentColor" stroke-width="2" stroke-linejoin="round" />
      <path d="M10 19a2 2 0 0 0 4 0" fill="none" stroke="currentColor" stroke-width="2" />
    </svg>
    ${count ? html`<span class="bell-count" aria-hidden="true">${count > 99 ? "99+" : count}</span>` : null}
  </a>`;
}

// --- my people -------------------------------------------------------------------------

export const CASELOAD_HASH = "#/people/mine";

/** "Mijn leerlingen", "Mijn stagiairs", "Mijn coachees", or "Mijn mensen" (mixed, or nobody yet). */
export const caseloadTitle = (kind) => t(`caseload_title_${kind || "people"}`);

/** Where the app's home is: the caseload for those who support others, otherwise my dossier. */
export const homeLink = () => (state.me && state.me.caseload ? CASELOAD_HASH : "#/");

// --- the menu --------------------------------------------------------------------------

/** In a workplace link's session: the pupil, their reports, the bell, and an account to make. */
function linkSessionLinks(me) {
  const id = me.workplace.dossier_id;
  const links = [
    [`#/d/${id}`, t("nav_internship", { name: me.workplace.pupil_name })],
    [`#/dossier/${id}/reports`, t("nav_reports")],
    ["#/notifications", t("nav_notifications")],
  ];
  if (me.is_guest) links.push(["#/make-account", t("nav_make_account")]);
  return links;
}

function accountLinks() {
  const mine = ["#/", t("nav_my_dossier")];
  const people = [CASELOAD_HASH, caseloadTitle(state.me && state.me.caseload)];
  return [
    ...(state.me && state.me.caseload ? [people, mine] : [mine, people]),
    ["#/cv", t("nav_cv")],
    ["#/credentials", t("nav_credentials")],
    ["#/growth", t("nav_growth")],
    ["#/frameworks", t("nav_frameworks")],
    ["#/people", t("nav_people")],
    ["#/organisations", t("nav_organisations")],
    ["#/notifications", t("nav_notifications")],
    ["#/account", t("nav_account")],
  ];
}

export function MenuLinks({ onNavigate }) {
  const links = state.me && state.me.workplace ? linkSessionLinks(state.me) : accountLinks();
  const here = landsOnCaseload() ? CASELOAD_HASH : location.hash || "#/";
  return html`<nav class="menu-links" aria-label=${t("menu_nav")}>
    <ul>
      ${links.map(
        ([href, label]) => html`<li>
          <a href=${href} aria-current=${here === href ? "page" : undefined} onClick=${onNavigate}>${label}</a>
        </li>`,
      )}
    </ul>
  </nav>`;
}

// --- a dossier's own links, under its timeline -----------------------------------------------

export function DossierNav({ dossierId }) {
  const access = accessTo(dossierId);
  const talks = access.owner || access.scopes.includes("reflect") || access.scopes.includes("contribute");
  const links = [[`#/dossier/${dossierId}/coverage`, t("nav_coverage")]];
  if (talks) links.push([`#/dossier/${dossierId}/conversation`, t("nav_conversation")]);
  links.push([`#/dossier/${dossierId}/reports`, t("nav_reports")]); // everyone with access reads them; a viewing mentor signs
  if (access.owner || access.role === "coach") links.push([`#/dossier/${dossierId}/coaching`, t("nav_coaching")]);
  if (access.mayProposeInternship) links.push([`#/dossier/${dossierId}/internships`, t("nav_internships")]);
  if (access.owner) links.push(["#/people", t("nav_sharing")]);
  return html`<nav class="dossier-nav" aria-label=${t("dossier_nav")}>
    ${links.map(([href, label]) => html`<a class="button small" href=${href}>${label}</a>`)}
  </nav>`;
}

const role = (name) => (has(`role_${name}`) ? t(`role_${name}`) : name);

/** "toegevoegd door Peter (werkgever)", when someone other than the owner added it. */
export function addedByText(item) {
  if (item.created_role === "owner" || !item.created_role) return "";
  // Without an account: the person deleted theirs (or it came with an imported dossier).
  const name = item.created_by ? item.created_by.display_name : personName(item.created_by_name, "");
  return name ? t("added_by", { name, role: role(item.created_role).toLowerCase() }) : "";
}

/** The marks of an item someone added on the owner's behalf, for the timeline. */
export function AddedBy({ item }) {
  const text = addedByText(item);
  if (!text) return null;
  const owner = isOwn(item.dossier_id);
  return html`<p class="added-by">
    <span class="added-by-text">${text}</span>
    ${owner && item.hidden ? html` <span class="badge badge-hidden">${t("review_hidden_badge")}</span>` : null}
    ${owner && !item.reviewed && !item.hidden ? html` <span class="badge badge-new">${t("review_new_badge")}</span>` : null}
  </p>`;
}
