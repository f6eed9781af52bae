// The professionalisation log of a school year: add, edit and delete activities, with their
// goals, competencies and a certificate (an item of the dossier, or a file uploaded as one).
import { useId, useRef, useState } from "preact/hooks";
import { api, errorText, postForm } from "../../api.js";
import { t } from "../../i18n.js";
import { notify } from "../../state.js";
import { ErrorBox, Field, useSubmit } from "../common.js";
import {
  CheckGroup,
  Competency,
  formatDay,
  html,
  Pending,
  RadioGroup,
  SelectField,
  today,
  useFocusOnOpen,
} from "../kit.js";
import { CompetencyPicker } from "./competency-picker.js";
import { hoursText, kindText, moneyText, parseNumber, typedNumber, useOwnEvidence, yearLabel } from "./shared.js";

const ACTIVITY_KINDS = [
  "course",
  "study_day",
  "conference",
  "peer_observation",
  "intervision",
  "coaching",
  "reading",
  "online_learning",
  "other",
];

function activityValues(activity) {
  return {
    kind: activity ? activity.kind : "course",
    title: activity ? activity.title : "",
    on_date: activity ? activity.on_date : today(),
    hours: activity ? typedNumber(activity.hours) : "",
    cost: activity ? typedNumber(activity.cost) : "",
    provider: activity ? activity.provider : "",
    status: activity && activity.planned ? "planned" : "done",
    origin: activity && activity.required ? "required" : "own",
    goal_ids: activity ? [...activity.goal_ids] : [],
    competencies: activity ? [...(activity.competencies || [])] : [],
    certificate: activity && activity.certificate_evidence_id ? "existing" : "none",
    certificate_evidence_id: (activity && activity.certificate_evidence_id) || "",
  };
}

function ActivityForm({ dossierId, goals, initial = null, onDone, onCancel }) {
  const editing = Boolean(initial);
  const [values, setValues] = useState(() => activityValues(initial));
  const [file, setFile] = useState(null);
  const [uploading, setUploading] = useState(false);
  const evidence = useOwnEvidence(dossierId, values.certificate === "existing");
  const form = useRef(null);
  const headingId = useId();
  const fileId = useId();
  const set = (changes) => setValues((v) => ({ ...v, ...changes }));
  useFocusOnOpen(true, () => form.current?.querySelector("select, input"));

  const hours = parseNumber(values.hours);
  const cost = parseNumber(values.cost);
  const check = () => {
    const problems = {};
    if (!values.title.trim()) problems.title = t("field_activity_title");
    if (!values.on_date) problems.on_date = t("field_on_date");
    if (Number.isNaN(hours) || (hours !== null && hours > 1000)) problems.hours = t("field_hours");
    if (Number.isNaN(cost)) problems.cost = t("field_cost");
    if (values.certificate === "upload" && !file) problems.certificate_file = t("field_certificate_file");
    if (values.certificate === "existing" && !values.certificate_evidence_id)
      problems.certificate_evidence_id = t("field_certificate_evidence_id");
    return problems;
  };
  /** A certificate chosen as a file is stored as an item of the dossier first. */
  const uploadCertificate = async () => {
    setUploading(true);
    try {
      const body = new FormData();
      body.append("file", file);
      body.append("title", t("certificate_title", { title: values.title.trim() }));
      const id = (await postForm(`/dossiers/${dossierId}/evidence`, body)).id;
      set({ certificate: "existing", certificate_evidence_id: id });
      setFile(null);
      return id;
    } finally {
      setUploading(false);
    }
  };
  const { submit, busy, error, fields } = useSubmit(
    async () => {
      let certificate = values.certificate === "existing" ? values.certificate_evidence_id : null;
      if (values.certificate === "upload") certificate = await uploadCertificate();
      const payload = {
        kind: values.kind,
        title: values.title.trim(),
        on_date: values.on_date,
        hours: hours || 0,
        cost: cost || 0,
        provider: values.provider.trim(),
        planned: values.status === "planned",
        required: values.origin === "required",
        goal_ids: values.goal_ids,
        competency_ids: values.competencies.map((c) => c.id),
        certificate_evidence_id: certificate,
      };
      const saved = editing
        ? await api("PATCH", `/activities/${initial.id}`, payload)
        : await api("POST", `/dossiers/${dossierId}/activities`, payload);
      notify(t(editing ? "activity_saved" : "activity_added"));
      onDone(saved);
    },
    { check },
  );

  const evidenceOptions = evidence.data
    ? [
        ["", t("certificate_choose")],
        ...evidence.data.map((item) => [
          item.id,
          `${item.title || t(`kind_${item.kind}`)} (${formatDay(item.occurred_at)})`,
        ]),
      ]
    : [];
  return html`<form class="panel activity-form" novalidate aria-labelledby=${headingId} onSubmit=${submit} ref=${form}>
    <h3 id=${headingId}>${t(editing ? "activity_edit" : "activity_new")}</h3>
    <${ErrorBox} error=${error} />
    <${SelectField} name="kind" label=${t("activity_kind")} value=${values.kind} options=${ACTIVITY_KINDS.map((k) => [k, kindText(k)])} onChange=${(kind) => set({ kind })} error=${fields.kind} />
    <${Field} name="title" label=${t("activity_title")} maxlength="200" value=${values.title} onInput=${(title) => set({ title })} error=${fields.title} />
    <${Field} name="on_date" type="date" label=${t("activity_date")} value=${values.on_date} onInput=${(on_date) => set({ on_date })} error=${fields.on_date} />
    <div class="field-pair">
      <${Field} name="hours" label=${t("activity_hours")} hint=${t("activity_hours_hint")} inputmode="decimal" autocomplete="off" value=${values.hours} onInput=${(hours) => set({ hours })} error=${fields.hours} />
      <${Field} name="cost" label=${t("activity_cost")} hint=${t("activity_cost_hint")} inputmode="decimal" autocomplete="off" value=${values.cost} onInput=${(cost) => set({ cost })} error=${fields.cost} />
    </div>
    <${Field} name="provider" label=${t("activity_provider")} maxlength="200" value=${values.provider} onInput=${(provider) => set({ provider })} error=${fields.provider} />
    <${RadioGroup} legend=${t("activity_status")} name=${`status-${headingId}`} className="segmented-radios" value=${values.status} onChange=${(status) => set({ status })} options=${[["done", t("activity_done")], ["planned", t("activity_planned")]]} />
    <${RadioGroup} legend=${t("activity_origin")} name=${`origin-${headingId}`} className="segmented-radios" value=${values.origin} onChange=${(origin) => set({ origin })} options=${[["own", t("activity_own")], ["required", t("activity_required")]]} />
    ${
      goals && goals.length
        ? html`<${CheckGroup} name="goal_ids" legend=${t("activity_goals")} options=${goals.map((g) => [g.id, g.title])} values=${values.goal_ids} onChange=${(goal_ids) => set({ goal_ids })} error=${fields.goal_ids} />`
        : html`<p class="hint">${t("activity_no_goals")}</p>`
    }
    <${CompetencyPicker} dossierId=${dossierId} legend=${t("competencies_of_activity")} chosen=${values.competencies} onChange=${(competencies) => set({ competencies })} />
    ${fields.competency_ids ? html`<p class="field-error">${fields.competency_ids}</p>` : null}
    <${RadioGroup}
      legend=${t("activity_certificate")}
      name=${`certificate-${headingId}`}
      value=${values.certificate}
      onChange=${(certificate) => set({ certificate })}
      options=${[["none", t("certificate_none")], ["existing", t("certificate_existing")], ["upload", t("certificate_upload")]]}
    />
    ${
      values.certificate === "existing"
        ? evidence.data
          ? html`<${SelectField} name="certificate_evidence_id" label=${t("certificate_choose")} value=${values.certificate_evidence_id} options=${evidenceOptions} onChange=${(v) => set({ certificate_evidence_id: v })} error=${fields.certificate_evidence_id} />`
          : html`<${Pending} result=${evidence} />`
        : null
    }
    ${
      values.certificate === "upload"
        ? html`<div class="field">
          <label for=${fileId}>${t("certificate_file")}</label>
          <input type="file" id=${fileId} class="file-plain" accept="image/*,application/pdf" aria-describedby=${`${fileId}-error`} aria-invalid=${fields.certificate_file ? "true" : undefined} onChange=${(e) => setFile(e.currentTarget.files[0] || null)} />
          <p class="field-error" id=${`${fileId}-error`} hidden=${!fields.certificate_file}>${fields.certificate_file || ""}</p>
        </div>`
        : null
    }
    ${uploading ? html`<p class="meta" role="status"><span class="spinner" aria-hidden="true"></span> ${t("certificate_uploading")}</p>` : null}
    <div class="actions-row">
      <button type="submit" class="button primary" disabled=${busy}>${busy ? t("saving") : t("save")}</button>
      <button type="button" class="button" disabled=${busy} onClick=${onCancel}>${t("cancel")}</button>
    </div>
  </form>`;
}

function ActivityCard({ activity, goals, onEdit, onDelete, busy }) {
  const goalTitles = goals.filter((g) => activity.goal_ids.includes(g.id)).map((g) => g.title);
  const meta = [
    formatDay(activity.on_date),
    kindText(activity.kind),
    t("activity_meta_hours", { hours: hoursText(activity.hours) }),
    moneyText(activity.cost),
  ];
  return html`<li class="activity" data-activity=${activity.id}>
    <h3 class="entry-title">${activity.title}${activity.planned ? html` <span class="badge badge-planned">${t("activity_planned")}</span>` : null}</h3>
    <p class="meta"><span class=${`badge ${activity.required ? "badge-required" : "badge-own"}`}>${t(activity.required ? "activity_required" : "activity_own")}</span></p>
    <p class="meta">${meta.join(" · ")}</p>
    ${activity.provider ? html`<p class="meta">${activity.provider}</p>` : null}
    ${goalTitles.length ? html`<p class="activity-goals"><span class="level-label">${t("growth_plan")}:</span> ${goalTitles.join(", ")}</p>` : null}
    ${
      (activity.competencies || []).length
        ? html`<ul class="tag-list">${activity.competencies.map((c) => html`<li><${Competency} code=${c.human_code} statement=${c.full_statement} /></li>`)}</ul>`
        : null
    }
    ${activity.certificate_evidence_id ? html`<p><a href=${`#/item/${activity.certificate_evidence_id}`}>${t("certificate_link")}</a></p>` : null}
    <div class="actions-row">
      <button type="button" class="button small" disabled=${busy} aria-label=${t("activity_edit_named", { title: activity.title })} onClick=${onEdit}>${t("item_edit")}</button>
      <button type="button" class="button small danger" disabled=${busy} aria-label=${t("activity_delete_named", { title: activity.title })} onClick=${onDelete}>${t("delete")}</button>
    </div>
  </li>`;
}

/** The school year a day belongs to, by the first month of the shown year (the server's setting). */
function schoolYearOf(day, starts) {
  const [y, m] = day.split("-").map(Number);
  return m >= Number(starts.slice(5, 7)) ? y : y - 1;
}

export function LogSection({ dossierId, year, starts, activities, goals, onChanged }) {
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState(null);
  const [busy, setBusy] = useState(false);
  const [shown, setShown] = useState("all");
  const addButton = useRef(null);
  const backToAdd = () => requestAnimationFrame(() => addButton.current?.focus());
  const remove = async (activity) => {
    if (!window.confirm(t("activity_delete_confirm", { title: activity.title }))) return;
    setBusy(true);
    try {
      await api("DELETE", `/activities/${activity.id}`);
      notify(t("activity_deleted"));
      await onChanged();
      backToAdd();
    } catch (err) {
      notify(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  /** Saved with a date in another school year: it left this list, so say where it went. */
  const tellWhere = (saved) => {
    const other = starts && saved && saved.on_date ? schoolYearOf(saved.on_date, starts) : year;
    if (other !== year) notify(t("activity_other_year", { year: yearLabel(other) }));
  };
  const all = activities || [];
  const list = shown === "all" ? all : all.filter((a) => a.required === (shown === "required"));
  return html`<section class="growth-section" aria-labelledby="growth-log">
    <h2 id="growth-log">${t("growth_log")}</h2>
    ${
      adding
        ? html`<${ActivityForm}
          dossierId=${dossierId}
          goals=${goals}
          onDone=${async (saved) => {
            setAdding(false);
            await onChanged();
            tellWhere(saved);
            backToAdd();
          }}
          onCancel=${() => {
            setAdding(false);
            backToAdd();
          }}
        />`
        : html`<button type="button" class="button primary" ref=${addButton} onClick=${() => setAdding(true)}>${t("activity_add")}</button>`
    }
    ${
      all.length
        ? html`<${RadioGroup} legend=${t("log_filter")} name="log-filter" className="segmented-radios log-filter" value=${shown} onChange=${setShown} options=${[["all", t("log_filter_all")], ["required", t("activity_required")], ["own", t("activity_own")]]} />`
        : null
    }
    ${
      list.length
        ? html`<ul class="card-list activity-list" aria-label=${t("log_list", { year: yearLabel(year) })}>
          ${list.map((activity) =>
            editing === activity.id
              ? html`<li key=${activity.id}>
                  <${ActivityForm}
                    dossierId=${dossierId}
                    goals=${goals}
                    initial=${activity}
                    onDone=${async (saved) => {
                      setEditing(null);
                      await onChanged();
                      tellWhere(saved);
                      requestAnimationFrame(() =>
                        document.querySelector(`li[data-activity="${activity.id}"] button`)?.focus(),
                      );
                    }}
                    onCancel=${() => setEditing(null)}
                  />
                </li>`
              : html`<${ActivityCard} key=${activity.id} activity=${activity} goals=${goals} busy=${busy} onEdit=${() => setEditing(activity.id)} onDelete=${() => remove(activity)} />`,
          )}
        </ul>`
        : activities
          ? html`<p class="meta">${t(all.length ? "log_filter_empty" : "log_empty")}</p>`
          : null
    }
  </section>`;
}
