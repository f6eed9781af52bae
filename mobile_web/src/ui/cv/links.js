// #/cv/links: links for recruiters (make, copy, views, revoke) and the preview.
import { useEffect, useId, useRef, useState } from "preact/hooks";
import { api, errorText } from "../../api.js";
import { t } from "../../i18n.js";
import { notify } from "../../state.js";
import { ErrorBox, Field, useSubmit } from "../common.js";
import { endOfDay, formatDate, formatDay, html, Pending, Screen, today, useLoad } from "../kit.js";
import { back, cvPath, focusLater, live, Preview } from "./shared.js";

/** The addresses of links made in this visit of the app: the server keeps only their hash, so
 * an address can be copied only until the app is closed. */
const madeNow = new Map();

function CopyLink({ url, label }) {
  const id = useId();
  const input = useRef(null);
  const [failed, setFailed] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(url);
      setFailed(false);
      notify(t("cv_link_copied"));
    } catch {
      // No clipboard (an older browser, an insecure page): the address is there to copy by hand.
      setFailed(true);
      input.current?.focus();
      input.current?.select();
    }
  };
  return html`<div class="field cv-copy">
    <label for=${id}>${t("cv_link_address", { label })}</label>
    <p class="hint" id=${`${id}-hint`}>${t("cv_link_fresh_hint")}</p>
    <div class="cv-copy-row">
      <input id=${id} type="text" readonly value=${url} ref=${input} data-copy-link aria-describedby=${`${id}-hint${failed ? ` ${id}-failed` : ""}`} onFocus=${(e) => e.currentTarget.select()} />
      <button type="button" class="button primary" onClick=${copy}>${t("cv_link_copy")}</button>
    </div>
    ${failed ? html`<p class="field-error" id=${`${id}-failed`} role="alert">${t("cv_link_copy_failed")}</p>` : null}
  </div>`;
}

function NewLink({ onCreated }) {
  const [values, setValues] = useState({ label: "", until: "" });
  const { submit, busy, error, fields } = useSubmit(
    async () => {
      const link = await api("POST", `${cvPath()}/links`, { label: values.label, expires_at: endOfDay(values.until) });
      madeNow.set(link.id, link.url);
      setValues({ label: "", until: "" });
      notify(t("cv_link_created"));
      await onCreated(link);
    },
    { check: () => (values.until && values.until < today() ? { expires_at: t("field_expires_at") } : {}) },
  );
  return html`<form class="panel" novalidate aria-labelledby="cv-link-new-heading" onSubmit=${submit}>
    <h2 id="cv-link-new-heading">${t("cv_link_new")}</h2>
    <${ErrorBox} error=${error} />
    <${Field} name="label" label=${t("cv_link_label")} hint=${t("cv_link_label_hint")} maxlength="200" value=${values.label} onInput=${(label) => setValues({ ...values, label })} error=${fields.label} />
    <div class="field">
      <label for="cv-link-until">${t("cv_link_until")}</label>
      <p class="hint" id="cv-link-until-hint">${t("cv_link_until_hint")}</p>
      <input
        type="date"
        id="cv-link-until"
        name="expires_at"
        data-field="expires_at"
        min=${today()}
        value=${values.until}
        aria-invalid=${fields.expires_at ? "true" : undefined}
        aria-describedby=${`cv-link-until-hint${fields.expires_at ? " cv-link-until-error" : ""}`}
        onInput=${(e) => setValues({ ...values, until: e.currentTarget.value })}
      />
      ${fields.expires_at ? html`<p class="field-error" id="cv-link-until-error">${fields.expires_at}</p>` : null}
    </div>
    <button type="submit" class="button primary wide" disabled=${busy}>${busy ? t("saving") : t("cv_link_create")}</button>
  </form>`;
}

function LinkCard({ link, onRevoked }) {
  const [busy, setBusy] = useState(false);
  const label = link.label || t("cv_link_unnamed");
  const expired = !live(link);
  const revoke = async () => {
    if (!window.confirm(t("cv_link_revoke_confirm", { label }))) return;
    setBusy(true);
    try {
      await api("DELETE", `/cv-links/${link.id}`);
      madeNow.delete(link.id);
      notify(t("cv_link_revoked"));
      await onRevoked();
      focusLater("#cv-links-heading");
    } catch (err) {
      notify(errorText(err));
      setBusy(false);
    }
  };
  let until = t("cv_link_no_end");
  if (link.expires_at)
    until = t(expired ? "cv_link_expired" : "cv_link_valid_until", { date: formatDay(link.expires_at) });
  return html`<li class=${`cv-link${expired ? " cv-link-expired" : ""}`} data-id=${link.id}>
    <h3>${label}</h3>
    <p class="meta">${t("cv_link_made", { date: formatDay(link.created_at) })} · ${until}</p>
    <p class="cv-views">
      ${
        link.view_count
          ? html`<strong>${t("cv_link_views", { count: link.view_count })}</strong> · ${t("cv_link_last_view", { date: formatDate(link.last_viewed_at) })}`
          : t("cv_link_never")
      }
    </p>
    ${madeNow.has(link.id) && !expired ? html`<${CopyLink} url=${madeNow.get(link.id)} label=${label} />` : null}
    <button type="button" class="button small danger" aria-label=${t("cv_link_revoke_named", { label })} disabled=${busy} onClick=${revoke}>${t("cv_link_revoke")}</button>
  </li>`;
}

export function CvLinksScreen() {
  const links = useLoad(() => api("GET", `${cvPath()}/links`), []);
  // Views come in while the owner is elsewhere: look again on coming back to the app.
  useEffect(() => {
    const again = () => document.visibilityState === "visible" && links.reload();
    document.addEventListener("visibilitychange", again);
    return () => document.removeEventListener("visibilitychange", again);
  }, [links.reload]);
  const created = async (link) => {
    await links.reload();
    focusLater(`[data-id="${link.id}"] [data-copy-link]`);
  };
  const newestFirst = [...(links.data || [])].reverse();
  return html`<${Screen} title=${t("cv_part_links")} sub=${t("cv_links_sub")} back=${back()}>
    <${NewLink} onCreated=${created} />
    <section aria-labelledby="cv-links-heading">
      <div class="cv-links-head">
        <h2 id="cv-links-heading" tabindex="-1">${t("cv_links_title")}</h2>
        <button type="button" class="button small" disabled=${links.loading} onClick=${links.reload}>${t("cv_links_refresh")}</button>
      </div>
      ${
        links.data
          ? links.data.length
            ? html`<ul class="card-list cv-links" aria-labelledby="cv-links-heading">
              ${newestFirst.map((link) => html`<${LinkCard} key=${link.id} link=${link} onRevoked=${links.reload} />`)}
            </ul>`
            : html`<p class="notice">${t("cv_links_none")}</p>`
          : html`<${Pending} result=${links} />`
      }
    </section>
    <section class="panel" aria-labelledby="cv-links-preview">
      <h2 id="cv-links-preview">${t("cv_preview_title")}</h2>
      <${Preview} />
    </section>
  <//>`;
}
