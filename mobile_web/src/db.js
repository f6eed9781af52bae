// IndexedDB, shared by the page and the service worker (idb).
//   queue  captured items that are not on the server yet, keyed by their client_uid
//   meta   the last signed-in user (without the CSRF token), a copy of the newest page of
//          the timeline and of the dossiers shared with them, so the app opens offline; all
//          removed on logout
import { openDB } from "idb";

export const DB_NAME = "bagage";
const VERSION = 1;

let opened = null;
export function db() {
  opened ||= openDB(DB_NAME, VERSION, {
    upgrade(database) {
      const queue = database.createObjectStore("queue", { keyPath: "uid" });
      queue.createIndex("userId", "userId");
      database.createObjectStore("meta");
    },
    blocking() {
      // A newer version of the app wants to upgrade the database: let it.
      opened?.then((d) => d.close());
      opened = null;
    },
  });
  return opened;
}

export const queueAll = async () => (await db()).getAll("queue");
export const queueGet = async (uid) => (await db()).get("queue", uid);
export const queuePut = async (record) => (await db()).put("queue", record);
export const queueDelete = async (uid) => (await db()).delete("queue", uid);
export const metaGet = async (key) => (await db()).get("meta", key);
export const metaSet = async (key, value) => (await db()).put("meta", value, key);
export const metaDelete = async (key) => (await db()).delete("meta", key);

/** A client-generated id for one capture: the server makes at most one item per id. */
export function newClientUid() {
  if (self.crypto.randomUUID) return self.crypto.randomUUID();
  // randomUUID needs a secure context; a phone testing over plain http on the LAN has none.
  const bytes = self.crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** The kind of evidence a file will most likely become (the server decides from its content). */
export function kindOfFile(type) {
  if (type.startsWith("image/")) return "photo";
  if (type.startsWith("video/")) return "video";
  if (type.startsWith("audio/")) return "audio";
  if (type === "application/pdf") return "document";
  return "document";
}

/** A queue record for a file or a note, as the page and the share target both make them. */
export function newRecord({ userId, dossierId, file = null, title = "", description = "", source = "app" }) {
  return {
    uid: newClientUid(),
    userId,
    dossierId,
    createdAt: new Date().toISOString(),
    kind: file ? kindOfFile(file.type || "") : "note",
    file,
    fileName: file ? file.name || "capture" : null,
    fileType: file ? file.type || "" : null,
    size: file ? file.size : 0,
    title,
    description,
    source,
    state: "waiting", // waiting (to be sent) | failed (refused by the server)
    error: null, // {status, code, message} of a refusal
    attempts: 0,
    nextAt: 0,
    uploadUrl: null, // the tus upload, once created: a reload resumes it
    evidenceId: null,
    edited: false, // title/description changed after the upload was created
  };
}
