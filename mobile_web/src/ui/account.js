/* My data (#/account): who I am (role and sector, which choose my dossier's frameworks),
 * download all my data (the full export, GDPR art. 15/20) with its
 * progress, import a Bagage export through a resumable upload (tus) with progress, change the
 * password, keys for scripts (personal access tokens), and delete the account after
 * confirming with the password. */

import { useEffect, useId, useRef, useState } from "preact/hooks";
import { API, ApiError, api, errorFromResponse, errorText, session } from "../api.js";
import { queueAll, queueDelete } from "../db.js";
import { ownDossierId } from "../dossiers.js";
import { addTexts, formatSize, t } from "../i18n.js";
import { loadTus, stopSending } from "../queue.js";
import { changed, forgetDevice, freshTimeline, notify, refreshSession, state } from "../state.js";
import texts from "../texts/account.js";
import { ErrorBox, Field, fieldErrors, useSubmit } from "./common.js";
import { formatDate, html, Pending, RadioGroup, Screen, useFocusOnOpen, useLoad } from "./kit.js";
import { ProfileForm, profileText } from "./onboarding.js";

addTexts(texts); // the faces texts come with ./faces.js, in the first screen's bundle

const CHUNK = 5 * 1024 * 1024;
const POLL_MS = 1000;

/** Smaller chunks on a poor connection (and in the tests): localStorage bagage.chunkSize. */
function chunkSize() {
  try {
    const value = Number(localStorage.getItem("bagage.chunkSize"));
    if (Number.isFinite(value) && value >= 64 * 1024) return value;
  } catch {
    // private mode
  }
  return CHUNK;
}

/** Why a job failed, in the person's language: a known error_code has a text of its own
 * (filled with error_params); an unknown one falls back to the server's sentence. */
function jobError(job) {
  const params = { ...(job.error_params || {}) };
  let key = `account_job_error_${job.error_code}`;
  if (job.error_code === "bad_row") {
    params.section = t(`account_job_section_${String(params.section || "").replace(/ /g, "_")}`);
    if (params.row == null) key = "account_job_error_bad_section";
  }
  const text = job.error_code ? t(key, params) : key;
  return text === key ? job.error : text;
}

/** Ask for a job until it is done or failed; onUpdate(job) after every answer. */
function followJob(id, onUpdate) {
  let stopped = false;
  let timer = 0;
  const ask = async () => {
    try {
      const job = await api("GET", `/jobs/${id}`);
      if (stopped) return;
      onUpdate(job);
      if (job.status === "done" || job.status === "failed") return;
    } catch (err) {
      if (stopped) return;
      if (err.status && err.status !== 0 && err.status < 500) {
        onUpdate({ id, status: "failed", error: errorText(err), progress: 0 });
        return;
      }
      // offline or the server is busy: ask again
    }
    timer = setTimeout(ask, POLL_MS);
  };
  ask();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}

/** A labelled progress bar that screen readers hear advance. */
function Progress({ label, percent }) {
  const id = useId();
  return html`<div class="progress account-progress" role="status">
    <label for=${id}>${label}</label>
    <progress id=${id} max="100" value=${percent}>${percent}%</progress>
  </div>`;
}

// --- download all my data ------------------------------------------------------------------

function ExportEntry({ job }) {
  return html`<li class="card account-export">
    <p class="account-export-when">${t("account_export_made", { date: formatDate(job.finished_at || job.created_at) })}</p>
    ${
      job.result && job.result.bytes !== undefined
        ? html`<p class="meta">${t("account_export_items", { count: job.result.evidence, size: formatSize(job.result.bytes) })}${job.expires_at ? ` · ${t("account_export_until", { date: formatDate(job.expires_at) })}` : ""}</p>`
        : null
    }
    <a class="button small" href=${job.download_url} download>${t("account_export_download", { size: formatSize((job.result && job.result.bytes) || 0) })}</a>
  </li>`;
}

const UNDER_WAY = ["queued", "running"];

/** The newest job of this kind when it is under way or failed: what the person left it at
 * (also after closing the app), to follow or to try again. */
function lastUnfinished(jobs, kind) {
  const newest = (jobs.data || []).find((j) => j.kind === kind);
  return newest && (UNDER_WAY.includes(newest.status) || newest.status === "failed") ? newest : null;
}

/** Try a failed job again (the server keeps what it needs: the dossier, the uploaded zip). */
function RetryButton({ busy, onClick }) {
  return html`<button type="button" class="button small" disabled=${busy} onClick=${onClick}>${t("account_job_retry")}</button>`;
}

function ExportSection({ jobs }) {
  const [job, setJob] = useState(null);
  const stop = useRef(null);
  useEffect(() => () => stop.current && stop.current(), []);
  const follow = (started) => {
    setJob(started);
    if (stop.current) stop.current();
    stop.current = followJob(started.id, (next) => {
      setJob(next);
      if (next.status === "done") jobs.reload();
    });
  };
  const {
    submit: start,
    run,
    busy: starting,
    error,
  } = useSubmit(async () => follow(await api("POST", `/dossiers/${ownDossierId()}/exports`)));
  // One left under way or failed (a worker stopped mid-way, the app was closed): shown too.
  const left = lastUnfinished(jobs, "export");
  useEffect(() => {
    if (!job && left && UNDER_WAY.includes(left.status)) follow(left);
  }, [left && left.id]);
  const shown = job || left;
  const busy = starting || Boolean(shown && UNDER_WAY.includes(shown.status));
  const retry = () => run(async () => follow(await api("POST", `/jobs/${shown.id}/retry`)));

  const ready = (jobs.data || []).filter((j) => j.kind === "export" && j.status === "done" && j.download_url);
  return html`<section class="panel account-section" aria-labelledby="export-heading">
    <h2 id="export-heading">${t("account_export_title")}</h2>
    <p>${t("account_export_text")}</p>
    <p class="hint">${t("account_export_rights")}</p>
    <${ErrorBox} error=${error} />
    ${busy && shown ? html`<${Progress} label=${t("account_export_progress", { percent: shown.progress || 0 })} percent=${shown.progress || 0} />` : null}
    ${job && job.status === "done" ? html`<p class="notice" role="status">${t("account_export_ready")}</p>` : null}
    ${
      shown && shown.status === "failed"
        ? html`<div class="form-error" role="alert">
          <p>${t("account_export_failed", { error: jobError(shown) })}</p>
          <${RetryButton} busy=${starting} onClick=${retry} />
        </div>`
        : null
    }
    <button type="button" class="button primary" disabled=${busy} aria-busy=${busy ? "true" : undefined} onClick=${start}>
      ${busy ? t("account_export_busy") : t("account_export_start")}
    </button>
    <h3 id="exports-heading">${t("account_exports_heading")}</h3>
    ${
      jobs.data === undefined
        ? html`<${Pending} result=${jobs} />`
        : ready.length
          ? html`<ul class="account-exports" aria-labelledby="exports-heading">
            ${ready.map((j) => html`<${ExportEntry} key=${j.id} job=${j} />`)}
          </ul>`
          : html`<p class="hint">${t("account_exports_none")}</p>`
    }
  </section>`;
}

// --- import a dossier ------------------------------------------------------------------------

/** Send the file through tus (resumable: choosing the same file again continues it). */
async function uploadExport(file, onProgress, keep) {
  const { Upload } = await loadTus();
  return new Promise((resolve, reject) => {
    const upload = new Upload(file, {
      endpoint: `${API}/uploads`,
      chunkSize: chunkSize(),
      retryDelays: [0, 1000, 3000, 6000, 10000],
      storeFingerprintForResuming: true,
      removeFingerprintOnSuccess: true,
      headers: { "X-CSRF-Token": session.csrf || "" },
      metadata: { filename: file.name || "export.zip", filetype: file.type || "application/zip", purpose: "import" },
      onProgress: (sent, total) => onProgress(total ? Math.floor((100 * sent) / total) : 0),
      onShouldRetry(err) {
        const status = err.originalResponse ? err.originalResponse.getStatus() : 0;
        return status === 0 || status >= 500 || status === 423 || status === 429;
      },
      onSuccess: () => resolve(upload.url.split("/").pop()),
      onError(err) {
        const response = err.originalResponse;
        if (!response) return reject(new ApiError(0, "network"));
        let body = null;
        try {
          body = JSON.parse(response.getBody());
        } catch {
          // no JSON: the status says enough
        }
        reject(errorFromResponse(response.getStatus(), body));
      },
    });
    // Stopping it ends the wait too, so the form is free for the next try.
    keep.current = {
      abort: () => {
        reject(new ApiError(0, "account_import_stopped"));
        return upload.abort(false);
      },
    };
    upload
      .findPreviousUploads()
      .then((previous) => {
        if (previous.length) upload.resumeFromPreviousUpload(previous[0]);
        upload.start();
      })
      .catch(() => upload.start());
  });
}

function importedText(result) {
  if (result.format === "leap2a") {
    const lines = [
      t("account_import_done_leap2a", {
        evidence: result.evidence || 0,
        files: result.files || 0,
        notes: result.notes || 0,
        reflections: result.reflections || 0,
      }),
    ];
    if (result.skipped) lines.push(t("account_import_skipped", { count: result.skipped }));
    return lines.join(" ");
  }
  const lines = [
    t("account_import_done", {
      evidence: result.evidence || 0,
      files: result.files || 0,
      reflections: result.reflections || 0,
      messages: result.messages || 0,
      notes: result.coaching_notes || 0,
    }),
  ];
  if (result.reports || result.goals || result.activities) {
    lines.push(
      t("account_import_more", {
        reports: result.reports || 0,
        goals: result.goals || 0,
        activities: result.activities || 0,
      }),
    );
  }
  if (result.cv) lines.push(t("account_import_cv"));
  if (result.skipped) lines.push(t("account_import_skipped", { count: result.skipped }));
  return lines.join(" ");
}

/** The files an import refused (no accepted media), each with why, in the person's language
 * when the code is known, else the server's sentence. */
function RefusedFiles({ refused }) {
  if (!refused || !refused.length) return null;
  const items = new Set(refused.map((r) => r.ref)).size;
  const reason = (r) => {
    const key = `account_import_refused_${r.code}`;
    const text = t(key);
    return text === key ? r.reason : text;
  };
  return html`<p>${t("account_import_refused", { count: items })}</p>
    <ul class="account-refused" aria-label=${t("account_import_refused", { count: items })}>
      ${refused.map(
        (r) => html`<li>${t("account_import_refused_item", { title: r.title, path: r.path, reason: reason(r) })}</li>`,
      )}
    </ul>`;
}

/** What a Leap2A (Mahara) import did not take over (profile, pages, folders ...), each with
 * why, in the person's language when the code is known, else the server's sentence. */
function LeftOut({ items }) {
  if (!items || !items.length) return null;
  const reason = (x) => {
    const key = `account_import_left_out_${x.code}`;
    const text = t(key);
    return text === key ? x.reason : text;
  };
  const label = t("account_import_left_out", { count: items.length });
  return html`<p>${label}</p>
    <ul class="account-refused" aria-label=${label}>
      ${items.map((x) => html`<li>${t("account_import_left_out_item", { title: x.title, reason: reason(x) })}</li>`)}
    </ul>`;
}

/** Imports that failed on the server's side, not on the file: the server kept the zip. */
const RETRYABLE_IMPORT = ["import_failed", "import_stalled"];

function ImportSection({ jobs }) {
  const [file, setFile] = useState(null);
  const [phase, setPhase] = useState("idle"); // idle | uploading | importing | done | failed
  const [percent, setPercent] = useState(0);
  const [job, setJob] = useState(null);
  const upload = useRef(null);
  const stop = useRef(null);
  const inputId = useId();
  useEffect(
    () => () => {
      if (stop.current) stop.current();
      if (upload.current) upload.current.abort().catch(() => {});
    },
    [],
  );
  const follow = (started) => {
    setJob(started);
    setPercent(started.progress || 0);
    setPhase(started.status === "failed" ? "failed" : "importing");
    if (started.status === "failed") return;
    if (stop.current) stop.current();
    stop.current = followJob(started.id, (next) => {
      setJob(next);
      setPercent(next.progress || 0);
      if (next.status === "done") {
        setPhase("done");
        state.timeline = freshTimeline(); // the timeline loads the new items
        refreshSession();
        jobs.reload();
      } else if (next.status === "failed") {
        setPhase("failed");
      }
    });
  };
  const {
    submit,
    run,
    reset,
    busy: sending,
    error,
    fields,
  } = useSubmit(
    async () => {
      setJob(null);
      setPercent(0);
      setPhase("uploading");
      try {
        const uploadId = await uploadExport(file, setPercent, upload);
        upload.current = null;
        setPhase("importing");
        setPercent(0);
        follow(await api("POST", "/imports/uploaded", { upload_id: uploadId }));
      } catch (err) {
        upload.current = null;
        setPhase("failed");
        throw err;
      }
    },
    {
      check: () => {
        const problem = !file
          ? t("account_import_choose_first")
          : !/\.zip$/i.test(file.name) && !/zip/.test(file.type || "")
            ? t("account_import_not_zip")
            : "";
        if (problem) setPhase("idle");
        return problem ? { file: problem } : {};
      },
      // What the server says about the file shows with the failure, below.
      fieldsOf: () => ({}),
    },
  );
  const busy = sending || phase === "uploading" || phase === "importing";
  // One left under way or failed (a worker stopped mid-way, the app was closed): shown too.
  const left = lastUnfinished(jobs, "import");
  useEffect(() => {
    if (phase === "idle" && left) follow(left);
  }, [left && left.id]);
  const retry = () =>
    run(async () => {
      try {
        follow(await api("POST", `/jobs/${job.id}/retry`));
      } catch (err) {
        setJob({ ...job, error: errorText(err), error_code: "" }); // shown where the failure is
      }
    });
  const cancel = () => upload.current && upload.current.abort().catch(() => {});

  const problem =
    phase === "failed"
      ? job && job.error
        ? jobError(job)
        : error && error.code === "account_import_stopped"
          ? t("account_import_stopped")
          : error
            ? [errorText(error), ...[].concat((error.fields && error.fields.file) || [])].join(" ")
            : ""
      : "";
  return html`<form class="panel account-section" novalidate aria-labelledby="import-heading" onSubmit=${submit}>
    <h2 id="import-heading">${t("account_import_title")}</h2>
    <p>${t("account_import_text")}</p>
    <div class="field">
      <label for=${inputId}>${t("account_import_file")}</label>
      <input
        type="file"
        id=${inputId}
        class="file-plain"
        accept=".zip,application/zip"
        disabled=${busy}
        aria-describedby=${`${inputId}-error`}
        aria-invalid=${fields.file ? "true" : undefined}
        onChange=${(e) => {
          setFile(e.currentTarget.files[0] || null);
          if (fields.file) reset();
        }}
      />
      <p class="field-error" id=${`${inputId}-error`} role="alert" hidden=${!fields.file}>${fields.file || ""}</p>
    </div>
    ${phase === "uploading" ? html`<${Progress} label=${t("account_import_uploading", { percent })} percent=${percent} />` : null}
    ${phase === "importing" ? html`<${Progress} label=${t("account_import_working", { percent })} percent=${percent} />` : null}
    ${
      phase === "done" && job
        ? html`<div class="notice account-result" role="status">
          <p>${importedText(job.result || {})}</p>
          <${RefusedFiles} refused=${(job.result || {}).refused} />
          <${LeftOut} items=${(job.result || {}).left_out} />
          <p><a class="button small" href="#/">${t("account_import_open")}</a></p>
        </div>`
        : null
    }
    ${
      problem
        ? html`<div class="form-error" role="alert">
          <p>${t("account_import_failed", { error: problem })}</p>
          ${
            job && RETRYABLE_IMPORT.includes(job.error_code)
              ? html`<p>${t("account_import_file_kept")}</p>
                <${RetryButton} busy=${sending} onClick=${retry} />`
              : html`<p>${t("account_import_nothing_changed")}</p>`
          }
        </div>`
        : null
    }
    <div class="account-actions">
      <button type="submit" class="button primary" disabled=${busy}>${t("account_import_start")}</button>
      ${phase === "uploading" ? html`<button type="button" class="button" onClick=${cancel}>${t("account_import_cancel")}</button>` : null}
    </div>
  </form>`;
}

// --- change my password -------------------------------------------------------------------

function PasswordSection() {
  const empty = { current_password: "", new_password: "" };
  const [values, setValues] = useState(empty);
  const [done, setDone] = useState(false);
  const set = (name) => (value) => setValues({ ...values, [name]: value });

  const { submit, busy, error, fields } = useSubmit(
    async () => {
      setDone(false);
      await api("POST", "/me/password", values);
      setValues(empty);
      setDone(true);
    },
    {
      check: () => {
        const problems = {};
        if (!values.current_password) problems.current_password = t("account_password_current_missing");
        if (values.new_password.length < 10) problems.new_password = t("account_password_new_short");
        if (Object.keys(problems).length) setDone(false);
        return problems;
      },
      fieldsOf: (err) =>
        err.code === "wrong_password"
          ? { current_password: t("account_password_current_wrong") }
          : err.code === "invalid" && err.fields.new_password
            ? { new_password: t("account_password_new_short") }
            : fieldErrors(err),
    },
  );

  return html`<section class="panel account-section" aria-labelledby="password-heading">
    <h2 id="password-heading">${t("account_password_title")}</h2>
    <p class="hint">${t("account_password_text")}</p>
    <form novalidate onSubmit=${submit}>
      <${ErrorBox} error=${error} />
      ${done ? html`<p class="notice" role="status">${t("account_password_changed")}</p>` : null}
      <${Field}
        name="current_password"
        type="password"
        autocomplete="current-password"
        label=${t("account_password_current")}
        value=${values.current_password}
        onInput=${set("current_password")}
        error=${fields.current_password}
      />
      <${Field}
        name="new_password"
        type="password"
        autocomplete="new-password"
        label=${t("account_password_new")}
        hint=${t("account_password_new_hint")}
        value=${values.new_password}
        onInput=${set("new_password")}
        error=${fields.new_password}
      />
      <div class="account-actions">
        <button type="submit" class="button primary" disabled=${busy} aria-busy=${busy ? "true" : undefined}>${t("account_password_submit")}</button>
      </div>
    </form>
  </section>`;
}

// --- keys for scripts (personal access tokens) ----------------------------------------------

function TokensSection() {
  const [tokens, setTokens] = useState([]);
  const [name, setName] = useState("");
  const [scope, setScope] = useState("read");
  const [made, setMade] = useState(null);
  const secret = useRef(null);

  const load = async () => setTokens(await api("GET", "/auth/tokens"));
  const { submit, run, busy, error, fields } = useSubmit(
    async () => {
      setMade(await api("POST", "/auth/tokens", { name: name.trim(), scope }));
      setName("");
      await load();
    },
    { check: () => (name.trim() ? {} : { token_name: t("account_token_name_missing") }) },
  );
  useEffect(() => {
    run(load);
  }, []);
  useEffect(() => {
    if (made) secret.current?.focus();
  }, [made]);

  const revoke = (token) => {
    if (!window.confirm(t("account_token_revoke_confirm", { name: token.name }))) return;
    run(async () => {
      await api("DELETE", `/auth/tokens/${token.id}`);
      if (made?.id === token.id) setMade(null);
      await load();
    });
  };

  return html`<section class="panel account-section" aria-labelledby="tokens-heading">
    <h2 id="tokens-heading">${t("account_tokens_title")}</h2>
    <p class="hint">${t("account_tokens_text")}</p>
    <${ErrorBox} error=${error} />
    ${
      made
        ? html`<div class="field cv-copy">
          <label for="token-secret">${t("account_token_secret", { name: made.name })}</label>
          <p class="hint" id="token-secret-hint">${t("account_token_secret_hint")}</p>
          <input id="token-secret" type="text" readonly value=${made.token} ref=${secret} aria-describedby="token-secret-hint" onFocus=${(e) => e.currentTarget.select()} />
        </div>`
        : null
    }
    <form novalidate onSubmit=${submit}>
      <${Field} name="token_name" label=${t("account_token_name")} hint=${t("account_token_name_hint")} value=${name} onInput=${setName} error=${fields.token_name} maxlength="100" />
      <${RadioGroup} legend=${t("account_token_scope")} name="token-scope" value=${scope} onChange=${setScope} options=${[["read", t("account_token_scope_read")], ["full", t("account_token_scope_full")]]} />
      <div class="account-actions">
        <button type="submit" class="button primary" disabled=${busy} aria-busy=${busy ? "true" : undefined}>${t("account_token_create")}</button>
      </div>
    </form>
    ${
      tokens.length
        ? html`<ul class="account-tokens" aria-label=${t("account_tokens_list")}>
          ${tokens.map(
            (token) => html`<li key=${token.id}>
              <p><strong>${token.name}</strong> · ${t(`account_token_scope_${token.scope}`)}</p>
              <p class="meta">
                <code>${token.prefix}…</code> · ${t("account_token_made", { date: formatDate(token.created_at) })} ·
                ${token.last_used_at ? t("account_token_used", { date: formatDate(token.last_used_at) }) : t("account_token_unused")}
              </p>
              <button type="button" class="button" disabled=${busy} onClick=${() => revoke(token)}>${t("account_token_revoke")}</button>
            </li>`,
          )}
        </ul>`
        : html`<p>${t("account_tokens_none")}</p>`
    }
  </section>`;
}

// --- delete my account ---------------------------------------------------------------------

/** This person's captures that never reached the server go too: there is no account left.
 * So do the addresses of unfinished import uploads that tus keeps to resume them. */
async function forgetQueuedOf(userId) {
  try {
    for (const key of Object.keys(localStorage)) if (key.startsWith("tus::")) localStorage.removeItem(key);
  } catch {
    // private mode: nothing was kept
  }
  try {
    for (const record of await queueAll()) if (record.userId === userId) await queueDelete(record.uid);
  } catch {
    // IndexedDB unavailable: nothing was kept there either
  }
}

function DeleteSection() {
  const [open, setOpen] = useState(false);
  const [password, setPassword] = useState("");
  const form = useRef(null);
  useFocusOnOpen(open, () => form.current?.querySelector("input"));

  const { submit, busy, error, fields } = useSubmit(
    async () => {
      try {
        await api("DELETE", "/me", { password });
      } catch (err) {
        // Only the password was asked for: say so, not "the e-mail address or the password".
        throw err.code === "bad_credentials" ? new ApiError(err.status, "wrong_password") : err;
      }
      const userId = state.me && state.me.id;
      stopSending();
      await forgetQueuedOf(userId);
      history.replaceState(null, "", location.pathname);
      await forgetDevice();
      state.notice = "account_deleted";
      changed();
    },
    {
      check: () => (password ? {} : { password: t("account_delete_password_missing") }),
      fieldsOf: (err) =>
        err.code === "wrong_password" ? { password: t("account_delete_password_wrong") } : fieldErrors(err),
    },
  );

  return html`<section class="panel danger-zone account-section" aria-labelledby="delete-heading">
    <h2 id="delete-heading">${t("account_delete_title")}</h2>
    <p>${t("account_delete_what")}</p>
    <p>${t("account_delete_others")}</p>
    <p class="hint">${t("account_delete_export_first")}</p>
    ${
      open
        ? html`<form novalidate ref=${form} onSubmit=${submit}>
          <${ErrorBox} error=${error} />
          <${Field}
            name="password"
            type="password"
            autocomplete="current-password"
            label=${t("account_delete_password")}
            hint=${t("account_delete_password_hint")}
            value=${password}
            onInput=${setPassword}
            error=${fields.password}
          />
          <div class="account-actions">
            <button type="submit" class="button danger" disabled=${busy} aria-busy=${busy ? "true" : undefined}>${t("account_delete_confirm")}</button>
            <button type="button" class="button" disabled=${busy} onClick=${() => setOpen(false)}>${t("account_delete_cancel")}</button>
          </div>
        </form>`
        : html`<button type="button" class="button danger" onClick=${() => setOpen(true)}>${t("account_delete_start")}</button>`
    }
  </section>`;
}

/** Who I am: shown, and changed with the same choices as the first screen after sign-up. */
function ProfileSection() {
  const [open, setOpen] = useState(false);
  const profile = state.me && state.me.profile;
  return html`<section class="panel account-section" aria-labelledby="profile-heading">
    <h2 id="profile-heading">${t("profile_title")}</h2>
    <p>${profileText(profile) || t("profile_none")}</p>
    <p class="hint">${t("profile_hint")}</p>
    ${
      open
        ? html`<${ProfileForm}
          profile=${profile}
          headingId="profile-heading"
          onSaved=${() => {
            setOpen(false);
            notify(t("saved"));
          }}
          extra=${html`<button type="button" class="button" onClick=${() => setOpen(false)}>${t("cancel")}</button>`}
        />`
        : html`<button type="button" class="button" onClick=${() => setOpen(true)}>${t("profile_change")}</button>`
    }
  </section>`;
}

/** Date of birth (a school may keep faces blurred under 16) and the marked own face. */
function FacesSection() {
  const me = state.me || {};
  const [birth, setBirth] = useState(me.birth_date || "");
  const save = useSubmit(async () => {
    const updated = await api("PATCH", "/me", { birth_date: birth || null });
    Object.assign(state.me, updated);
    notify(t("birth_date_saved"));
  });
  const forget = () =>
    save.run(async () => {
      const updated = await api("DELETE", "/me/face");
      Object.assign(state.me, updated);
      changed();
      notify(t("faces_own_forgotten"));
    });
  return html`<section class="panel account-section" aria-labelledby="own-face-heading">
    <h2 id="own-face-heading">${t("faces_own_title")}</h2>
    <p>${me.own_face_marked ? t("faces_own_marked") : t("faces_own_none")}</p>
    ${me.own_face_marked ? html`<button type="button" class="button" disabled=${save.busy} onClick=${forget}>${t("faces_own_forget")}</button>` : null}
    <form novalidate onSubmit=${save.submit} aria-label=${t("birth_date")}>
      <${ErrorBox} error=${save.error} />
      <${Field} name="birth_date" type="date" label=${t("birth_date")} hint=${t("birth_date_hint")} value=${birth} onInput=${setBirth} error=${save.fields.birth_date} />
      <button type="submit" class="button" disabled=${save.busy}>${save.busy ? t("saving") : t("save")}</button>
    </form>
  </section>`;
}

export function AccountScreen() {
  const jobs = useLoad(() => api("GET", "/jobs"), []);
  // This screen arrives after the app moved focus: take it to the heading ourselves.
  useEffect(() => {
    const heading = document.querySelector("#app h1");
    if (heading && !heading.contains(document.activeElement) && document.activeElement === document.body)
      heading.focus({ preventScroll: true });
  }, []);
  return html`<${Screen} title=${t("account_title")} sub=${t("account_sub")}>
    <${ProfileSection} />
    <${FacesSection} />
    <${ExportSection} jobs=${jobs} />
    <${ImportSection} jobs=${jobs} />
    <${PasswordSection} />
    <${TokensSection} />
    <${DeleteSection} />
  <//>`;
}
