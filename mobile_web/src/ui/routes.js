// The screens for competencies and people, by their address (#/...). main.js asks
// extraRoute(path) before falling back to the timeline; a route brings its own render().
import { html } from "htm/preact";
import { isOwn } from "../dossiers.js";
import "../live.js";
import { state } from "../state.js";
import { routes as accountRoutes } from "./account-routes.js";
import { CaseloadScreen } from "./caseload.js";
import { FrameworkScreen, FrameworksScreen, ManageFrameworksScreen } from "./competencies.js";
import { ConversationScreen } from "./conversation.js";
import { CompetencyScreen, CoverageScreen } from "./coverage.js";
import { routes as cvRoutes } from "./cv-routes.js";
import { routes as growthRoutes } from "./growth-routes.js";
import { routes as internshipRoutes } from "./internships-routes.js";
import { CredentialsScreen } from "./issued-credentials.js";
import { NotificationsScreen } from "./notifications.js";
import { AccessLogScreen, InvitationScreen, OrganisationScreen, OrganisationsScreen, PeopleScreen } from "./people.js";
import { routes as reportRoutes } from "./reports-routes.js";
import { Timeline } from "./timeline.js";

const ID = "([0-9a-fA-F-]{32,36})";
const TOKEN = "([A-Za-z0-9_-]{16,128})";

const ROUTES = [
  // A dossier someone opened to me: the same timeline, for their dossier.
  [
    `^/d/${ID}$`,
    "timeline",
    ([id]) => (isOwn(id) ? html`<${Timeline} />` : html`<${Timeline} key=${id} dossierId=${id} />`),
  ],
  [
    `^/dossier/${ID}/coverage(?:/${ID})?$`,
    "coverage",
    ([id, framework]) =>
      html`<${CoverageScreen} key=${`${id}/${framework || ""}`} dossierId=${id} frameworkId=${framework} />`,
  ],
  [
    `^/dossier/${ID}/competency/${ID}/${ID}$`,
    "competency",
    ([id, framework, item]) =>
      html`<${CompetencyScreen} key=${item} dossierId=${id} frameworkId=${framework} itemId=${item} />`,
  ],
  [
    `^/dossier/${ID}/conversation$`,
    "conversation",
    ([id]) => html`<${ConversationScreen} key=${id} dossierId=${id} />`,
  ],
  ["^/frameworks$", "frameworks", () => html`<${FrameworksScreen} />`],
  ["^/frameworks/manage$", "frameworks-manage", () => html`<${ManageFrameworksScreen} />`],
  [`^/framework/${ID}$`, "framework", ([id]) => html`<${FrameworkScreen} key=${id} id=${id} />`],
  ["^/people$", "people", () => html`<${PeopleScreen} />`],
  ["^/access-log$", "access-log", () => html`<${AccessLogScreen} />`],
  ["^/organisations$", "organisations", () => html`<${OrganisationsScreen} />`],
  [`^/organisation/${ID}$`, "organisation", ([id]) => html`<${OrganisationScreen} key=${id} id=${id} />`],
  // My people; #/shared was the list of dossiers shared with me, which the caseload is now.
  ["^/(?:people/mine|shared)$", "caseload", () => html`<${CaseloadScreen} />`],
  [`^/invitation/${TOKEN}$`, "invitation", ([token]) => html`<${InvitationScreen} key=${token} token=${token} />`],
  ["^/notifications$", "notifications", () => html`<${NotificationsScreen} />`],
  ["^/credentials$", "credentials", () => html`<${CredentialsScreen} />`],
  ...reportRoutes,
  ...internshipRoutes,
  ...cvRoutes,
  ...accountRoutes,
  ...growthRoutes,
].map(([pattern, name, render]) => [new RegExp(pattern), name, render]);

/** {name, key, render} for a path of these screens, or null. */
export function extraRoute(path) {
  for (const [pattern, name, render] of ROUTES) {
    const match = path.match(pattern);
    if (match) {
      const parts = match.slice(1);
      return { name, key: path, render: () => render(parts) };
    }
  }
  return null;
}

// Someone opening an invitation link before logging in is told why to log in.
if (/^#\/invitation\//.test(location.hash) && !state.notice) state.notice = "invitation_login";

// A tap on a push notification: the service worker asks the open app to go there.
if ("serviceWorker" in navigator) {
  navigator.serviceWorker.addEventListener("message", (event) => {
    if (
      event.data &&
      event.data.type === "OPEN" &&
      typeof event.data.hash === "string" &&
      event.data.hash.startsWith("#/")
    ) {
      location.hash = event.data.hash;
    }
  });
}
