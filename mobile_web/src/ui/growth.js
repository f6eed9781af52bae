// Owning one's professional growth. "Mijn ontwikkeling" shows a school year (with a way to last
// year and the next): hours and budget used and planned against the entitlement as a chart with
// the same numbers in words, the professionalisation log (add, edit, delete; a certificate as
// evidence), the development plan's goals, exports (CSV, PDF) and the working time. A goal opens
// on its own screen: edit it, link competencies and evidence, reflect on progress over time.
// And a dossier's coaching notes: the coach writes them, the owner reads them, nobody else.
import { useEffect, useId, useRef, useState } from "preact/hooks";
import { ApiError, api, errorText, postForm } from "../api.js";
import { accessTo, homeHash, loadShared, ownDossierId } from "../dossiers.js";
import { addTexts, getLocale, has, personName, t } from "../i18n.js";
import { notify, state } from "../state.js";
import texts from "../texts/growth.js";
import { ErrorBox, Field, fieldErrors, go } from "./common.js";
import {
  CheckGroup,
  Competency,
  formatDate,
  formatDay,
  html,
  Pending,
  RadioGroup,
  Screen,
  SelectField,
  today,
  useLoad,
} from "./kit.js";
import { MODEL_FIELDS } from "./reflect.js";

addTexts(texts);

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
const GOAL_STATUSES = ["planned", "in_progress", "achieved", "dropped"];
const MODELS = Object.keys(MODEL_FIELDS);

// --- numbers, in the reader's language --------------------------------------------------------

const numberLocale = () => (getLocale() === "nl" ? "nl-NL" : "en-GB");
const hoursText = (value) => new Intl.NumberFormat(numberLocale(), { maximumFractionDigits: 2 }).format(value || 0);
const moneyText = (value) =>
  new Intl.NumberFormat(numberLocale(), { style: "currency", currency: "EUR" }).format(value || 0);
/** "2,5" or "2.5" → 2.5; "" → null; anything else → NaN. */
function parseNumber(text) {
  const clean = String(text ?? "")
    .trim()
    .replace(/\s/g, "");
  if (!clean) return null;
  const normal = clean.includes(",") ? clean.replace(/\./g, "").replace(",", ".") : clean;
  return /^\d+(\.\d+)?$/.test(normal) ? Number(normal) : Number.NaN;
}
/** A number as it is typed in this language: 0,8 in Dutch. */
const typedNumber = (value) =>
  value === null || value === undefined ? "" : String(value).replace(".", getLocale() === "nl" ? "," : ".");

const yearLabel = (year) => `${year}/${String((year + 1) % 100).padStart(2, "0")}`;
const kindText = (kind) => (has(`akind_${kind}`) ? t(`akind_${kind}`) : kind);
const statusText = (status) => (has(`gstatus_${status}`) ? t(`gstatus_${status}`) : status);
const modelText = (model) => (has(`model_${model}`) ? t(`model_${model}`) : model);

/** A lazily loaded screen appears after the app moved focus: put it on the heading then. */
function useHeadingFocus() {
  useEffect(() => {
    const here = document.activeElement;
    if (!here || here === document.body) document.querySelector("#main h1")?.focus({ preventScroll: true });
  }, []);
}

// --- the chart: hours and budget against the entitlement --------------------------------------

function Bar({ done, planned, total, patternId }) {
  const W = 300;
  const scale = Math.max(total, done + planned, 0.0001);
  const x = (value) => (value / scale) * W;
  return html`<svg class="growth-bar" viewBox=${`0 0 ${W} 28`} preserveAspectRatio="none" aria-hidden="true" focusable="false">
    <rect x="0" y="4" width=${x(total)} height="20" class="bar-track" />
    <rect x="0" y="4" width=${x(done)} height="20" class="bar-done" />
    <rect x=${x(done)} y="4" width=${x(planned)} height="20" fill=${`url(#${patternId})`} class="bar-planned" />
    ${done + planned > total ? html`<rect x=${Math.max(0, x(total) - 1.5)} y="0" width="3" height="28" class="bar-limit" />` : null}
  </svg>`;
}

function Swatch({ kind, patternId }) {
  return html`<svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
    <rect x="0.5" y="0.5" width="15" height="15" class=${`swatch-${kind}`} fill=${kind === "planned" ? `url(#${patternId})` : undefined} />
  </svg>`;
}

/** The chart and, beside it, the same in words: what a screen reader reads, what anyone can check. */
export function GrowthChart({ overview }) {
  const id = useId().replace(/[^a-zA-Z0-9_-]/g, "");
  const patternId = `hatch-${id}`;
  const o = overview;
  const hoursLeft = o.entitlement_hours - o.hours_done;
  const moneyLeft = o.budget - o.spent;
  return html`<figure class="growth-chart" aria-labelledby=${`${id}-caption`}>
    <svg width="0" height="0" class="chart-defs" aria-hidden="true" focusable="false">
      <defs>
        <pattern id=${patternId} width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
          <rect width="6" height="6" class="hatch-back" />
          <rect width="3" height="6" class="hatch-line" />
        </pattern>
      </defs>
    </svg>
    <figcaption id=${`${id}-caption`} class="visually-hidden">${t("chart_label")}</figcaption>
    <div class="chart-row" data-chart="hours">
      <h3 class="chart-title">${t("chart_hours")}</h3>
      <${Bar} done=${o.hours_done} planned=${o.hours_planned} total=${o.entitlement_hours} patternId=${patternId} />
      <p class="chart-text" data-testid="hours-text">
        <strong>${t("hours_summary", { done: hoursText(o.hours_done), entitlement: hoursText(o.entitlement_hours) })}</strong>
        ${o.hours_planned ? ` ${t("hours_planned", { planned: hoursText(o.hours_planned) })}` : ""}
        ${" "}${hoursLeft >= 0 ? t("hours_left", { left: hoursText(hoursLeft) }) : t("hours_over", { over: hoursText(-hoursLeft) })}
      </p>
    </div>
    <div class="chart-row" data-chart="budget">
      <h3 class="chart-title">${t("chart_budget")}</h3>
      <${Bar} done=${o.spent} planned=${o.spent_planned} total=${o.budget} patternId=${patternId} />
      <p class="chart-text" data-testid="budget-text">
        <strong>${t("budget_summary", { spent: moneyText(o.spent), budget: moneyText(o.budget) })}</strong>
        ${o.spent_planned ? ` ${t("budget_planned", { planned: moneyText(o.spent_planned) })}` : ""}
        ${" "}${moneyLeft >= 0 ? t("budget_left", { left: moneyText(moneyLeft) }) : t("budget_over", { over: moneyText(-moneyLeft) })}
      </p>
    </div>
    <ul class="chart-legend" aria-hidden="true">
      <li><${Swatch} kind="done" patternId=${patternId} />${t("chart_done")}</li>
      <li><${Swatch} kind="planned" patternId=${patternId} />${t("chart_planned")}</li>
      <li><${Swatch} kind="track" patternId=${patternId} />${t("chart_left")}</li>
    </ul>
  </figure>`;
}

function EntitlementLine({ overview }) {
  const own = overview.entitlement_hours !== Math.round(overview.hours_full_time * overview.fte * 10) / 10;
  const basis = own
    ? t("entitlement_basis_own")
    : t("entitlement_basis_fte", { full: hoursText(overview.hours_full_time), fte: hoursText(overview.fte) });
  return html`<p class="entitlement" data-testid="entitlement">${t("entitlement_line", { hours: hoursText(overview.entitlement_hours), budget: moneyText(overview.budget), basis })}</p>`;
}

// --- working time and the entitlement ---------------------------------------------------------

function SettingsForm({ settings, overview, onSaved }) {
  const [values, setValues] = useState({
    fte: typedNumber(settings.fte),
    hours_override: typedNumber(settings.hours_override),
    budget_override: typedNumber(settings.budget_override),
  });
  const [error, setError] = useState(null);
  const [fields, setFields] = useState({});
  const [busy, setBusy] = useState(false);
  const set = (changes) => setValues((v) => ({ ...v, ...changes }));
  const submit = async (event) => {
    event.preventDefault();
    const fte = parseNumber(values.fte);
    const hours = parseNumber(values.hours_override);
    const budget = parseNumber(values.budget_override);
    const problems = {};
    if (fte === null || Number.isNaN(fte) || fte <= 0 || fte > 1.5) problems.fte = t("field_fte");
    if (Number.isNaN(hours)) problems.hours_override = t("field_hours_override");
    if (Number.isNaN(budget)) problems.budget_override = t("field_budget_override");
    if (Object.keys(problems).length) {
      setFields(problems);
      setError(new ApiError(0, "invalid"));
      return;
    }
    setBusy(true);
    try {
      const saved = await api("PUT", "/me/growth-settings", { fte, hours_override: hours, budget_override: budget });
      setError(null);
      setFields({});
      notify(t("settings_saved"));
      onSaved(saved);
    } catch (err) {
      setError(err);
      setFields(fieldErrors(err));
    } finally {
      setBusy(false);
    }
  };
  const full = hoursText(overview ? overview.hours_full_time : 83);
  return html`<form class="panel" novalidate aria-labelledby="growth-settings" onSubmit=${submit}>
    <h2 id="growth-settings">${t("growth_settings")}</h2>
    <${ErrorBox} error=${error} />
    <${Field} name="fte" label=${t("settings_fte")} hint=${t("settings_fte_hint", { full })} inputmode="decimal" autocomplete="off" value=${values.fte} onInput=${(fte) => set({ fte })} error=${fields.fte} />
    <${Field} name="hours_override" label=${t("settings_hours")} hint=${t("settings_hours_hint", { full })} inputmode="decimal" autocomplete="off" value=${values.hours_override} onInput=${(v) => set({ hours_override: v })} error=${fields.hours_override} />
    <${Field}
      name="budget_override"
      label=${t("settings_budget")}
      hint=${t("settings_budget_hint", { budget: moneyText(overview ? overview.budget_default : 500) })}
      inputmode="decimal"
      autocomplete="off"
      value=${values.budget_override}
      onInput=${(v) => set({ budget_override: v })}
      error=${fields.budget_override}
    />
    <button type="submit" class="button primary" disabled=${busy}>${busy ? t("saving") : t("save")}</button>
  </form>`;
}

// --- competencies: search and pick -------------------------------------------------------------

const frameworkCount = new Map();

/** The competencies chosen (with a way to remove each) and a search to add one: type, tap. */
function CompetencyPicker({ dossierId, chosen, onChange, busy = false, legend, legendHidden = false }) {
  const [query, setQuery] = useState("");
  const [found, setFound] = useState(null);
  const [error, setError] = useState(null);
  const [everywhere, setEverywhere] = useState(frameworkCount.get(dossierId) === 0);
  const id = useId();
  useEffect(() => {
    if (frameworkCount.has(dossierId)) return;
    api("GET", `/dossiers/${dossierId}/frameworks`)
      .then((list) => {
        frameworkCount.set(dossierId, list.length);
        setEverywhere(list.length === 0);
      })
      .catch(() => {});
  }, [dossierId]);
  useEffect(() => {
    const q = query.trim();
    if (q.length < 2) {
      setFound(null);
      return undefined;
    }
    let stopped = false;
    const timer = setTimeout(async () => {
      const params = new URLSearchParams({ q, limit: "20" });
      if (!everywhere) params.set("dossier_id", dossierId);
      try {
        const results = await api("GET", `/competencies?${params}`);
        if (!stopped) {
          setFound(results);
          setError(null);
        }
      } catch (err) {
        if (!stopped) setError(err);
      }
    }, 200);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [query, everywhere]);
  const ids = new Set(chosen.map((c) => c.id));
  const add = (c) => {
    onChange(
      [
        ...chosen,
        {
          id: c.id,
          framework_id: c.framework ? c.framework.id : c.framework_id,
          human_code: c.human_code,
          full_statement: c.full_statement,
        },
      ],
      c,
    );
    setQuery("");
    setFound(null);
  };
  const status = found
    ? found.length
      ? t("competency_found", { count: found.length })
      : t("competency_none_found")
    : "";
  return html`<fieldset class="competency-picker" data-field="competency_ids">
    <legend class=${legendHidden ? "visually-hidden" : undefined}>${legend}</legend>
    ${
      chosen.length
        ? html`<ul class="chosen-competencies">
          ${chosen.map(
            (c) => html`<li>
              <span><${Competency} code=${c.human_code} statement=${c.full_statement} /></span>
              <button type="button" class="button small" disabled=${busy} aria-label=${t("competency_remove_named", { name: c.full_statement })} onClick=${() =>
                onChange(
                  chosen.filter((x) => x.id !== c.id),
                  null,
                  c,
                )}>
                <span aria-hidden="true">×</span>
              </button>
            </li>`,
          )}
        </ul>`
        : html`<p class="meta">${t("goal_competencies_none")}</p>`
    }
    <div class="field">
      <label for=${`${id}-q`}>${t("competency_search")}</label>
      <p class="hint" id=${`${id}-hint`}>${t("competency_search_hint")}</p>
      <input type="search" id=${`${id}-q`} autocomplete="off" enterkeyhint="search" aria-describedby=${`${id}-hint ${id}-status`} value=${query} onInput=${(e) => setQuery(e.currentTarget.value)} />
    </div>
    <p id=${`${id}-status`} class="meta" role="status">${status}</p>
    ${error ? html`<p class="field-error" role="alert">${errorText(error)}</p>` : null}
    ${
      found && found.length
        ? html`<ul class="link-results">
          ${found.map(
            (c) => html`<li>
              <button type="button" class="link-result" disabled=${busy || ids.has(c.id)} aria-label=${t("competency_add_named", { name: c.full_statement })} onClick=${() => add(c)}>
                <span class="link-result-text"><${Competency} code=${c.human_code} statement=${c.full_statement} /></span>
                <span class="link-result-meta">${c.framework ? c.framework.title : ""}</span>
              </button>
            </li>`,
          )}
        </ul>`
        : null
    }
  </fieldset>`;
}

// --- the log ---------------------------------------------------------------------------------

function useOwnEvidence(dossierId, wanted) {
  return useLoad(
    () =>
      wanted
        ? api("GET", `/dossiers/${dossierId}/evidence?limit=100`).then((page) => page.items)
        : Promise.resolve(null),
    [dossierId, wanted],
  );
}

function activityValues(activity) {
  return {
    kind: activity ? activity.kind : "course",
    title: activity ? activity.title : "",
    on_date: activity ? activity.on_date : today(),
    hours: activity ? typedNumber(activity.hours) : "",
    cost: activity ? typedNumber(activity.cost) : "",
    provider: activity ? activity.provider : "",
    status: activity && activity.planned ? "planned" : "done",
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
  const [error, setError] = useState(null);
  const [fields, setFields] = useState({});
  const [busy, setBusy] = useState("");
  const evidence = useOwnEvidence(dossierId, values.certificate === "existing");
  const form = useRef(null);
  const headingId = useId();
  const fileId = useId();
  const set = (changes) => setValues((v) => ({ ...v, ...changes }));
  useEffect(() => {
    form.current?.querySelector("select, input")?.focus();
  }, []);

  const submit = async (event) => {
    event.preventDefault();
    const hours = parseNumber(values.hours);
    const cost = parseNumber(values.cost);
    const problems = {};
    if (!values.title.trim()) problems.title = t("field_activity_title");
    if (!values.on_date) problems.on_date = t("field_on_date");
    if (Number.isNaN(hours) || (hours !== null && hours > 1000)) problems.hours = t("field_hours");
    if (Number.isNaN(cost)) problems.cost = t("field_cost");
    if (values.certificate === "upload" && !file) problems.certificate_file = t("field_certificate_file");
    if (values.certificate === "existing" && !values.certificate_evidence_id)
      problems.certificate_evidence_id = t("field_certificate_evidence_id");
    if (Object.keys(problems).length) {
      setFields(problems);
      setError(new ApiError(0, "invalid"));
      return;
    }
    try {
      let certificate = values.certificate === "existing" ? values.certificate_evidence_id : null;
      if (values.certificate === "upload") {
        setBusy("upload");
        const body = new FormData();
        body.append("file", file);
        body.append("title", t("certificate_title", { title: values.title.trim() }));
        certificate = (await postForm(`/dossiers/${dossierId}/evidence`, body)).id;
        set({ certificate: "existing", certificate_evidence_id: certificate });
        setFile(null);
      }
      setBusy("save");
      const payload = {
        kind: values.kind,
        title: values.title.trim(),
        on_date: values.on_date,
        hours: hours || 0,
        cost: cost || 0,
        provider: values.provider.trim(),
        planned: values.status === "planned",
        goal_ids: values.goal_ids,
        competency_ids: values.competencies.map((c) => c.id),
        certificate_evidence_id: certificate,
      };
      const saved = editing
        ? await api("PATCH", `/activities/${initial.id}`, payload)
        : await api("POST", `/dossiers/${dossierId}/activities`, payload);
      notify(t(editing ? "activity_saved" : "activity_added"));
      onDone(saved);
    } catch (err) {
      setError(err);
      setFields(fieldErrors(err));
      setBusy("");
    }
  };

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
    ${busy === "upload" ? html`<p class="meta" role="status"><span class="spinner" aria-hidden="true"></span> ${t("certificate_uploading")}</p>` : null}
    <div class="actions-row">
      <button type="submit" class="button primary" disabled=${Boolean(busy)}>${busy ? t("saving") : t("save")}</button>
      <button type="button" class="button" disabled=${Boolean(busy)} onClick=${onCancel}>${t("cancel")}</button>
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

function LogSection({ dossierId, year, starts, activities, goals, onChanged }) {
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState(null);
  const [busy, setBusy] = useState(false);
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
  const list = activities || [];
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
          ? html`<p class="meta">${t("log_empty")}</p>`
          : null
    }
  </section>`;
}

// --- the development plan --------------------------------------------------------------------

function goalValues(goal) {
  return {
    title: goal ? goal.title : "",
    description: goal ? goal.description : "",
    target_date: (goal && goal.target_date) || "",
    planned_activities: goal ? goal.planned_activities : "",
    status: goal ? goal.status : "planned",
    competencies: goal ? [...(goal.competencies || [])] : [],
  };
}

function GoalForm({ dossierId, year, initial = null, onDone, onCancel, withCompetencies = true }) {
  const editing = Boolean(initial);
  const [values, setValues] = useState(() => goalValues(initial));
  const [error, setError] = useState(null);
  const [fields, setFields] = useState({});
  const [busy, setBusy] = useState(false);
  const form = useRef(null);
  const headingId = useId();
  const set = (changes) => setValues((v) => ({ ...v, ...changes }));
  useEffect(() => {
    form.current?.querySelector("input")?.focus();
  }, []);
  const submit = async (event) => {
    event.preventDefault();
    if (!values.title.trim()) {
      setFields({ title: t("field_goal_title") });
      setError(new ApiError(0, "invalid"));
      return;
    }
    setBusy(true);
    try {
      const payload = {
        title: values.title.trim(),
        description: values.description,
        target_date: values.target_date || null,
        planned_activities: values.planned_activities,
        status: values.status,
      };
      if (withCompetencies) payload.competency_ids = values.competencies.map((c) => c.id);
      const saved = editing
        ? await api("PATCH", `/goals/${initial.id}`, payload)
        : await api("POST", `/dossiers/${dossierId}/goals`, { ...payload, school_year: year });
      notify(t(editing ? "goal_saved" : "goal_added"));
      onDone(saved);
    } catch (err) {
      setError(err);
      setFields(fieldErrors(err));
      setBusy(false);
    }
  };
  return html`<form class="panel goal-form" novalidate aria-labelledby=${headingId} onSubmit=${submit} ref=${form}>
    <h3 id=${headingId}>${t(editing ? "goal_edit" : "goal_new")}</h3>
    <${ErrorBox} error=${error} />
    <${Field} name="title" label=${t("goal_title")} hint=${t("goal_title_hint")} maxlength="200" value=${values.title} onInput=${(title) => set({ title })} error=${fields.title} />
    <${Field} name="description" label=${t("goal_description")} multiline maxlength="10000" value=${values.description} onInput=${(description) => set({ description })} error=${fields.description} />
    <${Field} name="target_date" type="date" label=${t("goal_target")} value=${values.target_date} onInput=${(target_date) => set({ target_date })} error=${fields.target_date} />
    <${SelectField} name="status" label=${t("goal_status")} value=${values.status} options=${GOAL_STATUSES.map((s) => [s, statusText(s)])} onChange=${(status) => set({ status })} />
    <${Field} name="planned_activities" label=${t("goal_planned_activities")} hint=${t("goal_planned_activities_hint")} multiline maxlength="10000" value=${values.planned_activities} onInput=${(planned_activities) => set({ planned_activities })} error=${fields.planned_activities} />
    ${withCompetencies ? html`<${CompetencyPicker} dossierId=${dossierId} legend=${t("goal_competencies")} chosen=${values.competencies} onChange=${(competencies) => set({ competencies })} />` : null}
    ${fields.competency_ids ? html`<p class="field-error">${fields.competency_ids}</p>` : null}
    <div class="actions-row">
      <button type="submit" class="button primary" disabled=${busy}>${busy ? t("saving") : t("save")}</button>
      <button type="button" class="button" disabled=${busy} onClick=${onCancel}>${t("cancel")}</button>
    </div>
  </form>`;
}

function PlanSection({ dossierId, year, goals, onChanged }) {
  const [adding, setAdding] = useState(false);
  const addButton = useRef(null);
  const list = goals || [];
  return html`<section class="growth-section" aria-labelledby="growth-plan">
    <h2 id="growth-plan">${t("growth_plan")}</h2>
    ${
      list.length
        ? html`<ul class="card-list goal-list" aria-label=${t("plan_list", { year: yearLabel(year) })}>
          ${list.map(
            (goal) => html`<li class="goal" key=${goal.id}>
              <h3 class="entry-title"><a href=${`#/growth/goal/${goal.id}`}>${goal.title}</a></h3>
              <p class="meta">
                <span class=${`goal-status status-${goal.status}`}>${statusText(goal.status)}</span>
                ${goal.target_date ? ` · ${t("goal_target_on", { date: formatDay(goal.target_date) })}` : ""}
                ${goal.progress_notes.length ? ` · ${t("goal_notes_count", { count: goal.progress_notes.length })}` : ""}
              </p>
              ${
                (goal.competencies || []).length
                  ? html`<ul class="tag-list">${goal.competencies.map((c) => html`<li><${Competency} code=${c.human_code} statement=${c.full_statement} /></li>`)}</ul>`
                  : null
              }
            </li>`,
          )}
        </ul>`
        : goals
          ? html`<p class="meta">${t("plan_empty")}</p>`
          : null
    }
    ${
      adding
        ? html`<${GoalForm}
          dossierId=${dossierId}
          year=${year}
          onDone=${async () => {
            setAdding(false);
            await onChanged();
            requestAnimationFrame(() => addButton.current?.focus());
          }}
          onCancel=${() => {
            setAdding(false);
            requestAnimationFrame(() => addButton.current?.focus());
          }}
        />`
        : html`<button type="button" class="button primary" ref=${addButton} onClick=${() => setAdding(true)}>${t("goal_add")}</button>`
    }
  </section>`;
}

// --- "Mijn ontwikkeling" -----------------------------------------------------------------------

export function GrowthScreen({ year: yearParam = null }) {
  useHeadingFocus();
  const dossierId = ownDossierId();
  const asked = yearParam ? Number(yearParam) : null;
  const overview = useLoad(
    () => api("GET", `/dossiers/${dossierId}/growth/overview${asked ? `?year=${asked}` : ""}`),
    [dossierId, asked],
  );
  const year = asked || (overview.data && overview.data.school_year) || null;
  const activities = useLoad(
    () => (year ? api("GET", `/dossiers/${dossierId}/activities?year=${year}`) : Promise.resolve(null)),
    [dossierId, year],
  );
  const goals = useLoad(
    () => (year ? api("GET", `/dossiers/${dossierId}/goals?year=${year}`) : Promise.resolve(null)),
    [dossierId, year],
  );
  const settings = useLoad(() => api("GET", "/me/growth-settings"), []);
  const o = overview.data;
  const logChanged = () => Promise.all([activities.reload(), overview.reload()]);
  const planChanged = () => Promise.all([goals.reload(), activities.reload()]);
  const sub = o
    ? `${t("growth_year", { year: yearLabel(o.school_year) })} · ${t("growth_year_range", { from: formatDay(o.starts), to: formatDay(o.ends) })}`
    : null;
  const exportQuery = year ? `?year=${year}` : "";
  return html`<${Screen} title=${t("growth_title")} sub=${sub}>
    ${
      year
        ? html`<nav class="year-switch" aria-label=${t("growth_years")}>
          <a class="button small" href=${`#/growth/${year - 1}`}><span aria-hidden="true">← </span>${t("growth_year_prev", { year: yearLabel(year - 1) })}</a>
          <a class="button small" href=${`#/growth/${year + 1}`}>${t("growth_year_next", { year: yearLabel(year + 1) })}<span aria-hidden="true"> →</span></a>
          ${asked ? html`<a class="button small link" href="#/growth">${t("growth_year_now")}</a>` : null}
        </nav>`
        : null
    }
    <section class="growth-section panel" aria-labelledby="growth-overview">
      <h2 id="growth-overview">${t("growth_overview")}</h2>
      ${
        o
          ? html`<div aria-live="polite" aria-atomic="false"><${GrowthChart} overview=${o} /></div>
            <${EntitlementLine} overview=${o} />`
          : html`<${Pending} result=${overview} />`
      }
      <h3 class="exports-title">${t("growth_exports")}</h3>
      <p class="hint">${t("export_hint")}</p>
      <p class="actions-row">
        <a class="button small" href=${`/api/v1/dossiers/${dossierId}/activities.csv${exportQuery}`} download=${year ? `professionalisering-${year}-${year + 1}.csv` : ""}>${t("export_csv")}</a>
        <a class="button small" href=${`/api/v1/dossiers/${dossierId}/activities.pdf${exportQuery}`} download=${year ? `professionalisering-${year}-${year + 1}.pdf` : ""}>${t("export_pdf")}</a>
      </p>
    </section>
    ${
      year
        ? html`<${LogSection} dossierId=${dossierId} year=${year} starts=${o ? o.starts : null} activities=${activities.data} goals=${goals.data || []} onChanged=${logChanged} />
          ${activities.error ? html`<${Pending} result=${activities} />` : null}
          <${PlanSection} dossierId=${dossierId} year=${year} goals=${goals.data} onChanged=${planChanged} />
          ${goals.error ? html`<${Pending} result=${goals} />` : null}`
        : null
    }
    ${
      settings.data
        ? html`<${SettingsForm} settings=${settings.data} overview=${o} onSaved=${(saved) => {
            settings.set(saved);
            overview.reload();
          }} />`
        : html`<${Pending} result=${settings} />`
    }
  <//>`;
}

// --- one goal ---------------------------------------------------------------------------------

function ProgressForm({ goal, onDone }) {
  const [model, setModel] = useState("free");
  const [content, setContent] = useState({});
  const [error, setError] = useState(null);
  const [fields, setFields] = useState({});
  const [busy, setBusy] = useState(false);
  const headingId = useId();
  const submit = async (event) => {
    event.preventDefault();
    const text = Object.fromEntries(MODEL_FIELDS[model].map((name) => [name, (content[name] || "").trim()]));
    if (!Object.values(text).some(Boolean)) {
      setFields({ content: t("field_reflection_empty") });
      setError(new ApiError(0, "empty_reflection"));
      return;
    }
    setBusy(true);
    try {
      const saved = await api("POST", `/goals/${goal.id}/progress`, { model, content: text });
      setContent({});
      setError(null);
      setFields({});
      notify(t("progress_added"));
      onDone(saved);
    } catch (err) {
      setError(err);
      setFields(fieldErrors(err));
    } finally {
      setBusy(false);
    }
  };
  return html`<form class="reflection-form" novalidate aria-labelledby=${headingId} onSubmit=${submit}>
    <h3 id=${headingId}>${t("progress_new")}</h3>
    <${ErrorBox} error=${error} />
    <${RadioGroup} legend=${t("reflection_model")} name="progress-model" className="segmented-radios" value=${model} onChange=${setModel} options=${MODELS.map((m) => [m, modelText(m)])} />
    ${model !== "free" ? html`<p class="hint">${t(`model_${model}_hint`)}</p>` : null}
    ${MODEL_FIELDS[model].map(
      (name, i) => html`<${Field}
        key=${`${model}-${name}`}
        name=${name}
        label=${t(`reflect_field_${name}`)}
        multiline
        maxlength="10000"
        value=${content[name] || ""}
        onInput=${(value) => setContent({ ...content, [name]: value })}
        error=${i === 0 ? fields.content : null}
      />`,
    )}
    <button type="submit" class="button primary" disabled=${busy}>${busy ? t("saving") : t("reflection_submit")}</button>
  </form>`;
}

function ProgressNote({ note }) {
  const fields = MODEL_FIELDS[note.model] || Object.keys(note.content || {});
  const content = note.content || {};
  return html`<li class="reflection">
    <p class="meta"><time datetime=${note.at}>${formatDate(note.at)}</time> · ${modelText(note.model)}</p>
    ${
      note.model === "free"
        ? html`<p class="reflection-text">${content.text}</p>`
        : html`<dl class="reflection-fields">
          ${fields.filter((name) => content[name]).map((name) => html`<div><dt>${t(`reflect_field_${name}`)}</dt><dd>${content[name]}</dd></div>`)}
        </dl>`
    }
  </li>`;
}

function GoalEvidence({ dossierId, goal, onSaved }) {
  const [choosing, setChoosing] = useState(false);
  const [values, setValues] = useState(goal.evidence_ids);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const evidence = useOwnEvidence(dossierId, true);
  const items = evidence.data || [];
  const chosen = items.filter((item) => goal.evidence_ids.includes(item.id));
  const save = async (event) => {
    event.preventDefault();
    setBusy(true);
    try {
      onSaved(await api("PATCH", `/goals/${goal.id}`, { evidence_ids: values }));
      notify(t("goal_evidence_saved"));
      setChoosing(false);
      setError(null);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return html`<section class="panel" aria-labelledby="goal-evidence">
    <h2 id="goal-evidence">${t("goal_evidence")}</h2>
    ${evidence.data === undefined ? html`<${Pending} result=${evidence} />` : null}
    ${
      chosen.length
        ? html`<ul class="plain-list">${chosen.map((item) => html`<li><a href=${`#/item/${item.id}`}>${item.title || t(`kind_${item.kind}`)}</a> <span class="meta">${formatDay(item.occurred_at)}</span></li>`)}</ul>`
        : evidence.data
          ? html`<p class="meta">${t("goal_evidence_none")}</p>`
          : null
    }
    ${
      choosing
        ? html`<form novalidate onSubmit=${save}>
          <${ErrorBox} error=${error} />
          ${
            items.length
              ? html`<${CheckGroup} name="evidence_ids" legend=${t("goal_evidence_choose")} options=${items.map((item) => [item.id, item.title || t(`kind_${item.kind}`), formatDay(item.occurred_at)])} values=${values} onChange=${setValues} />`
              : html`<p class="hint">${t("goal_evidence_empty_dossier")}</p>`
          }
          <div class="actions-row">
            <button type="submit" class="button primary" disabled=${busy || !items.length}>${busy ? t("saving") : t("save")}</button>
            <button type="button" class="button" onClick=${() => setChoosing(false)}>${t("cancel")}</button>
          </div>
        </form>`
        : html`<button type="button" class="button" onClick=${() => {
            setValues(goal.evidence_ids);
            setChoosing(true);
          }}>${t("goal_evidence_choose")}</button>`
    }
  </section>`;
}

export function GoalScreen({ id }) {
  useHeadingFocus();
  const dossierId = ownDossierId();
  const goal = useLoad(() => api("GET", `/goals/${id}`), [id]);
  const g = goal.data;
  const activities = useLoad(
    () => (g ? api("GET", `/dossiers/${dossierId}/activities?year=${g.school_year}`) : Promise.resolve(null)),
    [g && g.school_year],
  );
  const [editing, setEditing] = useState(false);
  const [busy, setBusy] = useState(false);
  const editButton = useRef(null);
  const back = { href: g ? `#/growth/${g.school_year}` : "#/growth", label: t("goal_back") };
  if (!g) return html`<${Screen} title=${t("growth_plan")} back=${back}><${Pending} result=${goal} /><//>`;

  const saveCompetencies = async (list, added, removed) => {
    setBusy(true);
    try {
      goal.set(await api("PATCH", `/goals/${g.id}`, { competency_ids: list.map((c) => c.id) }));
      notify(
        added
          ? t("competency_linked", { name: added.full_statement })
          : t("competency_unlinked", { name: removed.full_statement }),
      );
    } catch (err) {
      notify(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  const remove = async () => {
    if (!window.confirm(t("goal_delete_confirm", { title: g.title }))) return;
    setBusy(true);
    try {
      await api("DELETE", `/goals/${g.id}`);
      notify(t("goal_deleted"));
      go(`#/growth/${g.school_year}`);
    } catch (err) {
      notify(errorText(err));
      setBusy(false);
    }
  };
  const linked = (activities.data || []).filter((a) => a.goal_ids.includes(g.id));
  const sub = [
    statusText(g.status),
    t("growth_year", { year: yearLabel(g.school_year) }),
    g.target_date ? t("goal_target_on", { date: formatDay(g.target_date) }) : "",
  ]
    .filter(Boolean)
    .join(" · ");
  return html`<${Screen} title=${g.title} sub=${sub} back=${back}>
    ${
      editing
        ? html`<${GoalForm}
          dossierId=${dossierId}
          year=${g.school_year}
          initial=${g}
          withCompetencies=${false}
          onDone=${(saved) => {
            goal.set(saved);
            setEditing(false);
            requestAnimationFrame(() => document.querySelector("#main h1")?.focus());
          }}
          onCancel=${() => {
            setEditing(false);
            requestAnimationFrame(() => editButton.current?.focus());
          }}
        />`
        : html`<div class="goal-body">
          ${g.description ? html`<p class="description">${g.description}</p>` : null}
          ${g.planned_activities ? html`<h2 class="small-heading">${t("goal_planned_activities")}</h2><p class="description">${g.planned_activities}</p>` : null}
          <button type="button" class="button" ref=${editButton} onClick=${() => setEditing(true)}>${t("goal_edit")}</button>
        </div>`
    }
    <section class="panel" aria-labelledby="goal-competencies">
      <h2 id="goal-competencies">${t("goal_competencies")}</h2>
      <${CompetencyPicker} dossierId=${dossierId} legend=${t("goal_competencies")} legendHidden chosen=${g.competencies || []} busy=${busy} onChange=${saveCompetencies} />
    </section>
    <${GoalEvidence} dossierId=${dossierId} goal=${g} onSaved=${goal.set} />
    <section class="panel" aria-labelledby="goal-activities">
      <h2 id="goal-activities">${t("goal_activities")}</h2>
      ${
        linked.length
          ? html`<ul class="plain-list">${linked.map((a) => html`<li>${a.title} <span class="meta">${formatDay(a.on_date)} · ${t("activity_meta_hours", { hours: hoursText(a.hours) })}${a.planned ? ` · ${t("activity_planned").toLowerCase()}` : ""}</span></li>`)}</ul>`
          : html`<p class="meta">${t("goal_activities_none")}</p>`
      }
    </section>
    <section class="panel" aria-labelledby="goal-progress">
      <h2 id="goal-progress">${t("progress_title")}</h2>
      ${
        g.progress_notes.length
          ? html`<ol class="reflection-list">${[...g.progress_notes].reverse().map((note) => html`<${ProgressNote} note=${note} />`)}</ol>`
          : html`<p class="meta">${t("progress_none")}</p>`
      }
      <${ProgressForm} goal=${g} onDone=${goal.set} />
    </section>
    <div class="danger-zone">
      <button type="button" class="button danger" disabled=${busy} onClick=${remove}>${t("goal_delete")}</button>
    </div>
  <//>`;
}

// --- coaching notes -------------------------------------------------------------------------------

function NoteForm({ dossierId, ownerName, initial = null, onDone, onCancel = null }) {
  const editing = Boolean(initial);
  const [values, setValues] = useState({
    session_date: initial ? initial.session_date : today(),
    body: initial ? initial.body : "",
  });
  const [error, setError] = useState(null);
  const [fields, setFields] = useState({});
  const [busy, setBusy] = useState(false);
  const headingId = useId();
  const form = useRef(null);
  useEffect(() => {
    if (editing) form.current?.querySelector("textarea")?.focus();
  }, []);
  const submit = async (event) => {
    event.preventDefault();
    const problems = {};
    if (!values.session_date) problems.session_date = t("field_session_date");
    if (!values.body.trim()) problems.body = t("field_body");
    if (Object.keys(problems).length) {
      setFields(problems);
      setError(new ApiError(0, "invalid"));
      return;
    }
    setBusy(true);
    try {
      const saved = editing
        ? await api("PATCH", `/coaching-notes/${initial.id}`, {
            session_date: values.session_date,
            body: values.body.trim(),
          })
        : await api("POST", `/dossiers/${dossierId}/coaching-notes`, {
            session_date: values.session_date,
            body: values.body.trim(),
          });
      notify(t(editing ? "coaching_saved" : "coaching_added"));
      if (!editing) setValues({ session_date: today(), body: "" });
      setError(null);
      setFields({});
      onDone(saved);
    } catch (err) {
      setError(err);
      setFields(fieldErrors(err));
    } finally {
      setBusy(false);
    }
  };
  return html`<form class="panel" novalidate aria-labelledby=${headingId} onSubmit=${submit} ref=${form}>
    <h2 id=${headingId}>${editing ? t("coaching_edit_named", { date: formatDay(initial.session_date) }) : t("coaching_new")}</h2>
    <${ErrorBox} error=${error} />
    <${Field} name="session_date" type="date" label=${t("coaching_date")} value=${values.session_date} onInput=${(session_date) => setValues((v) => ({ ...v, session_date }))} error=${fields.session_date} />
    <${Field} name="body" label=${t("coaching_body")} hint=${t("coaching_body_hint", { name: ownerName })} multiline maxlength="20000" value=${values.body} onInput=${(body) => setValues((v) => ({ ...v, body }))} error=${fields.body} />
    <div class="actions-row">
      <button type="submit" class="button primary" disabled=${busy}>${busy ? t("saving") : t(editing ? "save" : "coaching_submit")}</button>
      ${onCancel ? html`<button type="button" class="button" disabled=${busy} onClick=${onCancel}>${t("cancel")}</button>` : null}
    </div>
  </form>`;
}

export function CoachingScreen({ dossierId }) {
  useHeadingFocus();
  const access = accessTo(dossierId);
  const coach = !access.owner && access.role === "coach";
  const allowed = access.owner || coach;
  useEffect(() => {
    if (!access.known && state.shared === null) loadShared();
  }, []);
  const notes = useLoad(
    () => (allowed ? api("GET", `/dossiers/${dossierId}/coaching-notes`) : Promise.resolve(null)),
    [dossierId, allowed],
  );
  const [editing, setEditing] = useState(null);
  const title = access.owner ? t("coaching_title_owner") : t("coaching_title_coach", { name: access.name || "…" });
  const back = { href: homeHash(dossierId), label: t(access.owner ? "back" : "back_dossier") };
  const frame = (
    content,
  ) => html`<${Screen} title=${title} back=${back} sub=${allowed ? t(access.owner ? "coaching_private_owner" : "coaching_private_coach", { name: access.name }) : null}>
    ${content}
  <//>`;
  if (!access.known) return frame(html`<p class="loading-line" role="status">${t("loading")}</p>`);
  if (!allowed) return frame(html`<p class="notice">${t("coaching_not_here")}</p>`);
  const list = notes.data || [];
  const replace = (saved) => notes.set(list.map((n) => (n.id === saved.id ? saved : n)));
  const [removing, setRemoving] = useState(null);
  const remove = async (note) => {
    if (!confirm(t("coaching_remove_confirm", { date: formatDay(note.session_date) }))) return;
    setRemoving(note.id);
    try {
      await api("DELETE", `/coaching-notes/${note.id}`);
      notes.set(list.filter((n) => n.id !== note.id));
      notify(t("coaching_removed"));
    } catch (err) {
      notify(errorText(err));
    } finally {
      setRemoving(null);
    }
  };
  return frame(html`
    ${coach ? html`<${NoteForm} dossierId=${dossierId} ownerName=${access.name} onDone=${(saved) => notes.set([saved, ...list].sort((a, b) => b.session_date.localeCompare(a.session_date)))} />` : null}
    <section aria-labelledby="coaching-notes">
      <h2 id="coaching-notes">${t("coaching_list")}</h2>
      ${
        notes.data === undefined || notes.error
          ? html`<${Pending} result=${notes} />`
          : list.length
            ? html`<ol class="card-list coaching-list" aria-labelledby="coaching-notes">
              ${list.map((note) =>
                editing === note.id
                  ? html`<li key=${note.id}><${NoteForm} dossierId=${dossierId} ownerName=${access.name} initial=${note} onDone=${(
                      saved,
                    ) => {
                      replace(saved);
                      setEditing(null);
                    }} onCancel=${() => setEditing(null)} /></li>`
                  : html`<li class="coaching-note" key=${note.id}>
                      <h3 class="entry-title"><time datetime=${note.session_date}>${formatDay(note.session_date)}</time></h3>
                      <p class="meta">
                        ${t("coaching_by", { name: note.coach ? note.coach.display_name : personName(note.coach_name) })}
                        ${note.updated_at && note.created_at && note.updated_at.slice(0, 19) !== note.created_at.slice(0, 19) ? ` · ${t("coaching_edited")}` : ""}
                      </p>
                      <p class="coaching-body">${note.body}</p>
                      <div class="actions-row">
                        ${
                          coach && note.coach && note.coach.id === state.me.id
                            ? html`<button type="button" class="button small" aria-label=${t("coaching_edit_named", { date: formatDay(note.session_date) })} onClick=${() => setEditing(note.id)}>${t("item_edit")}</button>`
                            : null
                        }
                        ${
                          access.owner || (note.coach && note.coach.id === state.me.id)
                            ? html`<button type="button" class="button small danger" disabled=${removing === note.id} aria-label=${t("coaching_remove_named", { date: formatDay(note.session_date) })} onClick=${() => remove(note)}>${t("coaching_remove")}</button>`
                            : null
                        }
                      </div>
                    </li>`,
              )}
            </ol>`
            : html`<p class="meta">${t(coach ? "coaching_none_coach" : "coaching_none_owner")}</p>`
      }
    </section>
  `);
}
