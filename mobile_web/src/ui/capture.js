// Capturing: the quick buttons on the home screen (camera, video, gallery, note). A chosen
// file is queued at once: tap "Foto", take the picture, confirm it in the camera, and it is
// in the timeline. Title and description can be added later.

import { currentDossierId, isOwn } from "../dossiers.js";
import { formatSize, t } from "../i18n.js";
import { enqueue } from "../queue.js";
import { dossierOf, notify, state } from "../state.js";
import { html, Icon } from "./common.js";

/** Why a file cannot be sent (too large for the server or the dossier), or null. */
export function fileProblem(file) {
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
  if (dossier && dossier.quota_bytes && isOwn(currentDossierId())) {
    const queued = state.queue.reduce((sum, r) => sum + (r.size || 0), 0);
    const free = Math.max(0, dossier.quota_bytes - (dossier.used_bytes || 0) - queued);
    if (file.size > free) return t("no_room", { size: formatSize(file.size), free: formatSize(free) });
  }
  return null;
}

/** Queue the chosen files; returns the texts of the ones refused before queueing. */
export async function captureFiles(files, { title = "", description = "" } = {}) {
  const problems = [];
  let queued = 0;
  for (const file of files) {
    const problem = fileProblem(file);
    if (problem) {
      problems.push(`${file.name}: ${problem}`);
      continue;
    }
    await enqueue({ file, title, description, dossierId: currentDossierId() });
    queued += 1;
  }
  if (queued) notify(queued === 1 ? t("queued") : t("queued_many", { count: queued }));
  return problems;
}

function Picker({ id, icon, label, accept, capture, multiple, onFiles }) {
  return html`<div class="picker">
    <input
      type="file"
      id=${id}
      class="file-input"
      accept=${accept}
      capture=${capture}
      multiple=${multiple}
      onChange=${(event) => {
        const input = event.currentTarget;
        const files = Array.from(input.files || []);
        input.value = "";
        if (files.length) onFiles(files);
      }}
    />
    <label for=${id} class="capture-button"><${Icon} name=${icon} size=${28} /><span>${label}</span></label>
  </div>`;
}

export function CaptureBar({ onProblems }) {
  const take = async (files) => onProblems(await captureFiles(files));
  return html`<section class="capture" aria-labelledby="capture-heading">
    <h2 id="capture-heading" class="visually-hidden">${t("capture_heading")}</h2>
    <div class="capture-grid">
      <${Picker} id="capture-photo" icon="camera" label=${t("capture_photo")} accept="image/*" capture="environment" onFiles=${take} />
      <${Picker} id="capture-video" icon="video" label=${t("capture_video")} accept="video/*" capture="environment" onFiles=${take} />
      <${Picker}
        id="capture-gallery"
        icon="gallery"
        label=${t("capture_gallery")}
        accept="image/*,video/*,audio/*,application/pdf"
        multiple
        onFiles=${take}
      />
      <div class="picker">
        <a class="capture-button" href="#/add?note"><${Icon} name="note" size=${28} /><span>${t("capture_note")}</span></a>
      </div>
    </div>
  </section>`;
}
