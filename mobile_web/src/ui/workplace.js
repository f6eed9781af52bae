// The workplace supervisor without an account: the mailed link (#/werkplek/<token>) opens a
// welcome, a code mailed to the same address confirms it on a new device, and the supervisor
// lands in the pupil's dossier. A session opened so reaches that dossier only (me.workplace);
// when the link ends the app says so. Later the supervisor may make an account (#/make-account).
// These open before logging in, so they are in the main bundle.
import { useEffect, useState } from "preact/hooks";
import { api } from "../api.js";
import { t } from "../i18n.js";
import { changed, refreshSession, signedIn, state } from "../state.js";
import { BackLink, ErrorBox, Field, html, Topbar, useSubmit } from "./common.js";
import { formatDay } from "./kit.js";
import { extraRoute } from "./routes.js";
import { CodeForm, Shell } from "./verify.js";

/** Where a link may lead after the code: a path of the app's own screens, nothing else. */
function safeThen(then) {
  return then && /^\/[A-Za-z0-9/_-]{1,200}$/.test(then) && extraRoute(then) ? then : null;
}

function goIn(me, then) {
  location.replace(`#${safeThen(then) || `/d/${me.workplace.dossier_id}`}`);
  changed();
}

/** The mailed link: who and where it is for, then the code; straight in on a device that is. */
export function WorkplaceScreen({ token, then }) {
  const [welcome, setWelcome] = useState(null);
  const [error, setError] = useState(null);
  useEffect(() => {
    api("POST", "/workplace-links/open", { token })
      .then(async (answer) => {
        if (answer.status === "signed_in" && (await refreshSession()) && state.me.workplace) {
          goIn(state.me, then);
          return;
        }
        setWelcome(answer);
      })
      .catch(setError);
  }, [token]);

  if (error && (error.status === 404 || error.code === "expired")) return html`<${LinkEndedScreen} />`;
  const confirm = (code) => api("POST", "/workplace-links/confirm", { token, code });
  const resend = () => api("POST", "/workplace-links/open", { token });
  const entered = async (me) => {
    await signedIn(me);
    goIn(me, then);
  };
  return html`<${Shell}>
    ${
      error
        ? html`<div class="panel"><${ErrorBox} error=${error} /></div>`
        : !welcome
          ? html`<p class="notice" role="status">${t("workplace_opening")}</p>`
          : html`<section class="panel workplace-welcome" aria-labelledby="welcome-heading">
            <h2 id="welcome-heading">${t("workplace_welcome", { pupil: welcome.pupil_name, workplace: welcome.workplace })}</h2>
            <p class="meta">${t("workplace_period", { from: formatDay(welcome.starts_on), to: formatDay(welcome.ends_on) })}</p>
            <p>${t("workplace_code_sent", { email: welcome.masked_email })}</p>
          </section>
          <${CodeForm}
            confirm=${confirm}
            resend=${resend}
            onVerified=${entered}
            texts=${{ title: t("workplace_code_title"), text: t("workplace_code_text"), submit: t("workplace_code_submit"), done: t("workplace_done") }}
          />`
    }
  <//>`;
}

/** A link that was revoked, expired or ended (opening it, or the session it started). */
export function LinkEndedScreen() {
  const toLogin = () => {
    state.linkEnded = false;
    location.replace("#/");
    changed();
  };
  return html`<${Shell}>
    <section class="panel" aria-labelledby="ended-heading">
      <h2 id="ended-heading">${t("link_ended_title")}</h2>
      <p>${t("link_ended_text")}</p>
      <button type="button" class="button link" onClick=${toLogin}>${t("link_ended_login")}</button>
    </section>
  <//>`;
}

/** A supervisor without an account makes one: a password, and a dossier of their own. What
 * they did so far stays theirs; this session goes on. */
export function MakeAccountScreen() {
  const me = state.me;
  const [name, setName] = useState(me.display_name || "");
  const [password, setPassword] = useState("");
  const [done, setDone] = useState(!me.is_guest);
  const { submit, busy, error, fields } = useSubmit(
    async () => {
      await signedIn(await api("POST", "/workplace-links/account", { display_name: name.trim(), password }));
      setDone(true);
    },
    {
      check: () => {
        const problems = {};
        if (!name.trim()) problems.display_name = t("field_display_name");
        if (password.length < 10) problems.password = t("field_password");
        return problems;
      },
    },
  );
  const back = `#/d/${me.workplace.dossier_id}`;
  return html`<div class="view">
    <${Topbar} />
    <main id="main" class="main">
      <${BackLink} dossierId=${me.workplace.dossier_id} />
      <h1 id="make-account-heading" tabindex="-1">${t("make_account_title")}</h1>
      ${
        done
          ? html`<div class="panel" role="status"><p>${t("make_account_done", { email: me.email })}</p>
            <a class="button primary" href=${back}>${t("back_dossier")}</a></div>`
          : html`<form class="panel" novalidate aria-labelledby="make-account-heading" onSubmit=${submit}>
            <p>${t("make_account_text")}</p>
            <${ErrorBox} error=${error} />
            <${Field} name="display_name" label=${t("display_name")} autocomplete="name" maxlength="120" value=${name} onInput=${setName} error=${fields.display_name} />
            <${Field} name="password" type="password" label=${t("password")} hint=${t("password_hint")} autocomplete="new-password" value=${password} onInput=${setPassword} error=${fields.password} />
            <button type="submit" class="button primary wide" disabled=${busy}>${busy ? t("saving") : t("make_account_submit")}</button>
          </form>`
      }
    </main>
  </div>`;
}

/** The mailed link's address (#/werkplek/<token>?then=/report/<id>), logged in or not. */
export function workplaceRoute() {
  const path = location.hash.replace(/^#/, "");
  const found = path.match(/^\/werkplek\/([A-Za-z0-9_-]{16,128})(?:\?(.*))?$/);
  if (!found) return null;
  const then = new URLSearchParams(found[2] || "").get("then");
  return {
    name: "workplace",
    key: `/werkplek/${found[1]}`,
    render: () => html`<${WorkplaceScreen} key=${found[1]} token=${found[1]} then=${then} />`,
  };
}

/** The screens a link session may open: the pupil's dossier and what hangs around it. */
const LINK_SESSION_SCREENS = new Set([
  "timeline",
  "item",
  "queued",
  "add",
  "conversation",
  "coverage",
  "competency",
  "reports",
  "report",
  "notifications",
  "make-account",
]);

/** In a link session the screens are the pupil's: `route`, when it is one of those, or the
 * pupil's dossier; outside one, `route` itself. */
export function linkSessionRoute(route, path) {
  const workplace = state.me && state.me.workplace;
  if (!workplace) return route;
  if (path === "/make-account")
    return { name: "make-account", key: path, render: () => html`<${MakeAccountScreen} />` };
  if (path !== "/" && LINK_SESSION_SCREENS.has(route.name)) return route;
  return extraRoute(`/d/${workplace.dossier_id}`);
}
