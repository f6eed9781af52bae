// One item: view, edit, delete. And a queued item (not on the server yet): edit, retry, remove.
import { useEffect, useState } from "preact/hooks";
import { api, errorText } from "../api.js";
import { isOwn, mayEdit } from "../dossiers.js";
import { formatDate, formatSize, t } from "../i18n.js";
import { editQueued, queuedRecord } from "../queue.js";
import { notify, state } from "../state.js";
import { BackLink, ErrorBox, Field, go, html, kindLabel, Topbar, titleOf, useSubmit } from "./common.js";
import { EvidenceExtras, needsReview } from "./evidence.js";
import { FacesPanel } from "./faces.js";
import { addedByText } from "./nav.js";
import { QueueActions, QueueState, QueueTarget, replaceItem, StatusLine, usePreview } from "./timeline.js";

function Visual({ item }) {
  const media = item.media || {};
  if (item.kind === "photo" && (media.display || media.thumbnail)) {
    const jpeg = media.display || media.thumbnail;
    const webp = media.display ? media.display_webp : media.thumbnail_webp;
    return html`<picture>
      ${webp ? html`<source type="image/webp" srcset=${webp.url} />` : null}
      <img class="detail-media" src=${jpeg.url} alt=${titleOf(item)} width=${jpeg.width} height=${jpeg.height} />
    </picture>`;
  }
  if (item.kind === "video" && (media.playable || media.original)) {
    const frame = media.poster || media.playable || media.original;
    // The converted copy every browser plays comes first, when the server made one.
    const sources = [media.playable, media.original].filter(Boolean);
    return html`<video
      class="detail-media"
      controls
      playsinline
      preload="metadata"
      poster=${media.poster ? media.poster.url : undefined}
      width=${frame.width}
      height=${frame.height}
      aria-label=${titleOf(item)}
    >
      ${sources.map((file) => html`<source src=${file.url} />`)}
    </video>`;
  }
  if (item.kind === "audio" && (media.playable || media.original)) {
    return html`<audio class="detail-audio" controls preload="metadata" aria-label=${titleOf(item)}>
      ${[media.playable, media.original].filter(Boolean).map((file) => html`<source src=${file.url} />`)}
    </audio>`;
  }
  return null;
}

function EditForm({ initial, isNote, onSave }) {
  const [values, setValues] = useState({ title: initial.title || "", description: initial.description || "" });
  const { submit, busy, error, fields } = useSubmit(
    async () => {
      await onSave(values);
      notify(t("saved"));
    },
    {
      check: () => (isNote && !values.title.trim() && !values.description.trim() ? { title: " " } : {}),
      invalidCode: "missing_title",
    },
  );
  return html`<form class="panel" novalidate aria-labelledby="edit-heading" onSubmit=${submit}>
    <h2 id="edit-heading">${t("item_edit")}</h2>
    <${ErrorBox} error=${error} />
    <${Field}
      name="title"
      label=${isNote ? t("title") : t("title_optional")}
      maxlength="200"
      value=${values.title}
      onInput=${(title) => setValues({ ...values, title })}
      error=${fields.title && fields.title.trim() ? fields.title : null}
      aria-invalid=${fields.title ? "true" : undefined}
    />
    <${Field}
      name="description"
      label=${isNote ? t("note_text") : t("description_optional")}
      hint=${isNote ? t("note_hint") : null}
      multiline
      maxlength="20000"
      value=${values.description}
      onInput=${(description) => setValues({ ...values, description })}
      error=${fields.description}
    />
    <button type="submit" class="button primary" disabled=${busy}>${busy ? t("saving") : t("save")}</button>
  </form>`;
}

/** Processing failed (a file it could not convert, or workers stopped mid-way too often):
 * the original is kept, so whoever may edit the item can have it processed once more. */
function RetryProcessing({ item, onChange }) {
  const [busy, setBusy] = useState(false);
  const retry = async () => {
    setBusy(true);
    try {
      onChange(await api("POST", `/evidence/${item.id}/retry`));
      notify(t("retry_processing_started"));
    } catch (err) {
      notify(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  return html`<div class="retry-processing">
    <p class="hint">${t("retry_processing_kept")}</p>
    <button type="button" class="button small" disabled=${busy} onClick=${retry}>${t("retry_processing")}</button>
  </div>`;
}

export function Detail({ id }) {
  const cached = state.timeline.items.find((i) => i.id === id);
  const [item, setItem] = useState(cached || null);
  const [error, setError] = useState(null);
  const [deleting, setDeleting] = useState(false);

  useEffect(() => {
    let stopped = false;
    const load = () =>
      api("GET", `/evidence/${id}`)
        .then((fresh) => {
          if (stopped) return;
          setItem(fresh);
          replaceItem(fresh);
        })
        .catch((err) => !stopped && !cached && setError(err));
    if (!cached) load();
    // While the server is still processing, ask again until the result is there.
    const timer = setInterval(() => {
      const current = state.timeline.items.find((i) => i.id === id);
      if ((current || item) && (current || item).status === "pending" && state.online) load();
    }, 3000);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [id]);

  const shown = state.timeline.items.find((i) => i.id === id) || item;
  if (!shown) {
    return html`<div class="view">
      <${Topbar} />
      <main id="main" class="main">
        ${
          error
            ? html`<h1 tabindex="-1">${t("error_title")}</h1>
              <p class="form-error" role="alert">${errorText(error)}</p>
              <${BackLink} />`
            : html`<p>${t("loading")}</p>`
        }
      </main>
    </div>`;
  }

  const media = shown.media || {};
  // The owner's photo shows with its faces marked (others see them blurred).
  const ownPicture = isOwn(shown.dossier_id) && shown.status === "ready" && shown.kind === "photo" && media.display;
  const save = async (values) => {
    const updated = await api("PATCH", `/evidence/${shown.id}`, values);
    setItem(updated);
    replaceItem(updated);
  };
  const remove = async () => {
    if (!window.confirm(t("delete_confirm"))) return;
    setDeleting(true);
    try {
      await api("DELETE", `/evidence/${shown.id}`);
      state.timeline.items = state.timeline.items.filter((i) => i.id !== shown.id);
      notify(t("deleted"));
      go("#/");
    } catch (err) {
      setDeleting(false);
      notify(errorText(err));
    }
  };

  return html`<div class="view">
    <${Topbar} />
    <main id="main" class="main">
      <${BackLink} dossierId=${shown.dossier_id} />
      <article class="detail">
        <h1 tabindex="-1">${titleOf(shown)}</h1>
        <p class="meta">
          <time datetime=${shown.occurred_at}>${formatDate(shown.occurred_at)}</time> · ${kindLabel(shown.kind)}
          ${
            addedByText(shown)
              ? ` · ${addedByText(shown)}`
              : shown.created_by && shown.created_by.id !== state.me.id
                ? ` · ${t("by", { name: shown.created_by.display_name })}`
                : ""
          }
        </p>
        ${ownPicture ? html`<${FacesPanel} key=${shown.id} item=${shown} />` : html`<${Visual} item=${shown} />`}
        <${StatusLine} item=${shown} />
        ${
          shown.status === "failed" && mayEdit(shown)
            ? html`<${RetryProcessing}
              item=${shown}
              onChange=${(updated) => {
                setItem(updated);
                replaceItem(updated);
              }}
            />`
            : null
        }
        ${shown.description ? html`<p class="description">${shown.description}</p>` : null}
        ${isOwn(shown.dossier_id) && shown.status === "ready" && shown.kind === "video" ? html`<${FacesPanel} key=${shown.id} item=${shown} />` : null}
        ${
          media.original
            ? html`<p><a class="button ghost" href=${media.original.url} download="">${t(shown.kind === "document" ? "open_document" : "open_original")}</a></p>`
            : null
        }
      </article>
      <${EvidenceExtras}
        item=${shown}
        onChange=${(updated) => {
          setItem(updated);
          replaceItem(updated);
        }}
      />
      ${mayEdit(shown) ? html`<${EditForm} key=${shown.id} initial=${shown} isNote=${shown.kind === "note"} onSave=${save} />` : null}
      ${
        isOwn(shown.dossier_id) && !needsReview(shown)
          ? html`<div class="danger-zone">
            <button type="button" class="button danger" disabled=${deleting} onClick=${remove}>${deleting ? t("loading") : t("delete")}</button>
          </div>`
          : null
      }
    </main>
  </div>`;
}

export function QueuedDetail({ uid }) {
  const [record, setRecord] = useState(() => state.queue.find((r) => r.uid === uid) || null);
  const [checked, setChecked] = useState(Boolean(record));
  useEffect(() => {
    Promise.resolve(queuedRecord(uid)).then((found) => {
      setRecord(found || null);
      setChecked(true);
    });
  }, [uid, state.queue.length]);
  const live = state.queue.find((r) => r.uid === uid) || record;
  const preview = usePreview(live || { uid });
  const uploadedAs = state.uploaded[uid];
  useEffect(() => {
    // Tapped just as it finished uploading: show the item it became.
    if (uploadedAs && !state.queue.some((r) => r.uid === uid)) location.replace(`#/item/${uploadedAs}`);
  }, [uploadedAs, state.queue.length]);

  if (!live || !state.queue.some((r) => r.uid === uid)) {
    return html`<div class="view">
      <${Topbar} />
      <main id="main" class="main">
        ${checked ? html`<h1 tabindex="-1">${t("queue_gone")}</h1><${BackLink} />` : html`<p>${t("loading")}</p>`}
      </main>
    </div>`;
  }
  const isVideo = (live.fileType || "").startsWith("video/");
  return html`<div class="view">
    <${Topbar} />
    <main id="main" class="main">
      <${BackLink} />
      <article class="detail">
        <h1 tabindex="-1">${live.title || kindLabel(live.kind)}</h1>
        <p class="meta">
          <time datetime=${live.createdAt}>${formatDate(live.createdAt)}</time> · ${kindLabel(live.kind)}
          ${live.size ? ` · ${formatSize(live.size)}` : ""}
        </p>
        ${preview && !isVideo ? html`<img class="detail-media" src=${preview} alt=${live.title || kindLabel(live.kind)} />` : null}
        ${preview && isVideo ? html`<video class="detail-media" src=${preview} controls playsinline preload="metadata" aria-label=${live.title || kindLabel(live.kind)}></video>` : null}
        <${QueueTarget} record=${live} />
        <${QueueState} record=${live} />
        <p class="hint">${t("queue_detail_text")}</p>
      </article>
      <${EditForm} key=${live.uid} initial=${live} isNote=${live.kind === "note"} onSave=${(values) => editQueued(uid, values)} />
      <div class="danger-zone"><${QueueActions} record=${live} afterRemove=${() => go("#/")} /></div>
    </main>
  </div>`;
}
