// Verifiable credentials (Open Badges 3.0): the owner's button that makes one of a signed report or
// a supervisor's level, and the screen "Mijn bewijzen": downloads, on the CV or not, LinkedIn,
// removing; below it the credentials made of one's own confirmations, which one may revoke.
import { useState } from "preact/hooks";
import { api, errorText } from "../api.js";
import { ownDossierId } from "../dossiers.js";
import { t } from "../i18n.js";
import { notify } from "../state.js";
import { ErrorBox, Field, go, useSubmit } from "./common.js";
import { formatDay, html, Pending, roleLabel, Screen, useLoad } from "./kit.js";

/** Whose levels may become a credential (the server decides; this only offers the button). */
export const ENDORSING_ROLES = ["employer", "coordinator", "mentor", "teacher"];

/** "Maak er een verifieerbaar bewijs van": POST `path`, then open Mijn bewijzen. */
export function MakeCredential({ path }) {
  const { submit, busy, error } = useSubmit(async () => {
    await api("POST", path, {});
    notify(t("credential_made"));
    go("#/credentials");
  });
  return html`<form class="credential-make" onSubmit=${submit}>
    <${ErrorBox} error=${error} />
    <button type="submit" class="button small" disabled=${busy}>${t("credential_make")}</button>
  </form>`;
}

const endorsedBy = (c) => c.endorsers.map((e) => `${e.name} (${roleLabel(e.role).toLowerCase()})`).join(", ");

function Revoked({ credential }) {
  return credential.revoked_at
    ? html`<p class="notice credential-revoked">${t("credential_revoked", { name: credential.revoked_by_name, date: formatDay(credential.revoked_at), reason: credential.revocation_reason })}</p>`
    : null;
}

function MyCredential({ credential, onChange }) {
  const toggle = async () => {
    try {
      await api("PATCH", `/credentials/${credential.id}`, { on_cv: !credential.on_cv });
      notify(credential.on_cv ? t("credential_off_cv") : t("credential_on_cv_done"));
      onChange();
    } catch (err) {
      notify(errorText(err));
    }
  };
  const remove = async () => {
    if (!confirm(t("credential_remove_confirm"))) return;
    try {
      await api("DELETE", `/credentials/${credential.id}`);
      notify(t("credential_removed"));
      onChange();
    } catch (err) {
      notify(errorText(err));
    }
  };
  const download = (fmt) => credential.downloads[fmt];
  return html`<li class="panel credential" data-id=${credential.id}>
    <h3>${credential.title}</h3>
    <p class="meta">${t("credential_meta", { date: formatDay(credential.issued_at), who: endorsedBy(credential) })}</p>
    <${Revoked} credential=${credential} />
    <p class="actions-row">
      ${["json", "jwt", "png", "svg"].map((f) => html`<a class="button small" href=${download(f)} download>${t(`credential_download_${f}`)}</a>`)}
    </p>
    ${
      credential.revoked_at
        ? null
        : html`<p class="actions-row">
          <button type="button" class="button small" aria-pressed=${credential.on_cv ? "true" : "false"} onClick=${toggle}>
            ${credential.on_cv ? t("credential_on_cv") : t("credential_show_on_cv")}
          </button>
          ${credential.on_cv ? html`<a class="button small" href=${credential.linkedin_url} target="_blank" rel="noopener noreferrer">${t("credential_linkedin")}</a>` : null}
        </p>`
    }
    ${credential.on_cv || credential.revoked_at ? null : html`<p class="hint">${t("credential_linkedin_hint")}</p>`}
    <button type="button" class="button small danger" onClick=${remove}>${t("credential_remove")}</button>
  </li>`;
}

function RevokeForm({ credential, onDone }) {
  const [reason, setReason] = useState("");
  const { submit, busy, error, fields } = useSubmit(
    async () => {
      await api("POST", `/credentials/${credential.id}/revoke`, { reason });
      notify(t("credential_revoke_done"));
      onDone();
    },
    { check: () => (reason.trim() ? {} : { reason: t("credential_revoke_reason_needed") }) },
  );
  return html`<form class="credential-revoke" novalidate onSubmit=${submit}>
    <${ErrorBox} error=${error} />
    <${Field} name=${`reason-${credential.id}`} label=${t("credential_revoke_reason")} value=${reason} onInput=${setReason} error=${fields.reason} />
    <button type="submit" class="button small danger" disabled=${busy}>${t("credential_revoke")}</button>
  </form>`;
}

function IssuedCredential({ credential, onChange }) {
  return html`<li class="panel credential" data-id=${credential.id}>
    <h3>${credential.title}</h3>
    <p class="meta">${t("credential_issued_meta", { holder: credential.holder, date: formatDay(credential.issued_at) })}</p>
    <${Revoked} credential=${credential} />
    ${credential.may_revoke ? html`<${RevokeForm} credential=${credential} onDone=${onChange} />` : null}
  </li>`;
}

export function CredentialsScreen() {
  const dossierId = ownDossierId();
  const mine = useLoad(
    () => (dossierId ? api("GET", `/dossiers/${dossierId}/credentials`) : Promise.resolve([])),
    [dossierId],
  );
  const issued = useLoad(() => api("GET", "/credentials/issued"), []);
  return html`<${Screen} title=${t("credentials_title")}>
    <p class="hint">${t("credentials_intro")}</p>
    ${mine.data === undefined ? html`<${Pending} result=${mine} />` : null}
    ${mine.data && !mine.data.length ? html`<p class="meta">${t("credentials_none")}</p>` : null}
    ${mine.data && mine.data.length ? html`<ul class="credential-list">${mine.data.map((c) => html`<${MyCredential} key=${c.id} credential=${c} onChange=${mine.reload} />`)}</ul>` : null}
    ${
      issued.data && issued.data.length
        ? html`<section aria-labelledby="credentials-issued-heading">
          <h2 id="credentials-issued-heading">${t("credentials_issued_title")}</h2>
          <p class="hint">${t("credentials_issued_intro")}</p>
          <ul class="credential-list">${issued.data.map((c) => html`<${IssuedCredential} key=${c.id} credential=${c} onChange=${issued.reload} />`)}</ul>
        </section>`
        : null
    }
  <//>`;
}
