// Internships: the coordinator's "Stage" screen of a pupil's dossier (the pupil's internships
// with their status in words, and the form that invites the workplace supervisor), and the
// pupil's question in plain words with one tap to agree or not. What the viewer may do comes
// from the server (may_propose, internship.you). Loaded lazily: see ui/internships-routes.js.
import { useEffect, useState } from "preact/hooks";
import { api, errorText } from "../api.js";
import { homeHash, isOwn } from "../dossiers.js";
import { addTexts, has, messages, t } from "../i18n.js";
import { onLive } from "../live.js";
import { notify } from "../state.js";
import texts from "../texts/internships.js";
import { ErrorBox, Field, useSubmit } from "./common.js";
import {
  CheckGroup,
  DateField,
  formatDay,
  html,
  Pending,
  RadioGroup,
  Screen,
  SelectField,
  today,
  useHeadingFocus,
  useLoad,
} from "./kit.js";
import { internshipPeriod } from "./people.js";

addTexts(texts);

const SCOPES = ["view", "reflect", "contribute"];
const LANGUAGES = ["nl", "en"];
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Focus the heading once the lazily loaded screen is there (main.js found no h1 yet). */
const scopeWords = (scopes, pupil) =>
  SCOPES.filter((s) => scopes.includes(s)).map((s) => t(`internship_scope_${s}`, { pupil }));

function InternshipCard({ internship: i, pupil, onChanged }) {
  const [busy, setBusy] = useState(false);
  const withdraw = i.status === "proposed";
  const end = async () => {
    const question = withdraw
      ? t("internship_withdraw_confirm", { workplace: i.workplace })
      : t("internship_end_confirm", { workplace: i.workplace, supervisor: i.supervisor_name });
    if (!window.confirm(question)) return;
    setBusy(true);
    try {
      await api("POST", `/internships/${i.id}/end`);
      notify(withdraw ? t("internship_withdrawn") : t("internship_ended", { workplace: i.workplace }));
      onChanged();
    } catch (err) {
      notify(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  const action = withdraw ? t("internship_withdraw") : t("internship_end");
  return html`<li class="grant internship" data-id=${i.id} data-status=${i.status}>
    <h3>${i.workplace}</h3>
    <p class=${`internship-status internship-${i.status}`}>${t(`internship_status_${i.status}`, { pupil, supervisor: i.supervisor_name })}</p>
    <p>${t("internship_supervisor_line", { name: i.supervisor_name, email: i.supervisor_email })}</p>
    <p class="meta">${internshipPeriod(i)}${i.proposed_by ? ` · ${t("internship_proposed_by", { name: i.proposed_by.display_name })}` : ""}</p>
    <ul class="internship-scopes">${scopeWords(i.scopes, pupil).map((words) => html`<li>${words}</li>`)}</ul>
    ${i.access_until ? html`<p class="meta">${t("internship_access_until", { supervisor: i.supervisor_name, date: formatDay(i.access_until) })}</p>` : null}
    <div class="actions-row">
      ${i.you.decide ? html`<a class="button small primary" href=${`#/internship/${i.id}`}>${t("internship_open")}</a>` : null}
      ${i.you.end ? html`<button type="button" class="button small danger" disabled=${busy} onClick=${end} aria-label=${`${action}: ${i.workplace}`}>${action}</button>` : null}
    </div>
  </li>`;
}

/** Field texts for the proposal: ours for the fields we know, the server's words otherwise. */
function proposalFieldErrors(err) {
  const found = {};
  if (err && err.code === "invalid") {
    for (const [name, list] of Object.entries(err.fields || {})) {
      found[name] = has(`internship_field_${name}`) ? t(`internship_field_${name}`) : [].concat(list).join(" ");
    }
  }
  if (err && err.code === "internship_overlap") found.supervisor_email = t("error_internship_overlap");
  return found;
}

function ProposeForm({ dossierId, schools, pupil, onSent }) {
  const empty = () => ({
    organisation_id: schools[0].id,
    workplace: "",
    supervisor_name: "",
    supervisor_email: "",
    starts_on: today(),
    ends_on: "",
    locale: "nl",
    scopes: [...SCOPES],
  });
  const [values, setValues] = useState(empty);
  const set = (changes) => setValues((v) => ({ ...v, ...changes }));
  const check = () => {
    const problems = {};
    for (const name of ["workplace", "supervisor_name"]) {
      if (!values[name].trim()) problems[name] = t(`internship_field_${name}`);
    }
    if (!EMAIL.test(values.supervisor_email.trim())) problems.supervisor_email = t("internship_field_supervisor_email");
    if (!values.starts_on) problems.starts_on = t("internship_field_starts_on");
    if (!values.ends_on || values.ends_on < values.starts_on || values.ends_on < today())
      problems.ends_on = t("internship_field_ends_on");
    if (!values.scopes.length) problems.scopes = t("internship_field_scopes");
    return problems;
  };
  const { submit, busy, error, fields } = useSubmit(
    async () => {
      const sent = await api("POST", `/dossiers/${dossierId}/internships`, {
        ...values,
        workplace: values.workplace.trim(),
        supervisor_name: values.supervisor_name.trim(),
        supervisor_email: values.supervisor_email.trim(),
      });
      notify(
        sent.status === "approved"
          ? t("internship_sent_approved", { supervisor: sent.supervisor_name })
          : t("internship_sent_waiting", { pupil }),
      );
      setValues(empty());
      onSent();
    },
    { check, fieldsOf: proposalFieldErrors },
  );
  return html`<form class="panel" novalidate aria-labelledby="internship-invite-heading" onSubmit=${submit}>
    <h2 id="internship-invite-heading">${t("internship_invite_title")}</h2>
    <p class="hint">${t("internship_invite_hint", { pupil })}</p>
    <${ErrorBox} error=${error} />
    ${
      schools.length > 1
        ? html`<${SelectField} name="organisation_id" label=${t("internship_school")} value=${values.organisation_id} options=${schools.map((s) => [s.id, s.name])} onChange=${(organisation_id) => set({ organisation_id })} />`
        : null
    }
    <${Field} name="workplace" label=${t("internship_workplace")} hint=${t("internship_workplace_hint")} maxlength="200" value=${values.workplace} onInput=${(workplace) => set({ workplace })} error=${fields.workplace} />
    <${Field} name="supervisor_name" label=${t("internship_supervisor_name")} autocomplete="off" maxlength="120" value=${values.supervisor_name} onInput=${(supervisor_name) => set({ supervisor_name })} error=${fields.supervisor_name} />
    <${Field} name="supervisor_email" type="email" label=${t("internship_supervisor_email")} autocomplete="off" inputmode="email" autocapitalize="none" spellcheck="false" maxlength="254" value=${values.supervisor_email} onInput=${(supervisor_email) => set({ supervisor_email })} error=${fields.supervisor_email} />
    <div class="report-dates">
      <${DateField} name="starts_on" label=${t("internship_from")} value=${values.starts_on} onInput=${(starts_on) => set({ starts_on })} error=${fields.starts_on} />
      <${DateField} name="ends_on" label=${t("internship_to")} min=${values.starts_on || today()} value=${values.ends_on} onInput=${(ends_on) => set({ ends_on })} error=${fields.ends_on} />
    </div>
    <${RadioGroup} legend=${t("internship_language")} name="locale" className="segmented-radios" value=${values.locale} options=${LANGUAGES.map((l) => [l, messages[l].locale_name])} onChange=${(locale) => set({ locale })} />
    <${CheckGroup} name="scopes" legend=${t("internship_may_legend")} options=${SCOPES.map((s) => [s, t(`internship_scope_${s}`, { pupil })])} values=${values.scopes} onChange=${(scopes) => set({ scopes })} error=${fields.scopes} />
    <button type="submit" class="button primary wide" disabled=${busy}>${busy ? t("internship_sending") : t("internship_submit")}</button>
  </form>`;
}

/** A pupil's internships: the coordinator who may propose one sees hers and the form. */
export function InternshipsScreen({ dossierId }) {
  useHeadingFocus();
  const list = useLoad(() => api("GET", `/dossiers/${dossierId}/internships`), [dossierId]);
  const reload = list.reload;
  // The pupil agrees (or not) elsewhere: this screen follows along.
  useEffect(
    () =>
      onLive((event) => {
        const news = event.kind === "internship_changed" || event.kind === "resync";
        if (news && event.dossierId === dossierId) reload();
      }),
    [dossierId, reload],
  );
  const data = list.data;
  const pupil = data ? data.pupil.display_name : "";
  return html`<${Screen} title=${t("internships_title")} sub=${pupil ? t("dossier_of", { name: pupil }) : ""} back=${{ href: homeHash(dossierId), label: t("back_dossier") }}>
    ${
      data
        ? html`<section aria-labelledby="internships-heading">
            <h2 id="internships-heading">${t("internships_list")}</h2>
            ${
              data.items.length
                ? html`<ul class="grant-list" aria-labelledby="internships-heading">
                  ${data.items.map((i) => html`<${InternshipCard} key=${i.id} internship=${i} pupil=${pupil} onChanged=${reload} />`)}
                </ul>`
                : html`<p class="notice">${t(data.may_propose ? "internships_none_coordinator" : "internships_none")}</p>`
            }
          </section>
          ${data.may_propose ? html`<${ProposeForm} dossierId=${dossierId} schools=${data.schools} pupil=${pupil} onSent=${reload} />` : null}`
        : html`<${Pending} result=${list} />`
    }
  <//>`;
}

/** The pupil's question: who asks, who the supervisor is, where, when, what they may do, and
 * one tap to agree or not. */
export function InternshipScreen({ id }) {
  useHeadingFocus();
  const found = useLoad(() => api("GET", `/internships/${id}`), [id]);
  const [answered, setAnswered] = useState(false);
  const { run, busy, error } = useSubmit(async () => {});
  const decide = (yes) =>
    run(async () => {
      found.set(await api("POST", `/internships/${id}/${yes ? "approve" : "decline"}`));
      setAnswered(true);
    });
  const i = found.data;
  if (!i) return html`<${Screen} title=${t("internships_title")}><${Pending} result=${found} /><//>`;
  const mine = isOwn(i.dossier_id);
  const supervisor = i.supervisor_name;
  const outcome = answered
    ? t(i.status === "approved" ? "internship_approved_done" : "internship_declined_done", { supervisor })
    : t(`internship_status_${i.status}`, { pupil: t("me"), supervisor });
  const back = mine
    ? { href: "#/people", label: t("back_people") }
    : { href: homeHash(i.dossier_id), label: t("back_dossier") };
  return html`<${Screen} title=${mine ? t("internship_question_title") : t("internships_title")} back=${back}>
    <div class="panel internship-question">
      <p class="lead">${i.proposed_by && i.school ? t("internship_question", { by: i.proposed_by.display_name, school: i.school.name }) : t("internship_question_nobody")}</p>
      <dl class="internship-facts">
        <dt>${t("internship_who")}</dt><dd>${supervisor}</dd>
        <dt>${t("internship_where")}</dt><dd>${i.workplace}</dd>
        <dt>${t("internship_when")}</dt><dd>${internshipPeriod(i)}</dd>
        <dt>${t("internship_what", { supervisor })}</dt>
        <dd><ul>${SCOPES.filter((s) => i.scopes.includes(s)).map((s) => html`<li>${t(`internship_you_scope_${s}`)}</li>`)}</ul></dd>
      </dl>
      <p class="hint">${t("internship_after", { supervisor })}</p>
      <${ErrorBox} error=${error} />
      ${
        i.you.decide
          ? html`<div class="decision">
            <button type="button" class="button primary wide big" disabled=${busy} onClick=${() => decide(true)}>${t("internship_yes")}</button>
            <button type="button" class="button wide big" disabled=${busy} onClick=${() => decide(false)}>${t("internship_no")}</button>
          </div>`
          : html`<p class="notice" role="status">${outcome}</p>
            ${mine ? html`<p><a class="button" href="#/people">${t("internship_to_sharing")}</a></p>` : null}`
      }
    </div>
  <//>`;
}
