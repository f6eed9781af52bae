// #/cv/confirmed: "Bevestigd door de werkplek" on my CV. I choose which signed internship
// reports (who signed, when) and which levels the workplace gave (who, when, which competency)
// a recruiter sees; the server offers only what still counts as confirmed.
import { useId, useState } from "preact/hooks";
import { api } from "../../api.js";
import { t } from "../../i18n.js";
import { notify } from "../../state.js";
import { ErrorBox, useSubmit } from "../common.js";
import { Competency, formatCalendarDay, formatDay, html, Pending, roleLabel, Screen, useLoad } from "../kit.js";
import { back, cvPath } from "./shared.js";

const chosenOf = (list) => list.filter((entry) => entry.on_cv).map((entry) => entry.id);

/** A refusal of the server names the list it concerns; say so there too. */
function confirmedFields(err) {
  if (!err || err.code !== "cv_unconfirmed") return {};
  return Object.fromEntries(Object.keys(err.fields || {}).map((name) => [name, t("cv_confirmed_gone")]));
}

function ReportCheck({ id, report, checked, onChange }) {
  const period = [formatCalendarDay(report.period_start), formatCalendarDay(report.period_end)].join(" – ");
  const signed = report.signoffs.map((s) =>
    t("cv_confirmed_signed", { name: s.name, role: roleLabel(s.role), date: formatDay(s.signed_at) }),
  );
  return html`<div class="check">
    <input type="checkbox" id=${id} checked=${checked} onChange=${(e) => onChange(e.currentTarget.checked)} />
    <label for=${id}
      >${report.title}${report.internship ? ` · ${report.internship}` : ""}<span class="check-sub">${period}</span>${signed.map(
        (line) => html`<span class="check-sub">${line}</span>`,
      )}</label
    >
  </div>`;
}

function LevelCheck({ id, level, checked, onChange }) {
  const given = t("cv_confirmed_level_by", { name: level.by, role: roleLabel(level.role), date: formatDay(level.at) });
  return html`<div class="check">
    <input type="checkbox" id=${id} checked=${checked} onChange=${(e) => onChange(e.currentTarget.checked)} />
    <label for=${id}
      ><${Competency} code=${level.human_code} statement=${level.competency} /><span class="check-sub"
        >${t("cv_confirmed_level", { level: level.level_label || level.level })}</span
      ><span class="check-sub">${given}</span>${
        level.evidence_title
          ? html`<span class="check-sub">${t("cv_confirmed_on", { title: level.evidence_title })}</span>`
          : null
      }</label
    >
  </div>`;
}

function Confirmed({ offered: first }) {
  const [offered, setOffered] = useState(first);
  const [reports, setReports] = useState(() => chosenOf(first.reports));
  const [levels, setLevels] = useState(() => chosenOf(first.levels));
  const id = useId();
  const toggle = (list, set, value, on) => set(on ? [...list, value] : list.filter((v) => v !== value));
  const { submit, busy, error, fields } = useSubmit(
    async () => {
      // Only what is offered: a report edited since it was signed is no longer.
      const reportIds = new Set(offered.reports.map((r) => r.id));
      const levelIds = new Set(offered.levels.map((l) => l.id));
      try {
        await api("PATCH", cvPath(), {
          report_ids: reports.filter((r) => reportIds.has(r)),
          level_ids: levels.filter((l) => levelIds.has(l)),
        });
        notify(t("saved"));
      } catch (err) {
        // Something changed meanwhile (a signature cleared, a level withdrawn): show what is now.
        if (err.code === "cv_unconfirmed") setOffered(await api("GET", `${cvPath()}/confirmations`));
        throw err;
      }
    },
    { fieldsOf: confirmedFields },
  );
  const nothing = !offered.reports.length && !offered.levels.length;
  return html`<form novalidate aria-label=${t("cv_confirmed")} onSubmit=${submit}>
    <p class="hint">${t("cv_confirmed_hint")}</p>
    <${ErrorBox} error=${error} />
    <section class="panel" aria-labelledby=${`${id}-reports`}>
      <h2 id=${`${id}-reports`}>${t("cv_confirmed_reports")}</h2>
      ${
        offered.reports.length
          ? html`<fieldset class="checks" data-field="report_ids" aria-describedby=${fields.report_ids ? `${id}-reports-error` : null}>
            <legend class="visually-hidden">${t("cv_confirmed_reports")}</legend>
            ${offered.reports.map(
              (report) => html`<${ReportCheck}
                id=${`${id}-r-${report.id}`}
                report=${report}
                checked=${reports.includes(report.id)}
                onChange=${(on) => toggle(reports, setReports, report.id, on)}
              />`,
            )}
            ${fields.report_ids ? html`<p class="field-error" id=${`${id}-reports-error`}>${fields.report_ids}</p>` : null}
          </fieldset>`
          : html`<p class="notice">${t("cv_confirmed_reports_none")}</p>`
      }
    </section>
    <section class="panel" aria-labelledby=${`${id}-levels`}>
      <h2 id=${`${id}-levels`}>${t("cv_confirmed_levels")}</h2>
      ${
        offered.levels.length
          ? html`<fieldset class="checks" data-field="level_ids" aria-describedby=${fields.level_ids ? `${id}-levels-error` : null}>
            <legend class="visually-hidden">${t("cv_confirmed_levels")}</legend>
            ${offered.levels.map(
              (level) => html`<${LevelCheck}
                id=${`${id}-l-${level.id}`}
                level=${level}
                checked=${levels.includes(level.id)}
                onChange=${(on) => toggle(levels, setLevels, level.id, on)}
              />`,
            )}
            ${fields.level_ids ? html`<p class="field-error" id=${`${id}-levels-error`}>${fields.level_ids}</p>` : null}
          </fieldset>`
          : html`<p class="notice">${t("cv_confirmed_levels_none")}</p>`
      }
    </section>
    ${nothing ? null : html`<button type="submit" class="button primary wide" disabled=${busy}>${busy ? t("saving") : t("cv_confirmed_save")}</button>`}
  </form>`;
}

export function CvConfirmedScreen() {
  const offered = useLoad(() => api("GET", `${cvPath()}/confirmations`), []);
  return html`<${Screen} title=${t("cv_confirmed")} back=${back()}>
    ${offered.data ? html`<${Confirmed} offered=${offered.data} />` : html`<${Pending} result=${offered} />`}
  <//>`;
}
