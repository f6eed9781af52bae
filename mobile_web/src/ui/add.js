// Adding with a title first: a photo, video, sound or PDF, or a written note. Saving puts the
// item in the queue (on this device) and goes back to the timeline, where it is uploaded.
import { useEffect, useState } from "preact/hooks";
import { ApiError } from "../api.js";
import { accessTo, homeHash, isOwn } from "../dossiers.js";
import { formatSize, t } from "../i18n.js";
import { enqueue } from "../queue.js";
import { notify, state } from "../state.js";
import {
  asksForWhom,
  captureFiles,
  captureTargets,
  fileProblem,
  rememberChoice,
  savedText,
  targetName,
} from "./capture.js";
import { ErrorBox, Field, go, html, Icon, Topbar } from "./common.js";
import { RadioGroup } from "./kit.js";

/** The draft survives going to another screen and back (not a reload: then it was not saved). */
let draft = null;
/** For whom: the dossier on screen, or (asked "Voor wie?") the chooser's first choice. */
const firstTarget = () => captureTargets().find((c) => c.chosen).id;
function freshDraft(mode) {
  return { mode, file: null, title: "", description: "", owner: state.me && state.me.id, target: firstTarget() };
}
export function dropDraft() {
  draft = null;
}

export function Add({ mode, forId = null }) {
  if (!draft || draft.owner !== state.me.id) draft = freshDraft(mode || "media");
  useState(() => {
    // On opening: chosen just now ("Voor wie?" before the note), else as on a fresh draft.
    if (forId && captureTargets().some((c) => c.id === forId)) draft.target = forId;
    else if (!draft.file && !draft.title && !draft.description) draft.target = firstTarget();
  });
  if (mode && draft.mode !== mode && !draft.file && !draft.title && !draft.description) draft.mode = mode;
  const [, rerender] = useState(0);
  const [error, setError] = useState(null);
  const [fieldError, setFieldError] = useState({});
  const [busy, setBusy] = useState(false);
  const update = (changes) => {
    Object.assign(draft, changes);
    rerender((n) => n + 1);
  };
  const [preview, setPreview] = useState(null);
  useEffect(() => {
    const file = draft.file;
    if (!file || !/^(image|video)\//.test(file.type)) {
      setPreview(null);
      return undefined;
    }
    const url = URL.createObjectURL(file);
    setPreview(url);
    return () => URL.revokeObjectURL(url);
  }, [draft.file]);

  const note = draft.mode === "note";

  const choose = (event) => {
    const input = event.currentTarget;
    const file = input.files && input.files[0];
    input.value = "";
    if (!file) return;
    const problem = fileProblem(file, draft.target);
    setFieldError(problem ? { file: problem } : {});
    setError(problem ? new ApiError(0, "invalid") : null);
    update({ file: problem ? null : file });
  };

  const submit = async (event) => {
    event.preventDefault();
    if (busy) return;
    if (!note && !draft.file) {
      setFieldError({ file: " " });
      setError(new ApiError(0, "missing_file"));
      return;
    }
    if (note && !draft.title.trim() && !draft.description.trim()) {
      setFieldError({ title: " " });
      setError(new ApiError(0, "missing_title"));
      return;
    }
    setBusy(true);
    try {
      if (asksForWhom()) rememberChoice(draft.target);
      if (note) {
        const target = draft.target;
        await enqueue({
          title: draft.title,
          description: draft.description,
          dossierId: target,
          forName: targetName(target),
        });
        notify(savedText(1));
      } else {
        const { problems } = await captureFiles([draft.file], {
          title: draft.title,
          description: draft.description,
          dossierId: draft.target,
        });
        if (problems.length) {
          setFieldError({ file: problems[0] });
          setError(new ApiError(0, "invalid"));
          return;
        }
      }
      draft = null;
      go(homeHash());
    } finally {
      setBusy(false);
    }
  };

  const setMode = (value) => {
    setError(null);
    setFieldError({});
    update({ mode: value });
  };

  return html`<div class="view">
    <${Topbar} menu=${false}><a class="button ghost" href=${homeHash()}>${t("cancel")}</a><//>
    <main id="main" class="main">
      <h1 id="add-heading" tabindex="-1">${isOwn(draft.target) ? t("add_title") : t("add_title_shared", { name: accessTo(draft.target).name })}</h1>
      <form class="panel" novalidate aria-labelledby="add-heading" onSubmit=${submit}>
        ${
          asksForWhom()
            ? html`<${RadioGroup}
              legend=${t("capture_for_title")}
              name="for"
              className="for-whom-radios"
              value=${draft.target}
              options=${captureTargets().map((c) => [c.id, c.own ? t("capture_for_me") : c.name])}
              onChange=${(target) => update({ target })}
            />`
            : null
        }
        <fieldset class="segmented">
          <legend>${t("add_kind")}</legend>
          ${[
            ["media", t("mode_media")],
            ["note", t("mode_note")],
          ].map(
            ([value, label]) => html`<div class="segment">
              <input type="radio" name="mode" id=${`mode-${value}`} value=${value} checked=${draft.mode === value} onChange=${() => setMode(value)} />
              <label for=${`mode-${value}`}>${label}</label>
            </div>`,
          )}
        </fieldset>
        <${ErrorBox} error=${error} />
        ${
          note
            ? null
            : html`<div class="media-part">
              <div class="pickers">
                <div class="picker">
                  <input type="file" id="add-camera" class="file-input" accept="image/*,video/*" capture="environment" data-field="file" aria-describedby="file-error" onChange=${choose} />
                  <label for="add-camera" class="button primary wide"><${Icon} name="camera" />${t("take_photo")}</label>
                </div>
                <div class="picker">
                  <input type="file" id="add-gallery" class="file-input" accept="image/*,video/*,audio/*,application/pdf" data-field="file" aria-describedby="file-error" onChange=${choose} />
                  <label for="add-gallery" class="button wide">${t("choose_file")}</label>
                </div>
              </div>
              ${
                draft.file
                  ? html`<div class="preview">
                    ${preview && draft.file.type.startsWith("image/") ? html`<img src=${preview} alt="" />` : null}
                    ${preview && draft.file.type.startsWith("video/") ? html`<video src=${preview} muted playsinline preload="metadata"></video>` : null}
                    <p class="file-name">${t("chosen_file", { name: draft.file.name || "…", size: formatSize(draft.file.size) })}</p>
                    <button type="button" class="button link" onClick=${() => update({ file: null })}>${t("remove_file")}</button>
                  </div>`
                  : null
              }
              <p class="field-error" id="file-error" data-error-for="file" hidden=${!(fieldError.file || "").trim()}>${fieldError.file}</p>
            </div>`
        }
        <${Field}
          name="title"
          label=${note ? t("title") : t("title_optional")}
          maxlength="200"
          autocomplete="off"
          value=${draft.title}
          onInput=${(value) => {
            draft.title = value;
          }}
          error=${fieldError.title && fieldError.title.trim() ? fieldError.title : null}
          aria-invalid=${fieldError.title ? "true" : undefined}
        />
        <${Field}
          name="description"
          label=${note ? t("note_text") : t("description_optional")}
          hint=${note ? t("note_hint") : null}
          multiline
          maxlength="20000"
          value=${draft.description}
          onInput=${(value) => {
            draft.description = value;
          }}
        />
        <button type="submit" class="button primary wide" disabled=${busy}>${busy ? t("saving") : t("save")}</button>
      </form>
    </main>
  </div>`;
}
