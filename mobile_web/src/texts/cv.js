// The cv screens' texts, Dutch and English (merged into i18n.js's messages).
export default {
  nl: {
    nav_cv: "Mijn cv",
  },
  en: {
    nav_cv: "My CV",
  },
};
