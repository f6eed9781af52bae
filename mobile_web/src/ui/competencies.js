// Competencies: which frameworks my dossier works with ("Mijn kaders"); for those who need it
// (coordinators, teachers, whoever made or imported one) managing them on a screen of its own
// ("Kaders beheren": learning lines of my own, CASE import); one framework (read it, or edit
// a learning line of my own); and the competencies an evidence item is linked to, with a
// search to link it in at most three taps.
import { useEffect, useRef, useState } from "preact/hooks";
import { api, errorText, postForm } from "../api.js";
import { isOwn, ownDossierId } from "../dossiers.js";
import { addTexts, has, t } from "../i18n.js";
import { notify, state } from "../state.js";
import caseTexts from "../texts/case.js";
import { ErrorBox, Field, go, useSubmit } from "./common.js";
import { CompetencySearch } from "./competency-search.js";
import {
  Competency,
  forgetFramework,
  frameworkDetail,
  html,
  Pending,
  Screen,
  SelectField,
  useFocusOnOpen,
  useLoad,
} from "./kit.js";
import { managesFrameworks } from "./onboarding.js";

addTexts(caseTexts);

// --- "Mijn kaders" ---------------------------------------------------------------------------

/** My chosen frameworks; the others only on request (all of them while none is chosen). */
function ChooseFrameworks({ all, chosen, onSaved }) {
  const [values, setValues] = useState(chosen);
  const [showOthers, setShowOthers] = useState(false);
  useEffect(() => setValues(chosen), [chosen.join(",")]);
  const others = all.filter((f) => !chosen.includes(f.id));
  const shown =
    chosen.length && !showOthers
      ? all.filter((f) => chosen.includes(f.id))
      : [...all.filter((f) => chosen.includes(f.id)), ...others];
  const { submit, busy, error } = useSubmit(async () => {
    const saved = await api("PUT", `/dossiers/${ownDossierId()}/frameworks`, { framework_ids: values });
    notify(t("frameworks_saved"));
    onSaved(saved.map((f) => f.id));
  });
  const toggle = (id, on) => setValues(on ? [...values, id] : values.filter((v) => v !== id));
  return html`<form class="panel" novalidate aria-labelledby="choose-heading" onSubmit=${submit}>
    <h2 id="choose-heading">${t("frameworks_choose")}</h2>
    <p class="hint">${t("frameworks_choose_hint")}</p>
    <${ErrorBox} error=${error} />
    <ul class="framework-list">
      ${shown.map(
        (f) => html`<li class="framework-row">
          <div class="check">
            <input type="checkbox" id=${`fw-${f.id}`} checked=${values.includes(f.id)} onChange=${(e) => toggle(f.id, e.currentTarget.checked)} />
            <label for=${`fw-${f.id}`}>
              ${f.title}
              <span class="check-sub">${t("framework_count", { count: f.item_count })} · ${t(f.is_builtin ? "framework_builtin" : f.editable ? "framework_mine" : "framework_imported")}</span>
            </label>
          </div>
          <a class="button link small" href=${`#/framework/${f.id}`} aria-label=${t("framework_view_named", { title: f.title })}>${t("framework_view")}</a>
        </li>`,
      )}
    </ul>
    ${
      chosen.length && others.length
        ? html`<p>
          <button type="button" class="button link" aria-expanded=${showOthers ? "true" : "false"} onClick=${() => setShowOthers(!showOthers)}>
            ${showOthers ? t("frameworks_others_hide") : t("frameworks_others_show", { count: others.length })}
          </button>
        </p>`
        : null
    }
    <button type="submit" class="button primary" disabled=${busy}>${busy ? t("saving") : t("save")}</button>
  </form>`;
}

function NewLearningLine() {
  const [values, setValues] = useState({ title: "", description: "", language: "nl" });
  const { submit, busy, error, fields } = useSubmit(
    async () => {
      const created = await api("POST", "/frameworks", values);
      notify(t("learning_line_created"));
      go(`#/framework/${created.id}`);
    },
    { check: () => (values.title.trim() ? {} : { title: t("field_framework_title") }) },
  );
  return html`<form class="panel" novalidate aria-labelledby="new-line-heading" onSubmit=${submit}>
    <h2 id="new-line-heading">${t("learning_line_new")}</h2>
    <p class="hint">${t("learning_line_new_hint")}</p>
    <${ErrorBox} error=${error} />
    <${Field} name="title" label=${t("learning_line_title")} maxlength="500" value=${values.title} onInput=${(title) => setValues({ ...values, title })} error=${fields.title} />
    <${Field} name="description" label=${t("description_optional")} multiline maxlength="5000" value=${values.description} onInput=${(description) => setValues({ ...values, description })} error=${fields.description} />
    <${SelectField} name="language" label=${t("learning_line_language")} value=${values.language} options=${[["nl", "Nederlands"], ["en", "English"]]} onChange=${(language) => setValues({ ...values, language })} />
    <button type="submit" class="button primary" disabled=${busy}>${busy ? t("saving") : t("learning_line_create")}</button>
  </form>`;
}

/** The server names what is wrong with a CASE file (in English): show it as it is. */
function ImportProblem({ error }) {
  const ref = useRef(null);
  useEffect(() => {
    if (error && ref.current) ref.current.focus();
  }, [error]);
  if (!error) return null;
  const details = Object.entries(error.fields || {})
    .slice(0, 5)
    .map(([where, what]) => `${where}: ${[].concat(what).join(" ")}`);
  const own = error.code === "invalid_case" || error.code === "invalid";
  return html`<div class="form-error" role="alert" tabindex="-1" ref=${ref}>
    <p><strong>${t("import_failed")}</strong></p>
    ${own && error.serverMessage ? html`<p lang="en" class="server-message">${error.serverMessage}</p>` : html`<p>${errorText(error)}</p>`}
    ${details.length ? html`<ul lang="en">${details.map((text) => html`<li>${text}</li>`)}</ul>` : null}
    <p>${t("import_unchanged")}</p>
  </div>`;
}

/** What an import did, and what it repaired while reading the package (CASE servers write
 * numbers as text, dates without a time zone, ...): each repair in the reader's language. */
function ImportSummary({ result }) {
  const shown = result.warnings || [];
  return html`<div class="notice" role="status">
    <p>
      ${t(result.created ? "import_created" : "import_updated", {
        title: result.framework.title,
        added: result.items_added,
        updated: result.items_updated,
        retired: result.items_retired,
      })}
      ${" "}<a href=${`#/framework/${result.framework.id}`}>${t("framework_view")}</a>
    </p>
    ${
      result.warning_count
        ? html`<details class="import-warnings">
          <summary>${t("case_warnings", { count: result.warning_count })}</summary>
          <ul>
            ${shown.map(
              (w) =>
                html`<li><code lang="en">${w.path}</code>: ${has(`case_warning_${w.code}`) ? t(`case_warning_${w.code}`) : w.message}</li>`,
            )}
          </ul>
          ${result.warning_count > shown.length ? html`<p class="meta">${t("case_warnings_more", { count: result.warning_count - shown.length })}</p>` : null}
        </details>`
        : null
    }
  </div>`;
}

function ImportCase({ onImported }) {
  const [file, setFile] = useState(null);
  const [result, setResult] = useState(null);
  const { submit, busy, error } = useSubmit(
    async () => {
      setResult(null);
      const body = new FormData();
      body.append("file", file);
      const done = await postForm("/frameworks/import", body);
      setResult(done);
      forgetFramework(done.framework.id);
      onImported();
    },
    {
      check: () => (file ? {} : { file: t("error_missing_case_file") }),
      invalidCode: "missing_case_file",
      // The server's details are places in the CASE file, listed with the problem.
      fieldsOf: () => ({}),
    },
  );
  return html`<form class="panel" novalidate aria-labelledby="import-heading" onSubmit=${submit}>
    <h2 id="import-heading">${t("import_title")}</h2>
    <p class="hint">${t("import_hint")}</p>
    <${ImportProblem} error=${error} />
    ${result ? html`<${ImportSummary} result=${result} />` : null}
    <div class="field">
      <label for="case-file">${t("import_file")}</label>
      <input type="file" id="case-file" class="file-plain" accept=".json,application/json" onChange=${(e) => setFile(e.currentTarget.files[0] || null)} />
    </div>
    <button type="submit" class="button primary" disabled=${busy}>${busy ? t("loading") : t("import_submit")}</button>
  </form>`;
}

/** "Van een CASE-server": an address → the server's frameworks → choose one → import. */
function ImportFromServer({ onImported }) {
  const [url, setUrl] = useState("");
  const [documents, setDocuments] = useState(null);
  const [chosen, setChosen] = useState("");
  const [result, setResult] = useState(null);
  const lookup = useSubmit(
    async () => {
      setResult(null);
      setDocuments(null);
      const list = await api("POST", "/frameworks/case-server/documents", { url: url.trim() });
      setDocuments(list);
      setChosen(list.length === 1 ? list[0].identifier : "");
    },
    { check: () => (url.trim() ? {} : { url: t("error_missing_case_url") }), invalidCode: "missing_case_url" },
  );
  const importing = useSubmit(
    async () => {
      setResult(null);
      const done = await api("POST", "/frameworks/import-from-server", { url: url.trim(), document: chosen });
      setResult(done);
      forgetFramework(done.framework.id);
      onImported();
    },
    {
      check: () => (chosen ? {} : { document: t("error_missing_case_document") }),
      invalidCode: "missing_case_document",
      fieldsOf: () => ({}),
    },
  );
  const meta = (d) =>
    [d.creator, d.version ? t("case_document_version", { version: d.version }) : "", d.adoption_status]
      .filter(Boolean)
      .join(" · ");
  return html`<section class="panel" aria-labelledby="case-server-heading">
    <h2 id="case-server-heading">${t("case_server_title")}</h2>
    <p class="hint">${t("case_server_hint")}</p>
    <form novalidate onSubmit=${lookup.submit}>
      <${ErrorBox} error=${lookup.error} />
      <${Field} name="url" label=${t("case_server_url")} inputmode="url" autocomplete="url" placeholder="https://" maxlength="2000" value=${url} onInput=${setUrl} error=${lookup.fields.url} />
      <button type="submit" class="button" disabled=${lookup.busy}>${lookup.busy ? t("case_server_looking") : t("case_server_lookup")}</button>
    </form>
    ${
      documents
        ? documents.length
          ? html`<form novalidate onSubmit=${importing.submit}>
            <${ImportProblem} error=${importing.error} />
            <fieldset class="choices">
              <legend>${t("case_server_documents")}</legend>
              ${documents.map(
                (d) => html`<div class="check" key=${d.identifier}>
                  <input type="radio" name="case-document" id=${`case-doc-${d.identifier}`} checked=${chosen === d.identifier} onChange=${() => setChosen(d.identifier)} />
                  <label for=${`case-doc-${d.identifier}`}>
                    ${d.title}
                    ${meta(d) ? html`<span class="check-sub">${meta(d)}</span>` : null}
                  </label>
                </div>`,
              )}
            </fieldset>
            <button type="submit" class="button primary" disabled=${importing.busy}>${importing.busy ? t("case_server_importing") : t("case_server_import")}</button>
          </form>`
          : html`<p class="meta" role="status">${t("case_server_none")}</p>`
        : null
    }
    ${result ? html`<${ImportSummary} result=${result} />` : null}
  </section>`;
}

/** Making and importing frameworks is for those who need it: coordinators and teachers (their
 * school's learning lines), and whoever already made or imported one. */
const needsManagement = (all) => managesFrameworks(state.me) || all.some((f) => f.editable);

export function FrameworksScreen() {
  const all = useLoad(() => api("GET", "/frameworks"), []);
  const chosen = useLoad(
    () => api("GET", `/dossiers/${ownDossierId()}/frameworks`).then((list) => list.map((f) => f.id)),
    [],
  );
  return html`<${Screen} title=${t("frameworks_title")} sub=${t("frameworks_sub")}>
    ${
      all.data && chosen.data
        ? html`<${ChooseFrameworks} all=${all.data} chosen=${chosen.data} onSaved=${chosen.set} />
          ${
            needsManagement(all.data)
              ? html`<section class="panel" aria-labelledby="manage-heading">
                <h2 id="manage-heading">${t("frameworks_manage")}</h2>
                <p class="hint">${t("frameworks_manage_hint")}</p>
                <a class="button" href="#/frameworks/manage">${t("frameworks_manage")}</a>
              </section>`
              : null
          }`
        : html`<${Pending} result=${all.error ? all : chosen} />`
    }
  <//>`;
}

/** "Kaders beheren": learning lines of my own, making one, and CASE import; back to Mijn kaders. */
export function ManageFrameworksScreen() {
  const all = useLoad(() => api("GET", "/frameworks"), []);
  const mine = (all.data || []).filter((f) => f.editable);
  return html`<${Screen}
    title=${t("frameworks_manage_title")}
    sub=${t("frameworks_manage_sub")}
    back=${{ href: "#/frameworks", label: t("back_frameworks") }}
  >
    ${
      all.data
        ? html`<section class="panel" aria-labelledby="mine-heading">
            <h2 id="mine-heading">${t("learning_lines")}</h2>
            ${
              mine.length
                ? html`<ul class="plain-list">
                  ${mine.map((f) => html`<li><a href=${`#/framework/${f.id}`}>${f.title}</a> <span class="meta">${t("framework_count", { count: f.item_count })}</span></li>`)}
                </ul>`
                : html`<p class="meta">${t("learning_lines_none")}</p>`
            }
          </section>
          <${NewLearningLine} />
          <${ImportCase} onImported=${all.reload} />
          <${ImportFromServer} onImported=${all.reload} />`
        : html`<${Pending} result=${all} />`
    }
  <//>`;
}

// --- one framework: read it, or edit a learning line of my own ---------------------------------

/** Items in reading order as a tree: [{item, children: [...]}]. */
function tree(items) {
  const nodes = new Map(items.map((item) => [item.id, { item, children: [] }]));
  const roots = [];
  for (const item of items) {
    const node = nodes.get(item.id);
    const parent = item.parent_id && nodes.get(item.parent_id);
    (parent ? parent.children : roots).push(node);
  }
  return roots;
}

/** Nested lists of items; positions are 1-based among siblings, so "up" is index and "down" index + 2. */
function ItemTree({ nodes, editable, onMove, onRetire, onAddUnder, busy }) {
  return html`<ul class="item-tree">
    ${nodes.map(
      (node, index) => html`<li key=${node.item.id} data-item=${node.item.id}>
        <div class="item-row">
          <p class="item-text"><${Competency} code=${node.item.human_code} statement=${node.item.full_statement} /></p>
          ${
            editable
              ? html`<div class="item-actions">
                <button type="button" class="button small icon-button" data-move="up" aria-label=${t("item_up", { name: node.item.full_statement })} disabled=${busy || index === 0} onClick=${() => onMove(node.item, index)}>
                  <span aria-hidden="true">↑</span>
                </button>
                <button type="button" class="button small icon-button" data-move="down" aria-label=${t("item_down", { name: node.item.full_statement })} disabled=${busy || index === nodes.length - 1} onClick=${() => onMove(node.item, index + 2)}>
                  <span aria-hidden="true">↓</span>
                </button>
                <button type="button" class="button small" aria-label=${`${t("item_add_under")}: ${node.item.full_statement}`} disabled=${busy} onClick=${() => onAddUnder(node.item)}>
                  ${t("item_add_under")}
                </button>
                <button type="button" class="button small danger" aria-label=${`${t("item_retire")}: ${node.item.full_statement}`} disabled=${busy} onClick=${() => onRetire(node.item)}>
                  ${t("item_retire")}
                </button>
              </div>`
              : null
          }
        </div>
        ${node.children.length ? html`<${ItemTree} nodes=${node.children} editable=${editable} onMove=${onMove} onRetire=${onRetire} onAddUnder=${onAddUnder} busy=${busy} />` : null}
      </li>`,
    )}
  </ul>`;
}

function AddItem({ framework, parentId, setParentId, onAdded, formRef }) {
  const [values, setValues] = useState({ full_statement: "", human_code: "" });
  const { submit, busy, error, fields } = useSubmit(
    async () => {
      await api("POST", `/frameworks/${framework.id}/items`, { ...values, parent_id: parentId || null });
      setValues({ full_statement: "", human_code: "" });
      notify(t("item_added"));
      await onAdded();
      formRef.current?.querySelector("input")?.focus();
    },
    { check: () => (values.full_statement.trim() ? {} : { full_statement: t("field_full_statement") }) },
  );
  const options = [
    ["", t("item_parent_none")],
    ...framework.items.map((i) => [i.id, `${i.human_code ? `${i.human_code} ` : ""}${i.full_statement}`.slice(0, 80)]),
  ];
  return html`<form class="panel" novalidate aria-labelledby="add-item-heading" onSubmit=${submit} ref=${formRef}>
    <h2 id="add-item-heading">${t("item_add")}</h2>
    <${ErrorBox} error=${error} />
    <${Field} name="full_statement" label=${t("item_statement")} maxlength="5000" value=${values.full_statement} onInput=${(full_statement) => setValues({ ...values, full_statement })} error=${fields.full_statement} />
    <${Field} name="human_code" label=${t("item_code")} hint=${t("item_code_hint")} maxlength="100" value=${values.human_code} onInput=${(human_code) => setValues({ ...values, human_code })} error=${fields.human_code} />
    <${SelectField} name="parent_id" label=${t("item_parent")} value=${parentId || ""} options=${options} onChange=${setParentId} />
    <button type="submit" class="button primary" disabled=${busy}>${busy ? t("saving") : t("item_add_submit")}</button>
  </form>`;
}

/** Its maker publishes a learning line (every user, and other tools through the CASE API)
 * or takes it back. */
function PublishLearningLine({ framework, onChange }) {
  // The switch shows the new position at once, while the server is asked.
  const [wanted, setWanted] = useState(null);
  const change = async (event) => {
    const public_ = event.currentTarget.checked;
    setWanted(public_);
    try {
      await api("PATCH", `/frameworks/${framework.id}`, { public: public_ });
      await onChange();
      notify(t(public_ ? "learning_line_published" : "learning_line_unpublished"));
    } catch (err) {
      notify(errorText(err));
    } finally {
      setWanted(null);
    }
  };
  return html`<section class="panel" aria-labelledby="publish-heading">
    <h2 id="publish-heading">${t("learning_line_publish_title")}</h2>
    <p class="hint" id="publish-hint">${t("learning_line_publish_hint")}</p>
    <div class="check">
      <input type="checkbox" role="switch" id="publish-switch" aria-describedby="publish-hint" checked=${wanted ?? framework.public} disabled=${wanted !== null} onChange=${change} />
      <label for="publish-switch">${t("learning_line_publish_switch")}</label>
    </div>
  </section>`;
}

export function FrameworkScreen({ id }) {
  const detail = useLoad(() => frameworkDetail(id, { fresh: true }), [id]);
  const [busy, setBusy] = useState(false);
  const [parentId, setParentId] = useState("");
  const formRef = useRef(null);
  const framework = detail.data;
  // A learning line of my own was opened from "Kaders beheren"; the others from "Mijn kaders".
  const back =
    framework && framework.editable
      ? { href: "#/frameworks/manage", label: t("back_frameworks_manage") }
      : { href: "#/frameworks", label: t("back_frameworks") };
  if (!framework)
    return html`<${Screen} title=${t("framework_title")} back=${back}><${Pending} result=${detail} /><//>`;

  const refresh = async () => {
    forgetFramework(id);
    await detail.reload();
  };
  const move = async (item, position) => {
    setBusy(true);
    try {
      await api("PATCH", `/framework-items/${item.id}`, { position });
      await refresh();
      notify(t("item_moved", { name: item.full_statement }));
    } catch (err) {
      notify(errorText(err));
    } finally {
      setBusy(false);
    }
    // Focus stays with the item that moved, on the same kind of button when it is still usable.
    requestAnimationFrame(() => {
      const row = document.querySelector(`li[data-item="${item.id}"] .item-actions`);
      const buttons = row ? [...row.querySelectorAll("button")] : [];
      (buttons.find((b) => !b.disabled) || document.querySelector("#main h1"))?.focus();
    });
  };
  const retire = async (item) => {
    if (!window.confirm(t("item_retire_confirm", { name: item.full_statement }))) return;
    setBusy(true);
    try {
      await api("DELETE", `/framework-items/${item.id}`);
      await refresh();
      notify(t("item_retired"));
      document.querySelector("#main h1")?.focus();
    } catch (err) {
      notify(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  const addUnder = (item) => {
    setParentId(item.id);
    formRef.current?.scrollIntoView({ block: "start" });
    formRef.current?.querySelector("input")?.focus({ preventScroll: true });
  };

  const sub = [
    framework.creator,
    framework.version ? `${t("framework_version")} ${framework.version}` : "",
    t("framework_count", { count: framework.item_count }),
  ]
    .filter(Boolean)
    .join(" · ");
  return html`<${Screen} title=${framework.title} sub=${sub} back=${back}>
    ${framework.description ? html`<p class="description">${framework.description}</p>` : null}
    <p class="actions-row">
      <a class="button" href=${`/api/v1/frameworks/${framework.id}/case`} download=${`${framework.identifier}.json`}>${t("framework_export")}</a>
    </p>
    ${framework.editable ? html`<p class="hint">${t("learning_line_edit_hint")}</p>` : null}
    ${framework.editable && !framework.is_builtin ? html`<${PublishLearningLine} framework=${framework} onChange=${refresh} />` : null}
    <section aria-labelledby="items-heading">
      <h2 id="items-heading">${t("framework_items")}</h2>
      ${
        framework.items.length
          ? html`<${ItemTree} nodes=${tree(framework.items)} editable=${framework.editable} busy=${busy} onMove=${move} onRetire=${retire} onAddUnder=${addUnder} />`
          : html`<p class="meta">${t("framework_empty")}</p>`
      }
    </section>
    ${
      framework.levels.length
        ? html`<section class="panel" aria-labelledby="levels-heading">
          <h2 id="levels-heading">${t("framework_levels")}</h2>
          <ol class="level-list">
            ${framework.levels.map((level) => html`<li><strong>${level.quality}</strong>${level.description ? html` — ${level.description}` : null}</li>`)}
          </ol>
        </section>`
        : null
    }
    ${framework.editable ? html`<${AddItem} framework=${framework} parentId=${parentId} setParentId=${setParentId} onAdded=${refresh} formRef=${formRef} />` : null}
  <//>`;
}

// --- on an evidence item: its competencies, and linking ------------------------------------

function LinkPanel({ item, onLinked, onClose }) {
  const [note, setNote] = useState("");
  const linked = new Set((item.competencies || []).map((c) => c.item_id));
  const link = async (competency) => {
    const updated = await api("POST", `/evidence/${item.id}/competencies`, { item_id: competency.id, note });
    notify(t("linked", { name: competency.full_statement }));
    onLinked(updated);
  };
  return html`<div class="link-panel" role="group" aria-labelledby="link-panel-heading">
    <h3 id="link-panel-heading">${t("link_title")}</h3>
    <${CompetencySearch}
      dossierId=${item.dossier_id}
      label=${t("link_search")}
      foundText=${(count) => t("link_found", { count })}
      noneText=${t("link_none_found")}
      onPick=${link}
      meta=${(c) => (linked.has(c.id) ? t("link_already") : "")}
      autoFocus
      scopeNote=${html`${t("link_everywhere")} ${isOwn(item.dossier_id) ? html`<a href="#/frameworks">${t("link_choose_frameworks")}</a>` : null}`}
    >
      <${Field} name="note" label=${t("link_note")} maxlength="1000" value=${note} onInput=${setNote} />
    <//>
    <button type="button" class="button link" onClick=${onClose}>${t("cancel")}</button>
  </div>`;
}

function NoteEditor({ item, link, onSaved, onClose }) {
  const [note, setNote] = useState(link.note || "");
  const [busy, setBusy] = useState(false);
  const form = useRef(null);
  useFocusOnOpen(true, () => form.current?.querySelector("input"));
  const save = async (event) => {
    event.preventDefault();
    setBusy(true);
    try {
      onSaved(await api("POST", `/evidence/${item.id}/competencies`, { item_id: link.item_id, note }));
      notify(t("saved"));
      onClose();
    } catch (err) {
      notify(errorText(err));
      setBusy(false);
    }
  };
  return html`<form class="note-editor" onSubmit=${save} ref=${form}>
    <${Field} name="note" label=${t("link_note_for", { name: link.full_statement })} maxlength="1000" value=${note} onInput=${setNote} />
    <div class="actions-row">
      <button type="submit" class="button small primary" disabled=${busy}>${t("save")}</button>
      <button type="button" class="button small" onClick=${onClose}>${t("cancel")}</button>
    </div>
  </form>`;
}

/** The competencies an item shows; the owner (or the contributor who added it) links and unlinks. */
export function LinkedCompetencies({ item, editable, onChange }) {
  const [open, setOpen] = useState(false);
  const [editing, setEditing] = useState(null);
  const opener = useRef(null);
  const links = item.competencies || [];
  const close = () => {
    setOpen(false);
    requestAnimationFrame(() => opener.current?.focus());
  };
  const unlink = async (link) => {
    try {
      onChange(await api("DELETE", `/evidence/${item.id}/competencies/${link.item_id}`));
      notify(t("unlinked", { name: link.full_statement }));
      requestAnimationFrame(() => opener.current?.focus());
    } catch (err) {
      notify(errorText(err));
    }
  };
  return html`<section class="panel" aria-labelledby="links-heading">
    <h2 id="links-heading">${t("links_title")}</h2>
    ${
      links.length
        ? html`<ul class="links" aria-labelledby="links-heading">
          ${links.map(
            (link) => html`<li class="link-item">
              <a href=${`#/dossier/${item.dossier_id}/competency/${link.framework_id}/${link.item_id}`}><${Competency} code=${link.human_code} statement=${link.full_statement} /></a>
              ${link.retired ? html` <span class="badge">${t("competency_retired")}</span>` : null}
              ${link.note ? html`<p class="link-note">${link.note}</p>` : null}
              ${
                editing === link.item_id
                  ? html`<${NoteEditor} item=${item} link=${link} onSaved=${onChange} onClose=${() => setEditing(null)} />`
                  : editable
                    ? html`<div class="actions-row">
                      ${link.retired ? null : html`<button type="button" class="button small" aria-label=${`${t("link_edit_note")}: ${link.full_statement}`} onClick=${() => setEditing(link.item_id)}>${t("link_edit_note")}</button>`}
                      <button type="button" class="button small danger" aria-label=${`${t("unlink")}: ${link.full_statement}`} onClick=${() => unlink(link)}>${t("unlink")}</button>
                    </div>`
                    : null
              }
            </li>`,
          )}
        </ul>`
        : html`<p class="meta">${t("links_none")}</p>`
    }
    ${
      editable
        ? open
          ? html`<${LinkPanel} item=${item} onLinked=${(updated) => {
              onChange(updated);
              close();
            }} onClose=${close} />`
          : html`<button type="button" class="button primary" ref=${opener} onClick=${() => setOpen(true)}>${t("link_open")}</button>`
        : null
    }
  </section>`;
}
