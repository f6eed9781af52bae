// The addresses of the account screens. The screens themselves (ui/account.js) are a chunk of their
// own, loaded when first opened: lazy(() => import("./account.js"), "ScreenName").
// Each route: [pattern, name, render(parts)], as in ui/routes.js.
import { html } from "htm/preact";
import { lazy } from "./lazy.js";

const AccountScreen = lazy(() => import("./account.js"), "AccountScreen");

export const routes = [["^/account$", "account", () => html`<${AccountScreen} />`]];
