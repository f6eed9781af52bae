// My people: everyone whose dossier I support (GET /caseload), named by my role towards them
// ("Mijn leerlingen", "Mijn stagiairs", ...). Each row: their photo or initials, what is new
// since my last visit and what waits for me; a tap opens their dossier. Search, filters and
// "load more"; /me/events says when something changed, and the list is fetched again.
import { useEffect, useRef, useState } from "preact/hooks";
import { api } from "../api.js";
import { t } from "../i18n.js";
import { changed, state } from "../state.js";
import { Thumbnail } from "./common.js";
import { html, Pending, roleLabel, Screen, SelectField } from "./kit.js";
import { caseloadTitle, onCaseload } from "./nav.js";

const PAGE_SIZE = 30;

function initials(name) {
  const words = (name || "").trim().split(/\s+/).filter(Boolean);
  if (!words.length) return "?";
  const first = words[0][0];
  const last = words.length > 1 ? words[words.length - 1][0] : "";
  return (first + last).toUpperCase();
}

/** What waits for me, in words: "verslag tekenen", "bewijs bekijken", "vraag". */
function openRequests(open) {
  const words = [];
  if (open.to_sign)
    words.push(t(open.to_sign > 1 ? "caseload_to_sign_many" : "caseload_to_sign", { count: open.to_sign }));
  if (open.to_review)
    words.push(t(open.to_review > 1 ? "caseload_to_review_many" : "caseload_to_review", { count: open.to_review }));
  if (open.question) words.push(t("caseload_question"));
  return words;
}

function Person({ row }) {
  const news = row.new.evidence + row.new.reflections + row.new.messages;
  const waiting = openRequests(row.open);
  const where = [
    ...row.organisations.map((o) => (o.group ? `${o.name} · ${o.group}` : o.name)),
    row.internship ? t("caseload_internship", { workplace: row.internship.workplace }) : null,
  ].filter(Boolean);
  return html`<li class="person-row" data-dossier=${row.dossier_id}>
    <a class="person-link" href=${`#/d/${row.dossier_id}`}>
      <span class="person-face" aria-hidden="true">
        ${row.photo.thumbnail ? html`<${Thumbnail} media=${row.photo} />` : html`<span class="person-initials">${initials(row.person.display_name)}</span>`}
      </span>
      <span class="person-body">
        <span class="person-name">${row.person.display_name}</span>
        <span class="person-chips">
          <span class="badge person-role">${roleLabel(row.role)}</span>
          ${news ? html`<span class="badge badge-new" data-badge="new">${t("caseload_new", { count: news })}</span>` : null}
          ${waiting.map((words) => html`<span class="badge badge-open" data-badge="open">${words}</span>`)}
        </span>
        ${where.length ? html`<span class="meta person-where">${where.join(" · ")}</span>` : null}
      </span>
    </a>
  </li>`;
}

function Filters({ page, filters, set }) {
  const [text, setText] = useState(filters.q);
  const timer = useRef(0);
  useEffect(() => () => clearTimeout(timer.current), []);
  const type = (value) => {
    setText(value);
    clearTimeout(timer.current);
    timer.current = setTimeout(() => set({ q: value.trim() }), 300);
  };
  const choose = (name, all, options) =>
    options.length > 1 || filters[name]
      ? html`<${SelectField}
          name=${name}
          label=${t(`caseload_filter_${name}`)}
          value=${filters[name]}
          options=${[["", all], ...options]}
          onChange=${(value) => set({ [name]: value })}
        />`
      : null;
  return html`<form class="caseload-filters" role="search" onSubmit=${(e) => {
    e.preventDefault();
    clearTimeout(timer.current);
    set({ q: text.trim() });
  }}>
    <div class="field">
      <label for="caseload-search">${t("caseload_search")}</label>
      <input id="caseload-search" type="search" autocomplete="off" value=${text} onInput=${(e) => type(e.currentTarget.value)} />
    </div>
    ${choose(
      "organisation_id",
      t("caseload_all_organisations"),
      page.organisations.map((o) => [o.id, o.name]),
    )}
    ${choose(
      "group",
      t("caseload_all_groups"),
      page.groups.map((g) => [g, g]),
    )}
    ${choose(
      "workplace",
      t("caseload_all_workplaces"),
      page.workplaces.map((w) => [w, w]),
    )}
  </form>`;
}

const NO_FILTERS = { q: "", organisation_id: "", group: "", workplace: "" };

export function CaseloadScreen() {
  const [filters, setFilters] = useState(state.caseloadFilters || NO_FILTERS);
  const [result, setResult] = useState({ page: null, error: null, loading: true });
  const [more, setMore] = useState(false);
  const asked = useRef(0);
  const shown = useRef(PAGE_SIZE);

  /** The first `count` people for these filters (a live change fetches what is on screen). */
  const load = async (count = PAGE_SIZE, offset = 0) => {
    const mine = ++asked.current;
    const params = new URLSearchParams({ limit: String(Math.min(count, 100)), offset: String(offset) });
    for (const [key, value] of Object.entries(filters)) if (value) params.set(key, value);
    try {
      const page = await api("GET", `/caseload?${params}`);
      if (mine !== asked.current) return;
      setResult((r) => ({
        page: offset && r.page ? { ...page, items: r.page.items.concat(page.items) } : page,
        error: null,
        loading: false,
      }));
      if (state.me && state.me.caseload !== page.kind) {
        state.me = { ...state.me, caseload: page.kind };
        changed();
      }
    } catch (error) {
      if (mine === asked.current) setResult((r) => ({ ...r, error, loading: false }));
    }
  };

  useEffect(() => {
    state.caseloadFilters = filters;
    shown.current = PAGE_SIZE;
    load();
  }, [filters]);
  useEffect(() => onCaseload(() => load(shown.current)), [filters]);

  const loadMore = async () => {
    const offset = result.page.items.length;
    setMore(true);
    await load(PAGE_SIZE, offset);
    shown.current = offset + PAGE_SIZE;
    setMore(false);
  };

  const page = result.page;
  const title = caseloadTitle(page ? page.kind : state.me.caseload);
  const filtered = Object.values(filters).some(Boolean);
  return html`<${Screen} title=${title} sub=${page ? t("caseload_count", { count: page.total }) : null}>
    <p class="actions-row"><a class="button" href="#/">${t("nav_my_dossier")}</a></p>
    ${page && (page.total > 5 || filtered) ? html`<${Filters} page=${page} filters=${filters} set=${(changes) => setFilters({ ...filters, ...changes })} />` : null}
    ${!page || result.error ? html`<${Pending} result=${{ ...result, reload: () => load(shown.current) }} />` : null}
    ${
      page
        ? page.items.length
          ? html`<ul class="person-list" aria-label=${title} aria-busy=${result.loading ? "true" : "false"}>
              ${page.items.map((row) => html`<${Person} key=${row.dossier_id} row=${row} />`)}
            </ul>`
          : html`<p class="notice">${t(filtered ? "caseload_no_match" : "caseload_none")}</p>`
        : null
    }
    ${page && page.next_offset !== null ? html`<button type="button" class="button wide" disabled=${more} onClick=${loadMore}>${more ? t("loading") : t("load_more")}</button>` : null}
  <//>`;
}
