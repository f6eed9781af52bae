// Log in or sign up, in Dutch or English.
import { useEffect, useState } from "preact/hooks";
import { api } from "../api.js";
import { getLocale, t } from "../i18n.js";
import { changed, signedIn, state, useLocale } from "../state.js";
import { ErrorBox, Field, html, LanguageSwitch, Logo, useSubmit } from "./common.js";
import { CodeForm, ForgotForm } from "./verify.js";

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const INVITATION = /^#\/invitation\/([A-Za-z0-9_-]{16,128})$/;

/** Opened from an invitation link: who invites, and the address it went to, to log in or sign
 * up with (then the invitation screen opens, as the link is still the address). */
function useInvitedAddress(setValues) {
  useEffect(() => {
    const token = (location.hash.match(INVITATION) || [])[1];
    if (!token || (state.invitedBy && state.invitedBy.token === token)) return;
    api("POST", "/auth/invitation", { token })
      .then((found) => {
        state.invitedBy = { ...found, token };
        setValues((v) => (v.email ? v : { ...v, email: found.email }));
        changed();
      })
      .catch(() => {}); // withdrawn or expired: the invitation screen says so after logging in
  }, []);
}

export function Login() {
  const signup = state.loginMode === "signup";
  const mode = state.loginMode;
  const [values, setValues] = useState(() => state.loginValues || { email: "", password: "", display_name: "" });
  const [reveal, setReveal] = useState(false);
  const set = (name) => (value) => setValues({ ...values, [name]: value });
  useInvitedAddress(setValues);
  const invited = state.invitedBy;
  const notice =
    state.notice === "invitation_login" && invited && location.hash.includes(invited.token)
      ? t("invitation_login_named", { name: invited.owner, email: invited.email })
      : state.notice && t(state.notice);

  const check = () => {
    const problems = {};
    if (signup && !values.display_name.trim()) problems.display_name = t("field_display_name");
    if (!EMAIL.test(values.email.trim())) problems.email = t("field_email");
    if (signup && values.password.length < 10) problems.password = t("field_password");
    if (!signup && !values.password) problems.password = t("field_password_empty");
    return problems;
  };
  const { submit, reset, busy, error, fields } = useSubmit(
    async () => {
      if (signup) {
        // The answer is the same for every address: the code (or a note) is in the mail.
        await api("POST", "/auth/register", { ...values, locale: getLocale() });
        switchTo({ loginMode: "verify", pendingEmail: values.email.trim() });
        return;
      }
      await signedIn(await api("POST", "/auth/login", { email: values.email, password: values.password }));
    },
    { check },
  );

  const switchTo = (changes) => {
    state.loginValues = values;
    state.notice = null;
    Object.assign(state, changes);
    reset();
    changed();
  };

  return html`<div class="view login">
    <header class="login-header">
      <${LanguageSwitch}
        onChoose=${(locale) => {
          state.loginValues = values;
          useLocale(locale);
        }}
      />
      <${Logo} size=${56} />
      <h1 tabindex="-1">Bagage</h1>
      <p class="tagline">${t("tagline")}</p>
    </header>
    <main id="main">
      ${notice ? html`<p class="notice" role="status">${notice}</p>` : null}
      ${
        mode === "verify"
          ? html`<${CodeForm} email=${state.pendingEmail} onVerified=${signedIn} />`
          : mode === "forgot"
            ? html`<${ForgotForm} email=${values.email} onSent=${() => switchTo({ loginMode: "login", notice: "forgot_sent" })} />`
            : html`<form class="panel" novalidate aria-labelledby="login-heading" onSubmit=${submit}>
        <h2 id="login-heading">${t(signup ? "signup_title" : "login_title")}</h2>
        <${ErrorBox} error=${error} />
        ${
          signup
            ? html`<${Field}
              name="display_name"
              label=${t("display_name")}
              hint=${t("display_name_hint")}
              autocomplete="name"
              required
              maxlength="120"
              value=${values.display_name}
              onInput=${set("display_name")}
              error=${fields.display_name}
            />`
            : null
        }
        <${Field}
          name="email"
          type="email"
          label=${t("email")}
          autocomplete="email"
          inputmode="email"
          autocapitalize="none"
          spellcheck="false"
          required
          maxlength="254"
          value=${values.email}
          onInput=${set("email")}
          error=${fields.email}
        />
        <${Field}
          name="password"
          type=${reveal ? "text" : "password"}
          label=${t("password")}
          hint=${signup ? t("password_hint") : null}
          autocomplete=${signup ? "new-password" : "current-password"}
          required
          value=${values.password}
          onInput=${set("password")}
          error=${fields.password}
        />
        <div class="check">
          <input type="checkbox" id="reveal-password" checked=${reveal} onChange=${(e) => setReveal(e.currentTarget.checked)} />
          <label for="reveal-password">${t("show_password")}</label>
        </div>
        <button type="submit" class="button primary wide" disabled=${busy}>
          ${busy ? t("loading") : t(signup ? "signup_submit" : "login_submit")}
        </button>
        ${
          signup
            ? null
            : html`<p class="switch-mode">
              <button type="button" class="button link" onClick=${() => switchTo({ loginMode: "forgot" })}>${t("forgot_link")}</button>
            </p>`
        }
      </form>`
      }
      <p class="switch-mode">
        <button type="button" class="button link" onClick=${() => switchTo({ loginMode: mode === "login" ? "signup" : "login" })}>
          ${t(mode === "login" ? "to_signup" : "to_login")}
        </button>
      </p>
      <p class="switch-mode"><a class="button link" href="#/verify">${t("cred_verify_link")}</a></p>
    </main>
  </div>`;
}
