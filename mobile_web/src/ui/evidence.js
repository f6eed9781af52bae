// What the evidence detail screen shows besides the item itself: for the owner, the decision
// on an item someone else added (keep, hide, remove); the competencies it shows; and the
// reflections on it.
import { useState } from "preact/hooks";
import { api, errorText } from "../api.js";
import { can, isOwn, mayEdit } from "../dossiers.js";
import { t } from "../i18n.js";
import { dropItem } from "../live.js";
import { notify } from "../state.js";
import { go } from "./common.js";
import { LinkedCompetencies } from "./competencies.js";
import { html } from "./kit.js";
import { addedByText } from "./nav.js";
import { Reflections } from "./reflect.js";

function Review({ item, onChange }) {
  const [busy, setBusy] = useState(false);
  const act = async (action) => {
    setBusy(true);
    try {
      onChange(await api("POST", `/evidence/${item.id}/review`, { action }));
      notify(t(`review_${action}_done`));
    } catch (err) {
      notify(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  const remove = async () => {
    if (!window.confirm(t("delete_confirm"))) return;
    setBusy(true);
    try {
      await api("DELETE", `/evidence/${item.id}`);
      dropItem(item.id);
      notify(t("deleted"));
      go("#/");
    } catch (err) {
      notify(errorText(err));
      setBusy(false);
    }
  };
  let state = t("review_state_new");
  if (item.hidden) state = t("review_state_hidden");
  else if (item.reviewed) state = t("review_state_kept");
  return html`<section class="panel review" aria-labelledby="review-heading">
    <h2 id="review-heading">${t("review_title")}</h2>
    <p>${addedByText(item)}.</p>
    <p class="review-state"><strong>${state}</strong></p>
    <p class="hint">${t("review_hint")}</p>
    <div class="actions-row">
      ${item.reviewed && !item.hidden ? null : html`<button type="button" class="button primary" disabled=${busy} onClick=${() => act("keep")}>${t("review_keep")}</button>`}
      ${
        item.hidden
          ? html`<button type="button" class="button" disabled=${busy} onClick=${() => act("show")}>${t("review_show")}</button>`
          : html`<button type="button" class="button" disabled=${busy} onClick=${() => act("hide")}>${t("review_hide")}</button>`
      }
      <button type="button" class="button danger" disabled=${busy} onClick=${remove}>${t("review_remove")}</button>
    </div>
  </section>`;
}

/** Owner-only decisions on an item added by someone else. */
export const needsReview = (item) => isOwn(item.dossier_id) && Boolean(addedByText(item));

export function EvidenceExtras({ item, onChange }) {
  const mayReflect = isOwn(item.dossier_id) || can(item.dossier_id, "reflect");
  return html`
    ${needsReview(item) ? html`<${Review} item=${item} onChange=${onChange} />` : null}
    <${LinkedCompetencies} item=${item} editable=${mayEdit(item)} onChange=${onChange} />
    <${Reflections} item=${item} mayReflect=${mayReflect} />
  `;
}
