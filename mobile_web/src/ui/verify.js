// Proving an e-mail address is yours (the 6-digit code, or the link in the mail) and choosing a
// new password when you forgot it. These work before logging in, so they are in the main bundle.
import { useEffect, useState } from "preact/hooks";
import { api, session } from "../api.js";
import { t } from "../i18n.js";
import { changed, notify, signedIn, state } from "../state.js";
import { ErrorBox, Field, fieldErrors, html, Logo, useSubmit } from "./common.js";

const CODE = /^\d{6}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Enter the mailed code (or ask for a new one); onVerified(me) once the address is proven.
 * Another code (a workplace link's) brings its own `confirm(code)`, `resend()` and texts. */
export function CodeForm({
  email,
  onVerified,
  compact = false,
  confirm = (code) => api("POST", "/auth/verify", { email, code }),
  resend: askAgain = () => api("POST", "/auth/verify/resend", { email }),
  texts = {},
}) {
  const say = {
    title: t("verify_title"),
    text: t("verify_text", { email }),
    submit: t("verify_submit"),
    done: t("verify_done"),
    ...texts,
  };
  const [code, setCode] = useState("");
  const value = code.replace(/\s+/g, "");
  const { submit, run, busy, error, fields } = useSubmit(
    async () => {
      const me = await confirm(value);
      notify(say.done);
      await onVerified(me);
    },
    {
      check: () => (CODE.test(value) ? {} : { code: t("field_code") }),
      fieldsOf: (err) => (err.code === "code_invalid" ? { code: t("error_code_invalid") } : fieldErrors(err)),
    },
  );
  const resend = () =>
    run(async () => {
      await askAgain();
      notify(t("verify_resent"));
    });
  return html`<form class=${compact ? "verify-form" : "panel"} novalidate aria-labelledby="verify-heading" onSubmit=${submit}>
    <h2 id="verify-heading">${say.title}</h2>
    <p>${compact ? t("verify_banner") : say.text}</p>
    <${ErrorBox} error=${error} />
    <${Field}
      name="code"
      label=${t("verify_code")}
      inputmode="numeric"
      autocomplete="one-time-code"
      maxlength="9"
      value=${code}
      onInput=${setCode}
      error=${fields.code}
    />
    <div class="actions">
      <button type="submit" class="button primary" disabled=${busy}>${busy ? t("loading") : say.submit}</button>
      <button type="button" class="button link" disabled=${busy} onClick=${resend}>${t("verify_resend")}</button>
    </div>
  </form>`;
}

/** Shown above every screen while the signed-in account's address is not confirmed. */
export function VerifyBanner() {
  const [hidden, setHidden] = useState(false);
  if (!state.me || state.me.email_verified !== false || hidden) return null;
  return html`<section class="verify-banner" aria-label=${t("verify_title")}>
    <${CodeForm} compact email=${state.me.email} onVerified=${signedIn} />
    <button type="button" class="button ghost" onClick=${() => setHidden(true)}>${t("verify_later")}</button>
  </section>`;
}

/** Ask for a reset link. The answer is the same for every address. */
export function ForgotForm({ email: initial = "", onSent }) {
  const [email, setEmail] = useState(initial);
  const { submit, busy, error, fields } = useSubmit(
    async () => {
      await api("POST", "/auth/password-reset", { email: email.trim() });
      onSent();
    },
    { check: () => (EMAIL.test(email.trim()) ? {} : { email: t("field_email") }) },
  );
  return html`<form class="panel" novalidate aria-labelledby="forgot-heading" onSubmit=${submit}>
    <h2 id="forgot-heading">${t("forgot_title")}</h2>
    <p>${t("forgot_text")}</p>
    <${ErrorBox} error=${error} />
    <${Field} name="email" type="email" label=${t("email")} autocomplete="email" inputmode="email" autocapitalize="none" spellcheck="false" maxlength="254" value=${email} onInput=${setEmail} error=${fields.email} />
    <button type="submit" class="button primary wide" disabled=${busy}>${busy ? t("loading") : t("forgot_submit")}</button>
  </form>`;
}

export function Shell({ children }) {
  return html`<div class="view login">
    <header class="login-header">
      <${Logo} size=${56} />
      <h1 tabindex="-1">Bagage</h1>
    </header>
    <main id="main">${children}</main>
  </div>`;
}

/** The screen the reset mail's link opens (#/reset/<token>), logged in or not. */
export function ResetScreen({ token }) {
  const [password, setPassword] = useState("");
  const { submit, busy, error, fields } = useSubmit(
    async () => {
      await api("POST", "/auth/password-reset/confirm", { token, password });
      // Every session ended, this one too: log in again with the new password.
      state.me = null;
      session.csrf = null;
      state.loginMode = "login";
      state.notice = "reset_done";
      location.hash = "#/";
      changed();
    },
    { check: () => (password.length < 10 ? { password: t("field_password") } : {}) },
  );
  return html`<${Shell}>
    <form class="panel" novalidate aria-labelledby="reset-heading" onSubmit=${submit}>
      <h2 id="reset-heading">${t("reset_title")}</h2>
      <p>${t("reset_text")}</p>
      <${ErrorBox} error=${error} />
      <${Field} name="password" type="password" label=${t("reset_password")} hint=${t("password_hint")} autocomplete="new-password" value=${password} onInput=${setPassword} error=${fields.password} />
      <button type="submit" class="button primary wide" disabled=${busy}>${busy ? t("loading") : t("reset_submit")}</button>
    </form>
  <//>`;
}

/** The link in the verification mail (#/verify?email=…&code=…): one tap confirms and logs in. */
export function VerifyLinkScreen({ email, code }) {
  const [error, setError] = useState(null);
  useEffect(() => {
    api("POST", "/auth/verify", { email, code })
      .then(async (me) => {
        location.hash = "#/";
        notify(t("verify_done"));
        await signedIn(me);
      })
      .catch(setError);
  }, [email, code]);
  return html`<${Shell}>
    ${
      error
        ? html`<div class="panel">
          <${ErrorBox} error=${error} />
          <a class="button primary" href="#/">${t("login_submit")}</a>
        </div>`
        : html`<p class="notice" role="status">${t("verify_link_busy")}</p>`
    }
  <//>`;
}

/** The addresses that open without logging in: {name, key, render} or null. */
export function publicRoute() {
  const path = location.hash.replace(/^#/, "");
  const reset = path.match(/^\/reset\/([A-Za-z0-9_-]{16,128})$/);
  if (reset)
    return { name: "reset", key: path, render: () => html`<${ResetScreen} key=${reset[1]} token=${reset[1]} />` };
  const verify = path.match(/^\/verify\?(.*)$/);
  if (verify) {
    const query = new URLSearchParams(verify[1]);
    const email = query.get("email") || "";
    const code = query.get("code") || "";
    return {
      name: "verify-link",
      key: path,
      render: () => html`<${VerifyLinkScreen} key=${path} email=${email} code=${code} />`,
    };
  }
  return null;
}
