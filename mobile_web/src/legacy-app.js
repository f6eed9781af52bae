// Bagage web app: log in, the dossier timeline, adding evidence, and editing it.
// Plain DOM, no build step. It talks to /api/v1 only; every text comes from i18n.js.

import { LOCALES, formatDate, formatSize, getLocale, has, messages, setLocale, t } from "./i18n.js";

const API = "/api/v1";
const PAGE_SIZE = 20;
const LOCALE_KEY = "bagage.locale";
const FILTERS = ["", "photo", "video", "audio", "note", "document"];
const SVG = "http://www.w3.org/2000/svg";
const THUMB_LABELS = { document: "PDF", audio: "♪" };

const root = document.getElementById("app");
const toast = document.getElementById("toast");

const state = {
  me: null,
  csrf: null, // kept in memory only; the session cookie itself is HttpOnly
  route: null,
  loginMode: "login",
  loginValues: null, // what was typed on the login screen, kept across a language switch
  notice: null, // a message for the login screen (logged out, session lost)
  timeline: freshTimeline(""),
  timelineRequest: 0,
  addView: null, // the add screen, kept so a draft survives navigating away or logging in again
  addViewOwner: null,
  uploading: false,
  rendered: false,
};

function freshTimeline(kind) {
  // scrollY and openedId bring the reader back to where they were after viewing an item.
  return { kind, items: [], next: null, loaded: false, scrollY: 0, openedId: null };
}

// --- small helpers ----------------------------------------------------------------------

/** h("p", {class: "x", onclick: fn}, "text", child) → an element. Text is never parsed as HTML. */
function h(tag, props, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith("on")) el.addEventListener(key.slice(2), value);
    else el.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
  return el;
}

let lastId = 0;
const nextId = (prefix) => `${prefix}-${++lastId}`;

function newClientUid() {
  if (crypto.randomUUID) return crypto.randomUUID();
  // crypto.randomUUID needs a secure context; a phone testing over plain http on the LAN has none.
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

function storedLocale() {
  try {
    return localStorage.getItem(LOCALE_KEY);
  } catch {
    return null;
  }
}

function useLocale(locale) {
  setLocale(locale);
  try {
    localStorage.setItem(LOCALE_KEY, getLocale());
  } catch {
    // private mode: the choice just is not remembered
  }
}

let toastTimer = 0;
function notify(text) {
  toast.textContent = text;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => {
    toast.textContent = "";
  }, 6000);
}

function kindLabel(kind) {
  return has(`kind_${kind}`) ? t(`kind_${kind}`) : kind;
}

function titleOf(item) {
  return item.title || kindLabel(item.kind);
}

function setBusy(button, busy, busyText) {
  button.disabled = busy;
  if (busy) {
    button.dataset.label = button.textContent;
    button.textContent = busyText;
  } else if (button.dataset.label) {
    button.textContent = button.dataset.label;
  }
}

// --- talking to the API -----------------------------------------------------------------

class ApiError extends Error {
  constructor(status, code, message = "", fields = {}) {
    super(message || code);
    this.status = status;
    this.code = code;
    this.serverMessage = message;
    this.fields = fields || {};
  }
}

function errorFromResponse(status, body) {
  const error = body && body.error;
  if (error && error.code) return new ApiError(status, error.code, error.message, error.fields);
  if (status === 413) return new ApiError(status, "too_large");
  return new ApiError(status, status >= 500 ? "internal_error" : "unknown");
}

/** A readable, translated message; the server's own text when we have no translation. */
function errorText(err) {
  if (!(err instanceof ApiError)) return t("error_unknown");
  if (has(`error_${err.code}`)) return t(`error_${err.code}`);
  return err.serverMessage || t("error_unknown");
}

async function api(method, path, body, retried = false) {
  const headers = { Accept: "application/json" };
  const init = { method, headers, credentials: "same-origin" };
  if (body !== undefined) {
    headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  if (method !== "GET" && state.csrf) headers["X-CSRF-Token"] = state.csrf;
  let response;
  try {
    response = await fetch(API + path, init);
  } catch {
    throw new ApiError(0, "network");
  }
  if (response.status === 204) return null;
  const data = await response.json().catch(() => null);
  if (response.ok) return data;
  return failed(errorFromResponse(response.status, data), retried, () => api(method, path, body, true));
}

async function failed(err, retried, retry) {
  // Logging in again in another tab replaces this tab's session and token: fetch the new one once.
  if (err.code === "csrf_failed" && !retried && state.me && (await refreshSession())) return retry();
  if (err.status === 401 && err.code !== "bad_credentials" && state.me) sessionLost();
  throw err;
}

async function refreshSession() {
  try {
    const me = await api("GET", "/me", undefined, true);
    state.me = me;
    state.csrf = me.csrf_token;
    return true;
  } catch {
    return false;
  }
}

/** POST a multipart form with XMLHttpRequest, for its upload progress events. */
function postEvidence(formData, { onProgress, onStart }, retried = false) {
  const xhr = new XMLHttpRequest();
  onStart(() => xhr.abort());
  const sent = new Promise((resolve, reject) => {
    xhr.open("POST", `${API}/dossiers/${state.me.dossiers[0].id}/evidence`);
    xhr.setRequestHeader("Accept", "application/json");
    if (state.csrf) xhr.setRequestHeader("X-CSRF-Token", state.csrf);
    xhr.upload.addEventListener("progress", (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    });
    xhr.addEventListener("load", () => {
      let data = null;
      try {
        data = JSON.parse(xhr.responseText);
      } catch {
        // not JSON: errorFromResponse falls back on the status
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve({ item: data, created: xhr.status === 201 });
      else reject(errorFromResponse(xhr.status, data));
    });
    xhr.addEventListener("error", () => reject(new ApiError(0, "network")));
    xhr.addEventListener("abort", () => reject(new ApiError(0, "aborted")));
    xhr.send(formData);
  });
  return sent.catch((err) =>
    failed(err, retried, () => postEvidence(formData, { onProgress, onStart }, true)),
  );
}

// --- session ----------------------------------------------------------------------------

function signedIn(me) {
  if (state.addViewOwner && state.addViewOwner !== me.id) dropAddView();
  state.me = me;
  state.csrf = me.csrf_token;
  state.notice = null;
  state.loginValues = null;
  useLocale(me.locale);
  route();
}

function sessionLost() {
  // Keep the add screen (and its draft) for when the same person logs in again.
  state.me = null;
  state.csrf = null;
  state.timeline = freshTimeline("");
  state.notice = t("session_expired");
  route();
}

async function logout(event) {
  const button = event.currentTarget;
  setBusy(button, true, t("logout"));
  try {
    await api("POST", "/auth/logout");
  } catch (err) {
    if (err.status !== 401) {
      setBusy(button, false);
      notify(errorText(err));
      return;
    }
  }
  state.me = null;
  state.csrf = null;
  state.timeline = freshTimeline("");
  state.loginMode = "login";
  dropAddView();
  state.notice = t("logged_out");
  history.replaceState(null, "", location.pathname);
  route();
}

// --- screens ----------------------------------------------------------------------------

function route() {
  const path = location.hash.replace(/^#/, "") || "/";
  if (state.route === "/" && path !== "/") {
    state.timeline.scrollY = window.scrollY;
    state.timeline.openedId = path.startsWith("/item/") ? path.slice(6) : null;
  }
  if (!state.me) {
    state.route = "login";
    return showLogin();
  }
  state.route = path;
  const item = path.match(/^\/item\/([0-9a-fA-F-]{32,36})$/);
  if (path === "/add") return showAdd();
  if (item) return showItem(item[1]);
  state.route = "/";
  return showTimeline();
}

/** Put a screen in place and move focus to its heading (or `focus`), so screen readers start there. */
function show(view, { scrollY = 0, focus = null } = {}) {
  root.replaceChildren(view);
  root.removeAttribute("aria-busy");
  window.scrollTo(0, scrollY);
  const target = focus || view.querySelector("h1");
  if (state.rendered && target) target.focus({ preventScroll: true });
  state.rendered = true;
}

/** A small inline SVG (no request per screen); decorative, so hidden from screen readers. */
function svg(size, cls, shapes) {
  const el = document.createElementNS(SVG, "svg");
  const attrs = { viewBox: "0 0 64 64", width: size, height: size, "aria-hidden": "true", focusable: "false", class: cls };
  for (const [key, value] of Object.entries(attrs)) el.setAttribute(key, value);
  for (const [tag, shapeAttrs] of shapes) {
    const shape = document.createElementNS(SVG, tag);
    for (const [key, value] of Object.entries(shapeAttrs)) shape.setAttribute(key, value);
    el.append(shape);
  }
  return el;
}

const logo = (size) =>
  svg(size, "logo", [
    ["rect", { width: 64, height: 64, rx: 14, fill: "#1d4f6e" }],
    ["rect", { x: 14, y: 22, width: 36, height: 30, rx: 5, fill: "#fff" }],
    ["path", { d: "M25 22v-6a3 3 0 0 1 3-3h8a3 3 0 0 1 3 3v6", fill: "none", stroke: "#fff", "stroke-width": 4 }],
    ["path", { d: "M14 34h36", stroke: "#1d4f6e", "stroke-width": 3 }],
  ]);

const cameraIcon = () =>
  svg(24, "icon", [
    ["path", { d: "M8 20h10l5-7h18l5 7h10v32H8z", fill: "none", stroke: "currentColor", "stroke-width": 5, "stroke-linejoin": "round" }],
    ["circle", { cx: 32, cy: 35, r: 9, fill: "none", stroke: "currentColor", "stroke-width": 5 }],
  ]);

function topbar(...actions) {
  return h(
    "header",
    { class: "topbar" },
    h(
      "a",
      { class: "brand", href: "#/" },
      logo(28),
      "Bagage",
    ),
    h("div", { class: "topbar-actions" }, actions),
  );
}

function backLink() {
  return h("a", { class: "button ghost", href: "#/" }, h("span", { "aria-hidden": "true" }, "← "), t("back"));
}

// --- forms ------------------------------------------------------------------------------

/** A labelled input or textarea with an optional hint and a place for its error. */
function field({ name, label, hint, multiline = false, value = "", ...attrs }) {
  const id = nextId(name);
  const hintEl = hint ? h("p", { class: "hint", id: `${id}-hint` }, hint) : null;
  const errorEl = h("p", { class: "field-error", id: `${id}-error`, "data-error-for": name, hidden: true });
  const common = {
    id,
    name,
    "data-field": name,
    "aria-describedby": [hintEl && hintEl.id, errorEl.id].filter(Boolean).join(" "),
    ...attrs,
  };
  const control = multiline ? h("textarea", { rows: 4, ...common }) : h("input", { type: "text", ...common });
  control.value = value ?? "";
  const labelEl = h("label", { for: id }, label);
  return h("div", { class: "field" }, labelEl, hintEl, control, errorEl);
}

function errorBox() {
  return h("div", { class: "form-error", role: "alert", tabindex: "-1", hidden: true });
}

function clearErrors(form, box) {
  box.hidden = true;
  box.replaceChildren();
  for (const el of form.querySelectorAll("[data-error-for]")) {
    el.hidden = true;
    el.textContent = "";
  }
  for (const el of form.querySelectorAll("[aria-invalid]")) el.removeAttribute("aria-invalid");
}

/** Show an error above the form, and next to each field it names. Typed values stay as they are. */
function showFormError(form, box, err, fieldTexts = null) {
  clearErrors(form, box);
  const texts = { ...(fieldTexts || {}) };
  if (!fieldTexts && err.code === "invalid") {
    for (const [name, list] of Object.entries(err.fields)) {
      texts[name] = has(`field_${name}`) ? t(`field_${name}`) : [].concat(list).join(" ");
    }
  }
  const unplaced = [];
  for (const [name, text] of Object.entries(texts)) {
    const holder = form.querySelector(`[data-error-for="${name}"]`);
    if (holder) {
      holder.textContent = text;
      holder.hidden = false;
    } else {
      unplaced.push(text);
    }
  }
  for (const name of new Set([...Object.keys(texts), ...Object.keys(err.fields)])) {
    for (const input of form.querySelectorAll(`[data-field="${name}"]`)) {
      input.setAttribute("aria-invalid", "true");
    }
  }
  box.append(h("p", {}, errorText(err)));
  if (unplaced.length) box.append(h("ul", {}, unplaced.map((text) => h("li", {}, text))));
  box.hidden = false;
  box.focus({ preventScroll: true });
  box.scrollIntoView({ block: "nearest" });
}

// --- log in / sign up -------------------------------------------------------------------

function showLogin() {
  const signup = state.loginMode === "signup";
  const values = state.loginValues || {};
  const box = errorBox();
  const submitButton = h(
    "button",
    { type: "submit", class: "button primary wide" },
    t(signup ? "signup_submit" : "login_submit"),
  );
  const password = field({
    name: "password",
    type: "password",
    label: t("password"),
    hint: signup ? t("password_hint") : null,
    autocomplete: signup ? "new-password" : "current-password",
    required: true,
    value: values.password,
  });
  const reveal = h("input", { type: "checkbox", id: nextId("reveal") });
  reveal.addEventListener("change", () => {
    password.querySelector("input").type = reveal.checked ? "text" : "password";
  });

  const form = h(
    "form",
    { class: "panel", novalidate: true, "aria-labelledby": "login-heading" },
    h("h2", { id: "login-heading" }, t(signup ? "signup_title" : "login_title")),
    box,
    signup &&
      field({
        name: "display_name",
        label: t("display_name"),
        hint: t("display_name_hint"),
        autocomplete: "name",
        required: true,
        maxlength: 120,
        value: values.display_name,
      }),
    field({
      name: "email",
      type: "email",
      label: t("email"),
      autocomplete: "email",
      inputmode: "email",
      autocapitalize: "none",
      spellcheck: "false",
      required: true,
      maxlength: 254,
      value: values.email,
    }),
    password,
    h("div", { class: "check" }, reveal, h("label", { for: reveal.id }, t("show_password"))),
    submitButton,
  );

  const readValues = () => ({
    email: form.elements.email.value,
    password: form.elements.password.value,
    display_name: form.elements.display_name ? form.elements.display_name.value : values.display_name,
  });

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const data = readValues();
    const problems = {};
    if (signup && !data.display_name.trim()) problems.display_name = t("field_display_name");
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(data.email.trim())) problems.email = t("field_email");
    if (signup && data.password.length < 10) problems.password = t("field_password");
    if (!signup && !data.password) problems.password = t("field_password_empty");
    if (Object.keys(problems).length) {
      showFormError(form, box, new ApiError(0, "invalid"), problems);
      form.querySelector("[aria-invalid]").focus();
      return;
    }
    setBusy(submitButton, true, t("loading"));
    try {
      const me = signup
        ? await api("POST", "/auth/register", {
            email: data.email,
            password: data.password,
            display_name: data.display_name,
            locale: getLocale(),
          })
        : await api("POST", "/auth/login", { email: data.email, password: data.password });
      signedIn(me);
    } catch (err) {
      setBusy(submitButton, false);
      showFormError(form, box, err);
    }
  });

  const rerender = (changes) => {
    state.loginValues = readValues();
    state.notice = null;
    Object.assign(state, changes);
    showLogin();
  };

  const languages = h(
    "div",
    { class: "lang-switch", role: "group", "aria-label": "Taal / Language" },
    LOCALES.map((locale) =>
      h(
        "button",
        {
          type: "button",
          lang: locale,
          class: "chip",
          "aria-pressed": String(locale === getLocale()),
          onclick: () => {
            useLocale(locale);
            rerender({});
            root.querySelector(`.lang-switch [lang="${locale}"]`).focus();
          },
        },
        messages[locale].locale_name,
      ),
    ),
  );

  const view = h(
    "div",
    { class: "view login" },
    h(
      "header",
      { class: "login-header" },
      languages,
      logo(56),
      h("h1", { tabindex: "-1" }, "Bagage"),
      h("p", { class: "tagline" }, t("tagline")),
    ),
    h(
      "main",
      { id: "main" },
      state.notice && h("p", { class: "notice", role: "status" }, state.notice),
      form,
      h(
        "p",
        { class: "switch-mode" },
        h(
          "button",
          {
            type: "button",
            class: "button link",
            onclick: () => rerender({ loginMode: signup ? "login" : "signup" }),
          },
          t(signup ? "to_login" : "to_signup"),
        ),
      ),
    ),
  );
  show(view);
}

// --- timeline ---------------------------------------------------------------------------

function showTimeline() {
  const tl = state.timeline;
  const list = h("ul", { class: "timeline", "aria-labelledby": "timeline-heading" });
  const box = h("div", { class: "form-error", role: "alert", hidden: true });
  const more = h("button", { type: "button", class: "button wide", hidden: true }, t("load_more"));
  const empty = h(
    "div",
    { class: "empty", hidden: true },
    h("h2", {}, tl.kind ? t("empty_filtered") : t("empty_title")),
    !tl.kind && h("p", {}, t("empty_text")),
    !tl.kind && h("a", { class: "button primary", href: "#/add" }, t("add_first")),
  );
  const filterId = nextId("filter");
  const filter = h(
    "select",
    { id: filterId },
    FILTERS.map((kind) =>
      h("option", { value: kind, selected: kind === tl.kind }, t(`filter_${kind || "all"}`)),
    ),
  );

  const render = () => {
    list.replaceChildren(...tl.items.map(entry));
    empty.hidden = !(tl.loaded && tl.items.length === 0);
    more.hidden = !tl.next;
    watchPending(tl);
  };

  const load = async (append) => {
    const request = ++state.timelineRequest;
    box.hidden = true;
    const params = new URLSearchParams({ limit: String(PAGE_SIZE) });
    if (tl.kind) params.set("kind", tl.kind);
    if (append && tl.next) params.set("cursor", tl.next);
    setBusy(more, true, t("loading"));
    list.setAttribute("aria-busy", "true");
    try {
      const page = await api("GET", `/dossiers/${state.me.dossiers[0].id}/evidence?${params}`);
      if (request !== state.timelineRequest || state.timeline !== tl) return; // superseded
      tl.items = append ? tl.items.concat(page.items) : page.items;
      tl.next = page.next_cursor;
      tl.loaded = true;
      render();
      if (append) list.children[tl.items.length - page.items.length]?.querySelector("a")?.focus();
    } catch (err) {
      if (request !== state.timelineRequest) return;
      const retry = h("button", { type: "button", class: "button" }, t("retry"));
      retry.addEventListener("click", () => load(append));
      box.replaceChildren(h("p", {}, errorText(err)), retry);
      box.hidden = false;
    } finally {
      setBusy(more, false);
      list.removeAttribute("aria-busy");
    }
  };

  more.addEventListener("click", () => load(true));
  filter.addEventListener("change", () => {
    state.timeline = freshTimeline(filter.value);
    showTimeline();
    root.querySelector(".filter select").focus();
  });

  const me = state.me;
  const view = h(
    "div",
    { class: "view" },
    topbar(h("button", { type: "button", class: "button ghost", onclick: logout }, t("logout"))),
    h(
      "main",
      { id: "main", class: "main" },
      h(
        "div",
        { class: "page-head" },
        h("h1", { id: "timeline-heading", tabindex: "-1" }, t("timeline_title")),
        h("p", { class: "sub" }, me.display_name),
      ),
      h("div", { class: "filter" }, h("label", { for: filterId }, t("filter_label")), filter),
      box,
      list,
      empty,
      more,
    ),
    h(
      "a",
      { class: "fab", href: "#/add" },
      h("span", { "aria-hidden": "true", class: "fab-plus" }, "+"),
      t("add"),
    ),
  );
  if (!tl.loaded) {
    show(view);
    load(false);
    return;
  }
  render();
  const opened = tl.openedId && list.querySelector(`li[data-id="${tl.openedId}"] a`);
  show(view, { scrollY: tl.scrollY, focus: opened });
}

/** Items still being processed get their thumbnail when they are ready: ask again now and then. */
let pendingTimer = 0;
function watchPending(tl, delay = 3000) {
  clearTimeout(pendingTimer);
  const pending = tl.items.filter((item) => item.status === "pending").slice(0, 10);
  if (!pending.length) return;
  pendingTimer = setTimeout(async () => {
    for (const item of pending) {
      if (state.route !== "/" || state.timeline !== tl || !state.me) return;
      try {
        const fresh = await api("GET", `/evidence/${item.id}`);
        if (fresh.status === item.status) continue;
        replaceInTimeline(fresh);
        root.querySelector(`li[data-id="${item.id}"]`)?.replaceWith(entry(fresh));
      } catch {
        // gone, or offline for a moment: try again next round
      }
    }
    if (state.route === "/" && state.timeline === tl) watchPending(tl, Math.min(delay * 1.5, 30000));
  }, delay);
}

function entry(item) {
  const thumb = item.media && item.media.thumbnail;
  let visual = null;
  if (item.kind !== "note") {
    visual = h(
      "div",
      { class: `thumb thumb-${item.kind}` },
      thumb
        ? h("img", {
            src: thumb.url,
            alt: "",
            loading: "lazy",
            decoding: "async",
            width: thumb.width,
            height: thumb.height,
          })
        : h("span", { class: "thumb-label", "aria-hidden": "true" }, THUMB_LABELS[item.kind] || "…"),
      item.kind === "video" && h("span", { class: "play", "aria-hidden": "true" }),
    );
  }
  return h(
    "li",
    { class: `entry entry-${item.kind}`, "data-id": item.id },
    h(
      "a",
      { class: "entry-link", href: `#/item/${item.id}` },
      visual,
      h(
        "div",
        { class: "entry-body" },
        h("h2", { class: "entry-title" }, titleOf(item)),
        h(
          "p",
          { class: "meta" },
          h("time", { datetime: item.occurred_at }, formatDate(item.occurred_at)),
          item.title && ` · ${kindLabel(item.kind)}`, // an untitled item's title is its kind already
        ),
        item.kind === "note" && item.description && h("p", { class: "entry-text" }, item.description),
        statusLine(item),
      ),
    ),
  );
}

function statusLine(item) {
  if (item.status === "pending") return h("p", { class: "badge" }, t("status_pending"));
  if (item.status === "failed") return h("p", { class: "badge badge-failed" }, t("status_failed"));
  return null;
}

// --- one item: view, edit, delete -------------------------------------------------------

async function showItem(id) {
  const cached = state.timeline.items.find((i) => i.id === id);
  if (cached) return renderItem(cached);
  show(h("div", { class: "view" }, topbar(), h("main", { id: "main", class: "main" }, h("p", {}, t("loading")))));
  try {
    const item = await api("GET", `/evidence/${id}`);
    if (state.route === `/item/${id}`) renderItem(item);
  } catch (err) {
    if (state.route !== `/item/${id}` || !state.me) return;
    show(
      h(
        "div",
        { class: "view" },
        topbar(),
        h(
          "main",
          { id: "main", class: "main" },
          h("h1", { tabindex: "-1" }, t("error_title")),
          h("p", { class: "form-error", role: "alert" }, errorText(err)),
          backLink(),
        ),
      ),
    );
  }
}

function renderItem(item) {
  const media = item.media || {};
  const heading = h("h1", { tabindex: "-1" }, titleOf(item));
  const meta = h(
    "p",
    { class: "meta" },
    h("time", { datetime: item.occurred_at }, formatDate(item.occurred_at)),
    " · ",
    kindLabel(item.kind),
    item.created_by && item.created_by.id !== state.me.id
      ? ` · ${t("by", { name: item.created_by.display_name })}`
      : "",
  );
  const descriptionText = h("p", { class: "description" }, item.description);
  descriptionText.hidden = !item.description;

  let visual = null;
  const picture = media.display || media.thumbnail;
  if (item.kind === "photo" && picture) {
    visual = h("img", {
      class: "detail-media",
      src: picture.url,
      alt: titleOf(item),
      width: picture.width,
      height: picture.height,
    });
  } else if (item.kind === "video" && (media.playable || media.original)) {
    const frame = media.poster || media.original || media.playable;
    // A converted copy every browser can play comes first, when the server made one.
    const sources = [media.playable, media.original].filter(Boolean);
    visual = h(
      "video",
      {
        class: "detail-media",
        controls: true,
        playsinline: true,
        preload: "metadata",
        poster: media.poster && media.poster.url,
        width: frame.width,
        height: frame.height,
        "aria-label": titleOf(item),
      },
      // No type attribute: Chrome refuses "video/quicktime" by type, yet plays most iPhone clips.
      sources.map((file) => h("source", { src: file.url })),
    );
  }
  if (item.kind === "audio" && (media.playable || media.original)) {
    visual = h(
      "audio",
      { class: "detail-audio", controls: true, preload: "metadata", "aria-label": titleOf(item) },
      [media.playable, media.original].filter(Boolean).map((file) => h("source", { src: file.url })),
    );
  }
  const download =
    media.original &&
    h(
      "a",
      { class: "button ghost", href: media.original.url, download: "" },
      t(item.kind === "document" ? "open_document" : "open_original"),
    );

  // Editing
  const box = errorBox();
  const isNote = item.kind === "note";
  const saveButton = h("button", { type: "submit", class: "button primary" }, t("save"));
  const form = h(
    "form",
    { class: "panel", novalidate: true, "aria-labelledby": "edit-heading" },
    h("h2", { id: "edit-heading" }, t("item_edit")),
    box,
    field({ name: "title", label: isNote ? t("title") : t("title_optional"), maxlength: 200, value: item.title }),
    field({
      name: "description",
      label: isNote ? t("note_text") : t("description_optional"),
      hint: isNote ? t("note_hint") : null,
      multiline: true,
      maxlength: 20000,
      value: item.description,
    }),
    saveButton,
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const title = form.elements.title.value;
    const description = form.elements.description.value;
    if (isNote && !title.trim() && !description.trim()) {
      showFormError(form, box, new ApiError(0, "missing_title", "", { title: [] }));
      return;
    }
    setBusy(saveButton, true, t("saving"));
    try {
      const updated = await api("PATCH", `/evidence/${item.id}`, { title, description });
      Object.assign(item, updated);
      replaceInTimeline(updated);
      clearErrors(form, box);
      heading.textContent = titleOf(updated);
      descriptionText.textContent = updated.description;
      descriptionText.hidden = !updated.description;
      notify(t("saved"));
    } catch (err) {
      showFormError(form, box, err);
    } finally {
      setBusy(saveButton, false);
    }
  });

  const deleteButton = h("button", { type: "button", class: "button danger" }, t("delete"));
  deleteButton.addEventListener("click", async () => {
    if (!window.confirm(t("delete_confirm"))) return;
    setBusy(deleteButton, true, t("loading"));
    try {
      await api("DELETE", `/evidence/${item.id}`);
      const tl = state.timeline;
      tl.items = tl.items.filter((i) => i.id !== item.id);
      notify(t("deleted"));
      location.hash = "#/";
    } catch (err) {
      setBusy(deleteButton, false);
      notify(errorText(err));
    }
  });

  show(
    h(
      "div",
      { class: "view" },
      topbar(),
      h(
        "main",
        { id: "main", class: "main" },
        backLink(),
        h(
          "article",
          { class: "detail" },
          heading,
          meta,
          visual,
          statusLine(item),
          descriptionText,
          download && h("p", {}, download),
        ),
        form,
        h("div", { class: "danger-zone" }, deleteButton),
      ),
    ),
  );
}

function replaceInTimeline(updated) {
  const tl = state.timeline;
  tl.items = tl.items.map((i) => (i.id === updated.id ? updated : i));
}

// --- adding evidence --------------------------------------------------------------------

function dropAddView() {
  if (state.addView) state.addView.dispose();
  state.addView = null;
  state.addViewOwner = null;
}

function showAdd() {
  if (!state.addView || state.addViewOwner !== state.me.id) {
    dropAddView();
    state.addView = buildAddView();
    state.addViewOwner = state.me.id;
  }
  show(state.addView.element);
}

function buildAddView() {
  const draft = { mode: "media", file: null, uid: null, previewUrl: null, abort: null };
  const box = errorBox();

  // Mode: photo/video or note
  const modeName = nextId("mode");
  const modeRadio = (value, label) => {
    const input = h("input", { type: "radio", name: modeName, id: nextId("mode"), value, checked: value === draft.mode });
    input.addEventListener("change", () => setMode(value));
    return h("div", { class: "segment" }, input, h("label", { for: input.id }, label));
  };
  const modes = h(
    "fieldset",
    { class: "segmented" },
    h("legend", {}, t("add_kind")),
    modeRadio("media", t("mode_media")),
    modeRadio("note", t("mode_note")),
  );

  // File pickers: the camera (capture) and the gallery (no capture)
  const camera = h("input", {
    type: "file",
    id: nextId("camera"),
    class: "file-input",
    accept: "image/*,video/*",
    capture: "environment",
    "data-field": "file",
  });
  const gallery = h("input", {
    type: "file",
    id: nextId("gallery"),
    class: "file-input",
    accept: "image/*,video/*,audio/*,application/pdf",
    "data-field": "file",
  });
  const preview = h("div", { class: "preview", hidden: true });
  const fileError = h("p", { class: "field-error", id: nextId("file-error"), "data-error-for": "file", hidden: true });
  camera.setAttribute("aria-describedby", fileError.id);
  gallery.setAttribute("aria-describedby", fileError.id);
  const pickers = h(
    "div",
    { class: "pickers" },
    h("div", { class: "picker" }, camera, h("label", { for: camera.id, class: "button primary wide" }, cameraIcon(), t("take_photo"))),
    h("div", { class: "picker" }, gallery, h("label", { for: gallery.id, class: "button wide" }, t("choose_file"))),
  );
  const mediaPart = h("div", { class: "media-part" }, pickers, preview, fileError);

  const titleField = field({ name: "title", label: t("title_optional"), maxlength: 200, autocomplete: "off" });
  const descriptionField = field({
    name: "description",
    label: t("description_optional"),
    hint: t("note_hint"),
    multiline: true,
    maxlength: 20000,
  });
  const descriptionLabel = descriptionField.querySelector("label");
  const titleLabel = titleField.querySelector("label");
  const noteHint = descriptionField.querySelector(".hint");

  // Progress
  const progressId = nextId("progress");
  const progressLabel = h("label", { for: progressId }, "");
  const progressBar = h("progress", { id: progressId, max: 100, value: 0 });
  const progress = h("div", { class: "progress", hidden: true }, progressLabel, progressBar);

  const saveButton = h("button", { type: "submit", class: "button primary wide" }, t("save"));
  const stopButton = h("button", { type: "button", class: "button ghost wide", hidden: true }, t("cancel_upload"));
  stopButton.addEventListener("click", () => draft.abort && draft.abort());

  const form = h(
    "form",
    { class: "panel", novalidate: true, "aria-labelledby": "add-heading" },
    modes,
    box,
    mediaPart,
    titleField,
    descriptionField,
    progress,
    saveButton,
    stopButton,
  );

  function setMode(mode) {
    draft.mode = mode;
    draft.uid = null;
    clearErrors(form, box);
    const note = mode === "note";
    mediaPart.hidden = note;
    titleLabel.textContent = note ? t("title") : t("title_optional");
    descriptionLabel.textContent = note ? t("note_text") : t("description_optional");
    noteHint.hidden = !note;
  }

  function clearFile() {
    if (draft.previewUrl) URL.revokeObjectURL(draft.previewUrl);
    draft.file = null;
    draft.previewUrl = null;
    draft.uid = null;
    camera.value = "";
    gallery.value = "";
    preview.replaceChildren();
    preview.hidden = true;
  }

  function chooseFile(input) {
    const file = input.files && input.files[0];
    if (!file) return;
    clearFile();
    draft.file = file;
    draft.uid = newClientUid(); // one id per capture: a retry of this file cannot make a second item
    clearErrors(form, box);
    let shown = null;
    if (file.type.startsWith("image/") || file.type.startsWith("video/")) {
      draft.previewUrl = URL.createObjectURL(file);
      shown = file.type.startsWith("image/")
        ? h("img", { src: draft.previewUrl, alt: "" })
        : h("video", { src: draft.previewUrl, muted: true, playsinline: true, preload: "metadata" });
      shown.addEventListener("error", () => shown.remove()); // e.g. HEIC, or not an image at all
    }
    const other = h("button", { type: "button", class: "button link" }, t("remove_file"));
    other.addEventListener("click", () => {
      clearFile();
      camera.nextElementSibling.focus();
    });
    preview.replaceChildren(
      shown || "",
      h("p", { class: "file-name" }, t("chosen_file", { name: file.name || "…", size: formatSize(file.size) })),
      other,
    );
    preview.hidden = false;
  }
  camera.addEventListener("change", () => chooseFile(camera));
  gallery.addEventListener("change", () => chooseFile(gallery));

  function setProgress(fraction) {
    if (fraction >= 1) {
      progressBar.removeAttribute("value"); // indeterminate while the server processes
      progressLabel.textContent = t("processing");
      return;
    }
    const percent = Math.round(fraction * 100);
    progressBar.value = percent;
    progressBar.textContent = `${percent}%`;
    progressLabel.textContent = t("upload_progress", { percent });
  }

  function setUploading(on) {
    state.uploading = on;
    saveButton.disabled = on;
    saveButton.textContent = on ? t("saving") : t("save");
    stopButton.hidden = !on || draft.mode === "note";
    progress.hidden = !on || draft.mode === "note";
    for (const el of form.querySelectorAll("input, textarea")) el.disabled = on;
    if (on) setProgress(0);
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (state.uploading) return;
    const title = form.elements.title.value;
    const description = form.elements.description.value;
    if (draft.mode === "media" && !draft.file) {
      showFormError(form, box, new ApiError(0, "missing_file", "", { file: [] }));
      return;
    }
    if (draft.mode === "note" && !title.trim() && !description.trim()) {
      showFormError(form, box, new ApiError(0, "missing_title", "", { title: [] }));
      return;
    }
    draft.uid = draft.uid || newClientUid();
    const body = new FormData();
    if (draft.mode === "media") body.append("file", draft.file, draft.file.name || "capture");
    body.append("title", title);
    body.append("description", description);
    body.append("client_uid", draft.uid);

    clearErrors(form, box);
    setUploading(true);
    try {
      const { created } = await postEvidence(body, {
        onProgress: setProgress,
        onStart: (abort) => {
          draft.abort = abort;
        },
      });
      draft.abort = null;
      setUploading(false);
      dropAddView();
      state.timeline = freshTimeline(state.timeline.kind);
      notify(t(created ? "added" : "already_added"));
      if (state.route === "/add") location.hash = "#/";
      else if (state.route === "/") route();
    } catch (err) {
      setUploading(false);
      showFormError(form, box, err);
    } finally {
      draft.abort = null;
    }
  });

  setMode("media");
  const element = h(
    "div",
    { class: "view" },
    topbar(h("a", { class: "button ghost", href: "#/" }, t("cancel"))),
    h("main", { id: "main", class: "main" }, h("h1", { id: "add-heading", tabindex: "-1" }, t("add_title")), form),
  );
  return {
    element,
    dispose() {
      if (draft.abort) draft.abort();
      clearFile();
    },
  };
}

// --- start ------------------------------------------------------------------------------

window.addEventListener("hashchange", route);
window.addEventListener("beforeunload", (event) => {
  if (state.uploading) {
    event.preventDefault();
    event.returnValue = t("leave_warning");
  }
});

async function boot() {
  setLocale(storedLocale() || "nl");
  try {
    signedIn(await api("GET", "/me"));
  } catch (err) {
    if (err.status !== 401) state.notice = errorText(err);
    route();
  }
}

boot();
