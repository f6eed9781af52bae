// The addresses of the cv screens. Each screen (ui/cv/) is a chunk of its own, loaded when first
// opened: lazy(() => import("./cv/links.js"), "CvLinksScreen"); what they share is a chunk too.
// Each route: [pattern, name, render(parts)], as in ui/routes.js.
import { html } from "htm/preact";
import { lazy } from "./lazy.js";

const CvScreen = lazy(() => import("./cv/profile.js"), "CvScreen");
const CvExperienceScreen = lazy(() => import("./cv/experience.js"), "CvExperienceScreen");
const CvShowcaseScreen = lazy(() => import("./cv/showcase.js"), "CvShowcaseScreen");
const CvConfirmedScreen = lazy(() => import("./cv/confirmed.js"), "CvConfirmedScreen");
const CvLinksScreen = lazy(() => import("./cv/links.js"), "CvLinksScreen");

export const routes = [
  ["^/cv$", "cv", () => html`<${CvScreen} />`],
  ["^/cv/experience$", "cv-experience", () => html`<${CvExperienceScreen} />`],
  ["^/cv/showcase$", "cv-showcase", () => html`<${CvShowcaseScreen} />`],
  ["^/cv/confirmed$", "cv-confirmed", () => html`<${CvConfirmedScreen} />`],
  ["^/cv/links$", "cv-links", () => html`<${CvLinksScreen} />`],
];
