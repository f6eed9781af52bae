// The conversation around a dossier: the owner and everyone who may reflect or contribute.
// Messages with @mentions (chosen from the people in the conversation, who get a notification)
// and attachments; the owner keeps an attachment as evidence. New messages arrive live.
import { useEffect, useRef, useState } from "preact/hooks";
import { api, errorText, postForm } from "../api.js";
import { accessTo, homeHash, isOwn, loadShared } from "../dossiers.js";
import { t } from "../i18n.js";
import { onLive } from "../live.js";
import { notify, state } from "../state.js";
import { ErrorBox, Field, kindLabel, useSubmit } from "./common.js";
import { formatDate, html, Pending, roleLabel, Screen, useLoad } from "./kit.js";

/** Who can be mentioned: the owner and those who reflect or contribute now (the server says),
 * and, for their names, whoever wrote in the conversation before. */
function useParticipants(dossierId, messages) {
  const current = useLoad(() => api("GET", `/dossiers/${dossierId}/participants`), [dossierId]);
  const people = new Map();
  for (const p of current.data || []) {
    people.set(p.user.id, { id: p.user.id, name: p.user.display_name, role: p.role, current: true });
  }
  for (const m of messages || []) {
    if (m.author && !people.has(m.author.id))
      people.set(m.author.id, { id: m.author.id, name: m.author.display_name, role: m.author_role, current: false });
  }
  people.delete(state.me.id);
  return [...people.values()];
}

function Attachment({ message, mayKeep, onKept }) {
  const a = message.attachment;
  const [busy, setBusy] = useState(false);
  const keep = async () => {
    setBusy(true);
    try {
      await api("POST", `/evidence/${a.id}/review`, { action: "show" });
      notify(t("attachment_kept"));
      onKept();
    } catch (err) {
      notify(errorText(err));
      setBusy(false);
    }
  };
  return html`<div class="attachment">
    <a class="attachment-link" href=${`#/item/${a.id}`}>
      ${a.thumbnail_url ? html`<img src=${a.thumbnail_url} alt="" loading="lazy" />` : html`<span class="thumb-label" aria-hidden="true">${kindLabel(a.kind).slice(0, 1)}</span>`}
      <span>${a.title || kindLabel(a.kind)} <span class="meta">(${kindLabel(a.kind).toLowerCase()})</span></span>
    </a>
    ${
      a.in_dossier
        ? html`<p class="badge">${t("attachment_in_dossier")}</p>`
        : mayKeep
          ? html`<button type="button" class="button small primary" disabled=${busy} onClick=${keep} aria-label=${`${t("attachment_keep")}: ${a.title}`}>${t("attachment_keep")}</button>`
          : html`<p class="meta">${t("attachment_not_kept")}</p>`
    }
  </div>`;
}

function MessageForm({ dossierId, participants, mayAttach, onSent }) {
  const [body, setBody] = useState("");
  const [mentions, setMentions] = useState([]);
  const [file, setFile] = useState(null);
  const fileInput = useRef(null);
  const form = useRef(null);
  const toggle = (person, on) => {
    setMentions(on ? [...mentions, person.id] : mentions.filter((id) => id !== person.id));
    if (on && !body.includes(`@${person.name}`))
      setBody(`${body}${body && !body.endsWith(" ") ? " " : ""}@${person.name} `);
  };
  const { submit, busy, error, fields } = useSubmit(
    async () => {
      if (file) {
        const data = new FormData();
        data.append("file", file);
        data.append("body", body);
        await postForm(`/dossiers/${dossierId}/messages/attachment`, data);
      } else {
        await api("POST", `/dossiers/${dossierId}/messages`, { body, mentions });
      }
      setBody("");
      setMentions([]);
      setFile(null);
      if (fileInput.current) fileInput.current.value = "";
      notify(t("message_sent"));
      onSent();
      form.current?.querySelector("textarea")?.focus();
    },
    { check: () => (body.trim() || file ? {} : { body: t("field_message") }) },
  );
  return html`<form class="panel message-form" novalidate aria-labelledby="write-heading" onSubmit=${submit} ref=${form}>
    <h2 id="write-heading">${t("message_write")}</h2>
    <${ErrorBox} error=${error} />
    <${Field} name="body" label=${t("message_body")} multiline maxlength="10000" value=${body} onInput=${setBody} error=${fields.body} />
    ${
      participants.length
        ? html`<fieldset class="checks mention-picker">
          <legend>${t("message_mention")}</legend>
          <p class="hint">${t("message_mention_hint")}</p>
          ${participants.map(
            (p) => html`<div class="check">
              <input type="checkbox" id=${`mention-${p.id}`} checked=${mentions.includes(p.id)} onChange=${(e) => toggle(p, e.currentTarget.checked)} />
              <label for=${`mention-${p.id}`}>${p.name} <span class="check-sub">${roleLabel(p.role)}</span></label>
            </div>`,
          )}
        </fieldset>`
        : null
    }
    ${
      mayAttach
        ? html`<div class="field">
          <label for="message-file">${t("message_attach")}</label>
          <p class="hint" id="message-file-hint">${t(mentions.length ? "message_attach_no_mentions" : "message_attach_hint")}</p>
          <input type="file" id="message-file" class="file-plain" ref=${fileInput} accept="image/*,video/*,audio/*,application/pdf" aria-describedby="message-file-hint" onChange=${(e) => setFile(e.currentTarget.files[0] || null)} />
        </div>`
        : null
    }
    <button type="submit" class="button primary wide" disabled=${busy}>${busy ? t("saving") : t("message_send")}</button>
  </form>`;
}

export function ConversationScreen({ dossierId }) {
  const own = isOwn(dossierId);
  const messages = useLoad(() => api("GET", `/dossiers/${dossierId}/messages`), [dossierId]);
  const participants = useParticipants(dossierId, messages.data);
  useEffect(() => {
    if (!own && state.shared === null) loadShared();
    return onLive((event) => {
      const news = event.kind === "message_posted" || event.kind === "resync";
      if (news && event.dossierId === dossierId) messages.reload();
    });
  }, [dossierId, messages.reload]);
  const access = accessTo(dossierId);
  const names = new Map(participants.map((p) => [p.id, p.name]));
  names.set(state.me.id, state.me.display_name);
  const title = own ? t("conversation_title") : t("conversation_of", { name: access.name || "…" });
  return html`<${Screen} title=${title} sub=${t("conversation_sub")} back=${{ href: homeHash(dossierId), label: t(own ? "back" : "back_dossier") }}>
    ${
      messages.data
        ? messages.data.length
          ? html`<div role="log" aria-live="polite" aria-label=${t("conversation_messages")}><ol class="messages">
            ${messages.data.map((m) => {
              const mine = m.author && m.author.id === state.me.id;
              return html`<li class=${`message${mine ? " message-mine" : ""}`} key=${m.id}>
                <p class="message-head"><strong>${m.author ? m.author.display_name : t("someone")}</strong> · ${roleLabel(m.author_role).toLowerCase()}${m.coaching ? html` · <span class="meta coaching-status">${t("message_coaching")}</span>` : null}</p>
                ${m.body ? html`<p class="message-body">${m.body}</p>` : null}
                ${m.mentions && m.mentions.length ? html`<p class="meta">${t("message_mentions", { names: m.mentions.map((id) => names.get(id) || t("someone")).join(", ") })}</p>` : null}
                ${m.attachment ? html`<${Attachment} message=${m} mayKeep=${own} onKept=${messages.reload} />` : null}
                <p class="meta"><time datetime=${m.created_at}>${formatDate(m.created_at)}</time></p>
              </li>`;
            })}
          </ol></div>`
          : html`<p class="notice">${t("conversation_empty")}</p>`
        : html`<${Pending} result=${messages} />`
    }
    <${MessageForm} dossierId=${dossierId} participants=${participants.filter((p) => p.current)} mayAttach=${own || access.scopes.includes("contribute")} onSent=${messages.reload} />
  <//>`;
}
