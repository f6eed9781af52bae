// The app's state and session (src/state.js): what a person sees change when they sign in,
// switch language, lose their session or log out.
import "./globals.js";
import assert from "node:assert/strict";
import { afterEach, beforeEach, mock, test } from "node:test";
import { api, session } from "../src/api.js";
import { metaGet, metaSet, queueAll, queuePut } from "../src/db.js";
import { t } from "../src/i18n.js";
import {
  cachedMe,
  changed,
  forgetDevice,
  freshTimeline,
  notify,
  refreshSession,
  signedIn,
  state,
  storedLocale,
  subscribe,
  useLocale,
} from "../src/state.js";
import { until } from "./globals.js";
import { fakeServer, json, me, refusal } from "./server.js";

let server;
beforeEach(() => {
  server = fakeServer();
  localStorage.clear();
});
afterEach(() => mock.timers.reset());

test("many changes at once render the screen once, and an unsubscribed screen not at all", async () => {
  let renders = 0;
  const unsubscribe = subscribe(() => {
    renders += 1;
  });
  changed();
  changed();
  changed();
  await until(() => renders > 0, "a render");
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(renders, 1);

  unsubscribe();
  changed();
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(renders, 1);
});

test("signing in keeps who I am on the device for offline use, but never the CSRF token", async () => {
  await signedIn(me("u1"));
  assert.equal(state.me.id, "u1");
  assert.equal(session.csrf, "csrf-u1");
  const kept = await cachedMe();
  assert.equal(kept.id, "u1");
  assert.equal(kept.display_name, "Sanne");
  assert.equal("csrf_token" in kept, false);
});

test("an English account gets the app in English, and the choice is remembered", async () => {
  await signedIn(me("u1", { locale: "en" }));
  assert.equal(document.documentElement.lang, "en");
  assert.equal(storedLocale(), "en");

  assert.equal(t("loading"), "Loading…"); // the English texts came with it

  await useLocale("nl");
  assert.equal(document.documentElement.lang, "nl");
  assert.equal(storedLocale(), "nl");
  assert.equal(t("loading"), "Bezig met laden…");

  await useLocale("fr"); // not offered: Dutch
  assert.equal(document.documentElement.lang, "nl");
});

test("without localStorage (private mode) the language still switches, it is just not remembered", async (t) => {
  t.mock.method(localStorage, "getItem", () => {
    throw new Error("SecurityError");
  });
  t.mock.method(localStorage, "setItem", () => {
    throw new Error("SecurityError");
  });
  await useLocale("en");
  assert.equal(document.documentElement.lang, "en");
  assert.equal(storedLocale(), null);
});

test("the same person signing in again keeps the timeline; another person gets a fresh one", async () => {
  await signedIn(me("u1"));
  state.timeline.items = [{ id: "e1" }];
  await signedIn(me("u1"));
  assert.deepEqual(state.timeline.items, [{ id: "e1" }]);

  await signedIn(me("u2"));
  assert.deepEqual(state.timeline.items, []);
  assert.equal(state.me.id, "u2");
});

test("a lost session shows the login screen with a notice and keeps the unsent captures", async () => {
  await signedIn(me("u1"));
  state.queue = [{ uid: "q1", userId: "u1" }];
  server.on("GET", "/timeline", () => refusal(401, "unauthorized", "Log in first."));

  await assert.rejects(api("GET", "/timeline"), (err) => err.status === 401);
  assert.equal(state.me, null);
  assert.equal(state.notice, "session_expired");
  assert.equal(session.csrf, null);
  assert.deepEqual(
    state.queue.map((r) => r.uid),
    ["q1"],
  );
  // An expired session cannot open the app offline either.
  await until(async () => (await cachedMe()) === null, "the copy of /me is removed");
});

test("logging out forgets my data on the device, except the captures that are not sent yet", async () => {
  await signedIn(me("u1"));
  await metaSet("timeline", { items: [{ id: "e1" }] });
  const capture = { uid: "q1", userId: "u1", dossierId: "d-u1", title: "Stage", state: "waiting" };
  await queuePut(capture);
  state.queue = [capture];
  state.uploaded = { q0: "e0" };

  await forgetDevice();
  assert.equal(state.me, null);
  assert.equal(state.notice, "logged_out");
  assert.deepEqual(state.queue, []);
  assert.deepEqual(state.uploaded, {});
  assert.deepEqual(state.timeline, freshTimeline());
  assert.equal(await cachedMe(), null);
  assert.equal(await metaGet("timeline"), undefined);
  assert.deepEqual(
    (await queueAll()).map((r) => r.uid),
    ["q1"],
  );
});

test("refreshing the session fails quietly offline and fetches a new token online", async () => {
  await signedIn(me("u1"));
  server.online = false;
  assert.equal(await refreshSession(), false);
  assert.equal(state.me.id, "u1");

  server.online = true;
  server.on("GET", "/me", () => json(200, me("u1", { csrf_token: "csrf-new" })));
  assert.equal(await refreshSession(), true);
  assert.equal(session.csrf, "csrf-new");
});

test("a message shows for six seconds and then goes away", async () => {
  mock.timers.enable({ apis: ["setTimeout"] });
  notify("Opgeslagen");
  assert.equal(state.toast, "Opgeslagen");
  mock.timers.tick(5999);
  assert.equal(state.toast, "Opgeslagen");
  mock.timers.tick(1);
  assert.equal(state.toast, "");
});
