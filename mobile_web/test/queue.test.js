// The offline queue (src/queue.js): a capture made without a connection is kept on the device
// with where it goes, sent when the network is back, retried with growing pauses while the
// server cannot be reached, and kept with the server's reason when the server refuses it.
import "./globals.js";
import assert from "node:assert/strict";
import { afterEach, beforeEach, mock, test } from "node:test";
import { queueAll, queueDelete, queueGet, queuePut } from "../src/db.js";
import {
  editQueued,
  enqueue,
  events,
  flush,
  loadQueue,
  removeQueued,
  retryQueued,
  sendNow,
  startQueue,
  stopSending,
} from "../src/queue.js";
import { signedIn, state } from "../src/state.js";
import { until } from "./globals.js";
import { fakeServer, json, me, refusal } from "./server.js";

startQueue();

let server;
let uploaded;

/** The server takes a note and answers with the new item. */
const accept = (request) =>
  json(201, { id: `e-${request.body.get("client_uid")}`, kind: "note", title: request.body.get("title") });
const notePosts = (dossierId) => server.sent("POST", `/dossiers/${dossierId}/evidence`);
/** Let everything that is already running finish (promises, IndexedDB), without waiting on time. */
const settle = async () => {
  for (let turn = 0; turn < 50; turn += 1) await new Promise((resolve) => setImmediate(resolve));
};

function goOffline() {
  server.online = false;
  window.dispatchEvent(new Event("offline"));
}
function goOnline() {
  server.online = true;
  window.dispatchEvent(new Event("online"));
}

beforeEach(async () => {
  stopSending();
  for (const record of await queueAll()) await queueDelete(record.uid);
  state.queue = [];
  state.uploaded = {};
  server = fakeServer();
  server.online = true;
  state.online = true;
  uploaded = [];
  events.onUploaded = (record, item) => uploaded.push({ record, item });
  await signedIn(me("u1"));
});
afterEach(() => {
  stopSending();
  mock.timers.reset();
});

test("a note written offline is kept on the device with its dossier and sent once the network is back", async () => {
  server.on("POST", /^\/dossiers\/[^/]+\/evidence$/, accept);
  goOffline();
  const record = await enqueue({ title: "Stagedag", description: "Eerste dag", dossierId: "d-shared" });

  const kept = await queueGet(record.uid);
  assert.equal(kept.title, "Stagedag");
  assert.equal(kept.description, "Eerste dag");
  assert.equal(kept.dossierId, "d-shared");
  assert.equal(kept.userId, "u1");
  assert.equal(kept.state, "waiting");
  assert.deepEqual(
    state.queue.map((r) => r.uid),
    [record.uid],
  );
  await settle();
  assert.equal(server.requests.length, 0);

  goOnline();
  await until(() => uploaded.length === 1, "the note is uploaded");
  const [post] = notePosts("d-shared");
  assert.equal(post.body.get("title"), "Stagedag");
  assert.equal(post.body.get("description"), "Eerste dag");
  assert.equal(post.body.get("client_uid"), record.uid);
  assert.equal(post.headers["X-CSRF-Token"], "csrf-u1");
  assert.equal(uploaded[0].item.id, `e-${record.uid}`);
  assert.deepEqual(state.queue, []);
  assert.equal(state.uploaded[record.uid], `e-${record.uid}`);
  assert.equal(await queueGet(record.uid), undefined);
});

test("a note without a dossier goes into my own dossier", async () => {
  server.on("POST", "/dossiers/d-u1/evidence", accept);
  await enqueue({ title: "Mijn eigen" });
  await until(() => uploaded.length === 1, "the note is uploaded");
  assert.equal(notePosts("d-u1").length, 1);
});

test("while the server cannot be reached the note is retried with growing pauses, as the same item", async () => {
  mock.timers.enable({ apis: ["setTimeout", "Date"], now: 1_000_000 });
  server.on("POST", "/dossiers/d-u1/evidence", () => json(503, null));
  const record = await enqueue({ title: "Later" });

  await until(() => record.attempts === 1, "the first failure");
  assert.equal(record.state, "waiting");
  assert.ok(record.nextAt >= Date.now() + 2000 && record.nextAt <= Date.now() + 2400, "about 2 s");
  assert.equal((await queueGet(record.uid)).attempts, 1);

  mock.timers.tick(2000); // not yet
  await settle();
  assert.equal(notePosts("d-u1").length, 1);

  mock.timers.tick(500);
  await until(() => record.attempts === 2, "the second failure");
  assert.equal(notePosts("d-u1").length, 2);
  const pause = record.nextAt - Date.now();
  assert.ok(pause >= 4000 && pause <= 4800, `about 4 s, not ${pause}`);

  server.on("POST", "/dossiers/d-u1/evidence", accept);
  mock.timers.tick(4900);
  await until(() => uploaded.length === 1, "the note is uploaded");
  const uids = notePosts("d-u1").map((r) => r.body.get("client_uid"));
  assert.deepEqual(uids, [record.uid, record.uid, record.uid]); // the server makes one item of them
  assert.equal(await queueGet(record.uid), undefined);
});

test("too many requests is a pause, not a refusal", async () => {
  mock.timers.enable({ apis: ["setTimeout", "Date"], now: 1_000_000 });
  server.on("POST", "/dossiers/d-u1/evidence", () => refusal(429, "too_many_requests", "Slow down."));
  const record = await enqueue({ title: "Druk" });
  await until(() => record.attempts === 1, "the first try");
  assert.equal(record.state, "waiting");
  assert.equal(record.error, null);
});

test("a refused note stays with the server's reason until I retry it", async () => {
  server.on("POST", "/dossiers/d-u1/evidence", () => refusal(422, "validation_error", "De titel is te lang."));
  const record = await enqueue({ title: "x".repeat(300) });

  await until(() => record.state === "failed", "the refusal");
  const error = { status: 422, code: "validation_error", message: "De titel is te lang." };
  assert.deepEqual(record.error, error);
  assert.deepEqual((await queueGet(record.uid)).error, error); // also after a reload
  sendNow();
  await settle();
  assert.equal(notePosts("d-u1").length, 1); // a refusal is not retried by itself

  await editQueued(record.uid, { title: "Korter", description: "" });
  server.on("POST", "/dossiers/d-u1/evidence", accept);
  await retryQueued(record.uid);
  await until(() => uploaded.length === 1, "the corrected note is uploaded");
  assert.equal(notePosts("d-u1")[1].body.get("title"), "Korter");
});

test("a note edited while waiting is sent as edited", async () => {
  server.on("POST", "/dossiers/d-u1/evidence", accept);
  goOffline();
  const record = await enqueue({ title: "Eerst", description: "" });
  await editQueued(record.uid, { title: "Daarna", description: "Met uitleg" });
  assert.equal((await queueGet(record.uid)).title, "Daarna");

  goOnline();
  await until(() => uploaded.length === 1, "the note is uploaded");
  const [post] = notePosts("d-u1");
  assert.equal(post.body.get("title"), "Daarna");
  assert.equal(post.body.get("description"), "Met uitleg");
});

test("a note edited while it is being sent is corrected once it is on the server", async () => {
  let answer;
  const answered = new Promise((resolve) => {
    answer = resolve;
  });
  server.on("POST", "/dossiers/d-u1/evidence", async (request) => {
    await answered; // the edit comes while the upload is on its way
    return accept(request);
  });
  server.on("PATCH", /^\/evidence\//, (request) => json(200, { id: "e", kind: "note", ...JSON.parse(request.body) }));
  const record = await enqueue({ title: "Foto, 5 dec", description: "" });
  await until(() => notePosts("d-u1").length === 1, "the note is on its way");
  await editQueued(record.uid, { title: "Les 3B, 12 okt", description: "" });
  answer();

  await until(() => uploaded.length === 1, "the note is uploaded");
  const [patch] = server.sent("PATCH", `/evidence/e-${record.uid}`);
  assert.equal(JSON.parse(patch.body).title, "Les 3B, 12 okt");
  assert.equal(uploaded[0].item.title, "Les 3B, 12 okt");
});

test("a removed note is never sent", async () => {
  server.on("POST", "/dossiers/d-u1/evidence", accept);
  goOffline();
  const record = await enqueue({ title: "Weg ermee" });
  await removeQueued(record.uid);
  assert.deepEqual(state.queue, []);
  assert.equal(await queueGet(record.uid), undefined);

  goOnline();
  await flush();
  await settle();
  assert.equal(server.requests.length, 0);
});

test("a lost session keeps the note, and it is sent when the same person logs in again", async () => {
  server.on("POST", "/dossiers/d-u1/evidence", () => refusal(401, "unauthorized", "Log in first."));
  const record = await enqueue({ title: "Na het inloggen" });

  await until(() => state.me === null, "the session is lost");
  assert.equal(state.notice, "session_expired");
  await until(async () => (await queueGet(record.uid))?.state === "waiting", "kept as waiting");

  server.on("POST", "/dossiers/d-u1/evidence", accept);
  await signedIn(me("u1"));
  await loadQueue();
  assert.deepEqual(
    state.queue.map((r) => r.uid),
    [record.uid],
  );
  await flush();
  await until(() => uploaded.length === 1, "the note is uploaded");
  assert.equal(notePosts("d-u1").length, 2);
});

test("items shared to the app before anyone logged in become mine; another person's stay theirs", async () => {
  goOffline();
  const base = { createdAt: new Date().toISOString(), file: null, title: "", description: "", state: "waiting" };
  await queuePut({ ...base, uid: "shared", userId: null, dossierId: null, attempts: 0, nextAt: 0 });
  await queuePut({ ...base, uid: "theirs", userId: "u2", dossierId: "d-u2", attempts: 0, nextAt: 0 });

  await loadQueue();
  assert.deepEqual(
    state.queue.map((r) => r.uid),
    ["shared"],
  );
  const shared = await queueGet("shared");
  assert.equal(shared.userId, "u1");
  assert.equal(shared.dossierId, "d-u1");
  assert.equal((await queueGet("theirs")).userId, "u2");
});
