// The addresses of the cv screens. The screens themselves (ui/cv.js) are a chunk of their
// own, loaded when first opened: lazy(() => import("./cv.js"), "ScreenName").
// Each route: [pattern, name, render(parts)], as in ui/routes.js.
import { html } from "htm/preact";
import { lazy } from "./lazy.js";

const CvScreen = lazy(() => import("./cv.js"), "CvScreen");
const CvExperienceScreen = lazy(() => import("./cv.js"), "CvExperienceScreen");
const CvShowcaseScreen = lazy(() => import("./cv.js"), "CvShowcaseScreen");
const CvLinksScreen = lazy(() => import("./cv.js"), "CvLinksScreen");

export const routes = [
  ["^/cv$", "cv", () => html`<${CvScreen} />`],
  ["^/cv/experience$", "cv-experience", () => html`<${CvExperienceScreen} />`],
  ["^/cv/showcase$", "cv-showcase", () => html`<${CvShowcaseScreen} />`],
  ["^/cv/links$", "cv-links", () => html`<${CvLinksScreen} />`],
];
