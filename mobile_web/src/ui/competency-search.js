// Finding a competency to link, wherever one is linked (an evidence item, a goal, an activity):
// type two letters, see what the dossier's frameworks hold (and, on request, the other
// frameworks after them), tap one.
import { useEffect, useId, useRef, useState } from "preact/hooks";
import { api, errorText } from "../api.js";
import { t } from "../i18n.js";
import { Competency, html, useFocusOnOpen } from "./kit.js";

/** How many frameworks a dossier has, asked once: with none, the search looks everywhere. */
const frameworkCount = new Map();

/** The search and its results. `onPick(competency)` links it (and may throw: the error shows
 * here and the search stays); `disabled(c)` and `meta(c)` say what a result already is;
 * `children` come between the search box and the results (a note to go with the link);
 * `scopeNote` is shown when the dossier has no frameworks and the search looks everywhere. */
export function CompetencySearch({
  dossierId,
  label,
  hint = null,
  foundText,
  noneText,
  onPick,
  pickLabel = null,
  disabled = () => false,
  meta = () => "",
  busy = false,
  autoFocus = false,
  scopeNote = null,
  children = null,
}) {
  const [query, setQuery] = useState("");
  const [found, setFound] = useState(null);
  const [error, setError] = useState(null);
  const [picking, setPicking] = useState(false);
  const [everywhere, setEverywhere] = useState(frameworkCount.get(dossierId) === 0);
  // The dossier's own frameworks first; the others only when asked for.
  const [wider, setWider] = useState(false);
  const input = useRef(null);
  const id = useId();
  useFocusOnOpen(autoFocus, () => input.current);
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
      if (!everywhere && wider) params.set("everywhere", "true");
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
  }, [query, everywhere, wider]);
  const pick = async (c) => {
    setPicking(true);
    try {
      await onPick(c);
      setQuery("");
      setFound(null);
      setError(null);
    } catch (err) {
      setError(err);
    } finally {
      setPicking(false);
    }
  };
  const status = found ? (found.length ? foundText(found.length) : noneText) : "";
  const framework = (c) => (c.framework ? c.framework.title : "");
  return html`${everywhere && scopeNote ? html`<p class="hint">${scopeNote}</p>` : null}
    <div class="field">
      <label for=${`${id}-q`}>${label}</label>
      ${hint ? html`<p class="hint" id=${`${id}-hint`}>${hint}</p>` : null}
      <input type="search" id=${`${id}-q`} ref=${input} autocomplete="off" enterkeyhint="search" aria-describedby=${hint ? `${id}-hint ${id}-status` : `${id}-status`} value=${query} onInput=${(e) => setQuery(e.currentTarget.value)} />
    </div>
    ${children}
    <p id=${`${id}-status`} class="meta" role="status">${status}</p>
    ${error ? html`<p class="field-error" role="alert">${errorText(error)}</p>` : null}
    ${
      found && found.length
        ? html`<ul class="link-results">
          ${found.map(
            (c) => html`<li>
              <button type="button" class="link-result" disabled=${busy || picking || disabled(c)} aria-label=${pickLabel ? pickLabel(c) : undefined} onClick=${() => pick(c)}>
                <span class="link-result-text"><${Competency} code=${c.human_code} statement=${c.full_statement} /></span>
                <span class="link-result-meta">${[framework(c), meta(c)].filter(Boolean).join(" · ")}</span>
              </button>
            </li>`,
          )}
        </ul>`
        : null
    }
    ${
      found && !everywhere
        ? wider
          ? html`<p class="hint">${t("search_other_frameworks_on")}</p>`
          : html`<button type="button" class="button link" onClick=${() => setWider(true)}>${t("search_other_frameworks")}</button>`
        : null
    }`;
}
