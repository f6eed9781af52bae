// Reflections from every role: on an evidence item (read, add with free text, STARR or
// Korthagen, optionally on one of its competencies with a level; edit and withdraw your own),
// and side by side per competency, with the levels each role gave over time.
import { useEffect, useId, useRef, useState } from "preact/hooks";
import { api, errorText } from "../api.js";
import { accessTo, sharedInfo } from "../dossiers.js";
import { DELETED_ACCOUNT, has, personName, t } from "../i18n.js";
import { onLive } from "../live.js";
import { notify, state } from "../state.js";
import { ErrorBox, Field, fieldErrors, useSubmit } from "./common.js";
import { ENDORSING_ROLES, MakeCredential } from "./issued-credentials.js";
import {
  Competency,
  formatDate,
  formatDay,
  frameworkDetail,
  html,
  RadioGroup,
  roleLabel,
  SelectField,
  useFocusOnOpen,
} from "./kit.js";

export const MODEL_FIELDS = {
  free: ["text"],
  starr: ["situatie", "taak", "actie", "resultaat", "reflectie"],
  korthagen: ["handelen", "terugblikken", "bewustwording", "alternatieven", "uitproberen"],
};
const MODELS = Object.keys(MODEL_FIELDS);
/** A coach gives levels only when the owner's grant says so (coach_may_rate). */
const mayRate = (dossierId) => {
  const shared = sharedInfo(dossierId);
  return !shared || shared.role !== "coach" || Boolean(shared.coach_may_rate);
};
const modelLabel = (model) => (has(`model_${model}`) ? t(`model_${model}`) : model);

/** What a reflection says, with the prompts of its model as labels. */
function ReflectionText({ reflection }) {
  const fields = MODEL_FIELDS[reflection.model] || Object.keys(reflection.content || {});
  const content = reflection.content || {};
  if (reflection.model === "free") return html`<p class="reflection-text">${content.text}</p>`;
  return html`<dl class="reflection-fields">
    ${fields
      .filter((name) => content[name])
      .map((name) => html`<div><dt>${t(`reflect_field_${name}`)}</dt><dd>${content[name]}</dd></div>`)}
  </dl>`;
}

export function LevelText({ level, label }) {
  if (!level) return null;
  return html`<p class="level"><span class="level-label">${t("level")}:</span> ${label || level} <span class="meta">(${t("level_number", { level })})</span></p>`;
}

function History({ reflection }) {
  const [versions, setVersions] = useState(null);
  const [open, setOpen] = useState(false);
  const id = useId();
  const toggle = async () => {
    if (!open && versions === null) {
      try {
        setVersions((await api("GET", `/reflections/${reflection.id}`)).versions);
      } catch (err) {
        notify(errorText(err));
        return;
      }
    }
    setOpen(!open);
  };
  return html`<div class="history">
    <button type="button" class="button link" aria-expanded=${open ? "true" : "false"} aria-controls=${id} onClick=${toggle}>
      ${t(open ? "reflection_history_hide" : "reflection_history_show")}
    </button>
    <ol id=${id} class="history-list" hidden=${!open}>
      ${(versions || []).map(
        (v) => html`<li>
          <p class="meta">${t("reflection_version_of", { date: formatDate(v.created_at) })}</p>
          <${ReflectionText} reflection=${{ model: reflection.model, content: v.content }} />
          <${LevelText} level=${v.level} label=${v.level_label} />
        </li>`,
      )}
    </ol>
  </div>`;
}

/** One reflection: who (and in which role), when, what, the competency and level. */
export function ReflectionCard({ reflection, competency = null, evidenceLink = false, actions = null }) {
  // An author who is only a name came with an imported dossier: marked as such.
  const imported = !reflection.author && Boolean(reflection.author_name) && reflection.author_name !== DELETED_ACCOUNT;
  const author = reflection.author ? reflection.author.display_name : personName(reflection.author_name);
  // A comment from another e-portfolio (Mahara): its author's name, no role here.
  const source = reflection.imported_from ? t(`reflection_imported_from_${reflection.imported_from}`) : "";
  return html`<article class="reflection" data-id=${reflection.id}>
    <header class="reflection-head">
      ${
        source
          ? html`<p class="reflection-author"><span class="meta">${t("reflection_imported_mark")}</span> · <strong>${author}</strong></p>`
          : html`<p class="reflection-author"><strong>${author}</strong> · ${roleLabel(reflection.author_role).toLowerCase()}${imported ? html` · <span class="meta">${t("reflection_imported")}</span>` : null}</p>`
      }
      <p class="meta">
        <time datetime=${reflection.created_at}>${formatDate(reflection.created_at)}</time> · ${source ? source : modelLabel(reflection.model)}
        ${reflection.edited ? html` · <span class="edited">${t("reflection_edited")}</span>` : null}
      </p>
    </header>
    ${competency ? html`<p class="reflection-competency"><span class="level-label">${t("reflection_about")}:</span> <${Competency} code=${competency.human_code} statement=${competency.full_statement} /></p>` : null}
    <${ReflectionText} reflection=${reflection} />
    <${LevelText} level=${reflection.level} label=${reflection.level_label} />
    ${evidenceLink ? html`<p><a href=${`#/item/${reflection.evidence_id}`}>${t("reflection_evidence")}</a></p>` : null}
    ${reflection.edited ? html`<${History} reflection=${reflection} />` : null}
    ${actions}
  </article>`;
}

/** Levels of the scale of a competency's framework: [[position, label], ...]. */
function useLevels(frameworkId) {
  const [levels, setLevels] = useState([]);
  useEffect(() => {
    if (!frameworkId) {
      setLevels([]);
      return undefined;
    }
    let stopped = false;
    frameworkDetail(frameworkId)
      .then((framework) => !stopped && setLevels(framework.levels.map((l) => [l.position, l.quality])))
      .catch(() => !stopped && setLevels([]));
    return () => {
      stopped = true;
    };
  }, [frameworkId]);
  return levels;
}

function ReflectionForm({ item, initial = null, onDone, onCancel }) {
  const editing = Boolean(initial);
  const links = (item.competencies || []).filter((c) => !c.retired || (initial && initial.item_id === c.item_id));
  const [model, setModel] = useState(initial ? initial.model : "free");
  const [content, setContent] = useState(initial ? { ...initial.content } : {});
  const [itemId, setItemId] = useState(initial ? initial.item_id || "" : links.length === 1 ? links[0].item_id : "");
  const [level, setLevel] = useState(initial && initial.level ? String(initial.level) : "");
  const chosen = links.find((c) => c.item_id === itemId);
  const levels = useLevels(chosen ? chosen.framework_id : null);
  const form = useRef(null);
  useFocusOnOpen(editing, () => form.current?.querySelector("textarea"));

  const text = Object.fromEntries(MODEL_FIELDS[model].map((name) => [name, (content[name] || "").trim()]));
  const { submit, busy, error, fields } = useSubmit(
    async () => {
      const levelValue = level && levels.length ? Number(level) : null;
      const saved = editing
        ? await api("PATCH", `/reflections/${initial.id}`, {
            content: text,
            level: initial.item_id ? levelValue : null,
          })
        : await api("POST", `/evidence/${item.id}/reflections`, {
            model,
            content: text,
            item_id: itemId || null,
            level: itemId ? levelValue : null,
          });
      notify(t(editing ? "reflection_saved" : "reflection_added"));
      onDone(saved);
    },
    {
      check: () => (Object.values(text).some(Boolean) ? {} : { content: t("field_reflection_empty") }),
      invalidCode: "empty_reflection",
      fieldsOf: (err) =>
        err.code === "coach_may_not_rate" ? { level: t("error_coach_may_not_rate") } : fieldErrors(err),
    },
  );

  const headingId = useId();
  return html`<form class="reflection-form" novalidate aria-labelledby=${headingId} onSubmit=${submit} ref=${form}>
    <h3 id=${headingId}>${t(editing ? "reflection_edit" : "reflection_new")}</h3>
    <${ErrorBox} error=${error} />
    ${
      editing
        ? html`<p class="meta">${t("reflection_model")}: ${modelLabel(model)}</p>`
        : html`<${RadioGroup} legend=${t("reflection_model")} name="model" className="segmented-radios" value=${model} onChange=${setModel} options=${MODELS.map((m) => [m, modelLabel(m)])} />`
    }
    ${model !== "free" ? html`<p class="hint">${t(`model_${model}_hint`)}</p>` : null}
    ${MODEL_FIELDS[model].map(
      (name) => html`<${Field}
        key=${`${model}-${name}`}
        name=${name}
        label=${t(`reflect_field_${name}`)}
        hint=${has(`reflect_hint_${name}`) ? t(`reflect_hint_${name}`) : null}
        multiline
        maxlength="10000"
        value=${content[name] || ""}
        onInput=${(value) => setContent({ ...content, [name]: value })}
        error=${name === MODEL_FIELDS[model][0] ? fields.content : null}
      />`,
    )}
    ${
      editing
        ? null
        : links.length
          ? html`<${SelectField}
            name="item_id"
            label=${t("reflection_competency")}
            value=${itemId}
            options=${[["", t("reflection_competency_none")], ...links.map((c) => [c.item_id, `${c.human_code ? `${c.human_code} ` : ""}${c.full_statement}`.slice(0, 90)])]}
            onChange=${(value) => {
              setItemId(value);
              setLevel("");
            }}
            error=${fields.item_id}
          />`
          : html`<p class="hint">${t("reflection_link_first")}</p>`
    }
    ${
      (editing ? initial.item_id : itemId) && levels.length && mayRate(item.dossier_id)
        ? html`<${SelectField}
          name="level"
          label=${t("reflection_level")}
          value=${level}
          options=${[["", t("reflection_level_none")], ...levels.map(([position, label]) => [String(position), `${position}. ${label}`])]}
          onChange=${setLevel}
          error=${fields.level}
        />`
        : null
    }
    <div class="actions-row">
      <button type="submit" class="button primary" disabled=${busy}>${busy ? t("saving") : t(editing ? "save" : "reflection_submit")}</button>
      ${onCancel ? html`<button type="button" class="button" onClick=${onCancel}>${t("cancel")}</button>` : null}
    </div>
  </form>`;
}

/** A coach's reflection is the owner's and the coach's only: the owner may share it with
 * everyone who has access (a toggle, undone the same way); others never receive it. */
function CoachingPrivacy({ reflection, owner, onChange }) {
  const [busy, setBusy] = useState(false);
  const [shared, setShared] = useState(reflection.shared);
  useEffect(() => setShared(reflection.shared), [reflection.shared]);
  const toggle = async (event) => {
    const share = event.currentTarget.checked;
    setShared(share); // the toggle answers at once; a refusal puts it back
    setBusy(true);
    try {
      await api(share ? "POST" : "DELETE", `/reflections/${reflection.id}/share`);
      notify(t(share ? "coach_reflection_shared_done" : "coach_reflection_unshared_done"));
      await onChange();
    } catch (err) {
      setShared(!share);
      notify(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  return html`<div class="coaching-privacy">
    <p class="meta coaching-status">${shared ? t("coach_reflection_shared") : t(owner ? "coach_reflection_private_owner" : "coach_reflection_private_coach")}</p>
    ${
      owner
        ? html`<div class="check">
          <input type="checkbox" id=${`share-${reflection.id}`} checked=${shared} disabled=${busy} onChange=${toggle} />
          <label for=${`share-${reflection.id}`}>${t("coach_reflection_share")}</label>
        </div>`
        : null
    }
  </div>`;
}

/** The reflections on an evidence item, and a form for those who may reflect. */
export function Reflections({ item, mayReflect }) {
  const [list, setList] = useState(null);
  const [error, setError] = useState(null);
  const [editing, setEditing] = useState(null);
  const [adding, setAdding] = useState(false);
  const addButton = useRef(null);
  const load = () =>
    api("GET", `/evidence/${item.id}/reflections`)
      .then((reflections) => {
        setList(reflections);
        setError(null);
      })
      .catch(setError);
  useEffect(() => {
    load();
    // New reflections from others appear as they are written.
    return onLive((event) => {
      if (event.kind === "reflection_added" && event.evidence_id === item.id) load();
      else if (event.kind === "resync" && event.dossierId === item.dossier_id) load();
    });
  }, [item.id]);

  const byId = new Map((item.competencies || []).map((c) => [c.item_id, c]));
  const me = state.me && state.me.id;
  const owner = accessTo(item.dossier_id).owner;
  const withdraw = async (reflection) => {
    if (!window.confirm(t("reflection_withdraw_confirm"))) return;
    try {
      await api("DELETE", `/reflections/${reflection.id}`);
      notify(t("reflection_withdrawn"));
      await load();
      addButton.current?.focus();
    } catch (err) {
      notify(errorText(err));
    }
  };
  return html`<section class="panel" aria-labelledby="reflections-heading">
    <h2 id="reflections-heading">${t("reflections_title")}</h2>
    ${error ? html`<p class="form-error" role="alert">${errorText(error)}</p>` : null}
    ${list === null && !error ? html`<p class="loading-line">${t("loading")}</p>` : null}
    ${list && !list.length ? html`<p class="meta">${t("reflections_none")}</p>` : null}
    ${
      list && list.length
        ? html`<ol class="reflection-list">
          ${list.map(
            (r) => html`<li key=${r.id}>
              ${
                editing === r.id
                  ? html`<${ReflectionForm}
                    item=${item}
                    initial=${r}
                    onDone=${async () => {
                      setEditing(null);
                      await load();
                    }}
                    onCancel=${() => setEditing(null)}
                  />`
                  : html`<${ReflectionCard}
                    reflection=${r}
                    competency=${r.item_id ? byId.get(r.item_id) : null}
                    actions=${html`${r.coaching ? html`<${CoachingPrivacy} reflection=${r} owner=${owner} onChange=${load} />` : null}
                    ${owner && r.author && r.item_id && r.level != null && ENDORSING_ROLES.includes(r.author_role) ? html`<${MakeCredential} path=${`/reflections/${r.id}/credential`} />` : null}
                    ${
                      r.author && r.author.id === me
                        ? html`<div class="actions-row">
                          <button type="button" class="button small" onClick=${() => setEditing(r.id)}>${t("reflection_edit")}</button>
                          <button type="button" class="button small danger" onClick=${() => withdraw(r)}>${t("reflection_withdraw")}</button>
                        </div>`
                        : null
                    }`}
                  />`
              }
            </li>`,
          )}
        </ol>`
        : null
    }
    ${
      mayReflect
        ? adding
          ? html`<${ReflectionForm}
            item=${item}
            onDone=${async () => {
              setAdding(false);
              await load();
              requestAnimationFrame(() => addButton.current?.focus());
            }}
            onCancel=${() => {
              setAdding(false);
              requestAnimationFrame(() => addButton.current?.focus());
            }}
          />`
          : html`<button type="button" class="button primary" ref=${addButton} onClick=${() => setAdding(true)}>${t("reflection_new")}</button>`
        : null
    }
  </section>`;
}

// --- side by side ---------------------------------------------------------------------------

const MARKERS = ["circle", "square", "triangle", "diamond", "circle", "square", "triangle"];
const COLOURS = ["#1d4f6e", "#b3261e", "#2e6b1f", "#6b3fa0", "#8a5300", "#005f73", "#4d5868"];

function Marker({ shape, x, y, colour }) {
  if (shape === "square") return html`<rect x=${x - 4} y=${y - 4} width="8" height="8" fill=${colour} />`;
  if (shape === "triangle") return html`<path d=${`M${x} ${y - 5}L${x + 5} ${y + 4}H${x - 5}z`} fill=${colour} />`;
  if (shape === "diamond")
    return html`<path d=${`M${x} ${y - 5}L${x + 5} ${y}L${x} ${y + 5}L${x - 5} ${y}z`} fill=${colour} />`;
  return html`<circle cx=${x} cy=${y} r="4.5" fill=${colour} />`;
}

/** Levels per role over time as a small chart; the table next to it says the same in words. */
function LevelChart({ perspectives, scale, describedBy }) {
  const points = perspectives.flatMap((p) => p.levels.map((l) => Date.parse(l.at)));
  if (!points.length) return null;
  const maxLevel = Math.max(scale.length, ...perspectives.flatMap((p) => p.levels.map((l) => l.level)), 1);
  const [w, h, left, right, top, bottom] = [320, 150, 28, 12, 10, 22];
  const first = Math.min(...points);
  const last = Math.max(...points);
  const x = (at) =>
    last === first ? (left + w - right) / 2 : left + ((Date.parse(at) - first) / (last - first)) * (w - left - right);
  const y = (level) => top + (1 - (level - 1) / Math.max(1, maxLevel - 1)) * (h - top - bottom);
  return html`<figure class="level-chart">
    <svg viewBox=${`0 0 ${w} ${h}`} role="img" aria-label=${t("levels_chart_label")} aria-describedby=${describedBy}>
      ${Array.from({ length: maxLevel }, (_, i) => i + 1).map(
        (level) => html`<g>
          <line x1=${left} x2=${w - right} y1=${y(level)} y2=${y(level)} stroke="#d6d0c2" stroke-width="1" />
          <text x=${left - 8} y=${y(level) + 4} text-anchor="end" font-size="11" fill="#4d5868">${level}</text>
        </g>`,
      )}
      <text x=${left} y=${h - 6} font-size="11" fill="#4d5868">${formatDay(new Date(first).toISOString())}</text>
      ${last !== first ? html`<text x=${w - right} y=${h - 6} font-size="11" fill="#4d5868" text-anchor="end">${formatDay(new Date(last).toISOString())}</text>` : null}
      ${perspectives.map((p, i) => {
        if (!p.levels.length) return null;
        const colour = COLOURS[i % COLOURS.length];
        const line = p.levels.map((l) => `${x(l.at)},${y(l.level)}`).join(" ");
        return html`<g>
          <polyline points=${line} fill="none" stroke=${colour} stroke-width="2" stroke-dasharray=${i % 2 ? "5 3" : undefined} />
          ${p.levels.map((l) => html`<${Marker} shape=${MARKERS[i % MARKERS.length]} x=${x(l.at)} y=${y(l.level)} colour=${colour} />`)}
        </g>`;
      })}
    </svg>
    <figcaption>
      <ul class="chart-legend">
        ${perspectives.map((p, i) =>
          p.levels.length
            ? html`<li>
                <svg width="14" height="14" viewBox="0 0 14 14" aria-hidden="true" focusable="false"><${Marker} shape=${MARKERS[i % MARKERS.length]} x=${7} y=${7} colour=${COLOURS[i % COLOURS.length]} /></svg>
                ${roleLabel(p.role)}
              </li>`
            : null,
        )}
      </ul>
    </figcaption>
  </figure>`;
}

/** What every role says about one competency, side by side, and how their levels compare. */
export function Perspectives({ perspectives, scale = [] }) {
  const tableId = useId();
  if (!perspectives.length) return html`<p class="meta">${t("perspectives_none")}</p>`;
  const rows = perspectives
    .flatMap((p) => p.levels.map((l) => ({ ...l, role: p.role })))
    .sort((a, b) => (a.at < b.at ? -1 : 1));
  return html`${
    rows.length
      ? html`<section class="panel" aria-labelledby="levels-over-time">
          <h3 id="levels-over-time">${t("levels_over_time")}</h3>
          <${LevelChart} perspectives=${perspectives} scale=${scale} describedBy=${tableId} />
          <table class="levels-table" id=${tableId}>
            <caption class="visually-hidden">${t("levels_over_time")}</caption>
            <thead><tr><th scope="col">${t("levels_date")}</th><th scope="col">${t("levels_role")}</th><th scope="col">${t("level")}</th></tr></thead>
            <tbody>
              ${rows.map((r) => html`<tr><td>${formatDay(r.at)}</td><td>${roleLabel(r.role)}</td><td>${r.label ? `${r.level}. ${r.label}` : r.level}</td></tr>`)}
            </tbody>
          </table>
        </section>`
      : null
  }
    <div class="perspectives">
      ${perspectives.map((p) => {
        const latest = p.levels[p.levels.length - 1];
        const names = [
          ...new Set(p.reflections.map((r) => (r.author ? r.author.display_name : personName(r.author_name)))),
        ].join(", ");
        return html`<section class="perspective" aria-labelledby=${`persp-${p.role}`} data-role=${p.role}>
          <h3 id=${`persp-${p.role}`}>${roleLabel(p.role)}</h3>
          <p class="meta">${names}</p>
          ${latest ? html`<p class="perspective-level">${t("perspective_latest", { label: latest.label || latest.level, level: latest.level, date: formatDay(latest.at) })}</p>` : null}
          <ol class="reflection-list">
            ${p.reflections.map((r) => html`<li key=${r.id}><${ReflectionCard} reflection=${r} evidenceLink=${true} /></li>`)}
          </ol>
        </section>`;
      })}
    </div>`;
}
