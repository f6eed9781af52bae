// #/cv/experience: work, internships and education on my CV (add, change, reorder, remove).
import { useId, useState } from "preact/hooks";
import { api, errorText } from "../../api.js";
import { t } from "../../i18n.js";
import { notify } from "../../state.js";
import { ErrorBox, Field, useSubmit } from "../common.js";
import { html, Pending, Screen, useLoad } from "../kit.js";
import { back, cvPath, focusLater } from "./shared.js";

const PERIOD = /^[12][0-9]{3}(-[01][0-9](-[0-3][0-9])?)?$/;

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
  const checkId = useId();
  const set = (changes) => setValues((v) => ({ ...v, ...changes }));
  const { submit, busy, error, fields } = useSubmit(() => onSave(entryPayload(kind, values)), {
    check: () => checkEntry(kind, values),
    fieldsOf: (err) => entryErrors(kind, index, err),
  });
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
