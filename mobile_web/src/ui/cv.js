// The cv screens, loaded lazily: see ui/cv-routes.js.
import { Topbar, html } from "./common.js";
import { t } from "../i18n.js";

export function CvScreen() {
  return html`<div class="view"><${Topbar} /><main id="main" class="main"><h1 tabindex="-1">${t("nav_cv")}</h1></main></div>`;
}
