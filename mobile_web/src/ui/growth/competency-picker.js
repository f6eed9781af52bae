// Competencies for a goal or an activity: the chosen ones, each with a way to remove it, and a
// search to add one.
import { useEffect, useId, useState } from "preact/hooks";
import { api, errorText } from "../../api.js";
import { t } from "../../i18n.js";
import { Competency, html } from "../kit.js";

/** How many frameworks a dossier has, asked once: with none, the search looks everywhere. */
const frameworkCount = new Map();

/** The competencies chosen (with a way to remove each) and a search to add one: type, tap. */
export function CompetencyPicker({ dossierId, chosen, onChange, busy = false, legend, legendHidden = false }) {
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
