// The addresses of the growth screens. The screens themselves (ui/growth.js) are a chunk of their
// own, loaded when first opened. Each route: [pattern, name, render(parts)], as in ui/routes.js.
import { html } from "htm/preact";
import { lazy } from "./lazy.js";

const ID = "([0-9a-fA-F-]{32,36})";
const GrowthScreen = lazy(() => import("./growth.js"), "GrowthScreen");
const GoalScreen = lazy(() => import("./growth.js"), "GoalScreen");
const CoachingScreen = lazy(() => import("./growth.js"), "CoachingScreen");

export const routes = [
  ["^/growth$", "growth", () => html`<${GrowthScreen} key="now" />`],
  ["^/growth/(20\\d\\d)$", "growth", ([year]) => html`<${GrowthScreen} key=${year} year=${year} />`],
  [`^/growth/goal/${ID}$`, "goal", ([id]) => html`<${GoalScreen} key=${id} id=${id} />`],
  [`^/dossier/${ID}/coaching$`, "coaching", ([id]) => html`<${CoachingScreen} key=${id} dossierId=${id} />`],
];
