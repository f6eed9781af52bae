// Screens used now and then (reports, the CV, my data, growth) are separate chunks of the build,
// fetched when first opened, so the first screen stays small. The service worker precaches
// them with the rest, so they open offline too.
import { useEffect, useState } from "preact/hooks";
import { t } from "../i18n.js";
import { html, Topbar } from "./common.js";

/** A component that loads `load()` (a dynamic import) and renders its export `name`. */
export function lazy(load, name) {
  return function LazyScreen(props) {
    const [module, setModule] = useState(null);
    const [failed, setFailed] = useState(false);
    useEffect(() => {
      load().then(setModule, () => setFailed(true));
    }, []);
    if (module) {
      const Screen = module[name];
      return html`<${Screen} ...${props} />`;
    }
    return html`<div class="view">
      <${Topbar} />
      <main id="main" class="main">
        ${failed ? html`<p class="error" role="alert">${t("screen_load_failed")}</p>` : html`<p>${t("loading")}</p>`}
      </main>
    </div>`;
  };
}
