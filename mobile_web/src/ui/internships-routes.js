// The addresses of the internship screens. The screens themselves (ui/internships.js) are a chunk
// of their own, loaded when first opened. Each route: [pattern, name, render(parts)], as in ui/routes.js.
import { html } from "htm/preact";
import { lazy } from "./lazy.js";

const ID = "([0-9a-fA-F-]{32,36})";

export const routes = [
  [`^/dossier/${ID}/internships$`, "internships", ([id]) => html`<${InternshipsScreen} key=${id} dossierId=${id} />`],
  [`^/internship/${ID}$`, "internship", ([id]) => html`<${InternshipScreen} key=${id} id=${id} />`],
];
const InternshipsScreen = lazy(() => import("./internships.js"), "InternshipsScreen");
const InternshipScreen = lazy(() => import("./internships.js"), "InternshipScreen");
