// The offline queue: every capture is written to IndexedDB first and shown at once; it is sent
// when the network allows. Media go through tus (resumable: the upload URL is kept in the
// record, so a reload or a broken connection continues where it stopped); notes go through the
// multipart form with their client_uid, so a retry never makes a second item.
//
// Sending is triggered by: a new capture, the `online` event, a timer (exponential backoff
// after a failure), a message from the service worker's Background Sync handler, and opening
// the app. With no page open, nothing is sent: the items wait safely in IndexedDB.
import { API, ApiError, api, errorFromResponse, postForm, session } from "./api.js";
import { newRecord, queueAll, queueDelete, queueGet, queuePut } from "./db.js";
import { changed, homeDossierId, notify, refreshSession, sessionLost, state } from "./state.js";

export const SYNC_TAG = "bagage-upload";
const DEFAULT_CHUNK = 5 * 1024 * 1024;
const BACKOFF_BASE_MS = 2000;
const BACKOFF_MAX_MS = 5 * 60 * 1000;
/** Statuses after which trying again later can help; any other 4xx is a refusal to show. */
const TRANSIENT = new Set([408, 409, 423, 429]);

/** Hooks for the rest of the app: an item became evidence. */
export const events = { onUploaded: null };

/** Smaller chunks for slow or flaky connections (and the tests): localStorage bagage.chunkSize. */
function chunkSize() {
  try {
    const value = Number(localStorage.getItem("bagage.chunkSize"));
    if (Number.isFinite(value) && value >= 64 * 1024) return value;
  } catch {
    // private mode
  }
  return DEFAULT_CHUNK;
}

function sortQueue() {
  state.queue.sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1));
}

/** Load this user's queued items; items shared before anyone was logged in become theirs. */
export async function loadQueue() {
  const me = state.me;
  if (!me) return;
  const records = await queueAll();
  const mine = [];
  for (const record of records) {
    if (record.userId === null) {
      record.userId = me.id;
      record.dossierId = homeDossierId(me);
      await queuePut(record);
    }
    if (record.userId === me.id) mine.push(record);
  }
  // Keep in-memory records (they carry the same data) so components keep their identity.
  const known = new Map(state.queue.map((r) => [r.uid, r]));
  state.queue = mine.map((r) => (known.has(r.uid) ? Object.assign(known.get(r.uid), r) : r));
  sortQueue();
  changed();
}

/** Put a capture in the queue and start sending it. Resolves once it is safe in IndexedDB. */
export async function enqueue({ file = null, title = "", description = "", dossierId = null, forName = "" }) {
  const me = state.me;
  // Into my own dossier, or one I may contribute to (chosen, or the dossier on screen).
  const record = newRecord({ userId: me.id, dossierId: dossierId || homeDossierId(me), file, title, description });
  record.forName = forName; // whose dossier, to say so while it waits (offline too)
  await queuePut(record);
  state.queue.unshift(record);
  changed();
  registerSync();
  flush();
  return record;
}

async function save(record) {
  if (!stillQueued(record)) return; // removed meanwhile: do not bring it back
  await queuePut(record);
  changed();
}

export async function removeQueued(uid) {
  const record = state.queue.find((r) => r.uid === uid);
  // Out of the list first, so nothing that is still finishing writes it back.
  state.queue = state.queue.filter((r) => r.uid !== uid);
  delete state.progress[uid];
  changed();
  if (record && state.uploading === uid) abortCurrent(false);
  if (record && record.uploadUrl && !record.evidenceId) {
    // Tell the server to drop the bytes it holds (tus termination); fine if it cannot.
    fetch(record.uploadUrl, {
      method: "DELETE",
      headers: { "Tus-Resumable": "1.0.0", "X-CSRF-Token": session.csrf || "" },
      credentials: "same-origin",
    }).catch(() => {});
  }
  await queueDelete(uid);
}

export async function retryQueued(uid) {
  const record = state.queue.find((r) => r.uid === uid);
  if (!record) return;
  if (record.error && record.error.code === "upload_expired") record.uploadUrl = null;
  record.state = "waiting";
  record.error = null;
  record.attempts = 0;
  record.nextAt = 0;
  await save(record);
  flush();
}

/** Change title/description of an item that is not on the server yet (or just arriving). */
export async function editQueued(uid, { title, description }) {
  const record = state.queue.find((r) => r.uid === uid);
  if (!record) return null;
  record.title = title;
  record.description = description;
  // Metadata goes with the upload's creation: once sending has begun (its address may not
  // be known yet), the item is corrected once it exists.
  if (record.uploadUrl || state.uploading === record.uid) record.edited = true;
  await save(record);
  return record;
}

// --- sending ---------------------------------------------------------------------------

let running = false;
let again = false;
let timer = 0;
let currentUpload = null; // { upload, reject } of the tus upload running now

/** Stop the running upload; its promise rejects as "aborted" (tus itself would stay silent). */
function abortCurrent(terminate) {
  if (!currentUpload) return;
  const { upload, reject } = currentUpload;
  currentUpload = null;
  upload.abort(terminate).catch(() => {});
  reject(new ApiError(0, "aborted"));
}

export function stopSending() {
  clearTimeout(timer);
  abortCurrent(false);
}

/** Still queued on this device? (Removed meanwhile, or sent by another tab of the app.) */
const stillQueued = (record) => state.queue.includes(record);

/** Send what can be sent now, one item at a time. Safe to call often. */
export async function flush() {
  if (running) {
    again = true;
    return;
  }
  running = true;
  let busyElsewhere = false;
  try {
    const work = async () => {
      do {
        again = false;
        await sendDue();
      } while (again);
    };
    if (navigator.locks) {
      // One tab sends at a time; another tab of the app tries again a little later.
      await navigator.locks.request(SYNC_TAG, { ifAvailable: true }, async (lock) => {
        if (lock) await work();
        else busyElsewhere = true;
      });
    } else {
      await work();
    }
  } finally {
    running = false;
    if (busyElsewhere) {
      clearTimeout(timer);
      timer = setTimeout(flush, 5000);
    } else {
      scheduleNext();
    }
  }
}

async function sendDue() {
  while (state.me && state.online) {
    const now = Date.now();
    const record = state.queue
      .slice()
      .reverse() // oldest first
      .find((r) => r.state === "waiting" && r.nextAt <= now);
    if (!record) return;
    const stored = await queueGet(record.uid);
    if (!stored) {
      // Sent (or removed) by another tab of the app in the meantime.
      state.queue = state.queue.filter((r) => r !== record);
      changed();
      continue;
    }
    record.uploadUrl = stored.uploadUrl; // another tab may have started it
    if (!session.csrf && !(await refreshSession())) {
      if (!state.me) return; // logged out: waits for the next login
      return backoff(record); // the server cannot be reached
    }
    await sendOne(record);
  }
}

function scheduleNext() {
  clearTimeout(timer);
  const waiting = state.queue.filter((r) => r.state === "waiting");
  if (!waiting.length || !state.me) return;
  const soonest = Math.min(...waiting.map((r) => r.nextAt));
  timer = setTimeout(flush, Math.max(0, soonest - Date.now()) + 50);
}

async function backoff(record) {
  record.attempts += 1;
  const delay = Math.min(BACKOFF_BASE_MS * 2 ** (record.attempts - 1), BACKOFF_MAX_MS);
  record.nextAt = Date.now() + delay * (1 + Math.random() * 0.2);
  await save(record);
  registerSync();
}

async function sendOne(record) {
  state.uploading = record.uid;
  state.progress[record.uid] = 0;
  changed();
  try {
    const evidence = record.file ? await sendMedia(record) : await sendNote(record);
    await finished(record, evidence);
  } catch (err) {
    await failed(record, err);
  } finally {
    state.uploading = null;
    delete state.progress[record.uid];
    changed();
  }
}

async function sendNote(record) {
  const body = new FormData();
  body.append("title", record.title);
  body.append("description", record.description);
  body.append("client_uid", record.uid);
  return postForm(`/dossiers/${record.dossierId}/evidence`, body);
}

/** tus-js-client, loaded the first time something is sent: showing the app does not need it
 * (the service worker keeps it for offline use like the rest of the app). */
export async function loadTus() {
  try {
    return await import("tus-js-client");
  } catch {
    throw new ApiError(0, "network");
  }
}

async function sendMedia(record) {
  const { Upload } = await loadTus();
  return new Promise((resolve, reject) => {
    let evidenceId = null;
    const upload = new Upload(record.file, {
      endpoint: `${API}/uploads`,
      uploadUrl: record.uploadUrl,
      chunkSize: chunkSize(),
      retryDelays: [0, 1000, 3000, 6000],
      storeFingerprintForResuming: false, // the record in IndexedDB keeps the upload URL
      removeFingerprintOnSuccess: false,
      headers: { "X-CSRF-Token": session.csrf || "" },
      metadata: {
        filename: record.fileName || "capture",
        filetype: record.fileType || "",
        title: record.title,
        description: record.description,
        client_uid: record.uid,
        dossier_id: record.dossierId,
      },
      onUploadUrlAvailable() {
        if (record.uploadUrl !== upload.url && stillQueued(record)) {
          record.uploadUrl = upload.url;
          queuePut(record).catch(() => {});
        }
      },
      onProgress(sent, total) {
        state.progress[record.uid] = total ? sent / total : 0;
        changed();
      },
      onAfterResponse(_req, res) {
        const id = res.getHeader("Bagage-Evidence-Id");
        if (id) evidenceId = id;
      },
      onShouldRetry(err) {
        const status = err.originalResponse ? err.originalResponse.getStatus() : 0;
        if (!navigator.onLine) return false;
        return status === 0 || status >= 500 || TRANSIENT.has(status);
      },
      onSuccess() {
        currentUpload = null;
        if (evidenceId) resolve({ id: evidenceId });
        else reject(new ApiError(0, "unknown", "The upload finished without an item."));
      },
      onError(err) {
        currentUpload = null;
        reject(tusError(err));
      },
    });
    currentUpload = { upload, reject };
    upload.start();
  });
}

function tusError(err) {
  const response = err && err.originalResponse;
  if (!response) return new ApiError(0, "network");
  let body = null;
  try {
    body = JSON.parse(response.getBody());
  } catch {
    // no JSON: the status decides
  }
  return errorFromResponse(response.getStatus(), body);
}

async function finished(record, evidence) {
  let item = evidence;
  try {
    if (!record.edited && !evidence.kind) item = await api("GET", `/evidence/${evidence.id}`);
    // Edited while it was sent (also while that was being answered): correct the item.
    if (record.edited) {
      item = await api("PATCH", `/evidence/${evidence.id}`, {
        title: record.title,
        description: record.description,
      });
    }
  } catch {
    // It is on the server; the timeline will show it when it loads again.
    item = null;
  }
  await queueDelete(record.uid);
  state.uploaded[record.uid] = evidence.id;
  state.queue = state.queue.filter((r) => r.uid !== record.uid);
  if (events.onUploaded) events.onUploaded(record, item);
  changed();
}

async function failed(record, err) {
  const status = err.status || 0;
  if (status === 401) {
    record.state = "waiting";
    await save(record);
    sessionLost(err);
    return;
  }
  if (status === 403 && err.code === "csrf_failed") {
    session.csrf = null; // fetched again before the next try
    return backoff(record);
  }
  if (status === 0 || status >= 500 || TRANSIENT.has(status) || err.code === "aborted") {
    return backoff(record);
  }
  // Refused: keep it, show why, let the person retry or remove it.
  record.state = "failed";
  record.error = { status, code: err.code, message: err.serverMessage || "" };
  await save(record);
}

// --- triggers ---------------------------------------------------------------------------

/** Ask the browser to wake us when the connection returns (Background Sync). Only while
 * offline: a sync registered online fires at once, which would undo the backoff. */
export function registerSync() {
  if (!("serviceWorker" in navigator) || navigator.onLine) return;
  navigator.serviceWorker.ready
    .then((registration) => registration.sync && registration.sync.register(SYNC_TAG))
    .catch(() => {}); // not supported, or not allowed: the online event and timers remain
}

/** Everything waiting goes now (the network is back, or the person asked). */
export function sendNow() {
  for (const record of state.queue) if (record.state === "waiting") record.nextAt = 0;
  flush();
}

export function startQueue() {
  window.addEventListener("online", () => {
    state.online = true;
    changed();
    sendNow();
  });
  window.addEventListener("offline", () => {
    state.online = false;
    changed();
  });
  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.addEventListener("message", (event) => {
      if (event.data && event.data.type === "FLUSH_QUEUE") sendNow();
      if (event.data && event.data.type === "SHARED") loadQueue().then(() => flush());
    });
  }
}

/** A queued item, fresh from IndexedDB (for the detail screen after a reload). */
export const queuedRecord = (uid) => state.queue.find((r) => r.uid === uid) || queueGet(uid);
export { notify };
