// Small shared pieces: the top bar with its menu, icons, form fields and error boxes.
import { html } from "htm/preact";
import { useEffect, useId, useRef, useState } from "preact/hooks";
import { ApiError, api, errorText } from "../api.js";
import { formatSize, getLocale, has, LOCALES, messages, t } from "../i18n.js";
import { stopSending } from "../queue.js";
import { changed, dossierOf, forgetDevice, notify, state, useLocale } from "../state.js";
import { Bell, homeLink, MenuLinks } from "./nav.js";

export { html };

export const kindLabel = (kind) => (has(`kind_${kind}`) ? t(`kind_${kind}`) : kind);
export const titleOf = (item) => item.title || kindLabel(item.kind);
export const go = (hash) => {
  location.hash = hash;
};

/** Decorative pictures are hidden from screen readers; the text next to them names the control. */
export function Logo({ size }) {
  return html`<svg class="logo" viewBox="0 0 64 64" width=${size} height=${size} aria-hidden="true" focusable="false">
    <rect width="64" height="64" rx="14" fill="#1d4f6e" />
    <rect x="14" y="22" width="36" height="30" rx="5" fill="#fff" />
    <path d="M25 22v-6a3 3 0 0 1 3-3h8a3 3 0 0 1 3 3v6" fill="none" stroke="#fff" stroke-width="4" />
    <path d="M14 34h36" stroke="#1d4f6e" stroke-width="3" />
  </svg>`;
}

const ICONS = {
  camera: html`<path d="M8 20h10l5-7h18l5 7h10v32H8z" fill="none" stroke="currentColor" stroke-width="5" stroke-linejoin="round" /><circle cx="32" cy="35" r="9" fill="none" stroke="currentColor" stroke-width="5" />`,
  video: html`<rect x="6" y="16" width="36" height="32" rx="5" fill="none" stroke="currentColor" stroke-width="5" /><path d="M42 28l16-9v26l-16-9z" fill="none" stroke="currentColor" stroke-width="5" stroke-linejoin="round" />`,
  gallery: html`<rect x="8" y="10" width="48" height="44" rx="5" fill="none" stroke="currentColor" stroke-width="5" /><path d="M10 46l14-14 10 10 8-8 14 14" fill="none" stroke="currentColor" stroke-width="5" stroke-linejoin="round" /><circle cx="42" cy="23" r="4" fill="currentColor" />`,
  note: html`<path d="M14 8h26l12 12v36H14z" fill="none" stroke="currentColor" stroke-width="5" stroke-linejoin="round" /><path d="M22 32h20M22 42h14" stroke="currentColor" stroke-width="5" />`,
};

export function Icon({ name, size = 24 }) {
  return html`<svg class="icon" viewBox="0 0 64 64" width=${size} height=${size} aria-hidden="true" focusable="false">${ICONS[name]}</svg>`;
}

function Menu() {
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const panelId = useId();
  const button = useRef(null);
  const panel = useRef(null);
  const me = state.me;
  const dossier = dossierOf(me);

  useEffect(() => {
    if (!open) return undefined;
    panel.current?.querySelector("a, button")?.focus();
    const onKey = (event) => {
      if (event.key === "Escape") {
        setOpen(false);
        button.current?.focus();
      }
    };
    const onClick = (event) => {
      if (!panel.current?.contains(event.target) && !button.current?.contains(event.target)) setOpen(false);
    };
    document.addEventListener("keydown", onKey);
    document.addEventListener("click", onClick);
    return () => {
      document.removeEventListener("keydown", onKey);
      document.removeEventListener("click", onClick);
    };
  }, [open]);

  const chooseLanguage = async (locale) => {
    if (locale === getLocale()) return;
    await useLocale(locale);
    if (!state.me || !state.online) return; // kept on this device; the account follows later
    try {
      const updated = await api("PATCH", "/me", { locale });
      state.me = { ...state.me, locale: updated.locale };
      notify(t("language_saved"));
    } catch (err) {
      notify(errorText(err));
    }
  };

  const logout = async () => {
    const waiting = state.queue.length;
    if (waiting && !window.confirm(t("logout_pending_confirm", { count: waiting }))) return;
    setBusy(true);
    try {
      await api("POST", "/auth/logout");
    } catch (err) {
      if (err.status !== 401 && err.status !== 0) {
        setBusy(false);
        notify(errorText(err));
        return;
      }
    }
    stopSending();
    history.replaceState(null, "", location.pathname);
    await forgetDevice();
    changed();
  };

  return html`<div class="menu">
    <button
      type="button"
      class="button ghost"
      aria-expanded=${open ? "true" : "false"}
      aria-controls=${panelId}
      ref=${button}
      onClick=${() => setOpen(!open)}
    >
      ${t("menu")}
    </button>
    <div id=${panelId} class="menu-panel" hidden=${!open} ref=${panel}>
      <p class="menu-who">${t("signed_in_as", { name: me.display_name })}</p>
      <${MenuLinks} onNavigate=${() => setOpen(false)} />
      ${
        dossier && dossier.quota_bytes
          ? html`<p class="menu-room">${t("storage_used", { used: formatSize(dossier.used_bytes || 0), quota: formatSize(dossier.quota_bytes) })}</p>`
          : null
      }
      <${LanguageSwitch} onChoose=${chooseLanguage} />
      <button type="button" class="button wide" disabled=${busy} onClick=${logout}>${t("logout")}</button>
    </div>
  </div>`;
}

export function LanguageSwitch({ onChoose }) {
  const labelId = useId();
  return html`<div class="lang-switch" role="group" aria-labelledby=${labelId}>
    <span id=${labelId} class="lang-label">${t("language")}</span>
    ${LOCALES.map(
      (locale) => html`<button
        type="button"
        lang=${locale}
        class="chip"
        aria-pressed=${locale === getLocale() ? "true" : "false"}
        onClick=${() => onChoose(locale)}
      >
        ${messages[locale].locale_name}
      </button>`,
    )}
  </div>`;
}

export function Topbar({ children, menu = true }) {
  return html`<header class="topbar">
    <a class="brand" href=${homeLink()}><${Logo} size=${28} />Bagage</a>
    <div class="topbar-actions">${children}${menu && state.me ? html`<${Bell} /><${Menu} />` : null}</div>
  </header>`;
}

export function BackLink({ dossierId = null }) {
  // Back to the dossier the item is in: my own, or one shared with me.
  const own = !dossierId || dossierId === (dossierOf(state.me) || {}).id;
  return html`<a class="button ghost back" href=${own ? "#/" : `#/d/${dossierId}`}><span aria-hidden="true">← </span>${t(own ? "back" : "back_dossier")}</a>`;
}

/** A labelled input or textarea with an optional hint and a place for its error. */
export function Field({ name, label, hint, multiline = false, value, onInput, error, ...attrs }) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : null;
  const errorId = `${id}-error`;
  const common = {
    id,
    name,
    "data-field": name,
    value: value ?? "",
    onInput: (event) => onInput && onInput(event.currentTarget.value),
    "aria-describedby": [hintId, errorId].filter(Boolean).join(" "),
    "aria-invalid": error ? "true" : undefined,
    ...attrs,
  };
  return html`<div class="field">
    <label for=${id}>${label}</label>
    ${hint ? html`<p class="hint" id=${hintId}>${hint}</p>` : null}
    ${multiline ? html`<textarea rows="4" ...${common}></textarea>` : html`<input type="text" ...${common} />`}
    <p class="field-error" id=${errorId} data-error-for=${name} hidden=${!error}>${error || ""}</p>
  </div>`;
}

/** The error above a form: focused when it appears, so a screen reader announces it. */
export function ErrorBox({ error, extra = [] }) {
  const ref = useRef(null);
  useEffect(() => {
    if (error && ref.current) {
      ref.current.focus({ preventScroll: true });
      ref.current.scrollIntoView({ block: "nearest" });
    }
  }, [error]);
  return html`<div class="form-error" role="alert" tabindex="-1" hidden=${!error} ref=${ref}>
    ${error ? html`<p>${errorText(error)}</p>` : null}
    ${extra.length ? html`<ul>${extra.map((text) => html`<li>${text}</li>`)}</ul>` : null}
  </div>`;
}

/** Field texts for an API error: translated when we know the field, the server's words otherwise.
 * A refused common password names its field too. */
export function fieldErrors(err) {
  const texts = {};
  if (err && err.code === "password_common") {
    for (const name of Object.keys(err.fields || {})) texts[name] = t("error_password_common");
  } else if (err && err.code === "invalid") {
    for (const [name, list] of Object.entries(err.fields || {})) {
      texts[name] = has(`field_${name}`) ? t(`field_${name}`) : [].concat(list).join(" ");
    }
  }
  return texts;
}

/** The submit of a form, one at a time: the page stays, `action` runs while `busy` (the buttons
 * disabled), and whatever happens they are enabled again. Its error shows above the form (ErrorBox,
 * focused) and at the fields it names (`fields`: name → text; Field marks them aria-invalid).
 * `check()` may name field problems found before asking the server (shown as `invalidCode`);
 * `fieldsOf(err)` turns the server's error into field texts. `run(other)` runs another action of
 * the same form (ask for a new code, revoke a key) the same way, without the check; `reset()`
 * clears the error when the form changes its purpose. */
export function useSubmit(action, { check = null, fieldsOf = fieldErrors, invalidCode = "invalid" } = {}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const [fields, setFields] = useState({});
  const running = useRef(false);
  const perform = async (work, event, checkFirst) => {
    if (event && event.preventDefault) event.preventDefault();
    if (running.current) return;
    const problems = checkFirst ? checkFirst() : {};
    if (Object.keys(problems).length) {
      setFields(problems);
      setError(new ApiError(0, invalidCode));
      return;
    }
    running.current = true;
    setBusy(true);
    try {
      await work();
      setError(null);
      setFields({});
    } catch (err) {
      setError(err);
      setFields(fieldsOf(err));
    } finally {
      running.current = false;
      setBusy(false);
    }
  };
  const submit = (event) => perform(action, event, check);
  const run = (other) => perform(other, null, null);
  const reset = () => {
    setError(null);
    setFields({});
  };
  return { submit, run, reset, busy, error, fields };
}

/** A thumbnail: WebP where the browser takes it, the JPEG otherwise. `?thumb` lets the service
 * worker keep it in its small thumbnail cache. */
export function Thumbnail({ media, alt = "", className = "" }) {
  const jpeg = media && media.thumbnail;
  if (!jpeg) return null;
  const webp = media.thumbnail_webp;
  return html`<picture class=${className}>
    ${webp ? html`<source type="image/webp" srcset=${`${webp.url}?thumb`} />` : null}
    <img src=${`${jpeg.url}?thumb`} alt=${alt} loading="lazy" decoding="async" width=${jpeg.width} height=${jpeg.height} />
  </picture>`;
}
