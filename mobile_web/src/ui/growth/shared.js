// What the growth screens share: numbers and labels in the reader's language, and my
// dossier's items. Loading it adds the growth texts.
import { api } from "../../api.js";
import { addTexts, getLocale, has, t } from "../../i18n.js";
import texts from "../../texts/growth.js";
import { useLoad } from "../kit.js";

addTexts(texts);

const numberLocale = () => (getLocale() === "nl" ? "nl-NL" : "en-GB");
export const hoursText = (value) =>
  new Intl.NumberFormat(numberLocale(), { maximumFractionDigits: 2 }).format(value || 0);
export const moneyText = (value) =>
  new Intl.NumberFormat(numberLocale(), { style: "currency", currency: "EUR" }).format(value || 0);
/** "2,5" or "2.5" → 2.5; "" → null; anything else → NaN. */
export function parseNumber(text) {
  const clean = String(text ?? "")
    .trim()
    .replace(/\s/g, "");
  if (!clean) return null;
  const normal = clean.includes(",") ? clean.replace(/\./g, "").replace(",", ".") : clean;
  return /^\d+(\.\d+)?$/.test(normal) ? Number(normal) : Number.NaN;
}
/** A number as it is typed in this language: 0,8 in Dutch. */
export const typedNumber = (value) =>
  value === null || value === undefined ? "" : String(value).replace(".", getLocale() === "nl" ? "," : ".");

export const yearLabel = (year) => `${year}/${String((year + 1) % 100).padStart(2, "0")}`;
export const kindText = (kind) => (has(`akind_${kind}`) ? t(`akind_${kind}`) : kind);
export const statusText = (status) => (has(`gstatus_${status}`) ? t(`gstatus_${status}`) : status);
export const modelText = (model) => (has(`model_${model}`) ? t(`model_${model}`) : model);

/** My dossier's latest items (to choose a certificate or a goal's evidence), when `wanted`. */
export function useOwnEvidence(dossierId, wanted) {
  return useLoad(
    () =>
      wanted
        ? api("GET", `/dossiers/${dossierId}/evidence?limit=100`).then((page) => page.items)
        : Promise.resolve(null),
    [dossierId, wanted],
  );
}
