// Small pieces shared by the competency and people screens: the frame of a screen, loading and
// error states, labels for roles and scopes, form controls and a compact evidence card.
import { html } from "htm/preact";
import { useCallback, useEffect, useId, useLayoutEffect, useRef, useState } from "preact/hooks";
import { api, errorText } from "../api.js";
import { formatDate, getLocale, has, t } from "../i18n.js";
import { kindLabel, Thumbnail, Topbar, titleOf } from "./common.js";

export { html };

/** A screen: the top bar, an optional way back, the heading (focused by the app) and content. */
export function Screen({ title, sub, back, children, wide = false }) {
  return html`<div class="view">
    <${Topbar} />
    <main id="main" class=${`main${wide ? " main-wide" : ""}`}>
      ${back ? html`<a class="button ghost back" href=${back.href}><span aria-hidden="true">← </span>${back.label}</a>` : null}
      <div class="page-head">
        <h1 tabindex="-1">${title}</h1>
        ${sub ? html`<p class="sub">${sub}</p>` : null}
      </div>
      ${children}
    </main>
  </div>`;
}

/** Put the keyboard in a field of a panel a tap just opened (`find()` returns it) while `when`
 * holds. A layout effect: it runs before the browser handles the next key, so letters typed
 * right after the tap land in the field; a plain effect waits for the next frame and loses them. */
export function useFocusOnOpen(when, find) {
  useLayoutEffect(() => {
    if (when) find()?.focus();
  }, [when]);
}

/** A lazily loaded screen appears after the app moved focus: put it on the heading then. */
export function useHeadingFocus() {
  useEffect(() => {
    const here = document.activeElement;
    if (!here || here === document.body) document.querySelector("#main h1")?.focus({ preventScroll: true });
  }, []);
}

/** Load something for a screen: {data, error, loading, reload, set}. `data` stays while
 * reloading, so a screen does not flicker. */
export function useLoad(load, deps) {
  const [result, setResult] = useState({ data: undefined, error: null, loading: true });
  const run = useRef(0);
  const reload = useCallback(async () => {
    const mine = ++run.current;
    setResult((r) => ({ ...r, loading: true }));
    try {
      const data = await load();
      if (mine === run.current) setResult({ data, error: null, loading: false });
      return data;
    } catch (error) {
      if (mine === run.current) setResult((r) => ({ data: r.data, error, loading: false }));
      return undefined;
    }
  }, deps);
  useEffect(() => {
    reload();
  }, [reload]);
  return { ...result, reload, set: (data) => setResult({ data, error: null, loading: false }) };
}

/** While loading: a line of text; on failure: the reason and "try again". */
export function Pending({ result }) {
  if (result.error) {
    return html`<div class="form-error" role="alert">
      <p>${errorText(result.error)}</p>
      <button type="button" class="button" onClick=${result.reload}>${t("retry")}</button>
    </div>`;
  }
  return html`<p class="loading-line" role="status">${t("loading")}</p>`;
}

export const roleLabel = (role) => (has(`role_${role}`) ? t(`role_${role}`) : role || "");
export const memberRoleLabel = (role) => (has(`member_role_${role}`) ? t(`member_role_${role}`) : role);
export const scopeLabel = (scope) => (has(`scope_${scope}`) ? t(`scope_${scope}`) : scope);
const SCOPE_ORDER = ["view", "reflect", "contribute"];
export const scopesText = (scopes) =>
  SCOPE_ORDER.filter((s) => (scopes || []).includes(s))
    .map(scopeLabel)
    .join(", ");

function regional() {
  const locale = getLocale();
  const match = (navigator.languages || []).find((tag) => tag.split("-")[0] === locale && tag.includes("-"));
  return match || { nl: "nl-NL", en: "en-GB" }[locale];
}

export function formatDay(iso) {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "";
  return new Intl.DateTimeFormat(regional(), { dateStyle: "medium" }).format(date);
}

export { formatDate };

/** A calendar day (yyyy-mm-dd, no time of day) in words, the same day wherever one is. */
export const formatCalendarDay = (day) => (day ? formatDay(`${day}T12:00:00`) : "");

/** yyyy-mm-dd of a date input → the end of that local day, as an ISO time with zone. */
export function endOfDay(day) {
  if (!day) return null;
  const [y, m, d] = day.split("-").map(Number);
  return new Date(y, m - 1, d, 23, 59, 59).toISOString();
}

/** An ISO time → the yyyy-mm-dd of a date input (local). */
export function dayOf(iso) {
  if (!iso) return "";
  const date = new Date(iso);
  const pad = (n) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

export function today() {
  return dayOf(new Date().toISOString());
}

/** A labelled select. options: [[value, label], ...]. */
export function SelectField({ label, hint, value, options, onChange, error, name, ...attrs }) {
  const id = useId();
  const described = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  return html`<div class="field">
    <label for=${id}>${label}</label>
    ${hint ? html`<p class="hint" id=${`${id}-hint`}>${hint}</p>` : null}
    <select id=${id} name=${name} data-field=${name} aria-describedby=${described} aria-invalid=${error ? "true" : undefined} onChange=${(e) => onChange(e.currentTarget.value)} ...${attrs}>
      ${options.map(([v, text]) => html`<option value=${v} selected=${String(v) === String(value)}>${text}</option>`)}
    </select>
    ${error ? html`<p class="field-error" id=${`${id}-error`}>${error}</p>` : null}
  </div>`;
}

/** A group of checkboxes with a legend. options: [[value, label, hint?], ...]. */
export function CheckGroup({ legend, hint, options, values, onChange, error, name }) {
  const id = useId();
  const toggle = (value, on) => onChange(on ? [...values, value] : values.filter((v) => v !== value));
  return html`<fieldset class="checks" aria-describedby=${error ? `${id}-error` : hint ? `${id}-hint` : undefined} data-field=${name}>
    <legend>${legend}</legend>
    ${hint ? html`<p class="hint" id=${`${id}-hint`}>${hint}</p>` : null}
    ${options.map(
      ([value, label, sub]) => html`<div class="check">
        <input type="checkbox" id=${`${id}-${value}`} checked=${values.includes(value)} onChange=${(e) => toggle(value, e.currentTarget.checked)} />
        <label for=${`${id}-${value}`}>${label}${sub ? html`<span class="check-sub">${sub}</span>` : null}</label>
      </div>`,
    )}
    ${error ? html`<p class="field-error" id=${`${id}-error`}>${error}</p>` : null}
  </fieldset>`;
}

/** Radio buttons with a legend. options: [[value, label], ...]. */
export function RadioGroup({ legend, options, value, onChange, name, className = "" }) {
  const id = useId();
  return html`<fieldset class=${`radios ${className}`}>
    <legend>${legend}</legend>
    ${options.map(
      ([v, label]) => html`<div class="check">
        <input type="radio" name=${name || id} id=${`${id}-${v}`} value=${v} checked=${value === v} onChange=${() => onChange(v)} />
        <label for=${`${id}-${v}`}>${label}</label>
      </div>`,
    )}
  </fieldset>`;
}

/** A date input with a label (and a way to clear it), and a place for its error. */
export function DateField({ label, hint, value, onInput, min, name, error }) {
  const id = useId();
  const described = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  return html`<div class="field">
    <label for=${id}>${label}</label>
    ${hint ? html`<p class="hint" id=${`${id}-hint`}>${hint}</p>` : null}
    <input type="date" id=${id} name=${name} data-field=${name} value=${value} min=${min} aria-describedby=${described} aria-invalid=${error ? "true" : undefined} onInput=${(e) => onInput(e.currentTarget.value)} />
    ${error ? html`<p class="field-error" id=${`${id}-error`}>${error}</p>` : null}
  </div>`;
}

/** An evidence item in a short list: picture, title, date, link to it. */
export function EvidenceCard({ item, extra = null }) {
  const media = item.media || {};
  return html`<li class="card-entry">
    <a class="entry-link" href=${`#/item/${item.id}`}>
      ${
        media.thumbnail
          ? html`<div class="thumb thumb-small"><${Thumbnail} media=${media} /></div>`
          : html`<div class="thumb thumb-small"><span class="thumb-label" aria-hidden="true">${kindLabel(item.kind).slice(0, 1)}</span></div>`
      }
      <div class="entry-body">
        <h3 class="entry-title">${titleOf(item)}</h3>
        <p class="meta"><time datetime=${item.occurred_at}>${formatDate(item.occurred_at)}</time> · ${kindLabel(item.kind)}</p>
        ${extra}
      </div>
    </a>
  </li>`;
}

// --- frameworks, asked once per screen visit --------------------------------------------

const frameworkCache = new Map();
/** A framework with its items and rating scale (GET /frameworks/<id>), kept for a minute. */
export function frameworkDetail(id, { fresh = false } = {}) {
  const cached = frameworkCache.get(id);
  if (cached && !fresh && Date.now() - cached.at < 60_000) return cached.promise;
  const promise = api("GET", `/frameworks/${id}`);
  frameworkCache.set(id, { at: Date.now(), promise });
  promise.catch(() => frameworkCache.delete(id));
  return promise;
}
export function forgetFramework(id) {
  frameworkCache.delete(id);
}

/** "WV.20 Op tijd komen": the code (when there is one) and the statement. */
export function Competency({ code, statement }) {
  return html`${code ? html`<span class="code">${code}</span> ` : null}${statement}`;
}
