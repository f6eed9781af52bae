// Internship reports (stageverslagen): a dossier's reports with a form for a new one, and one
// report: choosing its evidence from the period (thumbnails, a tap each), the server's preview in
// a frame, the sign-off by employer and coordinator, the PDF in Dutch or English and its details.
// Who may compose or confirm comes from the server (report.you); the screen offers only that
// and shows the server's refusal readably otherwise. Loaded lazily: see ui/reports-routes.js.
import { useEffect, useId, useRef, useState } from "preact/hooks";
import { API, ApiError, api, errorFromResponse, errorText } from "../api.js";
import { accessTo, homeHash, isOwn, loadShared } from "../dossiers.js";
import { addTexts, getLocale, has, t } from "../i18n.js";
import { onLive, watchDossier } from "../live.js";
import { notify, state } from "../state.js";
import texts from "../texts/reports.js";
import { ErrorBox, Field, go, kindLabel, Thumbnail, titleOf, useSubmit } from "./common.js";
import { MakeCredential } from "./issued-credentials.js";
import {
  formatDate,
  formatDay,
  html,
  Pending,
  RadioGroup,
  roleLabel,
  Screen,
  SelectField,
  useHeadingFocus,
  useLoad,
} from "./kit.js";

addTexts(texts);

const LANGUAGES = ["nl", "en"];
const SIGN_BOXES = ["employer", "coordinator"];

/** Focus the heading once the lazily loaded screen is there (main.js found no h1 yet). */
function dossierSub(dossierId) {
  const access = accessTo(dossierId);
  if (access.owner) return t("timeline_title");
  return access.name ? t("dossier_of", { name: access.name }) : "";
}

const period = (report) =>
  t("report_period", { start: formatDay(report.period_start), end: formatDay(report.period_end) });

// Sign-offs taken from an export are names only, never confirmed in this Bagage.
const confirmed = (report) => report.signoffs.filter((s) => !s.imported);
const signerNames = (signoffs) => signoffs.map((s) => `${s.name} (${roleLabel(s.role).toLowerCase()})`).join(", ");

function signedText(report) {
  if (!confirmed(report).length) return t("report_not_signed");
  return t("report_signed_by", { names: signerNames(confirmed(report)) });
}

function importedText(report) {
  const imported = report.signoffs.filter((s) => s.imported);
  return imported.length ? t("report_signoffs_imported", { names: signerNames(imported) }) : "";
}

/** The report at a glance: being written, waiting for whom, or signed by everyone. */
function stateText(report) {
  if (report.state === "signed") return t("report_state_signed");
  if (report.state === "awaiting_signatures") {
    const waiting = report.signers.filter((s) => !s.signed_at).map((s) => s.name);
    return t("report_state_awaiting", { names: waiting.join(", ") });
  }
  return t("report_state_draft");
}

function StateLine({ report }) {
  return html`<p class=${`report-state report-state-${report.state}`} data-state=${report.state}>${stateText(report)}</p>`;
}

/** Reload when a report of the dossier changes (a signature, a new text), without a reload. */
function useReportChanges(dossierId, reportId, reload) {
  useEffect(
    () =>
      onLive((event) => {
        if (event.dossierId !== dossierId) return;
        if (event.kind === "resync" || (event.kind === "report_changed" && (!reportId || event.id === reportId)))
          reload();
      }),
    [dossierId, reportId, reload],
  );
}

/** Field texts for the report form: ours for the fields we know, the server's words otherwise. */
function reportFieldErrors(err) {
  const texts = {};
  if (err && err.code === "invalid") {
    for (const [name, list] of Object.entries(err.fields || {})) {
      texts[name] = has(`report_field_${name}`) ? t(`report_field_${name}`) : [].concat(list).join(" ");
    }
  }
  return texts;
}

function detailsFrom(report) {
  return {
    title: report ? report.title : t("report_title_default"),
    internship: report ? report.internship : "",
    period_start: report ? report.period_start : "",
    period_end: report ? report.period_end : "",
    hours: report && report.hours !== null && report.hours !== undefined ? String(report.hours) : "",
    summary: report ? report.summary : "",
    language: report ? report.language : getLocale(),
  };
}

function checkDetails(values) {
  const problems = {};
  if (!values.title.trim() || values.title.length > 200) problems.title = t("report_field_title");
  if (!values.period_start) problems.period_start = t("report_field_period_start");
  if (!values.period_end || (values.period_start && values.period_end < values.period_start))
    problems.period_end = t("report_field_period_end");
  const hours = values.hours.trim().replace(",", ".");
  if (hours && !(Number(hours) >= 0)) problems.hours = t("report_field_hours");
  return problems;
}

function detailsPayload(values) {
  const hours = values.hours.trim().replace(",", ".");
  return {
    ...(values.internship_id ? { internship_id: values.internship_id } : {}),
    title: values.title.trim(),
    internship: values.internship.trim(),
    period_start: values.period_start,
    period_end: values.period_end,
    hours: hours ? Number(hours) : null,
    summary: values.summary.trim(),
    language: values.language,
  };
}

/** The internships set up in the app that a new report can be about (approved or ended). */
function useInternships(dossierId) {
  const [list, setList] = useState([]);
  useEffect(() => {
    if (!dossierId) return;
    api("GET", `/dossiers/${dossierId}/internships`)
      .then((answer) => setList(answer.items.filter((i) => i.status === "approved" || i.status === "ended")))
      .catch(() => setList([])); // not theirs to see: the form without the choice
  }, [dossierId]);
  return list;
}

const internshipLabel = (i) =>
  `${i.workplace} (${t("report_period", { start: formatDay(i.starts_on), end: formatDay(i.ends_on) })})`;

/** Title, internship, period, hours, (summary) and language: for a new report and for changing one.
 * A new report of a dossier with internships may be about one of them: its workplace and period
 * fill in, and its supervisor is the one who signs. */
function DetailsForm({ report = null, dossierId = null, withSummary = false, submitLabel, headingId, onSaved }) {
  const [values, setValues] = useState(() => detailsFrom(report));
  const set = (changes) => setValues((v) => ({ ...v, ...changes }));
  const internships = useInternships(report ? null : dossierId);
  const choose = (id) => {
    const chosen = internships.find((i) => i.id === id);
    if (!chosen) return set({ internship_id: "" });
    set({
      internship_id: id,
      internship: chosen.workplace,
      period_start: chosen.starts_on,
      period_end: chosen.ends_on,
    });
  };
  const { submit, busy, error, fields } = useSubmit(
    async () => {
      const body = detailsPayload(values);
      if (!withSummary) delete body.summary;
      const saved = await onSaved(body);
      if (saved) setValues(detailsFrom(saved));
    },
    { check: () => checkDetails(values), fieldsOf: reportFieldErrors },
  );
  return html`<form class="panel report-form" novalidate aria-labelledby=${headingId} onSubmit=${submit}>
    <${ErrorBox} error=${error} />
    ${
      internships.length
        ? html`<${SelectField}
          name="internship_id"
          label=${t("report_for_internship")}
          value=${values.internship_id || ""}
          options=${[["", t("report_no_internship")], ...internships.map((i) => [i.id, internshipLabel(i)])]}
          onChange=${choose}
          error=${fields.internship_id}
        />`
        : null
    }
    <${Field} name="title" label=${t("report_title_label")} value=${values.title} onInput=${(title) => set({ title })} error=${fields.title} maxlength="200" required />
    <${Field} name="internship" label=${t("report_internship_label")} hint=${t("report_internship_hint")} value=${values.internship} onInput=${(internship) => set({ internship })} error=${fields.internship} maxlength="200" />
    <div class="report-dates">
      <${Field} name="period_start" type="date" label=${t("report_start_label")} value=${values.period_start} onInput=${(period_start) => set({ period_start })} error=${fields.period_start} required />
      <${Field} name="period_end" type="date" label=${t("report_end_label")} value=${values.period_end} min=${values.period_start || undefined} onInput=${(period_end) => set({ period_end })} error=${fields.period_end} required />
    </div>
    <${Field} name="hours" type="text" inputmode="decimal" label=${t("report_hours_label")} hint=${t("report_hours_hint")} value=${values.hours} onInput=${(hours) => set({ hours })} error=${fields.hours} />
    ${
      withSummary
        ? html`<${Field} name="summary" multiline=${true} label=${t("report_summary_label")} hint=${t("report_summary_hint")} value=${values.summary} onInput=${(summary) => set({ summary })} error=${fields.summary} />`
        : null
    }
    <${RadioGroup}
      legend=${t("report_language_label")}
      name=${`${headingId}-language`}
      className="segmented-radios"
      value=${values.language}
      options=${LANGUAGES.map((l) => [l, t(`report_language_${l}`)])}
      onChange=${(language) => set({ language })}
    />
    ${report && report.signoffs.length ? html`<p class="hint">${t("report_clears_signoffs")}</p>` : null}
    <button type="submit" class="button primary" disabled=${busy}>${submitLabel}</button>
  </form>`;
}

// --- the dossier's reports -----------------------------------------------------------------

export function ReportsScreen({ dossierId }) {
  useHeadingFocus();
  const reports = useLoad(() => api("GET", `/dossiers/${dossierId}/reports`), [dossierId]);
  const [adding, setAdding] = useState(false);
  const formId = useId();
  useEffect(() => {
    if (!isOwn(dossierId) && state.shared === null) loadShared();
  }, [dossierId]);
  useReportChanges(dossierId, null, reports.reload);
  const access = accessTo(dossierId);
  // The same rule as the server's (app/reports/services.py may_compose); it refuses otherwise.
  const mayCompose = access.owner || access.scopes.includes("reflect") || access.scopes.includes("contribute");

  const create = async (body) => {
    const report = await api("POST", `/dossiers/${dossierId}/reports`, body);
    notify(t("report_created"));
    go(`#/report/${report.id}`);
    return null;
  };

  const list = reports.data;
  const back = { href: homeHash(dossierId), label: t(isOwn(dossierId) ? "back" : "back_dossier") };
  return html`<${Screen} title=${t("reports_title")} sub=${dossierSub(dossierId)} back=${back}>
    ${
      mayCompose
        ? html`<div class="actions-row">
          <button type="button" class="button primary" aria-expanded=${adding ? "true" : "false"} aria-controls=${formId} onClick=${() => setAdding(!adding)}>
            ${t("report_new")}
          </button>
        </div>
        <section id=${formId} hidden=${!adding} aria-labelledby=${`${formId}-heading`}>
          <h2 id=${`${formId}-heading`}>${t("report_new_heading")}</h2>
          ${adding ? html`<${DetailsForm} dossierId=${dossierId} submitLabel=${t("report_create")} headingId=${`${formId}-heading`} onSaved=${create} />` : null}
        </section>`
        : null
    }
    ${
      list
        ? list.length
          ? html`<ul class="card-list report-list" aria-label=${t("reports_list")}>
            ${list.map(
              (report) => html`<li class="card-entry" key=${report.id}>
                <a class="entry-link report-link" href=${`#/report/${report.id}`}>
                  <div class="entry-body">
                    <h3 class="entry-title">${report.title}</h3>
                    ${report.internship ? html`<p class="report-internship">${report.internship}</p>` : null}
                    <p class="meta">${period(report)}${report.hours !== null ? ` · ${t("report_hours", { hours: report.hours })}` : ""} · ${t(`report_language_${report.language}`)}</p>
                    <${StateLine} report=${report} />
                    ${confirmed(report).length && report.state !== "signed" ? html`<p class="meta">${signedText(report)}</p>` : null}
                    ${importedText(report) ? html`<p class="meta">${importedText(report)}</p>` : null}
                  </div>
                </a>
              </li>`,
            )}
          </ul>`
          : html`<div class="empty">
            <h2>${t("reports_none")}</h2>
            <p>${t(mayCompose ? "reports_none_compose" : "reports_none_read")}</p>
          </div>`
        : html`<${Pending} result=${reports} />`
    }
  <//>`;
}

// --- one report ---------------------------------------------------------------------------

/** Every item of the dossier in the report's period (the server's days: period_from/to). */
async function periodEvidence(report) {
  const from = encodeURIComponent(report.period_from);
  const to = encodeURIComponent(report.period_to); // the list's "to" is exclusive too
  const items = [];
  let cursor = "";
  for (let page = 0; page < 20; page++) {
    const result = await api(
      "GET",
      `/dossiers/${report.dossier_id}/evidence?limit=100&from=${from}&to=${to}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
    );
    items.push(...result.items);
    if (!result.next_cursor) break;
    cursor = result.next_cursor;
  }
  // Only what the owner shares: their own items and those they kept, not hidden ones.
  return items.filter((item) => item.reviewed && !item.hidden).reverse(); // oldest first, as in the report
}

function EvidenceTile({ item, chosen, onToggle }) {
  const id = `report-evidence-${item.id}`;
  const media = item.media || {};
  return html`<li class=${`report-tile${chosen ? " report-tile-chosen" : ""}`}>
    <input type="checkbox" id=${id} checked=${chosen} onChange=${(e) => onToggle(item.id, e.currentTarget.checked)} />
    <label for=${id}>
      <span class="thumb report-thumb">
        ${media.thumbnail ? html`<${Thumbnail} media=${media} />` : html`<span class="thumb-label" aria-hidden="true">${kindLabel(item.kind).slice(0, 1)}</span>`}
      </span>
      <span class="report-tile-title">${titleOf(item)}</span>
      <span class="meta">${formatDay(item.occurred_at)} · ${kindLabel(item.kind)}</span>
    </label>
  </li>`;
}

function EvidencePicker({ report, onSaved }) {
  const evidence = useLoad(() => periodEvidence(report), [report.dossier_id, report.period_start, report.period_end]);
  // null: everything from the period; otherwise the chosen ids.
  const [chosen, setChosen] = useState(report.evidence_ids);
  useEffect(() => setChosen(report.evidence_ids), [report.evidence_ids && report.evidence_ids.join(",")]);

  const items = evidence.data || [];
  const ids = items.map((i) => i.id);
  const isChosen = (id) => chosen === null || chosen.includes(id);
  const count = items.filter((i) => isChosen(i.id)).length;
  const same = (a, b) => (a === null || b === null ? a === b : a.length === b.length && a.every((x) => b.includes(x)));
  const unchanged = same(chosen, report.evidence_ids);
  const toggle = (id, on) => {
    const current = chosen === null ? ids : chosen;
    setChosen(on ? [...current.filter((x) => x !== id), id] : current.filter((x) => x !== id));
  };
  const {
    submit: save,
    busy,
    error,
  } = useSubmit(async () => {
    const saved = await api("PATCH", `/reports/${report.id}`, { evidence_ids: chosen });
    notify(t("report_choice_saved"));
    onSaved(saved);
  });
  return html`<section class="report-section" aria-labelledby="report-evidence-heading">
    <h2 id="report-evidence-heading">${t("report_evidence_heading")}</h2>
    <p class="hint">${t("report_evidence_hint")}</p>
    <${ErrorBox} error=${error} />
    ${
      evidence.data
        ? items.length
          ? html`<p class="report-count" role="status">${chosen === null ? t("report_evidence_all_period") : t("report_evidence_count", { chosen: count, total: items.length })}</p>
            <div class="actions-row">
              <button type="button" class="button small" aria-pressed=${chosen === null ? "true" : "false"} onClick=${() => setChosen(null)}>${t("report_choose_all")}</button>
              <button type="button" class="button small" onClick=${() => setChosen([])}>${t("report_choose_none")}</button>
            </div>
            <ul class="report-tiles" aria-label=${t("report_evidence_list")}>
              ${items.map((item) => html`<${EvidenceTile} key=${item.id} item=${item} chosen=${isChosen(item.id)} onToggle=${toggle} />`)}
            </ul>
            ${report.signoffs.length && !unchanged ? html`<p class="hint">${t("report_clears_signoffs")}</p>` : null}
            <button type="button" class="button primary" disabled=${busy || unchanged} onClick=${save}>${t("report_save_choice")}</button>`
          : html`<p class="notice">${t("report_evidence_none")}</p>`
        : html`<${Pending} result=${evidence} />`
    }
  </section>`;
}

/** The server's page of the report in a frame of our own origin (its CSP allows only us to frame
 * it and runs no script); the frame grows to its content so the page scrolls as one. */
function Preview({ report, onLoaded = null }) {
  const [lang, setLang] = useState(report.language);
  const frame = useRef(null);
  const watcher = useRef(null);
  useEffect(() => setLang(report.language), [report.language]);
  useEffect(() => () => watcher.current && watcher.current.disconnect(), []);
  const fit = () => {
    if (onLoaded) onLoaded();
    try {
      const doc = frame.current && frame.current.contentDocument;
      if (!doc || !doc.body) return;
      const size = () => {
        if (frame.current) frame.current.style.height = `${Math.ceil(doc.body.getBoundingClientRect().height) + 40}px`;
      };
      size();
      // A narrower screen (a turned phone) makes the page longer: follow its size.
      if (watcher.current) watcher.current.disconnect();
      if ("ResizeObserver" in window) {
        watcher.current = new ResizeObserver(size);
        watcher.current.observe(doc.body);
      }
    } catch {
      // not readable: it keeps its own height and scrolls inside
    }
  };
  const src = `${API}/reports/${report.id}/preview?lang=${lang}&v=${encodeURIComponent(report.updated_at)}`;
  return html`<section class="report-section" aria-labelledby="report-preview-heading">
    <h2 id="report-preview-heading">${t("report_preview_heading")}</h2>
    <${RadioGroup}
      legend=${t("report_preview_language")}
      name="preview-language"
      className="segmented-radios"
      value=${lang}
      options=${LANGUAGES.map((l) => [l, t(`report_language_${l}`)])}
      onChange=${setLang}
    />
    <iframe
      class="report-frame"
      ref=${frame}
      src=${src}
      title=${t("report_preview_frame")}
      sandbox="allow-same-origin allow-popups allow-popups-to-escape-sandbox"
      onLoad=${fit}
    ></iframe>
  </section>`;
}

function SignOff({ report, onSaved }) {
  const access = accessTo(report.dossier_id);
  const you = report.you || {};
  const [agree, setAgree] = useState(false);
  const others = [...new Set(report.signoffs.map((s) => s.role).filter((r) => !SIGN_BOXES.includes(r)))];
  const {
    submit: sign,
    reset,
    busy,
    error,
    fields,
  } = useSubmit(
    async () => {
      let saved;
      try {
        saved = await api("POST", `/reports/${report.id}/signoff`);
      } catch (err) {
        throw err.code === "forbidden" ? new ApiError(err.status, "report_refused", t("report_sign_refused")) : err;
      }
      setAgree(false);
      notify(t("report_signed"));
      onSaved(saved);
    },
    { check: () => (agree ? {} : { agree: t("report_sign_agree_needed") }) },
  );
  const role = access.role && access.role !== "owner" ? roleLabel(access.role).toLowerCase() : "";
  return html`<section class="report-section" aria-labelledby="report-signoff-heading">
    <h2 id="report-signoff-heading">${t("report_signoff_heading")}</h2>
    <p class="hint">${t("report_signoff_intro")}</p>
    <ul class="report-signs">
      ${[...SIGN_BOXES, ...others].map((r) => {
        const signed = confirmed(report).filter((s) => s.role === r);
        const imported = report.signoffs.filter((s) => s.imported && s.role === r);
        return html`<li class=${`report-sign${signed.length ? " report-sign-done" : ""}`}>
          <strong>${roleLabel(r)}</strong>
          ${signed.map((s) => html`<span class="report-sign-who"><span aria-hidden="true">✓ </span>${t("report_signed_on", { name: s.name, date: formatDay(s.signed_at) })}</span>`)}
          ${imported.map((s) => html`<span class="report-sign-imported">${s.name} (${formatDay(s.signed_at)}): <span class="meta">${t("report_signoff_imported")}</span></span>`)}
          ${signed.length ? null : html`<span class="meta">${t("report_not_signed")}</span>`}
        </li>`;
      })}
    </ul>
    ${you.signed ? html`<p class="notice" role="status">${t("report_you_signed")}</p>` : null}
    ${
      you.may_sign && !you.signed
        ? html`<form class="panel report-sign-form" novalidate onSubmit=${sign}>
          <${ErrorBox} error=${error} />
          <div class="check">
            <input
              type="checkbox"
              id="report-agree"
              checked=${agree}
              aria-describedby="report-agree-hint report-agree-error"
              aria-invalid=${fields.agree ? "true" : undefined}
              onChange=${(e) => {
                setAgree(e.currentTarget.checked);
                if (fields.agree) reset();
              }}
            />
            <label for="report-agree">${t("report_sign_agree")}<span class="check-sub" id="report-agree-hint">${t("report_sign_agree_hint", { name: state.me ? state.me.display_name : "" })}</span></label>
          </div>
          <p class="field-error" id="report-agree-error" hidden=${!fields.agree}>${fields.agree || ""}</p>
          <button type="submit" class="button primary" disabled=${busy}>${role ? t("report_sign_as", { role }) : t("report_sign")}</button>
        </form>`
        : null
    }
  </section>`;
}

/** Fetch the PDF (so the wait shows and a refusal reads as words), then hand it to the browser. */
function Download({ report }) {
  const [busy, setBusy] = useState("");
  const [error, setError] = useState(null);
  const download = async (lang) => {
    setBusy(lang);
    setError(null);
    try {
      let response;
      try {
        response = await fetch(`${API}/reports/${report.id}/pdf?lang=${lang}`, { credentials: "same-origin" });
      } catch {
        throw new ApiError(0, "network");
      }
      if (!response.ok) throw errorFromResponse(response.status, await response.json().catch(() => null));
      const blob = await response.blob();
      const name =
        (/filename="([^"]+)"/.exec(response.headers.get("Content-Disposition") || "") || [])[1] || "report.pdf";
      const url = URL.createObjectURL(blob);
      const link = document.createElement("a");
      link.href = url;
      link.download = name;
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
      notify(t("report_pdf_done"));
    } catch (err) {
      setError(err);
    } finally {
      setBusy("");
    }
  };
  const order = [report.language, ...LANGUAGES.filter((l) => l !== report.language)];
  return html`<section class="report-section" aria-labelledby="report-pdf-heading">
    <h2 id="report-pdf-heading">${t("report_pdf_heading")}</h2>
    <${ErrorBox} error=${error} />
    <div class="actions-row">
      ${order.map(
        (
          lang,
          i,
        ) => html`<button type="button" class=${`button${i === 0 ? " primary" : ""}`} disabled=${Boolean(busy)} onClick=${() => download(lang)}>
          ${t(`report_pdf_${lang}`)}
        </button>`,
      )}
    </div>
    ${busy ? html`<p class="report-busy" role="status"><progress aria-label=${t("report_pdf_busy")}></progress> ${t("report_pdf_busy")}</p>` : null}
  </section>`;
}

/** The links the report's printed video QR codes open (the owner's only): whoever holds the
 * paper watches without an account until the link expires or the owner revokes it here. */
function VideoLinks({ report, printed }) {
  const links = useLoad(() => api("GET", `/dossiers/${report.dossier_id}/video-links`), [report.dossier_id, printed]);
  const [busy, setBusy] = useState("");
  const mine = (links.data || []).filter((link) => link.report_id === report.id);
  if (!links.error && !mine.length) return null; // no video printed yet: nothing to control
  const revoke = async (link) => {
    const title = link.video_title || t("report_warning_no_title");
    if (!window.confirm(t("report_video_link_revoke_confirm", { title }))) return;
    setBusy(link.id);
    try {
      await api("DELETE", `/video-links/${link.id}`);
      notify(t("report_video_link_revoked"));
      await links.reload();
      document.querySelector("#report-video-links-heading")?.focus();
    } catch (err) {
      notify(errorText(err));
    } finally {
      setBusy("");
    }
  };
  return html`<section class="report-section" aria-labelledby="report-video-links-heading">
    <h2 id="report-video-links-heading" tabindex="-1">${t("report_video_links_heading")}</h2>
    <p class="hint">${t("report_video_links_hint")}</p>
    ${links.error ? html`<${ErrorBox} error=${links.error} />` : null}
    <ul class="card-list report-video-links" aria-label=${t("report_video_links_list")}>
      ${mine.map((link) => {
        const title = link.video_title || t("report_warning_no_title");
        return html`<li key=${link.id} class="report-video-link">
          <strong>${title}</strong>
          <p class="meta">${t("report_video_link_until", { date: formatDay(link.expires_at) })}</p>
          <p>${
            link.view_count
              ? t(link.view_count === 1 ? "report_video_link_views_one" : "report_video_link_views", {
                  count: link.view_count,
                  date: formatDate(link.last_viewed_at),
                })
              : t("report_video_link_never")
          }</p>
          <button type="button" class="button small danger" aria-label=${t("report_video_link_revoke_named", { title })} disabled=${busy === link.id} onClick=${() => revoke(link)}>${t("report_video_link_revoke")}</button>
        </li>`;
      })}
    </ul>
  </section>`;
}

/** What the server warns about, in words: chosen evidence outside the period is kept in the
 * choice but left out of the report, so the composer can move the period or the choice. */
function Warnings({ report }) {
  const outside = (report.warnings || []).filter((w) => w.code === "evidence_outside_period");
  if (!outside.length) return null;
  return html`<section class="report-section report-warnings" aria-labelledby="report-warnings-heading">
    <h2 id="report-warnings-heading">${t("report_warnings_heading")}</h2>
    ${outside.map((warning) => {
      const count = warning.evidence.length;
      return html`<div class="notice report-warning" data-code=${warning.code}>
        <p>${count === 1 ? t("report_warning_outside_one") : t("report_warning_outside", { count })}</p>
        <ul>
          ${warning.evidence.map((e) => html`<li key=${e.id}><a href=${`#/item/${e.id}`}>${e.title || t("report_warning_no_title")}</a> <span class="meta">(${formatDay(e.occurred_at)})</span></li>`)}
        </ul>
        <p class="hint">${t("report_warning_outside_hint")}</p>
      </div>`;
    })}
  </section>`;
}

function EditDetails({ report, onSaved }) {
  const [open, setOpen] = useState(false);
  const save = async (body) => {
    const saved = await api("PATCH", `/reports/${report.id}`, body);
    notify(t("saved"));
    onSaved(saved);
    setOpen(false);
    return saved;
  };
  return html`<section class="report-section" aria-labelledby="report-edit-heading">
    <h2 id="report-edit-heading">${t("report_edit_heading")}</h2>
    <button type="button" class="button" aria-expanded=${open ? "true" : "false"} aria-controls="report-edit" onClick=${() => setOpen(!open)}>
      ${open ? t("report_edit_close") : t("report_edit")}
    </button>
    <div id="report-edit" hidden=${!open}>
      ${open ? html`<${DetailsForm} report=${report} withSummary=${true} submitLabel=${t("save")} headingId="report-edit-heading" onSaved=${save} />` : null}
    </div>
  </section>`;
}

/** The author's "ready": each signer is told in the app, by push and by e-mail. */
function SendForSignature({ report, onSaved }) {
  const { submit, busy, error } = useSubmit(async () => {
    const saved = await api("POST", `/reports/${report.id}/signature-request`);
    notify(t("report_sent_for_signature"));
    onSaved(saved);
  });
  const names = report.signers.map((s) => s.name).join(", ");
  return html`<section class="report-section" aria-labelledby="report-send-heading">
    <h2 id="report-send-heading">${t("report_send_heading")}</h2>
    <p class="hint">${names ? t("report_send_intro", { names }) : t("report_send_nobody")}</p>
    <form onSubmit=${submit} novalidate>
      <${ErrorBox} error=${error} />
      <button type="submit" class="button primary" disabled=${busy}>${t("report_send")}</button>
    </form>
  </section>`;
}

export function ReportScreen({ id }) {
  useHeadingFocus();
  const result = useLoad(() => api("GET", `/reports/${id}`), [id]);
  const report = result.data;
  useEffect(() => {
    if (report && !isOwn(report.dossier_id) && state.shared === null) loadShared();
    if (report) watchDossier(`/report/${id}`, report.dossier_id);
  }, [report && report.dossier_id]);
  useReportChanges(report && report.dossier_id, id, result.reload);
  const saved = (changed) => result.set(changed);
  // Each preview prints the report, which makes a link for a video that has none yet.
  const [printed, setPrinted] = useState(0);

  if (!report) {
    return html`<${Screen} title=${t("report_title")}><${Pending} result=${result} /><//>`;
  }
  const you = report.you || {};
  const back = { href: `#/dossier/${report.dossier_id}/reports`, label: t("back_reports") };
  const sub = [report.internship, period(report), dossierSub(report.dossier_id)].filter(Boolean).join(" · ");
  return html`<${Screen} title=${report.title} sub=${sub} back=${back}>
    <${StateLine} report=${report} />
    ${you.may_compose ? null : html`<p class="hint">${t("report_read_only")}</p>`}
    <${Warnings} report=${report} />
    ${you.may_compose ? html`<${EvidencePicker} report=${report} onSaved=${saved} />` : null}
    <${Preview} report=${report} onLoaded=${() => setPrinted((n) => n + 1)} />
    ${you.may_compose && report.state === "draft" ? html`<${SendForSignature} report=${report} onSaved=${saved} />` : null}
    <${SignOff} report=${report} onSaved=${saved} />
    ${isOwn(report.dossier_id) && confirmed(report).length ? html`<section class="report-section"><p class="hint">${t("credential_report_hint")}</p><${MakeCredential} path=${`/reports/${report.id}/credential`} /></section>` : null}
    <${Download} report=${report} />
    ${isOwn(report.dossier_id) ? html`<${VideoLinks} report=${report} printed=${printed} />` : null}
    ${you.may_compose ? html`<${EditDetails} report=${report} onSaved=${saved} />` : null}
  <//>`;
}
