// "Wie ben je?": the first screen after sign-up (and once for an account that never said), and
// the same choice on the account screen. The role and, for pupils and (student) teachers, the
// sector choose the dossier's frameworks on the server (PUT /me/profile).
import { useEffect, useId, useRef, useState } from "preact/hooks";
import { api } from "../api.js";
import { addTexts, t } from "../i18n.js";
import { notify, signedIn, state } from "../state.js";
import texts from "../texts/onboarding.js";
import { ErrorBox, html, Logo, useSubmit } from "./common.js";

addTexts(texts);

/** Per role, its sectors (the same as the server's ROLE_SECTORS). */
export const ROLE_SECTORS = {
  pupil: ["vso", "praktijkonderwijs", "mbo"],
  student_teacher: ["nl-po", "nl-vo", "nl-mbo", "vl-basis", "vl-secundair"],
  teacher: ["nl-po", "nl-vo", "nl-mbo", "vl-basis", "vl-secundair"],
  coordinator: [],
  supervisor: [],
  coach: [],
};

/** Roles that may need to make or import frameworks (learning lines of their school). */
const MANAGING_ROLES = ["coordinator", "teacher"];

export const managesFrameworks = (me) => Boolean(me && me.profile && MANAGING_ROLES.includes(me.profile.role));

/** "Leraar · Vlaanderen: secundair onderwijs", or null without a profile. */
export function profileText(profile) {
  if (!profile) return null;
  return [t(`profile_role_${profile.role}`), profile.sector ? t(`profile_sector_${profile.sector}`) : null]
    .filter(Boolean)
    .join(" · ");
}

/** The app asks once, when sign-up is complete (the address confirmed): an account (not a
 * guest, nor a workplace link's session) that neither chose nor said "Later". */
export const needsOnboarding = (me) =>
  Boolean(me && me.onboarded === false && me.email_verified && !me.is_guest && !me.workplace);

/** Large radio rows: a fieldset with a legend, one tap per choice. */
function Choices({ legend, name, options, value, onChange, error, fieldRef }) {
  const id = useId();
  return html`<fieldset ref=${fieldRef} class="radios big-choices" aria-describedby=${error ? `${id}-error` : undefined} aria-invalid=${error ? "true" : undefined}>
    <legend>${legend}</legend>
    ${error ? html`<p class="field-error" id=${`${id}-error`}>${error}</p>` : null}
    ${options.map(
      ([v, label, sub]) => html`<div class="check big-choice" key=${v}>
        <input type="radio" name=${name} id=${`${id}-${v}`} value=${v} checked=${value === v} onChange=${() => onChange(v)} />
        <label for=${`${id}-${v}`}>${label}${sub ? html`<span class="check-sub">${sub}</span>` : null}</label>
      </div>`,
    )}
  </fieldset>`;
}

/** Role, then (when it applies) sector; saved with one button. `extra` sits beside it. */
export function ProfileForm({ profile, onSaved, extra = null, headingId }) {
  const [role, setRole] = useState(profile ? profile.role : "");
  const [sector, setSector] = useState(profile && profile.sector ? profile.sector : "");
  const sectors = ROLE_SECTORS[role] || [];
  const sectorRef = useRef(null);
  const asked = useRef(false);
  // On a phone the sector's choices appear below the fold: bring them into view (focus stays).
  useEffect(() => {
    if (asked.current && sectorRef.current) sectorRef.current.scrollIntoView({ block: "nearest", behavior: "smooth" });
  }, [role]);
  const { submit, reset, busy, error, fields } = useSubmit(
    async () => {
      const me = await api("PUT", "/me/profile", { role, sector: sectors.length ? sector : null });
      await signedIn(me);
      onSaved(me);
    },
    {
      check: () =>
        !role
          ? { role: t("onboarding_pick_role") }
          : sectors.length && !sector
            ? { sector: t("onboarding_pick_sector") }
            : {},
    },
  );
  const chooseRole = (value) => {
    asked.current = true;
    setRole(value);
    if (!(ROLE_SECTORS[value] || []).includes(sector)) setSector("");
    reset();
  };
  const chooseSector = (value) => {
    setSector(value);
    reset();
  };
  return html`<form novalidate aria-labelledby=${headingId} onSubmit=${submit}>
    <${ErrorBox} error=${error} />
    <${Choices}
      legend=${t("onboarding_role")}
      name="role"
      value=${role}
      onChange=${chooseRole}
      error=${fields.role}
      options=${Object.keys(ROLE_SECTORS).map((r) => [r, t(`profile_role_${r}`), t(`profile_role_${r}_sub`)])}
    />
    ${
      sectors.length
        ? html`<${Choices}
          legend=${t("onboarding_sector")}
          name="sector"
          value=${sector}
          onChange=${chooseSector}
          error=${fields.sector}
          fieldRef=${sectorRef}
          options=${sectors.map((s) => [s, t(`profile_sector_${s}`)])}
        />`
        : null
    }
    <div class="actions onboarding-actions">
      <button type="submit" class="button primary" disabled=${busy}>${busy ? t("onboarding_saving") : t("onboarding_done")}</button>
      ${extra}
    </div>
  </form>`;
}

/** The first screen: lands on the timeline with the frameworks chosen, or (Later) without. */
export function OnboardingScreen() {
  const later = useSubmit(async () => {
    // The timeline takes this screen's place at the same address.
    await signedIn(await api("POST", "/me/profile/later"));
  });
  const saved = (me) =>
    notify(t(ROLE_SECTORS[me.profile.role].length ? "onboarding_saved" : "onboarding_saved_no_frameworks"));
  return html`<div class="view onboarding">
    <header class="login-header">
      <${Logo} size=${40} />
    </header>
    <main id="main" class="main">
      <div class="page-head">
        <h1 tabindex="-1" id="onboarding-heading">${t("onboarding_title")}</h1>
        <p class="sub">${t("onboarding_sub")}</p>
      </div>
      <${ErrorBox} error=${later.error} />
      <${ProfileForm}
        profile=${state.me && state.me.profile}
        onSaved=${saved}
        headingId="onboarding-heading"
        extra=${html`<button type="button" class="button" disabled=${later.busy} onClick=${later.submit}>${t("onboarding_later")}</button>`}
      />
    </main>
  </div>`;
}
