// The addresses of the cv screens. The screens themselves (ui/cv.js) are a chunk of their
// own, loaded when first opened: lazy(() => import("./cv.js"), "ScreenName").
// Each route: [pattern, name, render(parts)], as in ui/routes.js.
import { html } from "htm/preact";
import { lazy } from "./lazy.js";

export const routes = [["^/cv$", "cv", () => html`<${CvScreen} />`]];
const CvScreen = lazy(() => import("./cv.js"), "CvScreen");
