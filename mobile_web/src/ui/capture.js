// Capturing: the quick buttons on the home screen (camera, video, gallery, note). A chosen
// file is queued at once: tap "Foto", take the picture, confirm it in the camera, and it is
// in the timeline. Its title is a suggestion ("Les 3B, 14 okt": the start of the previous
// capture's title when that ended in a day, else "Foto, 14 okt"; never a place), shown in a
// field right away: one tap on "Klaar" keeps it, typing gives another. The suggestion is made
// on the device, so capturing never waits for the network and works offline.
//
// Someone who may add to other people's dossiers too is first asked "Voor wie?": a row per
// dossier, the one on screen first (else the last choice). A tap on a row opens the camera
// (file inputs open only from a tap), so the photo goes where it was meant to, also when it
// is sent later: the queue keeps the target per item.
import { useEffect, useRef, useState } from "preact/hooks";
import { api, errorText } from "../api.js";
import { currentDossierId, isOwn, ownDossierId } from "../dossiers.js";
import { formatSize, regional, t } from "../i18n.js";
import { editQueued, enqueue } from "../queue.js";
import { dossierOf, notify, state } from "../state.js";
import { Field, html, Icon } from "./common.js";

const LAST_KEY = "bagage.captureFor";
const TITLE_KEY = "bagage.captureTitle";

/** "14 okt" / "14 Oct": the day of a capture, as people write it in a title. */
export const captureDay = (when) =>
  new Intl.DateTimeFormat(regional(), { day: "numeric", month: "short" }).format(when);

/** A title that ends in a day ("Les 3B, 12 okt", "Lesson 3B, Oct 12"): the part before it. */
const ENDS_IN_DAY = /^(.*\S)\s*,\s*(?:\d{1,2}\.?\s+\p{L}{3,}\.?|\p{L}{3,}\.?\s+\d{1,2})(?:,?\s+\d{4})?$/u;

/** The start worth reusing from a capture's title, or "" (no day at its end, or a kind word). */
export function titleStart(title) {
  const match = (title || "").trim().match(ENDS_IN_DAY);
  if (!match) return "";
  const start = match[1];
  const kindWords = ["photo", "video", "audio", "document"].map((kind) => t(`kind_${kind}`).toLowerCase());
  return kindWords.includes(start.toLowerCase()) ? "" : start;
}

function storedTitleStart() {
  try {
    const stored = JSON.parse(localStorage.getItem(TITLE_KEY) || "null");
    return stored && state.me && stored.userId === state.me.id ? stored.start : "";
  } catch {
    return "";
  }
}

/** Remember a capture's title: the next capture's suggestion starts like it. */
export function rememberTitle(title) {
  try {
    localStorage.setItem(TITLE_KEY, JSON.stringify({ userId: state.me.id, start: titleStart(title) }));
  } catch {
    // private mode: every suggestion is "Foto, <day>"
  }
}

/** The suggested title of a new capture of this kind, taken at `when`. */
export function suggestTitle(kind, when = new Date()) {
  return `${storedTitleStart() || t(`kind_${kind}`)}, ${captureDay(when)}`;
}

/** What the toast says once captures are safe on the device: sent now, or when online. */
export function savedText(count) {
  if (state.online) return count === 1 ? t("capture_saved") : t("capture_saved_many", { count });
  return count === 1 ? t("capture_waiting") : t("capture_waiting_many", { count });
}

/** Dossiers I may add to besides my own: [{id, name}], or [] (then nobody is asked). */
function otherTargets() {
  return (state.shared || [])
    .filter((s) => s.scopes.includes("contribute"))
    .map((s) => ({ id: s.dossier.id, name: s.owner.display_name }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** Whether capturing asks "Voor wie?" first: there is a choice to make. Someone without a
 * dossier of their own (a workplace supervisor in through a link) adds for their one pupil. */
export const asksForWhom = () => otherTargets().length > (ownDossierId() ? 0 : 1);

function lastChoice() {
  try {
    const stored = JSON.parse(localStorage.getItem(LAST_KEY) || "null");
    return stored && state.me && stored.userId === state.me.id ? stored.dossierId : null;
  } catch {
    return null;
  }
}

export function rememberChoice(dossierId) {
  try {
    localStorage.setItem(LAST_KEY, JSON.stringify({ userId: state.me.id, dossierId }));
  } catch {
    // private mode: the open dossier stays the first choice
  }
}

/** Every dossier I may add to, in the order of the chooser: the pre-chosen one (the dossier
 * on screen when it is someone else's, else the last choice), the last choice, then the
 * others, my own first. Each: {id, name, own, open, last}. */
export function captureTargets() {
  const own = ownDossierId() ? [{ id: ownDossierId(), name: state.me.display_name, own: true }] : [];
  const all = [...own, ...otherTargets().map((o) => ({ ...o, own: false }))];
  const open = currentDossierId();
  const last = lastChoice();
  const known = (id) => all.some((target) => target.id === id);
  const first = !isOwn(open) && known(open) ? open : known(last) ? last : all[0].id;
  const rank = (target) => (target.id === first ? 0 : target.id === last ? 1 : target.own ? 2 : 3);
  return all
    .map((target) => ({ ...target, open: target.id === open, last: target.id === last, chosen: target.id === first }))
    .sort((a, b) => rank(a) - rank(b));
}

/** For whom a capture goes, in words: "" for my own dossier, else the owner's name. */
export function targetName(dossierId) {
  if (isOwn(dossierId)) return "";
  const shared = (state.shared || []).find((s) => s.dossier.id === dossierId);
  return shared ? shared.owner.display_name : "";
}

/** Why a file cannot be sent (too large for the server or the dossier), or null. */
export function fileProblem(file, dossierId = currentDossierId()) {
  const me = state.me;
  const limits = (me && me.limits) || {};
  const isImage = (file.type || "").startsWith("image/");
  const max =
    isImage && limits.max_image_bytes
      ? Math.min(limits.max_image_bytes, limits.max_upload_bytes || Infinity)
      : limits.max_upload_bytes;
  if (max && file.size > max) return t("too_big", { size: formatSize(file.size), max: formatSize(max) });
  const dossier = dossierOf(me);
  // The room left in someone else's dossier is theirs to know: the server checks it.
  if (dossier && dossier.quota_bytes && isOwn(dossierId)) {
    const queued = state.queue.filter((r) => isOwn(r.dossierId)).reduce((sum, r) => sum + (r.size || 0), 0);
    const free = Math.max(0, dossier.quota_bytes - (dossier.used_bytes || 0) - queued);
    if (file.size > free) return t("no_room", { size: formatSize(file.size), free: formatSize(free) });
  }
  return null;
}

/** Queue the chosen files, titled `title` or else with a suggestion; returns the texts of
 * the ones refused before queueing and the queued records. */
export async function captureFiles(files, { title = "", description = "", dossierId = currentDossierId() } = {}) {
  const problems = [];
  const records = [];
  for (const file of files) {
    const problem = fileProblem(file, dossierId);
    if (problem) {
      problems.push(`${file.name}: ${problem}`);
      continue;
    }
    const kind = kindOf(file);
    // The day it was made: now for the camera, the file's own day for one from the gallery.
    const named = title || suggestTitle(kind, new Date(file.lastModified || Date.now()));
    records.push(await enqueue({ file, title: named, description, dossierId, forName: targetName(dossierId) }));
  }
  if (records.length) {
    rememberTitle(records[records.length - 1].title);
    notify(savedText(records.length));
  }
  return { problems, records };
}

function kindOf(file) {
  const type = file.type || "";
  if (type.startsWith("image/")) return "photo";
  if (type.startsWith("video/")) return "video";
  if (type.startsWith("audio/")) return "audio";
  return "document";
}

/** Give a capture another title: in the queue while it waits, on the server once it is there. */
async function retitle(record, title) {
  if (state.queue.includes(record)) return editQueued(record.uid, { title, description: record.description });
  const evidenceId = state.uploaded[record.uid];
  if (evidenceId) return api("PATCH", `/evidence/${evidenceId}`, { title });
  return null;
}

/** Right after a capture: its title, suggested and ready; "Klaar" keeps what the field says. */
function CaptureTitle({ record, onDone }) {
  const [title, setTitle] = useState(record.title);
  const [busy, setBusy] = useState(false);
  const kindWord = t(`kind_${record.kind}`).toLowerCase();
  const submit = async (event) => {
    event.preventDefault();
    if (busy) return;
    const chosen = title.trim() || record.title;
    if (chosen !== record.title) {
      setBusy(true);
      try {
        await retitle(record, chosen);
        rememberTitle(chosen);
        notify(t("capture_title_saved"));
      } catch (err) {
        notify(errorText(err));
        return;
      } finally {
        setBusy(false);
      }
    }
    onDone();
  };
  return html`<form class="capture-title" aria-labelledby="capture-title-heading" onSubmit=${submit}>
    <h3 id="capture-title-heading" class="visually-hidden">${t("capture_title_heading", { kind: kindWord })}</h3>
    <${Field}
      name="capture_title"
      label=${t("capture_title_label")}
      maxlength="200"
      autocomplete="off"
      enterkeyhint="done"
      value=${title}
      onInput=${setTitle}
    />
    <button type="submit" class="button primary" disabled=${busy}>${t("capture_title_done")}</button>
  </form>`;
}

const initials = (name) =>
  name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part[0].toUpperCase())
    .join("");

/** "Voor wie?": a big row per dossier; a tap on one is the choice (and opens the camera). */
function ForWhom({ kind, onChoose, onClose }) {
  const dialog = useRef(null);
  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
    element?.querySelector(".for-whom-row")?.focus();
  }, []);
  const targets = captureTargets();
  return html`<dialog class="for-whom" ref=${dialog} aria-labelledby="for-whom-heading" aria-describedby="for-whom-hint" onClose=${onClose}>
    <h2 id="for-whom-heading">${t("capture_for_title")}</h2>
    <p id="for-whom-hint" class="hint">${t(`capture_for_hint_${kind}`)}</p>
    <ul class="for-whom-list">
      ${targets.map(
        (target) => html`<li key=${target.id}>
          <button type="button" class=${`for-whom-row${target.chosen ? " chosen" : ""}`} onClick=${() => onChoose(target)}>
            <span class="avatar" aria-hidden="true">${initials(target.name) || "?"}</span>
            <span class="for-whom-name">${target.own ? t("capture_for_me") : target.name}</span>
            ${
              target.open || (target.last && !target.own)
                ? html`<span class="for-whom-why">${target.open ? t("capture_for_open") : t("capture_for_last")}</span>`
                : null
            }
          </button>
        </li>`,
      )}
    </ul>
    <button type="button" class="button wide" onClick=${() => dialog.current.close()}>${t("cancel")}</button>
  </dialog>`;
}

function FileInput({ id, accept, capture, multiple, inputRef, onFiles, hidden }) {
  // Behind "Voor wie?" the input is opened by the chosen row, not reached on its own.
  return html`<input
    type="file"
    id=${id}
    tabindex=${hidden ? "-1" : undefined}
    aria-hidden=${hidden ? "true" : undefined}
    class="file-input"
    accept=${accept}
    capture=${capture}
    multiple=${multiple}
    ref=${inputRef}
    onChange=${(event) => {
      const input = event.currentTarget;
      const files = Array.from(input.files || []);
      input.value = "";
      if (files.length) onFiles(files);
    }}
  />`;
}

const KINDS = [
  { kind: "photo", icon: "camera", accept: "image/*", capture: "environment" },
  { kind: "video", icon: "video", accept: "video/*", capture: "environment" },
  { kind: "gallery", icon: "gallery", accept: "image/*,video/*,audio/*,application/pdf", multiple: true },
];

export function CaptureBar({ onProblems }) {
  const inputs = { photo: useRef(null), video: useRef(null), gallery: useRef(null) };
  const target = useRef(null); // the dossier chosen for the files the camera brings back
  const [asking, setAsking] = useState(null); // the kind "Voor wie?" is asked for
  const [naming, setNaming] = useState(null); // the capture whose title is shown to keep or change
  const ask = asksForWhom();

  const take = async (files) => {
    const dossierId = target.current || currentDossierId();
    target.current = null;
    setNaming(null);
    const { problems, records } = await captureFiles(files, { dossierId });
    onProblems(problems);
    if (records.length === 1) setNaming(records[0]);
  };
  const choose = (chosen) => {
    rememberChoice(chosen.id);
    const kind = asking;
    setAsking(null);
    if (kind === "note") {
      location.hash = `#/add?note&for=${chosen.id}`;
      return;
    }
    target.current = chosen.id;
    inputs[kind].current.click(); // still inside the tap: the browser lets the camera open
  };

  return html`<section class="capture" aria-labelledby="capture-heading">
    <h2 id="capture-heading" class="visually-hidden">${t("capture_heading")}</h2>
    <div class="capture-grid">
      ${KINDS.map(({ kind, icon, ...input }) => {
        const id = `capture-${kind}`;
        const label = html`<${Icon} name=${icon} size=${28} /><span>${t(`capture_${kind}`)}</span>`;
        return html`<div class="picker" key=${kind}>
          <${FileInput} id=${id} inputRef=${inputs[kind]} onFiles=${take} hidden=${ask} ...${input} />
          ${
            ask
              ? html`<button type="button" class="capture-button" aria-haspopup="dialog" onClick=${() => setAsking(kind)}>${label}</button>`
              : html`<label for=${id} class="capture-button">${label}</label>`
          }
        </div>`;
      })}
      <div class="picker">
        ${
          ask
            ? html`<button type="button" class="capture-button" aria-haspopup="dialog" onClick=${() => setAsking("note")}>
              <${Icon} name="note" size=${28} /><span>${t("capture_note")}</span>
            </button>`
            : html`<a class="capture-button" href="#/add?note"><${Icon} name="note" size=${28} /><span>${t("capture_note")}</span></a>`
        }
      </div>
    </div>
    ${naming ? html`<${CaptureTitle} key=${naming.uid} record=${naming} onDone=${() => setNaming(null)} />` : null}
    ${asking ? html`<${ForWhom} kind=${asking} onChoose=${choose} onClose=${() => setAsking(null)} />` : null}
  </section>`;
}
