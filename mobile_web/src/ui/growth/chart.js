// The chart of a school year: hours and budget against the entitlement, and the same in words.
import { useId } from "preact/hooks";
import { t } from "../../i18n.js";
import { html } from "../kit.js";
import { hoursText, moneyText, yearLabel } from "./shared.js";

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
  const available = o.available ?? o.budget;
  const moneyLeft = o.left ?? available - o.spent;
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
      <${Bar} done=${o.spent} planned=${o.spent_planned} total=${available} patternId=${patternId} />
      <p class="chart-text" data-testid="budget-text">
        <strong>${t("budget_summary", { spent: moneyText(o.spent), budget: moneyText(available) })}</strong>
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

/** Where the year's money comes from: this year's budget and what earlier years saved. */
export function SavedBudget({ overview }) {
  const saved = overview.saved || [];
  if (!saved.length) return null;
  return html`<div class="saved-budget" data-testid="saved">
    <h3 class="chart-title">${t("saved_title")}</h3>
    <ul>
      <li>${t("saved_this_year", { amount: moneyText(overview.budget) })}</li>
      ${saved.map(
        (s) => html`<li key=${s.school_year}>
          ${t("saved_from", { amount: moneyText(s.amount), year: yearLabel(s.school_year), until: yearLabel(s.usable_until) })}
          ${s.left !== s.amount ? ` ${t("saved_left", { left: moneyText(s.left) })}` : ""}
        </li>`,
      )}
    </ul>
    <p class="hint">${t("saved_oldest_first")}</p>
  </div>`;
}

export function EntitlementLine({ overview: o }) {
  const proRata = o.rule !== "fixed";
  const usualHours = proRata ? Math.round(o.hours_full_time * o.fte * 10) / 10 : o.hours_full_time;
  const usualBudget = proRata ? Math.round(o.budget_default * o.fte * 100) / 100 : o.budget_default;
  const own = o.entitlement_hours !== usualHours || o.budget !== usualBudget;
  const basis = own
    ? t("entitlement_basis_own")
    : proRata
      ? t("entitlement_basis_fte", {
          full: hoursText(o.hours_full_time),
          budget: moneyText(o.budget_default),
          fte: hoursText(o.fte),
        })
      : t("entitlement_basis_fixed", { full: hoursText(o.hours_full_time), budget: moneyText(o.budget_default) });
  return html`<p class="entitlement" data-testid="entitlement">${t("entitlement_line", { hours: hoursText(o.entitlement_hours), budget: moneyText(o.budget), basis })}</p>`;
}
