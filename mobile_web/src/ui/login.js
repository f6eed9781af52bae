// Log in or sign up, in Dutch or English.
import { useState } from "preact/hooks";
import { api } from "../api.js";
import { getLocale, t } from "../i18n.js";
import { changed, signedIn, state, useLocale } from "../state.js";
import { ErrorBox, Field, html, LanguageSwitch, Logo, useSubmit } from "./common.js";
import { CodeForm, ForgotForm } from "./verify.js";

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function Login() {
  const signup = state.loginMode === "signup";
  const mode = state.loginMode;
  const [values, setValues] = useState(() => state.loginValues || { email: "", password: "", display_name: "" });
  const [reveal, setReveal] = useState(false);
  const set = (name) => (value) => setValues({ ...values, [name]: value });

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
      ${state.notice ? html`<p class="notice" role="status">${t(state.notice)}</p>` : null}
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
    </main>
  </div>`;
}
