// Where a dossier is strong and where evidence is missing: per competency of a framework the
// number of evidence items, the newest, who reflected and their latest levels. On top a ring
// per framework and per domain shows how far the dossier is; a competency without evidence is
// "nog te doen", said calmly in words, not marked as an error. A list of cards, so it fits a
// phone. And one competency: its evidence and every role's view side by side.
import { useEffect, useState } from "preact/hooks";
import { api } from "../api.js";
import { accessTo, homeHash, isOwn, loadShared } from "../dossiers.js";
import { t } from "../i18n.js";
import { onLive } from "../live.js";
import { state } from "../state.js";
import { go } from "./common.js";
import {
  Competency,
  EvidenceCard,
  formatDay,
  frameworkDetail,
  html,
  Pending,
  roleLabel,
  Screen,
  SelectField,
  useLoad,
} from "./kit.js";
import { Perspectives } from "./reflect.js";

function dossierTitle(dossierId) {
  const access = accessTo(dossierId);
  if (access.owner) return t("timeline_title");
  return access.name ? t("dossier_of", { name: access.name }) : "";
}

/** The rows with, for each, whether it has sub-competencies (then it is a heading, not a gap). */
function withGroups(rows) {
  return rows.map((row, i) => ({ ...row, group: i + 1 < rows.length && rows[i + 1].depth > row.depth }));
}

/** Only competencies without evidence, with the groups above them for context. */
function onlyGaps(rows) {
  const keep = new Array(rows.length).fill(false);
  for (let i = rows.length - 1; i >= 0; i--) {
    if (!rows[i].group && !rows[i].evidence_count) keep[i] = true;
    if (keep[i]) {
      // the nearest row above with a smaller depth is its group
      let depth = rows[i].depth;
      for (let j = i - 1; j >= 0 && depth > 0; j--) {
        if (rows[j].depth < depth) {
          keep[j] = true;
          depth = rows[j].depth;
        }
      }
    }
  }
  return rows.filter((_, i) => keep[i]);
}

const RING_RADIUS = 42;
const RING_LENGTH = 2 * Math.PI * RING_RADIUS;

/** A ring that fills as competencies get evidence; a progress bar to assistive technology. */
function ProgressRing({ covered, total, label, size }) {
  const done = total ? Math.min(1, covered / total) : 0;
  return html`<div
    class="ring"
    role="progressbar"
    aria-label=${label}
    aria-valuemin="0"
    aria-valuemax=${total}
    aria-valuenow=${covered}
    aria-valuetext=${t("progress_text", { covered, total })}
    style=${`width:${size}px;height:${size}px`}
  >
    <svg viewBox="0 0 100 100" width=${size} height=${size} aria-hidden="true" focusable="false">
      <circle class="ring-track" cx="50" cy="50" r=${RING_RADIUS} />
      ${
        done > 0
          ? html`<circle
            class="ring-done"
            cx="50"
            cy="50"
            r=${RING_RADIUS}
            stroke-dasharray=${`${done * RING_LENGTH} ${RING_LENGTH}`}
            transform="rotate(-90 50 50)"
          />`
          : null
      }
    </svg>
    <span class="ring-figure" aria-hidden="true">${Math.round(done * 100)}%</span>
  </div>`;
}

/** The framework's ring with its words, then a smaller ring per domain. */
function Progress({ data }) {
  const title = data.framework.title;
  return html`<section class="progress" aria-label=${t("progress_label", { title })}>
    <div class="progress-total">
      <${ProgressRing} covered=${data.covered} total=${data.competencies} label=${t("progress_label", { title })} size=${96} />
      <p class="progress-text" role="status">
        ${t("progress_text", { covered: data.covered, total: data.competencies })}
        ${data.competencies && data.covered === data.competencies ? html`<br />${t("progress_all_done")}` : null}
      </p>
    </div>
    ${
      data.domains && data.domains.length
        ? html`<ul class="progress-domains" aria-label=${t("progress_domains")}>
          ${data.domains.map((domain) => {
            const name = [domain.item.human_code, domain.item.full_statement].filter(Boolean).join(" ");
            return html`<li key=${domain.item.id} class="progress-domain">
              <${ProgressRing} covered=${domain.covered} total=${domain.competencies} label=${t("progress_label", { title: name })} size=${52} />
              <span class="progress-domain-name"><${Competency} code=${domain.item.human_code} statement=${domain.item.full_statement} /></span>
              <span class="progress-domain-count">${t("progress_short", { covered: domain.covered, total: domain.competencies })}</span>
            </li>`;
          })}
        </ul>`
        : null
    }
  </section>`;
}

function CoverageCard({ row, dossierId, frameworkId }) {
  const item = row.item;
  const missing = !row.group && !row.evidence_count;
  const levels = Object.entries(row.levels || {});
  const link = `#/dossier/${dossierId}/competency/${frameworkId}/${item.id}`;
  return html`<li class=${`cov depth-${Math.min(row.depth, 4)}${row.group ? " cov-group" : ""}${missing ? " cov-todo" : ""}`} data-item=${item.id}>
    <h3 class="cov-title"><a href=${link}><${Competency} code=${item.human_code} statement=${item.full_statement} /></a></h3>
    ${
      missing
        ? html`<p class="cov-todo-text">${t("progress_todo")}</p>`
        : row.evidence_count
          ? html`<p class="cov-count">${t("coverage_count", { count: row.evidence_count })}</p>`
          : null
    }
    ${
      row.latest_evidence
        ? html`<p class="cov-latest">${t("coverage_latest")}: <a href=${`#/item/${row.latest_evidence.id}`}>${row.latest_evidence.title || t(`kind_${row.latest_evidence.kind}`)}</a> <span class="meta">(${formatDay(row.latest_evidence.occurred_at)})</span></p>`
        : null
    }
    ${row.roles && row.roles.length ? html`<p class="cov-roles">${t("coverage_reflected_by")}: ${row.roles.map(roleLabel).join(", ")}</p>` : null}
    ${
      levels.length
        ? html`<ul class="cov-levels" aria-label=${t("coverage_levels")}>
          ${levels.map(([role, l]) => html`<li>${roleLabel(role)}: ${l.label || l.level} <span class="meta">(${t("level_number", { level: l.level })}, ${formatDay(l.at)})</span></li>`)}
        </ul>`
        : null
    }
  </li>`;
}

export function CoverageScreen({ dossierId, frameworkId }) {
  const own = isOwn(dossierId);
  const frameworks = useLoad(() => api("GET", `/dossiers/${dossierId}/frameworks`), [dossierId]);
  const chosen = frameworkId || (frameworks.data && frameworks.data[0] && frameworks.data[0].id);
  const coverage = useLoad(
    () => (chosen ? api("GET", `/dossiers/${dossierId}/coverage?framework_id=${chosen}`) : Promise.resolve(null)),
    [dossierId, chosen],
  );
  const [gapsOnly, setGapsOnly] = useState(false);
  useEffect(() => {
    if (!own && state.shared === null) loadShared();
    // New evidence or reflections change the picture: ask again.
    return onLive((event) => {
      if (event.dossierId === dossierId && event.kind !== "message_posted") coverage.reload();
    });
  }, [dossierId, coverage.reload]);

  const back = { href: homeHash(dossierId), label: t(own ? "back" : "back_dossier") };
  let body;
  if (!frameworks.data) body = html`<${Pending} result=${frameworks} />`;
  else if (!frameworks.data.length) {
    body = html`<div class="empty">
      <h2>${t("coverage_no_frameworks")}</h2>
      ${own ? html`<p><a class="button primary" href="#/frameworks">${t("link_choose_frameworks")}</a></p>` : html`<p>${t("coverage_no_frameworks_other")}</p>`}
    </div>`;
  } else {
    const data = coverage.data;
    const rows = data ? withGroups(data.rows) : [];
    const shown = gapsOnly ? onlyGaps(rows) : rows;
    body = html`
      ${
        frameworks.data.length > 1
          ? html`<${SelectField}
            name="framework"
            label=${t("coverage_framework")}
            value=${chosen}
            options=${frameworks.data.map((f) => [f.id, f.title])}
            onChange=${(id) => go(`#/dossier/${dossierId}/coverage/${id}`)}
          />`
          : html`<p class="framework-name">${frameworks.data[0].title}</p>`
      }
      ${
        data
          ? html`<${Progress} data=${data} />
            <div class="check">
              <input type="checkbox" id="gaps-only" checked=${gapsOnly} onChange=${(e) => setGapsOnly(e.currentTarget.checked)} />
              <label for="gaps-only">${t("coverage_gaps_only")}</label>
            </div>
            <ul class="coverage" aria-label=${t("coverage_list", { title: data.framework.title })}>
              ${shown.map((row) => html`<${CoverageCard} key=${row.item.id} row=${row} dossierId=${dossierId} frameworkId=${chosen} />`)}
            </ul>
            ${gapsOnly && !shown.length ? html`<p class="notice">${t("coverage_no_gaps")}</p>` : null}`
          : html`<${Pending} result=${coverage} />`
      }
    `;
  }
  return html`<${Screen} title=${t("coverage_title")} sub=${dossierTitle(dossierId)} back=${back}>${body}<//>`;
}

// --- one competency ---------------------------------------------------------------------

export function CompetencyScreen({ dossierId, frameworkId, itemId }) {
  const framework = useLoad(() => frameworkDetail(frameworkId), [frameworkId]);
  const evidence = useLoad(
    () => api("GET", `/dossiers/${dossierId}/competencies/${itemId}/evidence`),
    [dossierId, itemId],
  );
  const perspectives = useLoad(
    () => api("GET", `/dossiers/${dossierId}/competencies/${itemId}/perspectives`),
    [dossierId, itemId],
  );
  useEffect(() => {
    if (!isOwn(dossierId) && state.shared === null) loadShared();
    return onLive((event) => {
      if (event.dossierId !== dossierId) return;
      if (event.kind === "reflection_added" || event.kind === "resync") perspectives.reload();
      if (event.kind !== "message_posted" && event.kind !== "reflection_added") evidence.reload();
    });
  }, [dossierId, itemId, evidence.reload, perspectives.reload]);

  const item = framework.data && framework.data.items.find((i) => i.id === itemId);
  const linked = evidence.data && evidence.data.flatMap((e) => e.competencies).find((c) => c.item_id === itemId);
  const shownItem = item || (linked && { human_code: linked.human_code, full_statement: linked.full_statement });
  const title = shownItem
    ? html`<${Competency} code=${shownItem.human_code} statement=${shownItem.full_statement} />`
    : t("competency_title");
  const back = { href: `#/dossier/${dossierId}/coverage/${frameworkId}`, label: t("back_coverage") };
  const sub = [framework.data ? framework.data.title : "", dossierTitle(dossierId)].filter(Boolean).join(" · ");
  return html`<${Screen} title=${title} sub=${sub} back=${back} wide=${true}>
    <section aria-labelledby="perspectives-heading">
      <h2 id="perspectives-heading">${t("perspectives_title")}</h2>
      ${
        perspectives.data
          ? html`<${Perspectives} perspectives=${perspectives.data} scale=${framework.data ? framework.data.levels : []} />`
          : html`<${Pending} result=${perspectives} />`
      }
    </section>
    <section aria-labelledby="competency-evidence-heading">
      <h2 id="competency-evidence-heading">${t("competency_evidence", { count: evidence.data ? evidence.data.length : "…" })}</h2>
      ${
        evidence.data
          ? evidence.data.length
            ? html`<ul class="card-list">${evidence.data.map((e) => html`<${EvidenceCard} key=${e.id} item=${e} />`)}</ul>`
            : html`<p class="cov-todo-text">${t("progress_todo_hint")}</p>`
          : html`<${Pending} result=${evidence} />`
      }
    </section>
  <//>`;
}
