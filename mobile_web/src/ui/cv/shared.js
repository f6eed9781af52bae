// What the CV screens share: where my CV is, my dossier's items to choose from, the preview
// link, and a small picture of an item. Loading it adds the CV texts.
import { API, api } from "../../api.js";
import { ownDossierId } from "../../dossiers.js";
import { addTexts, t } from "../../i18n.js";
import texts from "../../texts/cv.js";
import { kindLabel, Thumbnail } from "../common.js";
import { html } from "../kit.js";

addTexts(texts);

export const cvPath = () => `/dossiers/${ownDossierId()}/cv`;
export const back = () => ({ href: "#/cv", label: t("cv_back") });
export const live = (link) => !link.expires_at || new Date(link.expires_at) > new Date();

/** What may go on my CV: my own items, and what others added for me once I kept it. */
export const choosable = (item) => item.reviewed;

/** Every item of my dossier (or of one kind), page by page. */
export async function allEvidence(kind = "") {
  const items = [];
  let cursor = null;
  for (let page = 0; page < 20; page += 1) {
    const query = new URLSearchParams({ limit: "100" });
    if (kind) query.set("kind", kind);
    if (cursor) query.set("cursor", cursor);
    const result = await api("GET", `/dossiers/${ownDossierId()}/evidence?${query}`);
    items.push(...result.items);
    cursor = result.next_cursor;
    if (!cursor) break;
  }
  return items;
}

export const focusLater = (selector) =>
  requestAnimationFrame(() => (document.querySelector(selector) || document.querySelector("#main h1"))?.focus());

/** A small picture of an item, or its kind's first letter while there is none. */
export function PickThumb({ item }) {
  const media = item.media || {};
  return html`<span class="thumb thumb-small cv-thumb">
    ${media.thumbnail ? html`<${Thumbnail} media=${media} />` : html`<span class="thumb-label" aria-hidden="true">${kindLabel(item.kind).slice(0, 1)}</span>`}
    ${item.kind === "video" ? html`<span class="play" aria-hidden="true"></span>` : null}
  </span>`;
}

/** A link to my CV as a recruiter sees it. */
export function Preview() {
  return html`<p class="hint" id="cv-preview-hint">${t("cv_preview_hint")}</p>
    <p><a class="button wide" href=${`${API}${cvPath()}/preview`} target="_blank" rel="noopener" aria-describedby="cv-preview-hint">${t("cv_preview")}</a></p>`;
}
