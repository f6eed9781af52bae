// The online CV as its owner curates it (routes in ui/cv-routes.js): the profile (name, a photo
// from the dossier, introduction, contact), education and work (add, change, reorder, remove),
// the work and competencies it shows, share links for recruiters (make, copy, views, revoke),
// a preview of what a recruiter sees, and the PDF and JSON Resume downloads.
import { useEffect, useId, useRef, useState } from "preact/hooks";
import { API, ApiError, api, errorFromResponse, errorText, session } from "../api.js";
import { ownDossierId } from "../dossiers.js";
import { addTexts, t } from "../i18n.js";
import { notify, state } from "../state.js";
import texts from "../texts/cv.js";
import { ErrorBox, Field, fieldErrors, kindLabel, Thumbnail, titleOf } from "./common.js";
import { Competency, endOfDay, formatDate, formatDay, html, Pending, Screen, today, useLoad } from "./kit.js";

addTexts(texts);

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PERIOD = /^[12][0-9]{3}(-[01][0-9](-[0-3][0-9])?)?$/;

const cvPath = () => `/dossiers/${ownDossierId()}/cv`;
const back = () => ({ href: "#/cv", label: t("cv_back") });
const live = (link) => !link.expires_at || new Date(link.expires_at) > new Date();

/** What may go on my CV: my own items, and what others added for me once I kept it. */
const choosable = (item) => item.reviewed;

/** Every item of my dossier (or of one kind), page by page. */
async function allEvidence(kind = "") {
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

const focusLater = (selector) =>
  requestAnimationFrame(() => (document.querySelector(selector) || document.querySelector("#main h1"))?.focus());

/** A small picture of an item, or its kind's first letter while there is none. */
function PickThumb({ item }) {
  const media = item.media || {};
  return html`<span class="thumb thumb-small cv-thumb">
    ${media.thumbnail ? html`<${Thumbnail} media=${media} />` : html`<span class="thumb-label" aria-hidden="true">${kindLabel(item.kind).slice(0, 1)}</span>`}
    ${item.kind === "video" ? html`<span class="play" aria-hidden="true"></span>` : null}
  </span>`;
}

// --- #/cv: the parts, the profile, preview and downloads -------------------------------------

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
  const [error, setError] = useState(null);
  const [fields, setFields] = useState({});
  const [busy, setBusy] = useState(false);
  const set = (changes) => setValues((v) => ({ ...v, ...changes }));
  const submit = async (event) => {
    event.preventDefault();
    const problems = {};
    if (!values.display_name.trim()) problems.display_name = t("field_display_name");
    if (values.email.trim() && !EMAIL.test(values.email.trim())) problems.email = t("field_email");
    if (Object.keys(problems).length) {
      setFields(problems);
      setError(new ApiError(0, "invalid"));
      return;
    }
    setBusy(true);
    try {
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
      setError(null);
      setFields({});
      notify(t("saved"));
      onSaved(saved);
    } catch (err) {
      setError(err);
      setFields(fieldErrors(err));
    } finally {
      setBusy(false);
    }
  };
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
    </fieldset>
    <button type="submit" class="button primary wide" disabled=${busy}>${busy ? t("saving") : t("cv_profile_save")}</button>
  </form>`;
}

function Preview() {
  return html`<p class="hint" id="cv-preview-hint">${t("cv_preview_hint")}</p>
    <p><a class="button wide" href=${`${API}${cvPath()}/preview`} target="_blank" rel="noopener" aria-describedby="cv-preview-hint">${t("cv_preview")}</a></p>`;
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

// --- #/cv/experience: work, internships and education ---------------------------------------

const ENTRIES = {
  work: {
    title: "cv_work",
    none: "cv_work_none",
    add: "cv_work_add",
    required: "name",
    blank: { name: "", position: "", start: "", end: "", summary: "", internship: false },
  },
  education: {
    title: "cv_education",
    none: "cv_education_none",
    add: "cv_education_add",
    required: "institution",
    blank: { institution: "", study_type: "", area: "", start: "", end: "" },
  },
};

const entryName = (kind, e) => (kind === "work" ? (e.position ? `${e.position}, ${e.name}` : e.name) : e.institution);

function period(entry) {
  if (entry.start && entry.end) return `${entry.start} – ${entry.end}`;
  if (entry.start) return t("cv_since", { start: entry.start });
  if (entry.end) return t("cv_until", { end: entry.end });
  return "";
}

/** What the API takes for an entry: its known fields only, empty dates as null. */
function entryPayload(kind, values) {
  const out = {};
  for (const key of Object.keys(ENTRIES[kind].blank)) {
    const value = values[key];
    if (key === "internship") out[key] = Boolean(value);
    else if (key === "start" || key === "end") out[key] = (value || "").trim() || null;
    else out[key] = (value || "").trim();
  }
  return out;
}

function checkEntry(kind, values) {
  const problems = {};
  if (!(values[ENTRIES[kind].required] || "").trim()) problems[ENTRIES[kind].required] = t("cv_field_name");
  for (const key of ["start", "end"]) {
    const value = (values[key] || "").trim();
    if (value && !PERIOD.test(value)) problems[key] = t("cv_field_date");
  }
  const start = (values.start || "").trim();
  const end = (values.end || "").trim();
  if (!problems.start && !problems.end && start && end) {
    const n = Math.min(start.length, end.length);
    if (end.slice(0, n) < start.slice(0, n)) problems.end = t("cv_field_end_before_start");
  }
  return problems;
}

/** The server's words about one entry ({work: {"2": {start: [...]}}}), in ours where we have them. */
function entryErrors(kind, index, err) {
  const texts = {};
  const all = (err && err.fields && err.fields[kind]) || {};
  const mine = typeof all === "object" && !Array.isArray(all) ? all[String(index)] || {} : {};
  for (const [name, list] of Object.entries(mine)) {
    if (name === "start" || name === "end") texts[name] = t("cv_field_date");
    else if (name === ENTRIES[kind].required) texts[name] = t("cv_field_name");
    else texts[name] = [].concat(list).join(" ");
  }
  return texts;
}

function EntryForm({ kind, entry, index, name, onSave, onCancel }) {
  const [values, setValues] = useState(() => {
    const start = {};
    for (const key of Object.keys(ENTRIES[kind].blank)) start[key] = entry[key] ?? ENTRIES[kind].blank[key];
    return start;
  });
  const [error, setError] = useState(null);
  const [fields, setFields] = useState({});
  const [busy, setBusy] = useState(false);
  const checkId = useId();
  const set = (changes) => setValues((v) => ({ ...v, ...changes }));
  const submit = async (event) => {
    event.preventDefault();
    const problems = checkEntry(kind, values);
    if (Object.keys(problems).length) {
      setFields(problems);
      setError(new ApiError(0, "invalid"));
      return;
    }
    setBusy(true);
    try {
      await onSave(entryPayload(kind, values));
    } catch (err) {
      setError(err);
      setFields(entryErrors(kind, index, err));
      setBusy(false);
    }
  };
  const dateField = (key) =>
    html`<${Field} name=${key} label=${t(`cv_${key}`)} hint=${t("cv_date_hint")} inputmode="numeric" autocomplete="off" maxlength="10" placeholder="2025-09" value=${values[key]} onInput=${(v) => set({ [key]: v })} error=${fields[key]} />`;
  return html`<form class="panel cv-entry-form" novalidate aria-label=${name ? t("cv_entry_edit_named", { name }) : t(ENTRIES[kind].add)} onSubmit=${submit}>
    ${name ? null : html`<h3>${t(ENTRIES[kind].add)}</h3>`}
    <${ErrorBox} error=${error} />
    ${
      kind === "work"
        ? html`<${Field} name="name" label=${t("cv_work_name")} maxlength="200" value=${values.name} onInput=${(v) => set({ name: v })} error=${fields.name} />
          <${Field} name="position" label=${t("cv_work_position")} hint=${t("cv_work_position_hint")} maxlength="200" value=${values.position} onInput=${(v) => set({ position: v })} error=${fields.position} />
          ${dateField("start")} ${dateField("end")}
          <${Field} name="summary" label=${t("cv_work_summary")} multiline maxlength="2000" value=${values.summary} onInput=${(v) => set({ summary: v })} error=${fields.summary} />
          <div class="check">
            <input type="checkbox" id=${checkId} checked=${values.internship} onChange=${(e) => set({ internship: e.currentTarget.checked })} />
            <label for=${checkId}>${t("cv_work_internship")}</label>
          </div>`
        : html`<${Field} name="institution" label=${t("cv_education_institution")} maxlength="200" value=${values.institution} onInput=${(v) => set({ institution: v })} error=${fields.institution} />
          <${Field} name="study_type" label=${t("cv_education_study_type")} hint=${t("cv_education_study_type_hint")} maxlength="200" value=${values.study_type} onInput=${(v) => set({ study_type: v })} error=${fields.study_type} />
          <${Field} name="area" label=${t("cv_education_area")} hint=${t("cv_education_area_hint")} maxlength="200" value=${values.area} onInput=${(v) => set({ area: v })} error=${fields.area} />
          ${dateField("start")} ${dateField("end")}`
    }
    <div class="actions-row">
      <button type="submit" class="button primary" disabled=${busy}>${busy ? t("saving") : name ? t("save") : t("cv_entry_add_submit")}</button>
      <button type="button" class="button" disabled=${busy} onClick=${onCancel}>${t("cancel")}</button>
    </div>
  </form>`;
}

function EntryCard({ kind, entry, index, count, busy, onEdit, onMove, onRemove }) {
  const name = entryName(kind, entry);
  const title =
    kind === "work" ? (entry.position ? `${entry.position} · ${entry.name}` : entry.name) : entry.institution;
  const about = kind === "education" ? [entry.study_type, entry.area].filter(Boolean).join(", ") : "";
  const meta = [period(entry), kind === "work" && entry.internship ? t("cv_internship") : ""]
    .filter(Boolean)
    .join(" · ");
  return html`<li class="cv-entry" data-entry=${`${kind}-${index}`}>
    <h3>${title}</h3>
    ${about ? html`<p>${about}</p>` : null}
    ${meta ? html`<p class="meta">${meta}</p>` : null}
    ${entry.summary ? html`<p class="cv-summary">${entry.summary}</p>` : null}
    <div class="actions-row">
      <button type="button" class="button small" data-act="edit" aria-label=${t("cv_entry_edit_named", { name })} disabled=${busy} onClick=${onEdit}>${t("cv_entry_edit")}</button>
      <button type="button" class="button small icon-button" data-act="up" aria-label=${t("cv_entry_up", { name })} disabled=${busy || index === 0} onClick=${() => onMove(index, index - 1)}>
        <span aria-hidden="true">↑</span>
      </button>
      <button type="button" class="button small icon-button" data-act="down" aria-label=${t("cv_entry_down", { name })} disabled=${busy || index === count - 1} onClick=${() => onMove(index, index + 1)}>
        <span aria-hidden="true">↓</span>
      </button>
      <button type="button" class="button small danger" data-act="remove" aria-label=${t("cv_entry_remove_named", { name })} disabled=${busy} onClick=${() => onRemove(index)}>${t("cv_entry_remove")}</button>
    </div>
  </li>`;
}

function Entries({ kind, cv, onSaved }) {
  const spec = ENTRIES[kind];
  const list = cv[kind];
  const [editing, setEditing] = useState(null); // an index, "new", or null
  const [busy, setBusy] = useState(false);
  const headingId = `cv-${kind}-heading`;
  const save = async (next) =>
    onSaved(await api("PATCH", cvPath(), { [kind]: next.map((e) => entryPayload(kind, e)) }));

  const add = async (entry) => {
    await save([...list, entry]);
    setEditing(null);
    notify(t("cv_entry_added"));
    focusLater(`[data-entry="${kind}-${list.length}"] [data-act="edit"]`);
  };
  const change = (index) => async (entry) => {
    await save(list.map((e, i) => (i === index ? entry : e)));
    setEditing(null);
    notify(t("cv_entry_changed"));
    focusLater(`[data-entry="${kind}-${index}"] [data-act="edit"]`);
  };
  const move = async (from, to) => {
    const next = [...list];
    const [entry] = next.splice(from, 1);
    next.splice(to, 0, entry);
    setBusy(true);
    try {
      await save(next);
      notify(t("cv_entry_moved", { name: entryName(kind, entry) }));
    } catch (err) {
      notify(errorText(err));
    } finally {
      setBusy(false);
    }
    // Focus stays with the entry that moved: on the same arrow while it can still be used,
    // otherwise on the other one.
    const order = to < from ? ["up", "down", "edit"] : ["down", "up", "edit"];
    requestAnimationFrame(() => {
      const row = document.querySelector(`[data-entry="${kind}-${to}"]`);
      const buttons = order.map((act) => row && row.querySelector(`[data-act="${act}"]`));
      buttons.find((b) => b && !b.disabled)?.focus();
    });
  };
  const remove = async (index) => {
    const name = entryName(kind, list[index]);
    if (!window.confirm(t("cv_entry_remove_confirm", { name }))) return;
    setBusy(true);
    try {
      await save(list.filter((_, i) => i !== index));
      notify(t("cv_entry_removed", { name }));
      focusLater(`#${headingId}`);
    } catch (err) {
      notify(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  const cancel = (selector) => () => {
    setEditing(null);
    focusLater(selector);
  };

  return html`<section class="cv-section" aria-labelledby=${headingId}>
    <h2 id=${headingId} tabindex="-1">${t(spec.title)}</h2>
    ${
      list.length
        ? html`<ol class="card-list cv-entries" aria-labelledby=${headingId}>
          ${list.map((entry, index) =>
            editing === index
              ? html`<li class="cv-entry" key=${`edit-${index}`} data-entry=${`${kind}-${index}`}>
                  <${EntryForm} kind=${kind} entry=${entry} index=${index} name=${entryName(kind, entry)} onSave=${change(index)} onCancel=${cancel(`[data-entry="${kind}-${index}"] [data-act="edit"]`)} />
                </li>`
              : html`<${EntryCard}
                  key=${`card-${index}`}
                  kind=${kind}
                  entry=${entry}
                  index=${index}
                  count=${list.length}
                  busy=${busy || editing !== null}
                  onEdit=${() => setEditing(index)}
                  onMove=${move}
                  onRemove=${remove}
                />`,
          )}
        </ol>`
        : html`<p class="notice">${t(spec.none)}</p>`
    }
    ${
      editing === "new"
        ? html`<${EntryForm} kind=${kind} entry=${spec.blank} index=${list.length} name="" onSave=${add} onCancel=${cancel(`[data-add="${kind}"]`)} />`
        : html`<button type="button" class="button wide cv-add" data-add=${kind} disabled=${busy || editing !== null} onClick=${() => setEditing("new")}>${t(spec.add)}</button>`
    }
  </section>`;
}

export function CvExperienceScreen() {
  const cv = useLoad(() => api("GET", cvPath()), []);
  return html`<${Screen} title=${t("cv_part_experience")} back=${back()}>
    ${
      cv.data
        ? html`<${Entries} kind="work" cv=${cv.data} onSaved=${cv.set} />
          <${Entries} kind="education" cv=${cv.data} onSaved=${cv.set} />`
        : html`<${Pending} result=${cv} />`
    }
  <//>`;
}

// --- #/cv/showcase: the work shown, and what it shows I can do --------------------------------

function Showcase({ cv, items, onSaved }) {
  const [chosen, setChosen] = useState(cv.evidence_ids);
  const [shown, setShown] = useState(cv.competency_ids);
  const [error, setError] = useState(null);
  const [fields, setFields] = useState({});
  const [busy, setBusy] = useState(false);
  const id = useId();

  // The competencies my evidence is linked to, each with the items that show it.
  const competencies = new Map();
  for (const item of items) {
    for (const c of item.competencies || []) {
      if (!competencies.has(c.item_id)) competencies.set(c.item_id, { ...c, items: [] });
      competencies.get(c.item_id).items.push(item);
    }
  }
  const toggle = (list, set, value, on) => set(on ? [...list, value] : list.filter((v) => v !== value));
  const submit = async (event) => {
    event.preventDefault();
    setBusy(true);
    try {
      // Only what is offered here: an item chosen before it waited for review stays off.
      const offered = new Set(items.map((item) => item.id));
      const saved = await api("PATCH", cvPath(), {
        evidence_ids: chosen.filter((i) => offered.has(i)),
        competency_ids: shown,
      });
      setError(null);
      setFields({});
      notify(t("saved"));
      onSaved(saved);
    } catch (err) {
      setError(err);
      setFields(fieldErrors(err));
    } finally {
      setBusy(false);
    }
  };
  const titles = (list) => list.map(titleOf).join(", ");
  return html`<form novalidate aria-label=${t("cv_part_showcase")} onSubmit=${submit}>
    <${ErrorBox} error=${error} />
    <section class="panel" aria-labelledby=${`${id}-items`}>
      <h2 id=${`${id}-items`}>${t("cv_items")}</h2>
      ${
        items.length
          ? html`<fieldset class="checks cv-items" aria-describedby=${`${id}-items-hint${fields.evidence_ids ? ` ${id}-items-error` : ""}`} data-field="evidence_ids">
            <legend class="visually-hidden">${t("cv_items")}</legend>
            <p class="hint" id=${`${id}-items-hint`}>${t("cv_items_hint")} ${t("cv_items_chosen", { count: chosen.length })}</p>
            ${items.map(
              (item) => html`<div class="check cv-pick">
                <input type="checkbox" id=${`${id}-e-${item.id}`} checked=${chosen.includes(item.id)} onChange=${(e) => toggle(chosen, setChosen, item.id, e.currentTarget.checked)} />
                <label for=${`${id}-e-${item.id}`}>
                  <${PickThumb} item=${item} />
                  <span
                    >${titleOf(item)}<span class="check-sub"
                      >${[kindLabel(item.kind), formatDay(item.occurred_at), item.status === "pending" ? t("cv_item_pending") : "", item.hidden ? t("cv_item_hidden") : ""].filter(Boolean).join(" · ")}</span
                    ></span
                  >
                </label>
              </div>`,
            )}
            ${fields.evidence_ids ? html`<p class="field-error" id=${`${id}-items-error`}>${fields.evidence_ids}</p>` : null}
          </fieldset>`
          : html`<p class="notice">${t("cv_items_none")}</p>`
      }
    </section>
    <section class="panel" aria-labelledby=${`${id}-competencies`}>
      <h2 id=${`${id}-competencies`}>${t("cv_competencies")}</h2>
      ${
        competencies.size
          ? html`<fieldset class="checks" aria-describedby=${`${id}-competencies-hint`} data-field="competency_ids">
            <legend class="visually-hidden">${t("cv_competencies")}</legend>
            <p class="hint" id=${`${id}-competencies-hint`}>${t("cv_competencies_hint")}</p>
            ${[...competencies.values()].map((c) => {
              const inCv = c.items.filter((i) => chosen.includes(i.id));
              const sub = inCv.length
                ? t("cv_competency_shown_in", { titles: titles(inCv) })
                : t("cv_competency_not_shown", { titles: titles(c.items) });
              return html`<div class="check">
                <input type="checkbox" id=${`${id}-c-${c.item_id}`} checked=${shown.includes(c.item_id)} onChange=${(e) => toggle(shown, setShown, c.item_id, e.currentTarget.checked)} />
                <label for=${`${id}-c-${c.item_id}`}><${Competency} code=${c.human_code} statement=${c.full_statement} /><span class="check-sub">${sub}</span></label>
              </div>`;
            })}
            ${fields.competency_ids ? html`<p class="field-error">${fields.competency_ids}</p>` : null}
          </fieldset>`
          : html`<p class="notice">${t("cv_competencies_none")}</p>`
      }
    </section>
    <button type="submit" class="button primary wide" disabled=${busy}>${busy ? t("saving") : t("cv_showcase_save")}</button>
  </form>`;
}

export function CvShowcaseScreen() {
  const data = useLoad(async () => {
    const [cv, all] = await Promise.all([api("GET", cvPath()), allEvidence()]);
    const items = all.filter(choosable);
    return { cv, items };
  }, []);
  return html`<${Screen} title=${t("cv_part_showcase")} back=${back()}>
    ${
      data.data
        ? html`<${Showcase} cv=${data.data.cv} items=${data.data.items} onSaved=${(cv) => data.set({ ...data.data, cv })} />`
        : html`<${Pending} result=${data} />`
    }
  <//>`;
}

// --- #/cv/links: links for recruiters -----------------------------------------------------

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
  const [error, setError] = useState(null);
  const [fields, setFields] = useState({});
  const [busy, setBusy] = useState(false);
  const submit = async (event) => {
    event.preventDefault();
    if (values.until && values.until < today()) {
      setFields({ expires_at: t("field_expires_at") });
      setError(new ApiError(0, "invalid"));
      return;
    }
    setBusy(true);
    try {
      const link = await api("POST", `${cvPath()}/links`, { label: values.label, expires_at: endOfDay(values.until) });
      madeNow.set(link.id, link.url);
      setValues({ label: "", until: "" });
      setError(null);
      setFields({});
      notify(t("cv_link_created"));
      await onCreated(link);
    } catch (err) {
      setError(err);
      setFields(fieldErrors(err));
    } finally {
      setBusy(false);
    }
  };
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
