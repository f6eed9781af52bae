// The owner's view of the faces in a photo or video: others see them blurred. Tap a face to
// keep it visible, draw a box over one that was missed, and say "this is me" once.
import { useEffect, useRef, useState } from "preact/hooks";
import { api, errorText } from "../api.js";
import { addTexts, t } from "../i18n.js";
import { notify, state } from "../state.js";
import texts from "../texts/faces.js";
import { html } from "./common.js";

addTexts(texts);

const POLL_MS = 2000;
/** A drawn box smaller than this (fraction of the picture) is a tap, not a box. */
const MIN_BOX = 0.02;

function clock(seconds) {
  const s = Math.max(0, Math.round(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

/** Where a video's face is at `at` seconds (the poster's time), or null when not there. */
function boxAt(face, at) {
  if (!face.track) return face.box;
  const samples = face.track;
  if (at < samples[0][0] || at > samples[samples.length - 1][0]) return null;
  for (let i = 1; i < samples.length; i++) {
    const [t0, ...a] = samples[i - 1];
    const [t1, ...b] = samples[i];
    if (at >= t0 && at <= t1) {
      const f = t1 > t0 ? (at - t0) / (t1 - t0) : 0;
      return a.map((v, k) => v + (b[k] - v) * f);
    }
  }
  return samples[0].slice(1);
}

function stateText(face) {
  if (face.own_face && !face.blurred) return `${t("faces_visible")} (${t("faces_own")})`;
  return face.blurred ? t("faces_blurred") : t("faces_visible");
}

function useDrawing(frame, onBox) {
  const [drag, setDrag] = useState(null);
  const point = (event) => {
    const rect = frame.current.getBoundingClientRect();
    const x = Math.min(1, Math.max(0, (event.clientX - rect.left) / rect.width));
    const y = Math.min(1, Math.max(0, (event.clientY - rect.top) / rect.height));
    return [x, y];
  };
  return {
    drag,
    handlers: {
      onPointerDown: (event) => {
        event.preventDefault();
        event.currentTarget.setPointerCapture(event.pointerId);
        const [x, y] = point(event);
        setDrag({ x0: x, y0: y, x1: x, y1: y });
      },
      onPointerMove: (event) => {
        if (!drag) return;
        const [x, y] = point(event);
        setDrag({ ...drag, x1: x, y1: y });
      },
      onPointerCancel: () => setDrag(null),
      onPointerUp: () => {
        if (!drag) return;
        const box = [
          Math.min(drag.x0, drag.x1),
          Math.min(drag.y0, drag.y1),
          Math.abs(drag.x1 - drag.x0),
          Math.abs(drag.y1 - drag.y0),
        ];
        setDrag(null);
        if (box[2] >= MIN_BOX && box[3] >= MIN_BOX) onBox(box);
      },
    },
  };
}

function boxStyle([left, top, width, height]) {
  return `left:${left * 100}%;top:${top * 100}%;width:${width * 100}%;height:${height * 100}%`;
}

export function FacesPanel({ item }) {
  const [faces, setFaces] = useState(null);
  const [error, setError] = useState(null);
  const [drawing, setDrawing] = useState(false);
  const [busy, setBusy] = useState(false);
  const frame = useRef(null);

  const load = () =>
    api("GET", `/evidence/${item.id}/faces`)
      .then(setFaces)
      .catch((err) => setError(errorText(err)));
  useEffect(() => {
    load();
  }, [item.id]);
  useEffect(() => {
    if (!faces || (faces.checked && !faces.pending)) return undefined;
    const timer = setTimeout(load, POLL_MS);
    return () => clearTimeout(timer);
  }, [faces]);

  const change = async (method, path, body, done) => {
    setBusy(true);
    try {
      const answer = await api(method, path, body);
      if (answer && answer.faces) setFaces(answer);
      else await load();
      if (answer && "own_face_marked" in answer && state.me) state.me.own_face_marked = answer.own_face_marked;
      notify(done);
    } catch (err) {
      notify(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  const toggle = (face) =>
    change(
      "PATCH",
      `/faces/${face.id}`,
      { keep_visible: face.blurred },
      face.blurred ? t("faces_kept_saved") : t("faces_blur_saved"),
    );
  const draw = useDrawing(frame, (box) => {
    setDrawing(false);
    change("POST", `/evidence/${item.id}/faces`, { box }, t("faces_drawn_saved"));
  });

  if (error) return html`<section class="faces panel"><p class="error" role="alert">${error}</p></section>`;
  const isPhoto = item.kind === "photo";
  if (!faces) {
    // The photo itself while its faces load: the panel shows it in its place, with the boxes.
    const shown = isPhoto && (item.media.display || item.media.thumbnail);
    return shown
      ? html`<img class="detail-media" src=${shown.url} alt=${item.title || ""} width=${shown.width} height=${shown.height} />`
      : null;
  }
  const poster = item.kind === "video" ? (((item.media.original || {}).duration_seconds || 0) > 2 ? 1 : 0) : 0;
  const picture = faces.picture;
  const placed = faces.faces.map((face, i) => ({ face, n: i + 1, box: boxAt(face, poster) }));
  const mayKeep = (face) => !faces.stay_blurred || face.own_face;
  const framed = picture
    ? html`<div class=${`faces-frame${drawing ? " drawing" : ""}`} ref=${frame} ...${drawing ? draw.handlers : {}}>
          <img src=${picture.url} alt=${isPhoto ? item.title || "" : ""} width=${picture.width} height=${picture.height} draggable=${false} onDragStart=${(e) => e.preventDefault()} />
          ${placed
            .filter((p) => p.box)
            .map(
              ({ face, n, box }) => html`<button
                type="button"
                class=${`face-box${face.blurred ? " blurred" : " visible"}`}
                style=${boxStyle(box)}
                disabled=${busy || drawing || (face.blurred && !mayKeep(face))}
                aria-label=${t("faces_box_label", { n, state: stateText(face) })}
                onClick=${() => toggle(face)}
              ><span>${n}</span></button>`,
            )}
          ${draw.drag ? html`<div class="face-box drawing" style=${boxStyle([Math.min(draw.drag.x0, draw.drag.x1), Math.min(draw.drag.y0, draw.drag.y1), Math.abs(draw.drag.x1 - draw.drag.x0), Math.abs(draw.drag.y1 - draw.drag.y0)])}></div>` : null}
        </div>`
    : null;
  // A photo's own picture is the one with the boxes (it stands where the photo stood); a
  // video keeps its player, and its poster with the boxes goes into the panel.
  return html`${isPhoto ? framed : null}<section class="faces panel" aria-labelledby="faces-heading">
    <h2 id="faces-heading">${t("faces_title")}</h2>
    ${!faces.checked ? html`<p class="hint" role="status">${t("faces_checking")}</p>` : null}
    ${faces.checked && faces.faces.length === 0 ? html`<p class="hint">${t("faces_none")}</p>` : null}
    ${faces.faces.length ? html`<p class="hint">${t("faces_intro")} ${t("faces_tap_hint")}</p>` : null}
    ${faces.stay_blurred ? html`<p class="notice">${t("faces_stay_blurred")}</p>` : null}
    ${faces.pending ? html`<p class="hint" role="status">${t("faces_pending")}</p>` : null}
    ${isPhoto ? null : framed}
    ${drawing ? html`<p class="hint" role="status">${t("faces_draw_hint")}</p>` : null}
    <ul class="faces-list">
      ${placed.map(
        ({ face, n }) => html`<li>
          <span class="face-name">${t("faces_face", { n })}${face.source === "drawn" ? ` (${t("faces_drawn")})` : ""}: ${stateText(face)}
            ${face.track ? html`<span class="meta"> ${t("faces_video_times", { from: clock(face.track[0][0]), to: clock(face.track[face.track.length - 1][0]) })}</span>` : null}
          </span>
          <span class="face-actions">
            ${
              face.blurred
                ? mayKeep(face)
                  ? html`<button type="button" class="button small" disabled=${busy} onClick=${() => toggle(face)}>${t("faces_keep")}</button>`
                  : null
                : html`<button type="button" class="button small ghost" disabled=${busy} onClick=${() => toggle(face)}>${t("faces_blur")}</button>`
            }
            ${
              item.kind === "photo" && !faces.own_face_marked && face.source === "detected"
                ? html`<button type="button" class="button small ghost" disabled=${busy} onClick=${() => change("PUT", "/me/face", { face_id: face.id }, t("faces_me_saved")).then(load)}>${t("faces_this_is_me")}</button>`
                : null
            }
            ${face.source === "drawn" ? html`<button type="button" class="button small ghost" disabled=${busy} onClick=${() => change("DELETE", `/faces/${face.id}`, undefined, t("faces_removed"))}>${t("faces_remove")}</button>` : null}
          </span>
        </li>`,
      )}
    </ul>
    ${
      picture && faces.checked
        ? html`<button type="button" class="button ghost" aria-pressed=${drawing} disabled=${busy} onClick=${() => setDrawing(!drawing)}>${drawing ? t("faces_draw_cancel") : t("faces_draw")}</button>`
        : null
    }
  </section>`;
}
