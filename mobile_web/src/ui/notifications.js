// Notifications: the list (opening it marks them read), which kinds I want in the app and as
// push messages, and switching Web Push on or off for this browser.
import { useEffect, useState } from "preact/hooks";
import { api, errorText } from "../api.js";
import { has, personName, t } from "../i18n.js";
import { changed, notify, state } from "../state.js";
import { ErrorBox } from "./common.js";
import { formatDate, html, Pending, roleLabel, Screen, useLoad } from "./kit.js";

const KINDS = [
  "on_behalf_evidence",
  "reflection",
  "mention",
  "invitation",
  "coaching_note",
  "membership",
  "signature_request",
  "internship_proposal",
  "internship_answer",
];

function text(n) {
  const p = n.payload || {};
  const role = p.role ? roleLabel(p.role).toLowerCase() : "";
  const by = personName(p.by);
  // An answer about an internship says which answer; an invitation still to accept (it has a
  // link) is not access given yet.
  const answer = n.kind === "internship_answer" && has(`notification_internship_${p.status}`);
  let key = answer ? `notification_internship_${p.status}` : `notification_${n.kind}`;
  if (n.kind === "invitation" && p.token) key = "notification_invitation_pending";
  if (!has(key)) return n.kind;
  const values = { by, role, title: p.title || t("untitled_capture"), organisation: p.organisation || "" };
  return t(key, { ...values, owner: p.owner || "", workplace: p.workplace || "" });
}

function target(n) {
  const p = n.payload || {};
  if ((n.kind === "on_behalf_evidence" || n.kind === "reflection") && p.evidence_id) return `#/item/${p.evidence_id}`;
  if (n.kind === "mention" && n.dossier_id) return `#/dossier/${n.dossier_id}/conversation`;
  if (n.kind === "coaching_note" && n.dossier_id) return `#/dossier/${n.dossier_id}/coaching`;
  if (n.kind === "membership") return "#/organisations";
  if (n.kind === "signature_request" && p.report_id) return `#/report/${p.report_id}`;
  if (n.kind === "internship_proposal" && p.internship_id) return `#/internship/${p.internship_id}`;
  if (n.kind === "internship_answer" && n.dossier_id) return `#/dossier/${n.dossier_id}/internships`;
  if (n.kind === "invitation")
    return p.token ? `#/invitation/${p.token}` : n.dossier_id ? `#/d/${n.dossier_id}` : "#/people/mine";
  return null;
}

function NotificationList() {
  // Shown as they were when the screen opened: what was new stays marked "new" while reading.
  const list = useLoad(async () => {
    const result = await api("GET", "/notifications");
    if (result.unread) {
      api("POST", "/notifications", {})
        .then((after) => {
          state.unread = after.unread;
          changed();
        })
        .catch(() => {});
    }
    return result.items;
  }, []);
  if (!list.data) return html`<${Pending} result=${list} />`;
  if (!list.data.length) return html`<p class="notice">${t("notifications_none")}</p>`;
  return html`<ol class="notification-list" aria-labelledby="notifications-heading">
    ${list.data.map((n) => {
      const href = target(n);
      return html`<li class=${`notification${n.read ? "" : " unread"}`}>
        ${n.read ? null : html`<span class="badge badge-new">${t("notification_new")}</span> `}
        ${href ? html`<a href=${href}>${text(n)}</a>` : html`<span>${text(n)}</span>`}
        <p class="meta"><time datetime=${n.created_at}>${formatDate(n.created_at)}</time></p>
      </li>`;
    })}
  </ol>`;
}

function Settings() {
  const settings = useLoad(() => api("GET", "/me/notification-settings").then((r) => r.settings), []);
  const [values, setValues] = useState(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  useEffect(() => {
    if (settings.data) setValues(settings.data);
  }, [settings.data]);
  if (!values) return html`<${Pending} result=${settings} />`;
  const set = (kind, channel, on) => setValues({ ...values, [kind]: { ...values[kind], [channel]: on } });
  const submit = async (event) => {
    event.preventDefault();
    setBusy(true);
    try {
      settings.set((await api("PUT", "/me/notification-settings", { settings: values })).settings);
      setError(null);
      notify(t("notification_settings_saved"));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return html`<form class="panel" novalidate aria-labelledby="settings-heading" onSubmit=${submit}>
    <h2 id="settings-heading">${t("notification_settings")}</h2>
    <p class="hint">${t("notification_settings_hint")}</p>
    <${ErrorBox} error=${error} />
    ${KINDS.map(
      (kind) => html`<fieldset class="checks setting">
        <legend>${t(`notification_kind_${kind}`)}</legend>
        <div class="check">
          <input type="checkbox" id=${`${kind}-in-app`} checked=${values[kind].in_app} onChange=${(e) => set(kind, "in_app", e.currentTarget.checked)} />
          <label for=${`${kind}-in-app`}>${t("notification_in_app")}</label>
        </div>
        <div class="check">
          <input type="checkbox" id=${`${kind}-push`} checked=${values[kind].push} onChange=${(e) => set(kind, "push", e.currentTarget.checked)} />
          <label for=${`${kind}-push`}>${t("notification_push")}</label>
        </div>
      </fieldset>`,
    )}
    <button type="submit" class="button primary" disabled=${busy}>${busy ? t("saving") : t("save")}</button>
  </form>`;
}

/** The applicationServerKey as bytes (it comes base64url-encoded). */
function keyBytes(base64url) {
  const base64 = base64url.replace(/-/g, "+").replace(/_/g, "/") + "=".repeat((4 - (base64url.length % 4)) % 4);
  return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
}

const pushSupported = () => "serviceWorker" in navigator && "PushManager" in window && "Notification" in window;

function Push() {
  const [status, setStatus] = useState("checking"); // checking | unsupported | off | on | blocked | unavailable
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState("");
  useEffect(() => {
    if (!pushSupported()) {
      setStatus("unsupported");
      return;
    }
    if (Notification.permission === "denied") {
      setStatus("blocked");
      return;
    }
    navigator.serviceWorker.ready
      .then((registration) => registration.pushManager.getSubscription())
      .then((subscription) => setStatus(subscription ? "on" : "off"))
      .catch(() => setStatus("off"));
  }, []);

  const switchOn = async () => {
    setBusy(true);
    setMessage("");
    try {
      const { public_key: key } = await api("GET", "/push/key");
      if (!key) {
        setStatus("unavailable");
        return;
      }
      const permission = await Notification.requestPermission();
      if (permission !== "granted") {
        setStatus(permission === "denied" ? "blocked" : "off");
        return;
      }
      const registration = await navigator.serviceWorker.ready;
      const subscription = await registration.pushManager.subscribe({
        userVisibleOnly: true,
        applicationServerKey: keyBytes(key),
      });
      const { endpoint, keys } = subscription.toJSON();
      await api("POST", "/push/subscriptions", { endpoint, keys });
      setStatus("on");
      notify(t("push_on_done"));
    } catch (err) {
      setMessage(err && err.code ? errorText(err) : t("push_failed"));
    } finally {
      setBusy(false);
    }
  };
  const switchOff = async () => {
    setBusy(true);
    setMessage("");
    try {
      const registration = await navigator.serviceWorker.ready;
      const subscription = await registration.pushManager.getSubscription();
      if (subscription) {
        await api("DELETE", "/push/subscriptions", { endpoint: subscription.endpoint }).catch(() => {});
        await subscription.unsubscribe();
      }
      setStatus("off");
      notify(t("push_off_done"));
    } catch (err) {
      setMessage(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  return html`<section class="panel" aria-labelledby="push-heading">
    <h2 id="push-heading">${t("push_title")}</h2>
    <p class="hint">${t("push_hint")}</p>
    <p role="status">${status === "checking" ? "" : t(`push_status_${status}`)}</p>
    ${message ? html`<p class="field-error" role="alert">${message}</p>` : null}
    ${status === "off" ? html`<button type="button" class="button primary" disabled=${busy} onClick=${switchOn}>${t("push_on")}</button>` : null}
    ${status === "on" ? html`<button type="button" class="button" disabled=${busy} onClick=${switchOff}>${t("push_off")}</button>` : null}
  </section>`;
}

export function NotificationsScreen() {
  return html`<${Screen} title=${t("notifications_title")}>
    <section aria-labelledby="notifications-heading">
      <h2 id="notifications-heading" class="visually-hidden">${t("notifications_list")}</h2>
      <${NotificationList} />
    </section>
    <${Push} />
    <${Settings} />
  <//>`;
}
