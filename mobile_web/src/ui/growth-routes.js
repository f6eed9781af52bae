// The addresses of the growth screens. The screens themselves (ui/growth.js) are a chunk of their
// own, loaded when first opened: lazy(() => import("./growth.js"), "ScreenName").
// Each route: [pattern, name, render(parts)], as in ui/routes.js.
import { html } from "htm/preact";
import { lazy } from "./lazy.js";

export const routes = [];
