// People around a dossier: who may look along (grants: invite by e-mail or from a shared
// organisation, change, revoke), organisations and their members, accepting an invitation,
// and the owner's access log. (The dossiers shared with me: ui/caseload.js.)
import { useEffect, useState } from "preact/hooks";
import { ApiError, api, errorText, putForm } from "../api.js";
import { loadShared, ownDossierId } from "../dossiers.js";
import { formatRelative, getLocale, has, LOCALES, messages, t } from "../i18n.js";
import { onLive, watchDossier } from "../live.js";
import { notify, refreshSession, state } from "../state.js";
import { ErrorBox, Field, fieldErrors, go, useSubmit } from "./common.js";
import {
  CheckGroup,
  DateField,
  dayOf,
  endOfDay,
  formatCalendarDay,
  formatDate,
  formatDay,
  html,
  memberRoleLabel,
  Pending,
  RadioGroup,
  roleLabel,
  Screen,
  SelectField,
  scopeLabel,
  scopesText,
  today,
  useLoad,
} from "./kit.js";
import { CASELOAD_HASH, caseloadTitle } from "./nav.js";

const GRANT_ROLES = ["coordinator", "employer", "mentor", "coach", "teacher", "other"];
const MEMBER_ROLES = ["teacher", "student", "coordinator", "mentor", "coach", "administrator"];
const SCOPES = ["view", "reflect", "contribute"];
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

// --- what may be shared: the owner's evidence and the competencies it is linked to ------------

function useShareables() {
  return useLoad(async () => {
    const page = await api("GET", `/dossiers/${ownDossierId()}/evidence?limit=100`);
    const competencies = new Map();
    for (const item of page.items) for (const c of item.competencies || []) competencies.set(c.item_id, c);
    return { items: page.items, competencies: [...competencies.values()] };
  }, []);
}

/** The terms of a grant: role, scopes, end date and limits. Used to invite and to change. */
function TermsFields({ values, set, fields, shareables }) {
  const limitOptions = [
    ["all", t("limit_all")],
    ["evidence", t("limit_evidence")],
    ["competencies", t("limit_competencies")],
  ];
  const data = shareables.data;
  return html`
    <${SelectField} name="role" label=${t("grant_role")} value=${values.role} options=${GRANT_ROLES.map((r) => [r, roleLabel(r)])} onChange=${(role) => set({ role })} />
    <${CheckGroup}
      name="scopes"
      legend=${t("grant_scopes")}
      options=${SCOPES.map((s) => [s, scopeLabel(s), t(`scope_${s}_hint`)])}
      values=${values.scopes}
      onChange=${(scopes) => set({ scopes })}
      error=${fields.scopes}
    />
    ${
      values.role === "coach"
        ? html`<div class="check">
          <input type="checkbox" id=${`coach-rate-${values.formId}`} checked=${values.coach_may_rate} onChange=${(e) => set({ coach_may_rate: e.currentTarget.checked })} />
          <label for=${`coach-rate-${values.formId}`}>${t("grant_coach_may_rate")}<span class="check-sub">${t("grant_coach_may_rate_hint")}</span></label>
        </div>`
        : null
    }
    <${DateField} name="expires_at" label=${t("grant_until")} hint=${t("grant_until_hint")} value=${values.until} min=${today()} onInput=${(until) => set({ until })} />
    <${RadioGroup} legend=${t("grant_limits")} name="limit" value=${values.limit} options=${limitOptions} onChange=${(limit) => set({ limit })} />
    ${
      values.limit === "evidence"
        ? data
          ? data.items.length
            ? html`<${CheckGroup}
              name="evidence_ids"
              legend=${t("limit_choose_evidence")}
              options=${data.items.map((i) => [i.id, i.title || t(`kind_${i.kind}`), formatDay(i.occurred_at)])}
              values=${values.evidence_ids}
              onChange=${(evidence_ids) => set({ evidence_ids })}
              error=${fields.evidence_ids}
            />`
            : html`<p class="hint">${t("limit_no_evidence")}</p>`
          : html`<${Pending} result=${shareables} />`
        : null
    }
    ${
      values.limit === "competencies"
        ? data
          ? data.competencies.length
            ? html`<${CheckGroup}
              name="item_ids"
              legend=${t("limit_choose_competencies")}
              options=${data.competencies.map((c) => [c.item_id, `${c.human_code ? `${c.human_code} ` : ""}${c.full_statement}`])}
              values=${values.item_ids}
              onChange=${(item_ids) => set({ item_ids })}
              error=${fields.item_ids}
            />`
            : html`<p class="hint">${t("limit_no_competencies")}</p>`
          : html`<${Pending} result=${shareables} />`
        : null
    }
  `;
}

function termsFrom(grant) {
  const limit = grant && grant.evidence_ids ? "evidence" : grant && grant.item_ids ? "competencies" : "all";
  return {
    role: grant ? grant.role : "coordinator",
    scopes: grant ? [...grant.scopes] : ["view"],
    until: grant ? dayOf(grant.expires_at) : "",
    limit,
    evidence_ids: (grant && grant.evidence_ids) || [],
    item_ids: (grant && grant.item_ids) || [],
    coach_may_rate: Boolean(grant && grant.coach_may_rate),
    formId: grant ? grant.id : "new",
  };
}

function termsPayload(values) {
  return {
    role: values.role,
    scopes: values.scopes,
    expires_at: endOfDay(values.until),
    evidence_ids: values.limit === "evidence" ? values.evidence_ids : null,
    item_ids: values.limit === "competencies" ? values.item_ids : null,
    coach_may_rate: values.role === "coach" && values.coach_may_rate,
  };
}

function checkTerms(values) {
  const problems = {};
  if (!values.scopes.length) problems.scopes = t("field_scopes");
  if (values.limit === "evidence" && !values.evidence_ids.length) problems.evidence_ids = t("field_limit_choose");
  if (values.limit === "competencies" && !values.item_ids.length) problems.item_ids = t("field_limit_choose");
  return problems;
}

function useOrganisations() {
  return useLoad(() => api("GET", "/organisations"), []);
}

function PersonFromOrganisation({ organisations, value, set, fields }) {
  const orgId = value.organisation_id || (organisations[0] && organisations[0].id) || "";
  const members = useLoad(() => (orgId ? api("GET", `/organisations/${orgId}/members`) : Promise.resolve([])), [orgId]);
  const others = (members.data || []).filter((m) => m.user.id !== state.me.id);
  useEffect(() => {
    if (orgId !== value.organisation_id) set({ organisation_id: orgId, user_id: "" });
  }, [orgId]);
  if (!organisations.length)
    return html`<p class="hint">${t("invite_no_organisations")} <a href="#/organisations">${t("nav_organisations")}</a></p>`;
  return html`
    <${SelectField} name="organisation_id" label=${t("invite_organisation")} value=${orgId} options=${organisations.map((o) => [o.id, o.name])} onChange=${(organisation_id) => set({ organisation_id, user_id: "" })} />
    ${
      members.data
        ? others.length
          ? html`<${SelectField}
            name="user_id"
            label=${t("invite_person")}
            value=${value.user_id}
            options=${[["", t("invite_person_choose")], ...others.map((m) => [m.user.id, `${m.user.display_name} (${memberRoleLabel(m.role).toLowerCase()})`])]}
            onChange=${(user_id) => set({ user_id })}
            error=${fields.user_id}
          />`
          : html`<p class="hint">${t("invite_no_members")}</p>`
        : html`<${Pending} result=${members} />`
    }
  `;
}

/** The invitation mail's language, for an address without an account (an account's own wins). */
export function MailLanguage({ value, onChange }) {
  return html`<${SelectField}
    name="language"
    label=${t("invite_language")}
    hint=${t("invite_language_hint")}
    value=${value}
    options=${LOCALES.map((locale) => [locale, messages[locale].locale_name])}
    onChange=${onChange}
  />`;
}

function InviteForm({ onDone }) {
  const organisations = useOrganisations();
  const shareables = useShareables();
  const [how, setHow] = useState("email");
  const [values, setValues] = useState({
    ...termsFrom(null),
    email: "",
    language: getLocale(),
    organisation_id: "",
    user_id: "",
  });
  const set = (changes) => setValues((v) => ({ ...v, ...changes }));
  const check = () => {
    const problems = checkTerms(values);
    if (how === "email" && !EMAIL.test(values.email.trim())) problems.email = t("field_email");
    if (how === "organisation" && !values.user_id) problems.user_id = t("field_person");
    return problems;
  };
  const { submit, busy, error, fields } = useSubmit(
    async () => {
      const who =
        how === "email"
          ? { email: values.email.trim(), language: values.language }
          : { user_id: values.user_id, organisation_id: values.organisation_id };
      const result = await api("POST", `/dossiers/${ownDossierId()}/grants`, { ...termsPayload(values), ...who });
      notify(
        result.invitation
          ? t("invite_sent", { email: result.invitation.email })
          : t("grant_given", { name: result.grant.grantee.display_name }),
      );
      setValues({
        ...termsFrom(null),
        email: "",
        language: values.language,
        organisation_id: values.organisation_id,
        user_id: "",
      });
      onDone();
    },
    { check },
  );
  return html`<form class="panel" novalidate aria-labelledby="invite-heading" onSubmit=${submit}>
    <h2 id="invite-heading">${t("invite_title")}</h2>
    <${ErrorBox} error=${error} />
    <${RadioGroup} legend=${t("invite_how")} name="how" className="segmented-radios" value=${how} onChange=${setHow} options=${[["email", t("invite_by_email")], ["organisation", t("invite_from_organisation")]]} />
    ${
      how === "email"
        ? html`<${Field} name="email" type="email" label=${t("email")} hint=${t("invite_email_hint")} autocomplete="off" inputmode="email" autocapitalize="none" spellcheck="false" maxlength="254" value=${values.email} onInput=${(email) => set({ email })} error=${fields.email} />
          <${MailLanguage} value=${values.language} onChange=${(language) => set({ language })} />`
        : organisations.data
          ? html`<${PersonFromOrganisation} organisations=${organisations.data.filter((o) => o.status !== "pending")} value=${values} set=${set} fields=${fields} />`
          : html`<${Pending} result=${organisations} />`
    }
    <${TermsFields} values=${values} set=${set} fields=${fields} shareables=${shareables} />
    <button type="submit" class="button primary wide" disabled=${busy}>${busy ? t("saving") : t(how === "email" ? "invite_submit" : "grant_submit")}</button>
  </form>`;
}

function GrantEditor({ grant, onDone, onCancel }) {
  const shareables = useShareables();
  const [values, setValues] = useState(termsFrom(grant));
  const set = (changes) => setValues((v) => ({ ...v, ...changes }));
  const { submit, busy, error, fields } = useSubmit(
    async () => {
      await api("PATCH", `/grants/${grant.id}`, termsPayload(values));
      notify(t("grant_changed", { name: grant.grantee.display_name }));
      onDone();
    },
    { check: () => checkTerms(values) },
  );
  return html`<form class="grant-editor" novalidate aria-label=${t("grant_change_named", { name: grant.grantee.display_name })} onSubmit=${submit}>
    <${ErrorBox} error=${error} />
    <${TermsFields} values=${values} set=${set} fields=${fields} shareables=${shareables} />
    <div class="actions-row">
      <button type="submit" class="button primary" disabled=${busy}>${busy ? t("saving") : t("save")}</button>
      <button type="button" class="button" onClick=${onCancel}>${t("cancel")}</button>
    </div>
  </form>`;
}

function limitsText(grant) {
  if (grant.evidence_ids) return t("grant_limit_evidence", { count: grant.evidence_ids.length });
  if (grant.item_ids) return t("grant_limit_competencies", { count: grant.item_ids.length });
  return t("grant_limit_all");
}

const ratesText = (grant) => (grant.role === "coach" && grant.coach_may_rate ? ` · ${t("grant_coach_rates")}` : "");

/** "1 mrt 2027 – 30 apr 2027": an internship's first and last day. */
export const internshipPeriod = (internship) =>
  t("internship_period", {
    start: formatCalendarDay(internship.starts_on),
    end: formatCalendarDay(internship.ends_on),
  });

function GrantCard({ grant, onChanged }) {
  const [editing, setEditing] = useState(false);
  const name = grant.grantee.display_name;
  const internship = grant.internship;
  const ask = internship
    ? t("internship_end_confirm", { workplace: internship.workplace, supervisor: name })
    : t("grant_revoke_confirm", { name });
  const revoke = async () => {
    if (!window.confirm(ask)) return;
    try {
      // A grant for an internship ends with the internship (and its workplace links).
      if (internship) await api("POST", `/internships/${internship.id}/end`);
      else await api("DELETE", `/grants/${grant.id}`);
      notify(internship ? t("internship_ended", { workplace: internship.workplace }) : t("grant_revoked", { name }));
      onChanged();
      document.querySelector("#main h1")?.focus();
    } catch (err) {
      notify(errorText(err));
    }
  };
  const revokeLabel = internship ? t("internship_end") : t("grant_revoke");
  return html`<li class="grant" data-id=${grant.id}>
    <h3>${name}</h3>
    <p class="grant-role">${roleLabel(grant.role)}${grant.organisation_id ? ` · ${t("grant_through_organisation")}` : ""}</p>
    ${
      internship
        ? html`<p class="grant-origin">${t("grant_origin_internship", {
            by: grant.proposed_by ? grant.proposed_by.display_name : t("someone"),
            workplace: internship.workplace,
            date: formatCalendarDay(internship.ends_on),
          })}</p>`
        : null
    }
    <p>${t("grant_may")}: <strong>${scopesText(grant.scopes)}</strong></p>
    <p class="meta">${limitsText(grant)}${ratesText(grant)} · ${grant.expires_at ? t("grant_until_date", { date: formatDay(grant.expires_at) }) : t("grant_no_end")}</p>
    ${
      editing
        ? html`<${GrantEditor}
          grant=${grant}
          onDone=${() => {
            setEditing(false);
            onChanged();
          }}
          onCancel=${() => setEditing(false)}
        />`
        : html`<div class="actions-row">
          <button type="button" class="button small" aria-label=${`${t("grant_change")}: ${name}`} onClick=${() => setEditing(true)}>${t("grant_change")}</button>
          <button type="button" class="button small danger" onClick=${revoke} aria-label=${`${revokeLabel}: ${name}`}>${revokeLabel}</button>
        </div>`
    }
  </li>`;
}

function PendingInvitations({ invitations }) {
  const [busy, setBusy] = useState(null);
  if (!invitations.data || !invitations.data.length) return null;
  const withdraw = async (invitation) => {
    if (!confirm(t("invitation_withdraw_confirm", { email: invitation.email }))) return;
    setBusy(invitation.id);
    try {
      await api("DELETE", `/dossiers/${ownDossierId()}/invitations/${invitation.id}`);
      notify(t("invitation_withdrawn", { email: invitation.email }));
      invitations.reload();
    } catch (err) {
      notify(errorText(err));
    } finally {
      setBusy(null);
    }
  };
  return html`<section aria-labelledby="invitations-heading">
    <h2 id="invitations-heading">${t("invitations_pending")}</h2>
    <ul class="grant-list" aria-labelledby="invitations-heading">
      ${invitations.data.map(
        (i) => html`<li class="card" key=${i.id}>
          <p><strong>${i.email}</strong> · ${roleLabel(i.role).toLowerCase()}</p>
          <p>${t("grant_may")}: <strong>${scopesText(i.scopes)}</strong></p>
          <p class="meta">${t("invitation_valid_until", { date: formatDay(i.expires_at) })}</p>
          <button type="button" class="button small danger" disabled=${busy === i.id} onClick=${() => withdraw(i)} aria-label=${`${t("invitation_withdraw")}: ${i.email}`}>${t("invitation_withdraw")}</button>
        </li>`,
      )}
    </ul>
  </section>`;
}

/** Internships a coordinator proposed that wait for my answer (given on their own screen). */
function PendingInternships({ internships }) {
  const waiting = (internships.data ? internships.data.items : []).filter((i) => i.you.decide);
  if (!waiting.length) return null;
  return html`<section aria-labelledby="internships-pending-heading">
    <h2 id="internships-pending-heading">${t("internships_pending_title")}</h2>
    <ul class="grant-list" aria-labelledby="internships-pending-heading">
      ${waiting.map(
        (i) => html`<li class="card" key=${i.id}>
          <p>${t("internship_pending_line", {
            by: i.proposed_by ? i.proposed_by.display_name : t("someone"),
            supervisor: i.supervisor_name,
            workplace: i.workplace,
            period: internshipPeriod(i),
          })}</p>
          <a class="button small primary" href=${`#/internship/${i.id}`}>${t("internship_pending_open")}</a>
        </li>`,
      )}
    </ul>
  </section>`;
}

/** Per school of mine: may its coordinators arrange internships without asking me each time? */
function SchoolConsents() {
  const organisations = useOrganisations();
  const url = `/dossiers/${ownDossierId()}/internship-consents`;
  const consents = useLoad(() => api("GET", url), [url]);
  // The switch shows the new position at once, while the server is asked.
  const [wanted, setWanted] = useState({});
  const schools = (organisations.data || []).filter((o) => o.kind === "education" && o.status === "active");
  if (!schools.length || !consents.data) return null;
  const consentOf = (school) => consents.data.find((c) => c.school.id === school.id);
  const isOn = (school) => (school.id in wanted ? wanted[school.id] : Boolean(consentOf(school)));
  const settled = (school) =>
    setWanted((w) => {
      const { [school.id]: _, ...rest } = w;
      return rest;
    });
  const change = async (school, on) => {
    setWanted((w) => ({ ...w, [school.id]: on }));
    try {
      if (on) await api("POST", url, { organisation_id: school.id });
      else await api("DELETE", `${url}/${consentOf(school).id}`);
      notify(t(on ? "consent_on_done" : "consent_off_done", { school: school.name }));
      await consents.reload();
    } catch (err) {
      notify(errorText(err));
    } finally {
      settled(school);
    }
  };
  return html`<section class="panel" aria-labelledby="consent-heading">
    <h2 id="consent-heading">${t("consent_title")}</h2>
    <p class="hint" id="consent-hint">${t("consent_hint")}</p>
    ${schools.map(
      (school) => html`<div class="check" key=${school.id}>
        <input type="checkbox" role="switch" id=${`consent-${school.id}`} aria-describedby="consent-hint" checked=${isOn(school)} disabled=${school.id in wanted} onChange=${(e) => change(school, e.currentTarget.checked)} />
        <label for=${`consent-${school.id}`}>${t("consent_switch", { school: school.name })}</label>
      </div>`,
    )}
  </section>`;
}

export function PeopleScreen() {
  const grants = useLoad(() => api("GET", `/dossiers/${ownDossierId()}/grants`), []);
  const invitations = useLoad(() => api("GET", `/dossiers/${ownDossierId()}/invitations`), []);
  const internships = useLoad(() => api("GET", `/dossiers/${ownDossierId()}/internships`), []);
  // A proposal, an answer or an ended internship shows here without a reload.
  useEffect(() => {
    watchDossier("/people", ownDossierId());
    return onLive((event) => {
      const news = event.kind === "internship_changed" || event.kind === "resync";
      if (!news || event.dossierId !== ownDossierId()) return;
      internships.reload();
      grants.reload();
    });
  }, [internships.reload, grants.reload]);
  return html`<${Screen} title=${t("people_title")} sub=${t("people_sub")}>
    <${PendingInternships} internships=${internships} />
    <section aria-labelledby="grants-heading">
      <h2 id="grants-heading">${t("grants_title")}</h2>
      ${
        grants.data
          ? grants.data.length
            ? html`<ul class="grant-list" aria-labelledby="grants-heading">${grants.data.map((g) => html`<${GrantCard} key=${g.id} grant=${g} onChanged=${grants.reload} />`)}</ul>`
            : html`<p class="notice">${t("grants_none")}</p>`
          : html`<${Pending} result=${grants} />`
      }
    </section>
    <${PendingInvitations} invitations=${invitations} />
    <${SchoolConsents} />
    <${InviteForm} onDone=${() => {
      grants.reload();
      invitations.reload();
    }} />
    <p class="actions-row">
      <a class="button" href="#/access-log">${t("access_log_title")}</a>
      <a class="button" href="#/organisations">${t("nav_organisations")}</a>
    </p>
  <//>`;
}

// --- the access log ------------------------------------------------------------------------

function actionText(entry) {
  const key = `log_${entry.action}`;
  return has(key) ? t(key) : entry.action;
}

// Who read, as the owner knows them: "Petra (werkgever)", or the CV link a recruiter used.
function logWho(entry) {
  if (entry.actor_role === "cv_link") return t("log_link", { label: entry.actor_label });
  const who = entry.actor_label || (entry.actor ? entry.actor.display_name : t("someone"));
  const role = `log_role_${entry.actor_role}`;
  return has(role) ? t("log_who_role", { who, role: t(role) }) : who;
}

/** A grant's terms as the server keeps them (JSON), in the reader's words; entries written
 * before that hold an English sentence, shown as it is. */
function grantTerms(detail) {
  let terms;
  try {
    terms = JSON.parse(detail);
  } catch {
    return null;
  }
  if (!terms || typeof terms !== "object" || !terms.role) return null;
  const limits = [
    terms.evidence != null ? t("log_grant_items", { count: terms.evidence }) : null,
    terms.competencies != null ? t("log_grant_competencies", { count: terms.competencies }) : null,
  ].filter(Boolean);
  return t("log_grant_terms", {
    name: terms.name || t("someone"),
    role: roleLabel(terms.role).toLowerCase(),
    scopes: scopesText(terms.scopes),
    limits: limits.length ? ` (${limits.join(", ")})` : "",
    until: `${terms.until ? t("log_grant_until", { date: formatDay(terms.until) }) : ""}${
      terms.proposed_by ? t("log_grant_proposed_by", { name: terms.proposed_by }) : ""
    }`,
  });
}

/** An internship as the server keeps it in the log (JSON), in the reader's words: "Jan Peeters
 * (Bakkerij De Korenaar), 1 mrt 2027 – 30 apr 2027: Bekijken, Reflecteren". */
function internshipTerms(detail) {
  let terms;
  try {
    terms = JSON.parse(detail);
  } catch {
    return detail;
  }
  if (!terms || typeof terms !== "object" || !terms.workplace) return detail;
  const text = t("log_internship_terms", {
    supervisor: terms.supervisor,
    workplace: terms.workplace,
    period: internshipPeriod({ starts_on: terms.from, ends_on: terms.until }),
    scopes: scopesText(terms.scopes),
  });
  return terms.consent ? `${text}${t("log_internship_by_consent")}` : text;
}

/** What a log sentence says was read or changed. */
function logWhat(entry) {
  return /^internship_(proposed|approved|declined|ended|withdrawn)$/.test(entry.action)
    ? internshipTerms(entry.detail)
    : entry.detail;
}

function LogEntry({ entry }) {
  const sentence = `log_sentence_${entry.action}`;
  const when = entry.last_at || entry.created_at;
  return html`<li>
    ${
      has(sentence)
        ? html`<p class="log-sentence">${t(sentence, { who: logWho(entry), what: logWhat(entry) })}${entry.count > 1 ? html` <span class="meta">(${t("log_times", { count: entry.count })})</span>` : null}</p>`
        : html`<p><strong>${entry.actor_label || (entry.actor ? entry.actor.display_name : t("someone"))}</strong> ${actionText(entry)}</p>
          ${entry.detail ? (grantTerms(entry.detail) ? html`<p class="log-detail">${grantTerms(entry.detail)}</p>` : html`<p class="log-detail" lang="en">${entry.detail}</p>`) : null}`
    }
    ${entry.action === "read_evidence" && entry.subject_id ? html`<p><a href=${`#/item/${entry.subject_id}`}>${t("log_open_item")}</a></p>` : null}
    <p class="meta"><time datetime=${when} title=${formatDate(when)}>${formatRelative(when)}</time></p>
  </li>`;
}

export function AccessLogScreen() {
  const url = `/dossiers/${ownDossierId()}/access-log`;
  const first = useLoad(() => api("GET", url), []);
  const [later, setLater] = useState({ items: [], next: undefined, busy: false, error: null });
  const next = later.next !== undefined ? later.next : first.data?.next_offset;
  const loadMore = async () => {
    setLater({ ...later, busy: true, error: null });
    try {
      const page = await api("GET", `${url}?offset=${next}`);
      setLater({ items: [...later.items, ...page.items], next: page.next_offset, busy: false, error: null });
    } catch (error) {
      setLater({ ...later, busy: false, error });
    }
  };
  const items = first.data ? [...first.data.items, ...later.items] : null;
  return html`<${Screen} title=${t("access_log_title")} sub=${t("access_log_sub")} back=${{ href: "#/people", label: t("back_people") }}>
    ${
      items
        ? items.length
          ? html`<ol class="log-list">${items.map((entry) => html`<${LogEntry} key=${entry.id} entry=${entry} />`)}</ol>
          ${later.error ? html`<${ErrorBox} error=${later.error} />` : null}
          ${
            next != null
              ? html`<button type="button" class="button wide" disabled=${later.busy} onClick=${loadMore}>${later.busy ? t("loading") : t("load_more")}</button>`
              : null
          }`
          : html`<p class="notice">${t("access_log_none")}</p>`
        : html`<${Pending} result=${first} />`
    }
  <//>`;
}

// --- organisations ---------------------------------------------------------------------------

function NewOrganisation({ onCreated }) {
  const [values, setValues] = useState({ name: "", kind: "education" });
  const { submit, busy, error, fields } = useSubmit(
    async () => {
      const created = await api("POST", "/organisations", values);
      notify(t("organisation_created", { name: created.name }));
      setValues({ name: "", kind: values.kind });
      onCreated(created);
    },
    { check: () => (values.name.trim() ? {} : { name: t("field_organisation_name") }) },
  );
  return html`<form class="panel" novalidate aria-labelledby="new-org-heading" onSubmit=${submit}>
    <h2 id="new-org-heading">${t("organisation_new")}</h2>
    <p class="hint">${t("organisation_new_hint")}</p>
    <${ErrorBox} error=${error} />
    <${Field} name="name" label=${t("organisation_name")} maxlength="200" value=${values.name} onInput=${(name) => setValues({ ...values, name })} error=${fields.name} />
    <${RadioGroup} legend=${t("organisation_kind")} name="kind" value=${values.kind} options=${[["education", t("org_kind_education")], ["work", t("org_kind_work")]]} onChange=${(kind) => setValues({ ...values, kind })} />
    <button type="submit" class="button primary" disabled=${busy}>${busy ? t("saving") : t("organisation_create")}</button>
  </form>`;
}

/** An organisation asks me to join: nothing counts until I say yes. */
function MembershipOffer({ organisation, onAnswered }) {
  const [busy, setBusy] = useState(false);
  const answer = async (yes) => {
    setBusy(true);
    try {
      await api("POST", `/memberships/${organisation.membership_id}/${yes ? "accept" : "decline"}`);
      notify(t(yes ? "membership_accepted" : "membership_declined", { organisation: organisation.name }));
      onAnswered();
    } catch (err) {
      setBusy(false);
      notify(errorText(err));
    }
  };
  return html`<li class="org-card">
    <strong>${organisation.name}</strong>
    <p>${t("membership_offer", { organisation: organisation.name, role: memberRoleLabel(organisation.my_role).toLowerCase() })}</p>
    <div class="actions">
      <button type="button" class="button primary small" disabled=${busy} onClick=${() => answer(true)}>${t("membership_accept")}</button>
      <button type="button" class="button small" disabled=${busy} onClick=${() => answer(false)}>${t("membership_decline")}</button>
    </div>
  </li>`;
}

export function OrganisationsScreen() {
  const organisations = useOrganisations();
  return html`<${Screen} title=${t("organisations_title")} sub=${t("organisations_sub")}>
    ${
      organisations.data
        ? organisations.data.length
          ? html`<ul class="card-list">
            ${organisations.data.map((o) =>
              o.status === "pending"
                ? html`<${MembershipOffer} key=${o.membership_id} organisation=${o} onAnswered=${organisations.reload} />`
                : html`<li class="org-card">
                    <a href=${`#/organisation/${o.id}`}><strong>${o.name}</strong></a>
                    <p class="meta">${t(`org_kind_${o.kind}`)} · ${t("organisation_my_role", { role: memberRoleLabel(o.my_role).toLowerCase() })}</p>
                  </li>`,
            )}
          </ul>`
          : html`<p class="notice">${t("organisations_none")}</p>`
        : html`<${Pending} result=${organisations} />`
    }
    <${NewOrganisation} onCreated=${(o) => go(`#/organisation/${o.id}`)} />
  <//>`;
}

function AddMember({ organisationId, onAdded }) {
  const [values, setValues] = useState({ email: "", role: "student" });
  const { submit, busy, error, fields } = useSubmit(
    async () => {
      const member = await api("POST", `/organisations/${organisationId}/members`, {
        email: values.email.trim(),
        role: values.role,
      });
      notify(t(member.status === "pending" ? "member_asked" : "member_added", { name: member.user.display_name }));
      setValues({ email: "", role: values.role });
      onAdded();
    },
    {
      check: () => (EMAIL.test(values.email.trim()) ? {} : { email: t("field_email") }),
      fieldsOf: (err) => {
        const known = fieldErrors(err);
        if (err.code === "unknown_person") known.email = t("error_unknown_person");
        if (err.code === "person_unverified") known.email = t("error_person_unverified");
        return known;
      },
    },
  );
  return html`<form class="panel" novalidate aria-labelledby="add-member-heading" onSubmit=${submit}>
    <h2 id="add-member-heading">${t("member_add")}</h2>
    <p class="hint">${t("member_add_hint")}</p>
    <${ErrorBox} error=${error} />
    <${Field} name="email" type="email" label=${t("email")} autocomplete="off" inputmode="email" autocapitalize="none" spellcheck="false" maxlength="254" value=${values.email} onInput=${(email) => setValues({ ...values, email })} error=${fields.email} />
    <${SelectField} name="role" label=${t("member_role")} value=${values.role} options=${MEMBER_ROLES.map((r) => [r, memberRoleLabel(r)])} onChange=${(role) => setValues({ ...values, role })} />
    <button type="submit" class="button primary" disabled=${busy}>${busy ? t("saving") : t("member_add_submit")}</button>
  </form>`;
}

const LOGO_TYPES = "image/png,image/jpeg,image/webp,image/heic,image/heif,image/gif";
const LOGO_MAX_BYTES = 2 * 1024 * 1024; // the server's limit (app/organisations.py)

/** A refused logo in words about logos (the general upload texts speak of videos and PDFs). */
function logoError(err) {
  if (err.status === 413 || err.code === "file_too_large" || err.code === "too_large")
    return new ApiError(err.status, "logo_too_large");
  if (err.status === 415 || ["unsupported_media_type", "polyglot_file", "damaged_file"].includes(err.code))
    return new ApiError(err.status, "logo_not_a_picture");
  return err;
}

/** The name, address and logo that reports print: every member sees them, administrators
 * change them (the logo is checked and cleaned by the server, this only says it in words). */
function OrganisationProfile({ organisation, admin, onSaved }) {
  const [values, setValues] = useState({
    name: organisation.name,
    address: organisation.address || "",
    blur_faces_under_16: Boolean(organisation.blur_faces_under_16),
  });
  const [file, setFile] = useState(null);
  const [inputKey, setInputKey] = useState(0);
  const save = useSubmit(
    async () => {
      const saved = await api("PATCH", `/organisations/${organisation.id}`, {
        name: values.name.trim(),
        address: values.address.trim(),
        blur_faces_under_16: values.blur_faces_under_16,
      });
      notify(t("organisation_profile_saved"));
      onSaved(saved);
    },
    { check: () => (values.name.trim() ? {} : { name: t("field_organisation_name") }) },
  );
  const logo = useSubmit(
    async () => {
      if (file.size > LOGO_MAX_BYTES) throw new ApiError(413, "logo_too_large");
      const body = new FormData();
      body.append("file", file);
      let saved;
      try {
        saved = await putForm(`/organisations/${organisation.id}/logo`, body);
      } catch (err) {
        throw logoError(err);
      }
      setFile(null);
      setInputKey((k) => k + 1);
      notify(t("organisation_logo_saved"));
      onSaved(saved);
    },
    { check: () => (file ? {} : { file: t("organisation_logo_choose_first") }), invalidCode: "logo_missing" },
  );
  const removeLogo = () =>
    logo.run(async () => {
      const saved = await api("DELETE", `/organisations/${organisation.id}/logo`);
      notify(t("organisation_logo_removed"));
      onSaved(saved);
    });
  const current = organisation.logo_url
    ? html`<img class="org-logo" src=${organisation.logo_url} alt=${t("organisation_logo_of", { name: organisation.name })} />`
    : html`<p class="meta">${t("organisation_logo_none")}</p>`;
  if (!admin) {
    return html`<section class="org-profile" aria-labelledby="org-profile-heading">
      <h2 id="org-profile-heading">${t("organisation_profile_title")}</h2>
      ${current}
      ${organisation.address ? html`<p class="org-address">${organisation.address}</p>` : null}
    </section>`;
  }
  return html`<section class="org-profile" aria-labelledby="org-profile-heading">
    <h2 id="org-profile-heading">${t("organisation_profile_title")}</h2>
    <p class="hint">${t("organisation_profile_hint")}</p>
    <form class="panel" novalidate aria-label=${t("organisation_profile_form")} onSubmit=${save.submit}>
      <${ErrorBox} error=${save.error} />
      <${Field} name="name" label=${t("organisation_name")} maxlength="200" value=${values.name} onInput=${(name) => setValues({ ...values, name })} error=${save.fields.name} />
      <${Field} name="address" multiline=${true} label=${t("organisation_address")} hint=${t("organisation_address_hint")} maxlength="500" value=${values.address} onInput=${(address) => setValues({ ...values, address })} error=${save.fields.address} />
      ${
        organisation.kind === "education"
          ? html`<label class="check">
            <input type="checkbox" name="blur_faces_under_16" checked=${values.blur_faces_under_16} onChange=${(e) => setValues({ ...values, blur_faces_under_16: e.currentTarget.checked })} />
            <span>${t("organisation_blur_under_16")}<small class="hint">${t("organisation_blur_under_16_hint")}</small></span>
          </label>`
          : null
      }
      <button type="submit" class="button primary" disabled=${save.busy}>${save.busy ? t("saving") : t("save")}</button>
    </form>
    <form class="panel" novalidate aria-label=${t("organisation_logo")} onSubmit=${logo.submit}>
      <h3>${t("organisation_logo")}</h3>
      ${current}
      <${ErrorBox} error=${logo.error} />
      <div class="field">
        <label for="org-logo-file">${t("organisation_logo_file")}</label>
        <p class="hint" id="org-logo-hint">${t("organisation_logo_hint")}</p>
        <input type="file" id="org-logo-file" key=${inputKey} class="file-plain" accept=${LOGO_TYPES} aria-describedby="org-logo-hint org-logo-error" aria-invalid=${logo.fields.file ? "true" : undefined} onChange=${(e) => setFile(e.currentTarget.files[0] || null)} />
        <p class="field-error" id="org-logo-error" hidden=${!logo.fields.file}>${logo.fields.file || ""}</p>
      </div>
      <div class="actions-row">
        <button type="submit" class="button primary" disabled=${logo.busy}>${logo.busy ? t("saving") : t("organisation_logo_upload")}</button>
        ${organisation.logo_url ? html`<button type="button" class="button danger" disabled=${logo.busy} onClick=${removeLogo}>${t("organisation_logo_remove")}</button>` : null}
      </div>
    </form>
  </section>`;
}

export function OrganisationScreen({ id }) {
  const organisations = useOrganisations();
  const members = useLoad(() => api("GET", `/organisations/${id}/members`), [id]);
  const organisation = organisations.data && organisations.data.find((o) => o.id === id);
  const back = { href: "#/organisations", label: t("back_organisations") };
  if (organisations.data && !organisation) {
    return html`<${Screen} title=${t("error_title")} back=${back}><p class="form-error" role="alert">${t("error_not_found")}</p><//>`;
  }
  if (!organisation)
    return html`<${Screen} title=${t("organisations_title")} back=${back}><${Pending} result=${organisations} /><//>`;
  const admin = organisation.my_role === "administrator";
  const end = async (member) => {
    const self = member.user.id === state.me.id;
    const question = self
      ? t("membership_leave_confirm", { name: organisation.name })
      : t("membership_end_confirm", { name: member.user.display_name });
    if (!window.confirm(question)) return;
    try {
      await api("DELETE", `/memberships/${member.id}`);
      notify(
        self
          ? t("membership_left", { name: organisation.name })
          : t("membership_ended", { name: member.user.display_name }),
      );
      if (self) go("#/organisations");
      else {
        members.reload();
        document.querySelector("#main h1")?.focus();
      }
    } catch (err) {
      notify(errorText(err));
    }
  };
  return html`<${Screen} title=${organisation.name} sub=${`${t(`org_kind_${organisation.kind}`)} · ${t("organisation_my_role", { role: memberRoleLabel(organisation.my_role).toLowerCase() })}`} back=${back}>
    <p class="hint">${t("organisation_no_access")}</p>
    <${OrganisationProfile} key=${organisation.id} organisation=${organisation} admin=${admin} onSaved=${(saved) => organisations.set(organisations.data.map((o) => (o.id === saved.id ? saved : o)))} />
    <section aria-labelledby="members-heading">
      <h2 id="members-heading">${t("members_title")}</h2>
      ${
        members.data
          ? html`<ul class="member-list" aria-labelledby="members-heading">
            ${members.data.map((m) => {
              const self = m.user.id === state.me.id;
              return html`<li class="member">
                <p><strong>${m.user.display_name}</strong>${self ? ` (${t("me")})` : ""}</p>
                <p class="meta">${memberRoleLabel(m.role)} · ${m.status === "pending" ? t("member_pending") : t("member_since", { date: formatDay(m.started_at) })}</p>
                ${
                  self || admin
                    ? html`<button type="button" class="button small danger" aria-label=${`${self ? t("membership_leave") : t("membership_end")}: ${self ? organisation.name : m.user.display_name}`} onClick=${() => end(m)}>
                      ${self ? t("membership_leave") : t("membership_end")}
                    </button>`
                    : null
                }
              </li>`;
            })}
          </ul>`
          : html`<${Pending} result=${members} />`
      }
    </section>
    ${admin ? html`<${AddMember} organisationId=${id} onAdded=${members.reload} />` : null}
  <//>`;
}

// --- an invitation, and what others shared with me ------------------------------------------

export function InvitationScreen({ token }) {
  const preview = useLoad(() => api("GET", `/invitations/${token}`), [token]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const accept = async () => {
    setBusy(true);
    try {
      const grant = await api("POST", `/invitations/${token}`);
      state.shared = null;
      await Promise.all([loadShared(), refreshSession()]); // whom I support changed
      notify(t("invitation_accepted"));
      go(`#/d/${grant.dossier_id}`);
    } catch (err) {
      // Accepting one's own invitation: the server says the dossier is yours already.
      setError(
        err.code === "invalid" && err.fields && err.fields.user_id ? new ApiError(err.status, "invitation_own") : err,
      );
      setBusy(false);
    }
  };
  const data = preview.data;
  let body;
  if (!data) {
    body = preview.error
      ? html`<div class="form-error" role="alert"><p>${preview.error.code === "expired" ? t("invitation_expired") : errorText(preview.error)}</p></div>
          <p><a class="button" href=${CASELOAD_HASH}>${caseloadTitle(state.me.caseload)}</a></p>`
      : html`<${Pending} result=${preview} />`;
  } else if (data.accepted) {
    body = html`<p class="notice">${t("invitation_used")}</p><p><a class="button" href=${CASELOAD_HASH}>${caseloadTitle(state.me.caseload)}</a></p>`;
  } else {
    body = html`<div class="panel">
      <p class="invitation-offer">${
        data.role && data.role !== "other"
          ? t("invitation_offer", { name: data.owner, role: roleLabel(data.role).toLowerCase() })
          : t("invitation_offer_plain", { name: data.owner })
      }</p>
      <ul class="invitation-may">${SCOPES.filter((s) => data.scopes.includes(s)).map((s) => html`<li>${t(`invitee_scope_${s}`, { name: data.owner })}</li>`)}</ul>
      ${data.grant_expires_at ? html`<p>${t("invitation_access_until", { date: formatDay(data.grant_expires_at) })}</p>` : null}
      <p class="meta">${t("invitation_valid_until", { date: formatDay(data.expires_at) })}</p>
      <${ErrorBox} error=${error} />
      <button type="button" class="button primary wide" disabled=${busy} onClick=${accept}>${busy ? t("loading") : t("invitation_accept")}</button>
    </div>`;
  }
  return html`<${Screen} title=${t("invitation_title")}>${body}<//>`;
}
