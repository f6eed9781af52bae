// The addresses of the growth screens. Each screen (ui/growth/) is a chunk of its own, loaded when
// first opened; what they share is a chunk too. Each route: [pattern, name, render(parts)], as in
// ui/routes.js.
import { html } from "htm/preact";
import { lazy } from "./lazy.js";

const ID = "([0-9a-fA-F-]{32,36})";
const GrowthScreen = lazy(() => import("./growth/overview.js"), "GrowthScreen");
const GoalScreen = lazy(() => import("./growth/goal.js"), "GoalScreen");
const ReviewScreen = lazy(() => import("./growth/review.js"), "ReviewScreen");
const CoachingScreen = lazy(() => import("./growth/coaching.js"), "CoachingScreen");

export const routes = [
  ["^/growth$", "growth", () => html`<${GrowthScreen} key="now" />`],
  ["^/growth/(20\\d\\d)$", "growth", ([year]) => html`<${GrowthScreen} key=${year} year=${year} />`],
  ["^/growth/(20\\d\\d)/review$", "growth-review", ([year]) => html`<${ReviewScreen} key=${year} year=${year} />`],
  [`^/growth/goal/${ID}$`, "goal", ([id]) => html`<${GoalScreen} key=${id} id=${id} />`],
  [`^/dossier/${ID}/coaching$`, "coaching", ([id]) => html`<${CoachingScreen} key=${id} dossierId=${id} />`],
];
