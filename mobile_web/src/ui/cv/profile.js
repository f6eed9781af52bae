// #/cv: the parts of my CV, the profile (name, a photo from the dossier, introduction, contact),
// a preview of what a recruiter sees, and the PDF and JSON Resume downloads.
import { useId, useState } from "preact/hooks";
import { API, ApiError, api, errorFromResponse, session } from "../../api.js";
import { t } from "../../i18n.js";
import { notify, state } from "../../state.js";
import { ErrorBox, Field, titleOf, useSubmit } from "../common.js";
import { formatDay, html, Pending, Screen, useLoad } from "../kit.js";
import { allEvidence, choosable, cvPath, live, PickThumb, Preview } from "./shared.js";

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Fetch a file of the API and hand it to the browser as a download; errors as ApiError. */
async function download(path, filename) {
  let response;
  try {
    response = await fetch(API + path, { credentials: "same-origin" });
  } catch {
    throw new ApiError(0, "network");
  }
  if (!response.ok) {
    const err = errorFromResponse(response.status, await response.json().catch(() => null));
    if (err.status === 401 && session.onLost) session.onLost(err);
    throw err;
  }
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

function Parts({ cv, links }) {
  const parts = [
    [
      "#/cv/experience",
      t("cv_part_experience"),
      t("cv_part_experience_count", { work: cv.work.length, education: cv.education.length }),
    ],
    [
      "#/cv/showcase",
      t("cv_part_showcase"),
      t("cv_part_showcase_count", { items: cv.evidence_ids.length, competencies: cv.competency_ids.length }),
    ],
    [
      "#/cv/confirmed",
      t("cv_confirmed"),
      t("cv_part_confirmed_count", { count: cv.report_ids.length + cv.level_ids.length }),
    ],
    ["#/cv/links", t("cv_part_links"), links ? t("cv_part_links_count", { count: links.filter(live).length }) : ""],
  ];
  return html`<nav aria-label=${t("cv_parts")}>
    <ul class="card-list cv-parts">
      ${parts.map(
        ([href, label, sub]) => html`<li class="cv-part">
          <a href=${href}><strong>${label}</strong><span aria-hidden="true"> →</span></a>
          ${sub ? html`<p class="meta">${sub}</p>` : null}
        </li>`,
      )}
    </ul>
  </nav>`;
}

function PhotoPicker({ photos, value, onChange, error }) {
  const id = useId();
  return html`<fieldset class="checks cv-photos" aria-describedby=${`${id}-hint`} data-field="photo_evidence_id">
    <legend>${t("cv_photo")}</legend>
    <p class="hint" id=${`${id}-hint`}>${t("cv_photo_hint")}</p>
    ${
      photos.data
        ? html`<div class="check">
            <input type="radio" name=${id} id=${`${id}-none`} checked=${!value} onChange=${() => onChange("")} />
            <label for=${`${id}-none`}>${t("cv_photo_none")}</label>
          </div>
          ${photos.data.map(
            (photo) => html`<div class="check cv-pick">
              <input type="radio" name=${id} id=${`${id}-${photo.id}`} checked=${value === photo.id} onChange=${() => onChange(photo.id)} />
              <label for=${`${id}-${photo.id}`}>
                <${PickThumb} item=${photo} />
                <span>${titleOf(photo)}<span class="check-sub">${formatDay(photo.occurred_at)}</span></span>
              </label>
            </div>`,
          )}
          ${photos.data.length ? null : html`<p class="meta">${t("cv_photo_empty")}</p>`}`
        : html`<${Pending} result=${photos} />`
    }
    ${error ? html`<p class="field-error" role="alert">${error}</p>` : null}
  </fieldset>`;
}

function ProfileForm({ cv, onSaved }) {
  // A hidden photo is left off the CV, so it is no choice for the profile photo either.
  const photos = useLoad(async () => (await allEvidence("photo")).filter((p) => choosable(p) && !p.hidden), []);
  const [values, setValues] = useState(() => ({
    display_name: state.me.display_name,
    headline: cv.headline,
    introduction: cv.introduction,
    email: cv.email,
    phone: cv.phone,
    photo_evidence_id: cv.photo_evidence_id || "",
  }));
  const set = (changes) => setValues((v) => ({ ...v, ...changes }));
  const check = () => {
    const problems = {};
    if (!values.display_name.trim()) problems.display_name = t("field_display_name");
    if (values.email.trim() && !EMAIL.test(values.email.trim())) problems.email = t("field_email");
    return problems;
  };
  const { submit, busy, error, fields } = useSubmit(
    async () => {
      const name = values.display_name.trim();
      if (name !== state.me.display_name) {
        const me = await api("PATCH", "/me", { display_name: name });
        state.me = { ...state.me, display_name: me.display_name };
      }
      const saved = await api("PATCH", cvPath(), {
        headline: values.headline,
        introduction: values.introduction,
        email: values.email.trim(),
        phone: values.phone,
        photo_evidence_id: values.photo_evidence_id || null,
      });
      notify(t("saved"));
      onSaved(saved);
    },
    { check },
  );
  return html`<form class="panel" novalidate aria-labelledby="cv-profile-heading" onSubmit=${submit}>
    <h2 id="cv-profile-heading">${t("cv_profile")}</h2>
    <${ErrorBox} error=${error} />
    <${Field} name="display_name" label=${t("cv_name")} hint=${t("cv_name_hint")} autocomplete="name" maxlength="120" value=${values.display_name} onInput=${(display_name) => set({ display_name })} error=${fields.display_name} />
    <${Field} name="headline" label=${t("cv_headline")} hint=${t("cv_headline_hint")} maxlength="200" value=${values.headline} onInput=${(headline) => set({ headline })} error=${fields.headline} />
    <${Field} name="introduction" label=${t("cv_introduction")} hint=${t("cv_introduction_hint")} multiline maxlength="5000" value=${values.introduction} onInput=${(introduction) => set({ introduction })} error=${fields.introduction} />
    <${PhotoPicker} photos=${photos} value=${values.photo_evidence_id} onChange=${(photo_evidence_id) => set({ photo_evidence_id })} error=${fields.photo_evidence_id} />
    <fieldset class="checks cv-contact">
      <legend>${t("cv_contact")}</legend>
      <p class="hint">${t("cv_contact_hint")}</p>
      <${Field} name="email" type="email" label=${t("cv_email")} autocomplete="email" inputmode="email" autocapitalize="none" spellcheck="false" maxlength="254" value=${values.email} onInput=${(email) => set({ email })} error=${fields.email} />
      <${Field} name="phone" type="tel" label=${t("cv_phone")} autocomplete="tel" maxlength="50" value=${values.phone} onInput=${(phone) => set({ phone })} error=${fields.phone} />
      ${values.email.trim() || values.phone.trim() ? null : html`<p class="notice" role="status">${t("cv_no_contact_warning")}</p>`}
    </fieldset>
    <button type="submit" class="button primary wide" disabled=${busy}>${busy ? t("saving") : t("cv_profile_save")}</button>
  </form>`;
}

function Downloads() {
  const [busy, setBusy] = useState("");
  const [error, setError] = useState(null);
  const get = async (kind) => {
    const [path, name] = kind === "pdf" ? [`${cvPath()}.pdf`, "cv.pdf"] : [`${cvPath()}/resume.json`, "resume.json"];
    setBusy(kind);
    setError(null);
    try {
      await download(path, name);
      notify(t("cv_downloaded", { name }));
    } catch (err) {
      setError(err);
    } finally {
      setBusy("");
    }
  };
  return html`<section class="panel" aria-labelledby="cv-see-heading">
    <h2 id="cv-see-heading">${t("cv_see")}</h2>
    <${Preview} />
    <${ErrorBox} error=${error} />
    <div class="actions-row">
      <button type="button" class="button" disabled=${Boolean(busy)} onClick=${() => get("pdf")}>${t("cv_pdf")}</button>
      <button type="button" class="button" disabled=${Boolean(busy)} aria-describedby="cv-json-hint" onClick=${() => get("json")}>${t("cv_json")}</button>
    </div>
    <p class="hint" id="cv-json-hint">${t("cv_json_hint")}</p>
    ${busy ? html`<progress class="cv-progress" aria-hidden="true"></progress>` : null}
    <p class="meta" role="status">${busy ? t(busy === "pdf" ? "cv_making_pdf" : "cv_making_json") : ""}</p>
  </section>`;
}

export function CvScreen() {
  const cv = useLoad(() => api("GET", cvPath()), []);
  const links = useLoad(() => api("GET", `${cvPath()}/links`), []);
  return html`<${Screen} title=${t("nav_cv")} sub=${t("cv_sub")}>
    ${
      cv.data
        ? html`<${Parts} cv=${cv.data} links=${links.data} />
          <${ProfileForm} cv=${cv.data} onSaved=${cv.set} />
          <${Downloads} />`
        : html`<${Pending} result=${cv} />`
    }
  <//>`;
}
