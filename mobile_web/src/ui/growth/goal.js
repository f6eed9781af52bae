// One goal on its own screen: edit it, link competencies and evidence, reflect on progress.
import { useId, useRef, useState } from "preact/hooks";
import { api, errorText } from "../../api.js";
import { ownDossierId } from "../../dossiers.js";
import { t } from "../../i18n.js";
import { notify } from "../../state.js";
import { ErrorBox, Field, go, useSubmit } from "../common.js";
import {
  CheckGroup,
  formatDate,
  formatDay,
  html,
  Pending,
  RadioGroup,
  Screen,
  useHeadingFocus,
  useLoad,
} from "../kit.js";
import { MODEL_FIELDS } from "../reflect.js";
import { CompetencyPicker } from "./competency-picker.js";
import { GoalForm } from "./plan.js";
import { hoursText, modelText, statusText, useOwnEvidence, yearLabel } from "./shared.js";

const MODELS = Object.keys(MODEL_FIELDS);

function ProgressForm({ goal, onDone }) {
  const [model, setModel] = useState("free");
  const [content, setContent] = useState({});
  const headingId = useId();
  const text = Object.fromEntries(MODEL_FIELDS[model].map((name) => [name, (content[name] || "").trim()]));
  const { submit, busy, error, fields } = useSubmit(
    async () => {
      const saved = await api("POST", `/goals/${goal.id}/progress`, { model, content: text });
      setContent({});
      notify(t("progress_added"));
      onDone(saved);
    },
    {
      check: () => (Object.values(text).some(Boolean) ? {} : { content: t("field_reflection_empty") }),
      invalidCode: "empty_reflection",
    },
  );
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
  const evidence = useOwnEvidence(dossierId, true);
  const items = evidence.data || [];
  const chosen = items.filter((item) => goal.evidence_ids.includes(item.id));
  const { submit, busy, error } = useSubmit(async () => {
    onSaved(await api("PATCH", `/goals/${goal.id}`, { evidence_ids: values }));
    notify(t("goal_evidence_saved"));
    setChoosing(false);
  });
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
        ? html`<form novalidate onSubmit=${submit}>
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
