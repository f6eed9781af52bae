// The growth screens' texts, Dutch and English (merged into i18n.js's messages).
export default {
  nl: {
    nav_growth: "Mijn ontwikkeling",
    nav_coaching: "Coaching",
  },
  en: {
    nav_growth: "My development",
    nav_coaching: "Coaching",
  },
};
