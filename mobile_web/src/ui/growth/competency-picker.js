// Competencies for a goal or an activity: the chosen ones, each with a way to remove it, and a
// search to add one.
import { t } from "../../i18n.js";
import { CompetencySearch } from "../competency-search.js";
import { Competency, html } from "../kit.js";

/** The competencies chosen (with a way to remove each) and a search to add one: type, tap. */
export function CompetencyPicker({ dossierId, chosen, onChange, busy = false, legend, legendHidden = false }) {
  const ids = new Set(chosen.map((c) => c.id));
  const add = (c) =>
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
    <${CompetencySearch}
      dossierId=${dossierId}
      label=${t("competency_search")}
      hint=${t("competency_search_hint")}
      foundText=${(count) => t("competency_found", { count })}
      noneText=${t("competency_none_found")}
      onPick=${add}
      pickLabel=${(c) => t("competency_add_named", { name: c.full_statement })}
      disabled=${(c) => ids.has(c.id)}
      busy=${busy}
    />
  </fieldset>`;
}
