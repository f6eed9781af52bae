// The development plan of a school year: its goals, and the form to add or edit one.
import { useId, useRef, useState } from "preact/hooks";
import { api } from "../../api.js";
import { t } from "../../i18n.js";
import { notify } from "../../state.js";
import { ErrorBox, Field, useSubmit } from "../common.js";
import { Competency, formatDay, html, SelectField, useFocusOnOpen } from "../kit.js";
import { CompetencyPicker } from "./competency-picker.js";
import { statusText, yearLabel } from "./shared.js";

const GOAL_STATUSES = ["planned", "in_progress", "achieved", "dropped"];

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

export function GoalForm({ dossierId, year, initial = null, onDone, onCancel, withCompetencies = true }) {
  const editing = Boolean(initial);
  const [values, setValues] = useState(() => goalValues(initial));
  const form = useRef(null);
  const headingId = useId();
  const set = (changes) => setValues((v) => ({ ...v, ...changes }));
  useFocusOnOpen(true, () => form.current?.querySelector("input"));
  const { submit, busy, error, fields } = useSubmit(
    async () => {
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
    },
    { check: () => (values.title.trim() ? {} : { title: t("field_goal_title") }) },
  );
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

export function PlanSection({ dossierId, year, goals, onChanged }) {
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
