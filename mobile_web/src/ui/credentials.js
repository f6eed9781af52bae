// Checking an Open Badges 3.0 credential (#/verify): anyone, logged in or not, pastes one or
// chooses a badge file and sees "Geldig" or "Niet geldig" with every check in plain words.
import { useState } from "preact/hooks";
import { api } from "../api.js";
import { addTexts, has, t } from "../i18n.js";
import { state, useLocale } from "../state.js";
import texts from "../texts/credentials.js";
import { ErrorBox, Field, LanguageSwitch, useSubmit } from "./common.js";
import { formatDay, html, Screen } from "./kit.js";

addTexts(texts);

/** The check screen's route, before the login check: a recruiter has no account. */
export function credentialRoute() {
  const path = location.hash.replace(/^#/, "");
  if (path !== "/verify") return null;
  return { name: "credential-verify", key: path, render: () => html`<${VerifyCredentialScreen} />` };
}

/** A file as the API takes it: text for JSON and SVG, a data URL for a PNG. */
function readFile(file) {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result);
    reader.onerror = () => reject(reader.error);
    const png = file.type === "image/png" || /\.png$/i.test(file.name);
    if (png) reader.readAsDataURL(file);
    else reader.readAsText(file);
  });
}

const reason = (check) => (has(`cred_code_${check.code}`) ? t(`cred_code_${check.code}`) : check.message);
const checkName = (name) => (has(`cred_check_${name}`) ? t(`cred_check_${name}`) : name);
const day = (iso) => (iso ? formatDay(iso) : null);

function Verdict({ verdict }) {
  const s = verdict.summary || {};
  const facts = [
    [t("cred_achievement"), s.achievement_name || s.name],
    [t("cred_issuer"), s.issuer_name || s.issuer_id],
    [t("cred_subject"), s.subject],
    [t("cred_valid_from"), day(s.valid_from)],
    [t("cred_valid_until"), day(s.valid_until)],
  ].filter(([, value]) => value);
  return html`<section class=${`panel verdict ${verdict.valid ? "verdict-valid" : "verdict-invalid"}`} aria-labelledby="verdict-heading" role="status">
    <h2 id="verdict-heading">${verdict.valid ? t("cred_valid") : t("cred_invalid")}</h2>
    <p>${verdict.valid ? t("cred_valid_text") : t("cred_invalid_text")}</p>
    ${
      facts.length
        ? html`<dl class="verdict-facts">
          ${facts.map(([label, value]) => html`<div><dt>${label}</dt><dd>${value}</dd></div>`)}
        </dl>`
        : null
    }
    <h3>${t("cred_checks")}</h3>
    <ul class="verdict-checks">
      ${verdict.checks.map(
        (check) => html`<li class=${`verdict-check verdict-check-${check.status}`}>
          <span class="verdict-check-name">${checkName(check.name)}</span>
          <span class=${`badge${check.status === "failed" ? " badge-failed" : ""}`}>${t(`cred_status_${check.status}`)}</span>
          <span class="verdict-check-reason">${reason(check)}</span>
        </li>`,
      )}
    </ul>
  </section>`;
}

export function VerifyCredentialScreen() {
  const [text, setText] = useState("");
  const [file, setFile] = useState(null);
  const [fileError, setFileError] = useState(null);
  const [verdict, setVerdict] = useState(null);
  const { submit, busy, error, fields } = useSubmit(
    async () => {
      const credential = file ? file.content : text.trim();
      setVerdict(await api("POST", "/credentials/verify", { credential }));
    },
    { check: () => (!file && !text.trim() ? { credential: t("cred_empty") } : {}) },
  );
  const choose = async (event) => {
    const chosen = event.target.files[0];
    setFileError(null);
    setVerdict(null);
    if (!chosen) return setFile(null);
    try {
      setFile({ name: chosen.name, content: await readFile(chosen) });
    } catch {
      setFile(null);
      setFileError(t("cred_file_unreadable"));
    }
  };
  return html`<${Screen} title=${t("cred_verify_title")} sub=${t("cred_verify_sub")}>
    ${state.me ? null : html`<${LanguageSwitch} onChoose=${useLocale} />`}
    <form class="panel" novalidate aria-label=${t("cred_verify_title")} onSubmit=${submit}>
      <${ErrorBox} error=${error} />
      <${Field} name="credential" multiline rows="6" label=${t("cred_paste")} hint=${t("cred_paste_hint")} value=${text}
        onInput=${(value) => {
          setText(value);
          setFile(null);
          setVerdict(null);
        }} error=${fields.credential} spellcheck="false" autocapitalize="off" />
      <div class="field">
        <label for="credential-file">${t("cred_file")}</label>
        <input type="file" id="credential-file" name="credential-file" accept=".png,.svg,.json,.jwt,image/png,image/svg+xml,application/json" onChange=${choose} />
      </div>
      ${file ? html`<p class="hint">${t("cred_file_chosen", { name: file.name })}</p>` : null}
      ${fileError ? html`<p class="field-error" role="alert">${fileError}</p>` : null}
      <button type="submit" class="button primary wide" disabled=${busy}>${busy ? t("loading") : t("cred_submit")}</button>
    </form>
    ${verdict ? html`<${Verdict} verdict=${verdict} />` : null}
  <//>`;
}
