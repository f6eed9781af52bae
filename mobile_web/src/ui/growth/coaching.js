// A dossier's coaching notes: the coach writes them, the owner reads them, nobody else.
import { useEffect, useId, useRef, useState } from "preact/hooks";
import { api, errorText } from "../../api.js";
import { accessTo, homeHash, loadShared } from "../../dossiers.js";
import { getLocale, personName, t } from "../../i18n.js";
import { notify, state } from "../../state.js";
import { ErrorBox, Field, useSubmit } from "../common.js";
import { formatDay, html, Pending, Screen, today, useFocusOnOpen, useHeadingFocus, useLoad } from "../kit.js";
import { MailLanguage } from "../people.js";
import "./shared.js"; // the growth texts

function NoteForm({ dossierId, ownerName, initial = null, onDone, onCancel = null }) {
  const editing = Boolean(initial);
  const [values, setValues] = useState({
    session_date: initial ? initial.session_date : today(),
    body: initial ? initial.body : "",
  });
  const headingId = useId();
  const form = useRef(null);
  useFocusOnOpen(editing, () => form.current?.querySelector("textarea"));
  const check = () => {
    const problems = {};
    if (!values.session_date) problems.session_date = t("field_session_date");
    if (!values.body.trim()) problems.body = t("field_body");
    return problems;
  };
  const { submit, busy, error, fields } = useSubmit(
    async () => {
      const saved = editing
        ? await api("PATCH", `/coaching-notes/${initial.id}`, {
            session_date: values.session_date,
            body: values.body.trim(),
          })
        : await api("POST", `/dossiers/${dossierId}/coaching-notes`, {
            session_date: values.session_date,
            body: values.body.trim(),
          });
      notify(t(editing ? "coaching_saved" : "coaching_added"));
      if (!editing) setValues({ session_date: today(), body: "" });
      onDone(saved);
    },
    { check },
  );
  return html`<form class="panel" novalidate aria-labelledby=${headingId} onSubmit=${submit} ref=${form}>
    <h2 id=${headingId}>${editing ? t("coaching_edit_named", { date: formatDay(initial.session_date) }) : t("coaching_new")}</h2>
    <${ErrorBox} error=${error} />
    <${Field} name="session_date" type="date" label=${t("coaching_date")} value=${values.session_date} onInput=${(session_date) => setValues((v) => ({ ...v, session_date }))} error=${fields.session_date} />
    <${Field} name="body" label=${t("coaching_body")} hint=${t("coaching_body_hint", { name: ownerName })} multiline maxlength="20000" value=${values.body} onInput=${(body) => setValues((v) => ({ ...v, body }))} error=${fields.body} />
    <div class="actions-row">
      <button type="submit" class="button primary" disabled=${busy}>${busy ? t("saving") : t(editing ? "save" : "coaching_submit")}</button>
      ${onCancel ? html`<button type="button" class="button" disabled=${busy} onClick=${onCancel}>${t("cancel")}</button>` : null}
    </div>
  </form>`;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** What a coach needs: to see the portfolio and reflect on it (levels only when asked). */
const COACH_SCOPES = ["view", "reflect"];

/** The owner without a coach: invite one here, by e-mail, instead of a dead end. */
function CoachInvite({ dossierId }) {
  const team = useLoad(async () => {
    const [grants, invitations] = await Promise.all([
      api("GET", `/dossiers/${dossierId}/grants`),
      api("GET", `/dossiers/${dossierId}/invitations`),
    ]);
    return { coach: grants.some((g) => g.role === "coach"), invited: invitations.filter((i) => i.role === "coach") };
  }, [dossierId]);
  const [values, setValues] = useState({ email: "", language: getLocale() });
  const check = () => (EMAIL.test(values.email.trim()) ? {} : { email: t("field_email") });
  const { submit, busy, error, fields } = useSubmit(
    async () => {
      const sent = await api("POST", `/dossiers/${dossierId}/grants`, {
        email: values.email.trim(),
        role: "coach",
        scopes: COACH_SCOPES,
        language: values.language,
      });
      notify(t("invite_sent", { email: sent.invitation.email }));
      await team.reload();
    },
    { check },
  );
  if (!team.data) return team.error ? html`<${Pending} result=${team} />` : null;
  if (team.data.coach) return null;
  if (team.data.invited.length)
    return html`<p class="notice">${t("coach_invited", { email: team.data.invited[0].email })}</p>`;
  return html`<form class="panel" novalidate aria-labelledby="coach-invite" onSubmit=${submit}>
    <h2 id="coach-invite">${t("coach_invite_title")}</h2>
    <p>${t("coach_invite_text")}</p>
    <${ErrorBox} error=${error} />
    <${Field} name="email" type="email" label=${t("email")} autocomplete="off" inputmode="email" autocapitalize="none" spellcheck="false" maxlength="254" value=${values.email} onInput=${(email) => setValues((v) => ({ ...v, email }))} error=${fields.email} />
    <${MailLanguage} value=${values.language} onChange=${(language) => setValues((v) => ({ ...v, language }))} />
    <button type="submit" class="button primary wide" disabled=${busy}>${busy ? t("saving") : t("coach_invite_submit")}</button>
  </form>`;
}

export function CoachingScreen({ dossierId }) {
  useHeadingFocus();
  const access = accessTo(dossierId);
  const coach = !access.owner && access.role === "coach";
  const allowed = access.owner || coach;
  useEffect(() => {
    if (!access.known && state.shared === null) loadShared();
  }, []);
  const notes = useLoad(
    () => (allowed ? api("GET", `/dossiers/${dossierId}/coaching-notes`) : Promise.resolve(null)),
    [dossierId, allowed],
  );
  const [editing, setEditing] = useState(null);
  const [removing, setRemoving] = useState(null);
  const title = access.owner ? t("coaching_title_owner") : t("coaching_title_coach", { name: access.name || "…" });
  const back = { href: homeHash(dossierId), label: t(access.owner ? "back" : "back_dossier") };
  const frame = (
    content,
  ) => html`<${Screen} title=${title} back=${back} sub=${allowed ? t(access.owner ? "coaching_private_owner" : "coaching_private_coach", { name: access.name }) : null}>
    ${content}
  <//>`;
  if (!access.known) return frame(html`<p class="loading-line" role="status">${t("loading")}</p>`);
  if (!allowed) return frame(html`<p class="notice">${t("coaching_not_here")}</p>`);
  const list = notes.data || [];
  const replace = (saved) => notes.set(list.map((n) => (n.id === saved.id ? saved : n)));
  const remove = async (note) => {
    if (!confirm(t("coaching_remove_confirm", { date: formatDay(note.session_date) }))) return;
    setRemoving(note.id);
    try {
      await api("DELETE", `/coaching-notes/${note.id}`);
      notes.set(list.filter((n) => n.id !== note.id));
      notify(t("coaching_removed"));
    } catch (err) {
      notify(errorText(err));
    } finally {
      setRemoving(null);
    }
  };
  return frame(html`
    ${coach ? html`<${NoteForm} dossierId=${dossierId} ownerName=${access.name} onDone=${(saved) => notes.set([saved, ...list].sort((a, b) => b.session_date.localeCompare(a.session_date)))} />` : null}
    ${access.owner ? html`<${CoachInvite} dossierId=${dossierId} />` : null}
    <section aria-labelledby="coaching-notes">
      <h2 id="coaching-notes">${t("coaching_list")}</h2>
      ${
        notes.data === undefined || notes.error
          ? html`<${Pending} result=${notes} />`
          : list.length
            ? html`<ol class="card-list coaching-list" aria-labelledby="coaching-notes">
              ${list.map((note) =>
                editing === note.id
                  ? html`<li key=${note.id}><${NoteForm} dossierId=${dossierId} ownerName=${access.name} initial=${note} onDone=${(
                      saved,
                    ) => {
                      replace(saved);
                      setEditing(null);
                    }} onCancel=${() => setEditing(null)} /></li>`
                  : html`<li class="coaching-note" key=${note.id}>
                      <h3 class="entry-title"><time datetime=${note.session_date}>${formatDay(note.session_date)}</time></h3>
                      <p class="meta">
                        ${t("coaching_by", { name: note.coach ? note.coach.display_name : personName(note.coach_name) })}
                        ${note.updated_at && note.created_at && note.updated_at.slice(0, 19) !== note.created_at.slice(0, 19) ? ` · ${t("coaching_edited")}` : ""}
                      </p>
                      <p class="coaching-body">${note.body}</p>
                      <div class="actions-row">
                        ${
                          coach && note.coach && note.coach.id === state.me.id
                            ? html`<button type="button" class="button small" aria-label=${t("coaching_edit_named", { date: formatDay(note.session_date) })} onClick=${() => setEditing(note.id)}>${t("item_edit")}</button>`
                            : null
                        }
                        ${
                          access.owner || (note.coach && note.coach.id === state.me.id)
                            ? html`<button type="button" class="button small danger" disabled=${removing === note.id} aria-label=${t("coaching_remove_named", { date: formatDay(note.session_date) })} onClick=${() => remove(note)}>${t("coaching_remove")}</button>`
                            : null
                        }
                      </div>
                    </li>`,
              )}
            </ol>`
            : html`<p class="meta">${t(coach ? "coaching_none_coach" : "coaching_none_owner")}</p>`
      }
    </section>
  `);
}
