// My working time and, when it is not the usual one, my own entitlement of hours and budget.
import { useState } from "preact/hooks";
import { api } from "../../api.js";
import { t } from "../../i18n.js";
import { notify } from "../../state.js";
import { ErrorBox, Field, useSubmit } from "../common.js";
import { html, SelectField } from "../kit.js";
import { hoursText, moneyText, parseNumber, typedNumber, yearLabel } from "./shared.js";

export function SettingsForm({ settings, overview, onSaved }) {
  const [values, setValues] = useState({
    fte: typedNumber(settings.fte),
    hours_override: typedNumber(settings.hours_override),
    budget_override: typedNumber(settings.budget_override),
    saving_since: settings.saving_since ? String(settings.saving_since) : "",
  });
  const set = (changes) => setValues((v) => ({ ...v, ...changes }));
  const fte = parseNumber(values.fte);
  const hours = parseNumber(values.hours_override);
  const budget = parseNumber(values.budget_override);
  const check = () => {
    const problems = {};
    if (fte === null || Number.isNaN(fte) || fte <= 0 || fte > 1.5) problems.fte = t("field_fte");
    if (Number.isNaN(hours)) problems.hours_override = t("field_hours_override");
    if (Number.isNaN(budget)) problems.budget_override = t("field_budget_override");
    return problems;
  };
  const { submit, busy, error, fields } = useSubmit(
    async () => {
      const saved = await api("PUT", "/me/growth-settings", {
        fte,
        hours_override: hours,
        budget_override: budget,
        saving_since: values.saving_since ? Number(values.saving_since) : null,
      });
      notify(t("settings_saved"));
      onSaved(saved);
    },
    { check },
  );
  const full = hoursText(overview ? overview.hours_full_time : 83);
  // Saving can begin in one of the last school years (the kept ones and a few before them).
  const now = overview ? overview.school_year : new Date().getFullYear();
  const savingYears = [];
  for (let y = now; y >= now - 6; y--) savingYears.push([String(y), yearLabel(y)]);
  if (values.saving_since && !savingYears.some(([y]) => y === values.saving_since))
    savingYears.push([values.saving_since, yearLabel(Number(values.saving_since))]);
  return html`<form class="panel" novalidate aria-labelledby="growth-settings" onSubmit=${submit}>
    <h2 id="growth-settings">${t("growth_settings")}</h2>
    <${ErrorBox} error=${error} />
    <${Field} name="fte" label=${t("settings_fte")} hint=${t("settings_fte_hint", { full })} inputmode="decimal" autocomplete="off" value=${values.fte} onInput=${(fte) => set({ fte })} error=${fields.fte} />
    <${Field} name="hours_override" label=${t("settings_hours")} hint=${t("settings_hours_hint", { full })} inputmode="decimal" autocomplete="off" value=${values.hours_override} onInput=${(v) => set({ hours_override: v })} error=${fields.hours_override} />
    <${Field}
      name="budget_override"
      label=${t("settings_budget")}
      hint=${t(overview && overview.rule === "fixed" ? "settings_budget_hint_fixed" : "settings_budget_hint", { budget: moneyText(overview ? overview.budget_default : 500) })}
      inputmode="decimal"
      autocomplete="off"
      value=${values.budget_override}
      onInput=${(v) => set({ budget_override: v })}
      error=${fields.budget_override}
    />
    <${SelectField}
      name="saving_since"
      label=${t("settings_saving")}
      hint=${t("settings_saving_hint")}
      value=${values.saving_since}
      options=${[["", t("settings_saving_none")], ...savingYears]}
      onChange=${(v) => set({ saving_since: v })}
      error=${fields.saving_since}
    />
    <button type="submit" class="button primary" disabled=${busy}>${busy ? t("saving") : t("save")}</button>
  </form>`;
}
