// The home screen: quick capture, then the timeline: queued captures first, then the dossier's
// items page by page (keyset cursor), loaded as you scroll. Filters by kind and by date.
import { useEffect, useRef, useState } from "preact/hooks";
import { api, errorText } from "../api.js";
import { metaGet, metaSet } from "../db.js";
import { accessTo, currentDossierId, isOwn, loadShared } from "../dossiers.js";
import { formatDate, t } from "../i18n.js";
import { onLive } from "../live.js";
import { removeQueued, retryQueued } from "../queue.js";
import { changed, freshTimeline, homeDossierId, notify, state } from "../state.js";
import { asksForWhom, CaptureBar, targetName } from "./capture.js";
import { html, kindLabel, Thumbnail, Topbar, titleOf } from "./common.js";
import { scopesText } from "./kit.js";
import { AddedBy, DossierNav } from "./nav.js";

const PAGE_SIZE = 20;
const KINDS = ["", "photo", "video", "audio", "note", "document"];
let request = 0;

/** Local midnight at the start (or the end) of a yyyy-mm-dd day, as an ISO time with zone. */
function dayBound(day, end) {
  const [y, m, d] = day.split("-").map(Number);
  const date = end ? new Date(y, m - 1, d + 1) : new Date(y, m - 1, d);
  if (end) date.setMilliseconds(-1);
  return date.toISOString();
}

const unfiltered = (f) => !f.kind && !f.from && !f.to;

export async function loadTimeline(append = false) {
  const tl = state.timeline;
  const me = state.me;
  if (!me || tl.loading) return false;
  const mine = ++request;
  tl.loading = true;
  tl.error = null;
  changed();
  const params = new URLSearchParams({ limit: String(PAGE_SIZE) });
  const f = tl.filters;
  if (f.kind) params.set("kind", f.kind);
  if (f.from) params.set("from", dayBound(f.from, false));
  if (f.to) params.set("to", dayBound(f.to, true));
  if (append && tl.next) params.set("cursor", tl.next);
  try {
    const page = await api("GET", `/dossiers/${tl.dossierId || homeDossierId(me)}/evidence?${params}`);
    if (mine !== request || state.timeline !== tl) return false; // superseded
    tl.items = append ? tl.items.concat(page.items) : page.items;
    tl.next = page.next_cursor;
    tl.loaded = true;
    tl.fromSnapshot = false;
    if (!append && unfiltered(f) && !tl.dossierId) {
      // A copy of the newest page stays on the device, so the app shows it offline.
      metaSet("timeline", { userId: me.id, items: page.items }).catch(() => {});
    }
    return true;
  } catch (err) {
    if (mine !== request || state.timeline !== tl) return false;
    if (err.status === 0 && !append && unfiltered(f) && !tl.dossierId) {
      const snapshot = await metaGet("timeline").catch(() => null);
      if (snapshot && snapshot.userId === me.id) {
        tl.items = snapshot.items;
        tl.next = null;
        tl.loaded = true;
        tl.fromSnapshot = true;
        return false;
      }
    }
    if (err.status === 0 && !append) tl.loaded = true; // offline: the queue is still shown
    tl.error = err;
    return false;
  } finally {
    if (state.timeline === tl) tl.loading = false;
    changed();
  }
}

/** A freshly uploaded item goes to the top of the timeline (when it fits the filters). */
export function addUploaded(item) {
  const tl = state.timeline;
  if (!item) {
    state.timeline = freshTimeline(tl.filters, tl.dossierId);
    return;
  }
  if (item.dossier_id !== (tl.dossierId || homeDossierId(state.me))) return; // another dossier's
  if (tl.items.some((i) => i.id === item.id)) return;
  const f = tl.filters;
  if (f.kind && f.kind !== item.kind) return;
  tl.items = [item, ...tl.items];
}

export function replaceItem(item) {
  const tl = state.timeline;
  tl.items = tl.items.map((i) => (i.id === item.id ? item : i));
  changed();
}

/** Items being processed on the server: ask again every few seconds until they are ready. */
function usePendingPoll(items) {
  const pendingIds = items
    .filter((i) => i.status === "pending")
    .map((i) => i.id)
    .slice(0, 10)
    .join(",");
  useEffect(() => {
    if (!pendingIds) return undefined;
    let stopped = false;
    const timer = setInterval(async () => {
      for (const id of pendingIds.split(",")) {
        if (stopped || !state.online) return;
        try {
          const fresh = await api("GET", `/evidence/${id}`);
          if (!stopped) replaceItem(fresh);
        } catch {
          // gone, or offline for a moment: try again next round
        }
      }
    }, 3000);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [pendingIds]);
}

export function StatusLine({ item }) {
  if (item.status === "pending") {
    const text =
      item.processing_progress !== null && item.processing_progress !== undefined
        ? t("processing_percent", { percent: item.processing_progress })
        : t("status_pending");
    return html`<p class="badge">${text}</p>`;
  }
  if (item.status === "failed") return html`<p class="badge badge-failed">${t("status_failed")}</p>`;
  return null;
}

const THUMB_LABELS = { document: "PDF", audio: "♪" };

/** Videos and sound play right in the timeline: a video on request (it loads only then),
 * sound with the browser's own player. The converted copy every browser plays comes first. */
function InlinePlayer({ item }) {
  const [playing, setPlaying] = useState(false);
  const media = item.media || {};
  const sources = [media.playable, media.original].filter(Boolean);
  if (!sources.length || item.status === "pending") return null;
  const title = titleOf(item);
  if (item.kind === "audio") {
    return html`<div class="entry-player">
      <audio controls preload="none" aria-label=${title}>${sources.map((f) => html`<source src=${f.url} />`)}</audio>
    </div>`;
  }
  if (item.kind !== "video") return null;
  if (!playing) {
    return html`<div class="entry-player">
      <button type="button" class="button small" aria-label=${t("play_here_named", { title })} onClick=${() => setPlaying(true)}>
        <span aria-hidden="true">▶ </span>${t("play_here")}
      </button>
    </div>`;
  }
  const frame = media.poster || media.playable || media.original;
  return html`<div class="entry-player">
    <video
      controls
      autoplay
      playsinline
      preload="metadata"
      poster=${media.poster ? media.poster.url : undefined}
      width=${frame.width}
      height=${frame.height}
      aria-label=${title}
    >
      ${sources.map((f) => html`<source src=${f.url} />`)}
    </video>
  </div>`;
}

function Entry({ item }) {
  const media = item.media || {};
  const player = item.kind === "video" || item.kind === "audio";
  return html`<li class=${`entry entry-${item.kind}${player ? " entry-has-player" : ""}`} data-id=${item.id}>
    <a class="entry-link" href=${`#/item/${item.id}`}>
      ${
        item.kind !== "note"
          ? html`<div class=${`thumb thumb-${item.kind}`}>
            ${
              media.thumbnail
                ? html`<${Thumbnail} media=${media} />`
                : html`<span class="thumb-label" aria-hidden="true">${THUMB_LABELS[item.kind] || "…"}</span>`
            }
            ${item.kind === "video" ? html`<span class="play" aria-hidden="true"></span>` : null}
          </div>`
          : null
      }
      <div class="entry-body">
        <h3 class="entry-title">${titleOf(item)}</h3>
        <p class="meta">
          <time datetime=${item.occurred_at}>${formatDate(item.occurred_at)}</time>
          ${item.title ? ` · ${kindLabel(item.kind)}` : ""}
        </p>
        ${item.kind === "note" && item.description ? html`<p class="entry-text">${item.description}</p>` : null}
        <${AddedBy} item=${item} />
        <${StatusLine} item=${item} />
      </div>
    </a>
    ${player ? html`<${InlinePlayer} item=${item} />` : null}
  </li>`;
}

/** An object URL for a queued photo or video, released when the entry goes. */
export function usePreview(record) {
  const [url, setUrl] = useState(null);
  useEffect(() => {
    if (!record.file || !/^(image|video)\//.test(record.fileType || "")) return undefined;
    const made = URL.createObjectURL(record.file);
    setUrl(made);
    return () => URL.revokeObjectURL(made);
  }, [record.uid]);
  return url;
}

const forName = (record) => record.forName || targetName(record.dossierId) || "…";

/** Why the server refused an item; for someone else's dossier a refusal of the dossier itself
 * means I may not (or no longer) add to it. */
function refusalText(record) {
  const error = record.error || {};
  if (!isOwn(record.dossierId) && (error.status === 404 || error.status === 403) && error.code !== "csrf_failed") {
    return t("queue_refused_for", { name: forName(record) });
  }
  return errorText(error);
}

/** "Voor Sanne": said when it is not the dossier on screen, or when captures may go elsewhere. */
export function QueueTarget({ record, shownDossierId = null }) {
  const here = isOwn(record.dossierId) ? isOwn(shownDossierId) : record.dossierId === shownDossierId;
  if (here && !asksForWhom()) return null;
  return html`<p class="queue-for">${isOwn(record.dossierId) ? t("queue_for_me") : t("queue_for", { name: forName(record) })}</p>`;
}

export function QueueState({ record }) {
  const progress = state.progress[record.uid];
  if (state.uploading === record.uid && progress !== undefined) {
    const percent = Math.floor(progress * 100);
    const id = `progress-${record.uid}`;
    return html`<div class="progress">
      <label for=${id}>${percent >= 100 ? t("queue_processing_server") : t("queue_uploading", { percent })}</label>
      <progress id=${id} max="100" value=${percent}>${percent}%</progress>
    </div>`;
  }
  if (record.state === "failed") {
    return html`<p class="badge badge-failed">${t("queue_failed")}</p>
      <p class="queue-error">${refusalText(record)}</p>`;
  }
  if (!state.online) return html`<p class="badge badge-wait">${t("queue_waiting")}</p>`;
  if (record.nextAt > Date.now()) {
    const time = new Date(record.nextAt).toLocaleTimeString(document.documentElement.lang, {
      hour: "2-digit",
      minute: "2-digit",
    });
    return html`<p class="badge badge-wait">${t("queue_waiting_retry", { time })}</p>`;
  }
  return html`<p class="badge badge-wait">${t("queue_waiting_online")}</p>`;
}

export function QueueActions({ record, afterRemove }) {
  const remove = async () => {
    if (!window.confirm(t("queue_remove_confirm"))) return;
    await removeQueued(record.uid);
    notify(t("queue_removed"));
    if (afterRemove) afterRemove();
  };
  return html`<div class="entry-actions">
    ${
      record.state === "failed"
        ? html`<button type="button" class="button small" onClick=${() => retryQueued(record.uid)}>${t("queue_retry")}</button>`
        : null
    }
    <button type="button" class="button small danger" onClick=${remove}>${t("queue_remove")}</button>
  </div>`;
}

function QueueEntry({ record, shownDossierId }) {
  const [broken, setBroken] = useState(false); // not a picture the browser can show (HEIC, …)
  const made = usePreview(record);
  const preview = broken ? null : made;
  const isVideo = (record.fileType || "").startsWith("video/");
  return html`<li class=${`entry entry-${record.kind} entry-queued${record.state === "failed" ? " entry-failed" : ""}`} data-uid=${record.uid}>
    <a class="entry-link" href=${`#/queued/${record.uid}`}>
      ${
        record.kind !== "note"
          ? html`<div class=${`thumb thumb-${record.kind}`}>
            ${
              preview && !isVideo
                ? html`<img src=${preview} alt="" onError=${() => setBroken(true)} />`
                : preview
                  ? html`<video src=${preview} muted playsinline preload="metadata" aria-hidden="true"></video>`
                  : html`<span class="thumb-label" aria-hidden="true">${THUMB_LABELS[record.kind] || "…"}</span>`
            }
            ${isVideo ? html`<span class="play" aria-hidden="true"></span>` : null}
          </div>`
          : null
      }
      <div class="entry-body">
        <h3 class="entry-title">${record.title || kindLabel(record.kind)}</h3>
        <p class="meta"><time datetime=${record.createdAt}>${formatDate(record.createdAt)}</time>${record.title ? ` · ${kindLabel(record.kind)}` : ""}</p>
        ${record.kind === "note" && record.description ? html`<p class="entry-text">${record.description}</p>` : null}
        <${QueueTarget} record=${record} shownDossierId=${shownDossierId} />
        <${QueueState} record=${record} />
      </div>
    </a>
    ${record.state === "failed" ? html`<${QueueActions} record=${record} />` : null}
  </li>`;
}

function Filters() {
  const tl = state.timeline;
  const f = tl.filters;
  const [open, setOpen] = useState(Boolean(f.from || f.to));
  const apply = (changes) => {
    state.timeline = freshTimeline({ ...f, ...changes }, tl.dossierId);
    loadTimeline(false);
  };
  return html`<div class="filters">
    <div class="filter">
      <label for="filter-kind">${t("filter_label")}</label>
      <select id="filter-kind" value=${f.kind} onChange=${(e) => apply({ kind: e.currentTarget.value })}>
        ${KINDS.map((kind) => html`<option value=${kind} selected=${kind === f.kind}>${t(`filter_${kind || "all"}`)}</option>`)}
      </select>
      <button type="button" class="button ghost small" aria-expanded=${open ? "true" : "false"} aria-controls="filter-dates" onClick=${() => setOpen(!open)}>
        ${t("filters")}
      </button>
    </div>
    <div id="filter-dates" class="filter-dates" hidden=${!open}>
      <div class="field">
        <label for="filter-from">${t("filter_from")}</label>
        <input type="date" id="filter-from" value=${f.from} max=${f.to || undefined} onChange=${(e) => apply({ from: e.currentTarget.value })} />
      </div>
      <div class="field">
        <label for="filter-to">${t("filter_to")}</label>
        <input type="date" id="filter-to" value=${f.to} min=${f.from || undefined} onChange=${(e) => apply({ to: e.currentTarget.value })} />
      </div>
      ${
        f.kind || f.from || f.to
          ? html`<button type="button" class="button link" onClick=${() => apply({ kind: "", from: "", to: "" })}>${t("filter_clear")}</button>`
          : null
      }
    </div>
  </div>`;
}

/** What waits on this device, for whichever dossier (each says for whom), so nothing sent
 * elsewhere, or refused there, goes out of sight. */
function queuedMatching(filters) {
  return state.queue.filter((r) => {
    if (filters.kind && r.kind !== filters.kind) return false;
    const day = r.createdAt.slice(0, 10);
    if (filters.from && day < filters.from) return false;
    if (filters.to && day > filters.to) return false;
    return true;
  });
}

export function Timeline({ dossierId = null }) {
  // Another dossier than the one shown last: start afresh with it.
  if (state.timeline.dossierId !== dossierId) state.timeline = freshTimeline(undefined, dossierId);
  const tl = state.timeline;
  const access = accessTo(dossierId);
  const shared = Boolean(dossierId);
  const me = state.me;
  const [problems, setProblems] = useState([]);
  const sentinel = useRef(null);
  const focusNext = useRef(-1);
  const list = useRef(null);

  useEffect(() => {
    if (!tl.loaded && !tl.loading) loadTimeline(false);
    if (shared && !access.known) loadShared();
  }, [tl]);

  usePendingPoll(tl.items);

  // The live stream began after the first page came: fetch it again, so nothing added in
  // between is missing.
  useEffect(
    () =>
      onLive((event) => {
        const shown = state.timeline;
        if (event.kind === "resync" && event.dossierId === currentDossierId() && shown.loaded) loadTimeline(false);
      }),
    [],
  );

  // Infinite scroll: the next page loads when the end of the list comes near.
  useEffect(() => {
    if (!sentinel.current || !("IntersectionObserver" in window)) return undefined;
    const observer = new IntersectionObserver(
      (entries) => {
        const t2 = state.timeline;
        if (entries.some((e) => e.isIntersecting) && t2.next && !t2.loading && !t2.error) loadTimeline(true);
      },
      { rootMargin: "600px 0px" },
    );
    observer.observe(sentinel.current);
    return () => observer.disconnect();
  }, [tl]);

  // "Load more" by keyboard or button: focus goes to the first new item.
  useEffect(() => {
    if (focusNext.current >= 0 && !tl.loading && list.current) {
      const target = list.current.querySelectorAll("li.entry:not(.entry-queued) > a")[focusNext.current];
      if (target) {
        target.focus();
        focusNext.current = -1;
      }
    }
  });

  const more = () => {
    focusNext.current = tl.items.length;
    if (!tl.loading) loadTimeline(true);
  };
  const shownDossierId = dossierId || homeDossierId(me);
  const queued = queuedMatching(tl.filters);
  const filtered = !unfiltered(tl.filters);
  const empty = tl.loaded && !tl.error && tl.items.length === 0 && queued.length === 0;

  return html`<div class="view">
    <${Topbar} />
    <main id="main" class="main">
      <div class="page-head">
        <h1 id="timeline-heading" tabindex="-1">${shared ? t("dossier_of", { name: access.name || "…" }) : t("timeline_title")}</h1>
        <p class="sub">${shared ? t("shared_you_may", { role: t(`role_${access.role || "other"}`).toLowerCase(), scopes: scopesText(access.scopes).toLowerCase() }) : me.display_name}</p>
      </div>
      <${DossierNav} dossierId=${dossierId || homeDossierId(me)} />
      ${!state.online ? html`<p class="notice">${t(tl.fromSnapshot ? "offline_snapshot" : "offline_notice")}</p>` : null}
      ${access.scopes.includes("contribute") ? html`<${CaptureBar} onProblems=${setProblems} />` : null}
      <div class="form-error" role="alert" hidden=${!problems.length}>
        ${problems.map((text) => html`<p>${text}</p>`)}
      </div>
      <${Filters} />
      ${
        tl.error && !(tl.error.status === 0 && !state.online)
          ? html`<div class="form-error" role="alert">
            <p>${errorText(tl.error)}</p>
            <button type="button" class="button" onClick=${() => loadTimeline(tl.items.length > 0)}>${t("retry")}</button>
          </div>`
          : null
      }
      <ul class="timeline" aria-labelledby="timeline-heading" aria-busy=${tl.loading ? "true" : "false"} ref=${list}>
        ${queued.map((record) => html`<${QueueEntry} key=${record.uid} record=${record} shownDossierId=${shownDossierId} />`)}
        ${tl.items.map((item) => html`<${Entry} key=${item.id} item=${item} />`)}
      </ul>
      ${
        empty
          ? html`<div class="empty">
            <h2>${filtered ? t("empty_filtered") : shared ? t("shared_empty") : t("empty_title")}</h2>
            ${filtered || shared ? null : html`<p>${t("empty_text")}</p>`}
          </div>`
          : null
      }
      <div ref=${sentinel} class="sentinel"></div>
      ${
        tl.next
          ? html`<button type="button" class="button wide" disabled=${tl.loading} onClick=${more}>${tl.loading ? t("loading") : t("load_more")}</button>`
          : null
      }
    </main>
    ${access.scopes.includes("contribute") ? html`<a class="fab" href="#/add"><span aria-hidden="true" class="fab-plus">+</span>${t("add")}</a>` : null}
  </div>`;
}
