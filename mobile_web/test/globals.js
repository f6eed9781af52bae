// What the browser gives the app and node does not: IndexedDB (fake-indexeddb), `self`,
// `window`'s events, `navigator`, `document.documentElement.lang` and localStorage. The network is each test's own
// (see server.js). Imported first by every test file, before the app's modules.
import "fake-indexeddb/auto";

globalThis.self = globalThis;
globalThis.navigator = { onLine: true, languages: ["nl-BE"] };
globalThis.document = { documentElement: { lang: "" } };
// The page's `online`/`offline` events (a test dispatches them as the browser would).
globalThis.window = new EventTarget();

class MemoryStorage {
  #items = new Map();
  getItem(key) {
    return this.#items.has(key) ? this.#items.get(key) : null;
  }
  setItem(key, value) {
    this.#items.set(key, String(value));
  }
  removeItem(key) {
    this.#items.delete(key);
  }
  clear() {
    this.#items.clear();
  }
}
globalThis.localStorage = new MemoryStorage();

/** Let promises, IndexedDB requests and microtasks run until `condition()` (may be async) holds. */
export async function until(condition, what = "the condition") {
  for (let turn = 0; turn < 2000; turn += 1) {
    if (await condition()) return;
    await new Promise((resolve) => setImmediate(resolve));
  }
  throw new Error(`never happened: ${what}`);
}
