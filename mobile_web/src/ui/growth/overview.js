// "Mijn ontwikkeling": a school year (with a way to last year and the next), its hours and budget,
// the log, the plan, the exports (CSV, PDF) and my working time.
import { api } from "../../api.js";
import { ownDossierId } from "../../dossiers.js";
import { t } from "../../i18n.js";
import { formatDay, html, Pending, Screen, useHeadingFocus, useLoad } from "../kit.js";
import { EntitlementLine, GrowthChart, SavedBudget } from "./chart.js";
import { LogSection } from "./log.js";
import { PlanSection } from "./plan.js";
import { SettingsForm } from "./settings.js";
import { yearLabel } from "./shared.js";

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
            <${SavedBudget} overview=${o} />
            <${EntitlementLine} overview=${o} />`
          : html`<${Pending} result=${overview} />`
      }
      ${year ? html`<p><a class="button small" href=${`#/growth/${year}/review`}>${t("review_open", { year: yearLabel(year) })}</a></p>` : null}
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
