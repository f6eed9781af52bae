// The reports screens' texts, Dutch and English (merged into i18n.js's messages).
export default {
  nl: {
    nav_reports: "Stageverslagen",
  },
  en: {
    nav_reports: "Internship reports",
  },
};
