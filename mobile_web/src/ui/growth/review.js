// Looking back on a school year: the plan against what happened (goals, activities, hours,
// budget) and the teacher's own answer to "wat is daarvan terecht gekomen?".
import { useState } from "preact/hooks";
import { api } from "../../api.js";
import { ownDossierId } from "../../dossiers.js";
import { t } from "../../i18n.js";
import { notify } from "../../state.js";
import { ErrorBox, Field, useSubmit } from "../common.js";
import { formatDate, html, Pending, Screen, useHeadingFocus, useLoad } from "../kit.js";
import { hoursText, moneyText, statusText, yearLabel } from "./shared.js";

function PlanAgainstReality({ review }) {
  const o = review.overview;
  const row = (label, planned, done) =>
    html`<tr><th scope="row">${label}</th><td class="num">${planned}</td><td class="num">${done}</td></tr>`;
  return html`<table class="review-table" data-testid="plan-reality">
    <caption class="visually-hidden">${t("review_table")}</caption>
    <thead><tr><th scope="col"></th><th scope="col" class="num">${t("review_planned")}</th><th scope="col" class="num">${t("review_done")}</th></tr></thead>
    <tbody>
      ${row(t("review_goals"), String(review.goals.length), t("review_goals_achieved", { count: review.goals_achieved }))}
      ${row(t("review_activities"), String(review.activities_done + review.activities_still_planned), String(review.activities_done))}
      ${row(t("review_hours"), hoursText(o.entitlement_hours), hoursText(o.hours_done))}
      ${row(t("review_budget"), moneyText(o.available ?? o.budget), moneyText(o.spent))}
    </tbody>
  </table>
  <p class="meta">${t("review_hours_split", { required: hoursText(review.required_hours), own: hoursText(review.own_hours) })}</p>`;
}

function ReflectionForm({ dossierId, year, review, onSaved }) {
  const [text, setText] = useState(review.reflection);
  const { submit, busy, error, fields } = useSubmit(async () => {
    const saved = await api("PUT", `/dossiers/${dossierId}/growth/review?year=${year}`, { reflection: text });
    notify(t("review_saved"));
    onSaved(saved);
  });
  return html`<form class="panel" novalidate aria-labelledby="review-question" onSubmit=${submit}>
    <h2 id="review-question">${t("review_question")}</h2>
    <${ErrorBox} error=${error} />
    <${Field} name="reflection" label=${t("review_reflection")} hint=${t("review_reflection_hint")} multiline maxlength="20000" value=${text} onInput=${setText} error=${fields.reflection} />
    ${review.updated_at ? html`<p class="meta">${t("review_updated", { at: formatDate(review.updated_at) })}</p>` : null}
    <button type="submit" class="button primary" disabled=${busy}>${busy ? t("saving") : t("save")}</button>
  </form>`;
}

export function ReviewScreen({ year }) {
  useHeadingFocus();
  const dossierId = ownDossierId();
  const y = Number(year);
  const review = useLoad(() => api("GET", `/dossiers/${dossierId}/growth/review?year=${y}`), [dossierId, y]);
  const r = review.data;
  return html`<${Screen} title=${t("year_review_title")} sub=${t("growth_year", { year: yearLabel(y) })}>
    <p><a href=${`#/growth/${y}`}>${t("review_back", { year: yearLabel(y) })}</a></p>
    ${
      r
        ? html`<section class="growth-section panel" aria-labelledby="review-plan">
            <h2 id="review-plan">${t("review_plan_reality")}</h2>
            <${PlanAgainstReality} review=${r} />
            ${
              r.goals.length
                ? html`<ul class="card-list" aria-label=${t("review_goal_list")}>
                  ${r.goals.map(
                    (g) => html`<li key=${g.id}>
                      <h3 class="entry-title"><a href=${`#/growth/goal/${g.id}`}>${g.title}</a></h3>
                      <p class="meta">${statusText(g.status)} · ${t("review_goal_activities", { count: g.activities_done, hours: hoursText(g.hours_done) })}</p>
                    </li>`,
                  )}
                </ul>`
                : html`<p class="meta">${t("plan_empty")}</p>`
            }
          </section>
          <${ReflectionForm} dossierId=${dossierId} year=${y} review=${r} onSaved=${review.set} />
          <p class="actions-row">
            <a class="button small" href=${`/api/v1/dossiers/${dossierId}/activities.pdf?year=${y}`} download=${`professionalisering-${y}-${y + 1}.pdf`}>${t("review_export_pdf")}</a>
          </p>`
        : html`<${Pending} result=${review} />`
    }
  <//>`;
}
