// #/cv/showcase: the work my CV shows, and the competencies it shows I have.
import { useId, useState } from "preact/hooks";
import { api } from "../../api.js";
import { t } from "../../i18n.js";
import { notify } from "../../state.js";
import { ErrorBox, kindLabel, titleOf, useSubmit } from "../common.js";
import { Competency, formatDay, html, Pending, Screen, useLoad } from "../kit.js";
import { allEvidence, back, choosable, cvPath, PickThumb } from "./shared.js";

function Showcase({ cv, items, onSaved }) {
  const [chosen, setChosen] = useState(cv.evidence_ids);
  const [shown, setShown] = useState(cv.competency_ids);
  const id = useId();

  // The competencies my evidence is linked to, each with the items that show it.
  const competencies = new Map();
  for (const item of items) {
    for (const c of item.competencies || []) {
      if (!competencies.has(c.item_id)) competencies.set(c.item_id, { ...c, items: [] });
      competencies.get(c.item_id).items.push(item);
    }
  }
  const toggle = (list, set, value, on) => set(on ? [...list, value] : list.filter((v) => v !== value));
  const { submit, busy, error, fields } = useSubmit(async () => {
    // Only what is offered here: an item chosen before it waited for review stays off.
    const offered = new Set(items.map((item) => item.id));
    const saved = await api("PATCH", cvPath(), {
      evidence_ids: chosen.filter((i) => offered.has(i)),
      competency_ids: shown,
    });
    notify(t("saved"));
    onSaved(saved);
  });
  const titles = (list) => list.map(titleOf).join(", ");
  return html`<form novalidate aria-label=${t("cv_part_showcase")} onSubmit=${submit}>
    <${ErrorBox} error=${error} />
    <section class="panel" aria-labelledby=${`${id}-items`}>
      <h2 id=${`${id}-items`}>${t("cv_items")}</h2>
      ${
        items.length
          ? html`<fieldset class="checks cv-items" aria-describedby=${`${id}-items-hint${fields.evidence_ids ? ` ${id}-items-error` : ""}`} data-field="evidence_ids">
            <legend class="visually-hidden">${t("cv_items")}</legend>
            <p class="hint" id=${`${id}-items-hint`}>${t("cv_items_hint")} ${t("cv_items_chosen", { count: chosen.length })}</p>
            ${items.map(
              (item) => html`<div class="check cv-pick">
                <input type="checkbox" id=${`${id}-e-${item.id}`} checked=${chosen.includes(item.id)} onChange=${(e) => toggle(chosen, setChosen, item.id, e.currentTarget.checked)} />
                <label for=${`${id}-e-${item.id}`}>
                  <${PickThumb} item=${item} />
                  <span
                    >${titleOf(item)}<span class="check-sub"
                      >${[kindLabel(item.kind), formatDay(item.occurred_at), item.status === "pending" ? t("cv_item_pending") : "", item.hidden ? t("cv_item_hidden") : ""].filter(Boolean).join(" · ")}</span
                    ></span
                  >
                </label>
              </div>`,
            )}
            ${fields.evidence_ids ? html`<p class="field-error" id=${`${id}-items-error`}>${fields.evidence_ids}</p>` : null}
          </fieldset>`
          : html`<p class="notice">${t("cv_items_none")}</p>`
      }
    </section>
    <section class="panel" aria-labelledby=${`${id}-competencies`}>
      <h2 id=${`${id}-competencies`}>${t("cv_competencies")}</h2>
      ${
        competencies.size
          ? html`<fieldset class="checks" aria-describedby=${`${id}-competencies-hint`} data-field="competency_ids">
            <legend class="visually-hidden">${t("cv_competencies")}</legend>
            <p class="hint" id=${`${id}-competencies-hint`}>${t("cv_competencies_hint")}</p>
            ${[...competencies.values()].map((c) => {
              const inCv = c.items.filter((i) => chosen.includes(i.id));
              const sub = inCv.length
                ? t("cv_competency_shown_in", { titles: titles(inCv) })
                : t("cv_competency_not_shown", { titles: titles(c.items) });
              return html`<div class="check">
                <input type="checkbox" id=${`${id}-c-${c.item_id}`} checked=${shown.includes(c.item_id)} onChange=${(e) => toggle(shown, setShown, c.item_id, e.currentTarget.checked)} />
                <label for=${`${id}-c-${c.item_id}`}><${Competency} code=${c.human_code} statement=${c.full_statement} /><span class="check-sub">${sub}</span></label>
              </div>`;
            })}
            ${fields.competency_ids ? html`<p class="field-error">${fields.competency_ids}</p>` : null}
          </fieldset>`
          : html`<p class="notice">${t("cv_competencies_none")}</p>`
      }
    </section>
    <button type="submit" class="button primary wide" disabled=${busy}>${busy ? t("saving") : t("cv_showcase_save")}</button>
  </form>`;
}

export function CvShowcaseScreen() {
  const data = useLoad(async () => {
    const [cv, all] = await Promise.all([api("GET", cvPath()), allEvidence()]);
    const items = all.filter(choosable);
    return { cv, items };
  }, []);
  return html`<${Screen} title=${t("cv_part_showcase")} back=${back()}>
    ${
      data.data
        ? html`<${Showcase} cv=${data.data.cv} items=${data.data.items} onSaved=${(cv) => data.set({ ...data.data, cv })} />`
        : html`<${Pending} result=${data} />`
    }
  <//>`;
}
