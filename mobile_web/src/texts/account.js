// The account screens' texts, Dutch and English (merged into i18n.js's messages).
export default {
  nl: {
    nav_account: "Mijn gegevens",
  },
  en: {
    nav_account: "My data",
  },
};
