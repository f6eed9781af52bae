// The addresses of the reports screens. The screens themselves (ui/reports.js) are a chunk of their
// own, loaded when first opened: lazy(() => import("./reports.js"), "ScreenName").
// Each route: [pattern, name, render(parts)], as in ui/routes.js.
import { html } from "htm/preact";
import { lazy } from "./lazy.js";

const ID = "([0-9a-fA-F-]{32,36})";

export const routes = [
  [`^/dossier/${ID}/reports$`, "reports", ([id]) => html`<${ReportsScreen} key=${id} dossierId=${id} />`],
  [`^/report/${ID}$`, "report", ([id]) => html`<${ReportScreen} key=${id} id=${id} />`],
];
const ReportsScreen = lazy(() => import("./reports.js"), "ReportsScreen");
const ReportScreen = lazy(() => import("./reports.js"), "ReportScreen");
