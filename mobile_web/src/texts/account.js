// The account screens' texts, Dutch and English (added to i18n.js's messages when the screens load).
export default {
  nl: {

    account_title: "Mijn gegevens",
    account_sub: "Neem je dossier mee, haal er een binnen, of stop met Bagage.",

    account_export_title: "Download al mijn gegevens",
    account_export_text:
      "Eén zip met alles uit je dossier (bewijs met de originele bestanden, reflecties, het gesprek, coachingsnotities) en een index.html die het zonder internet in elke browser laat zien.",
    account_export_rights: "Dit is je recht op inzage en op het meenemen van je gegevens (AVG artikel 15 en 20).",
    account_export_start: "Download al mijn gegevens",
    account_export_busy: "De export wordt gemaakt…",
    account_export_progress: "Export maken: {percent}%",
    account_export_ready: "Je export is klaar.",
    account_export_download: "Download de zip ({size})",
    account_exports_heading: "Klaarstaande exports",
    account_export_made: "Gemaakt op {date}",
    account_export_until: "te downloaden tot {date}",
    account_export_items: "{count} item(s), {size}",
    account_export_failed: "De export is mislukt: {error}",
    account_exports_none: "Er staat nog geen export klaar.",

    account_import_title: "Dossier importeren",
    account_import_text:
      "Kies een zip die Bagage eerder exporteerde, ook van een andere school. De items komen in je eigen dossier; wat je al hebt, wordt overgeslagen. Ook grote bestanden van een paar GB: de upload gaat verder waar hij bleef als de verbinding wegvalt (kies dan hetzelfde bestand opnieuw).",
    account_import_file: "Bagage-export (zip)",
    account_import_choose_first: "Kies eerst een zip-bestand.",
    account_import_not_zip: "Dit is geen zip-bestand. Kies de zip die Bagage exporteerde.",
    account_import_start: "Importeren",
    account_import_uploading: "Uploaden: {percent}%",
    account_import_working: "Importeren: {percent}%",
    account_import_failed: "Niet geïmporteerd: {error}",
    account_import_nothing_changed: "Er is niets veranderd aan je dossier.",
    account_import_done: "Geïmporteerd: {evidence} item(s) met {files} bestand(en), {reflections} reflectie(s), {messages} bericht(en) en {notes} coachingsnotitie(s).",
    account_import_skipped: "{count} item(s) had je al; die zijn overgeslagen.",
    account_import_open: "Naar mijn dossier",
    account_import_cancel: "Upload stoppen",
    account_import_stopped: "De upload is gestopt. Kies hetzelfde bestand en importeer opnieuw om verder te gaan.",

    account_delete_title: "Account verwijderen",
    account_delete_what:
      "Je account wordt definitief verwijderd, met je dossier: al je bewijs en de bestanden ervan in de opslag, reflecties, het gesprek, coachingsnotities, wie mocht meekijken, je exports, je tokens en je meldingen. Dit kan niet ongedaan worden gemaakt.",
    account_delete_others:
      "Wat je aan het dossier van iemand anders hebt toegevoegd (bewijs, reflecties, berichten), blijft daar staan, maar zonder je naam: het hoort bij het dossier van die ander. Wil je dat niet, verwijder het dan eerst zelf of vraag de eigenaar het te verwijderen.",
    account_delete_export_first: "Wil je je gegevens bewaren? Download ze dan eerst hierboven.",
    account_delete_start: "Account verwijderen…",
    account_delete_password: "Je wachtwoord, ter bevestiging",
    account_delete_password_hint: "Zo weten we zeker dat jij het bent.",
    account_delete_password_missing: "Vul je wachtwoord in.",
    account_delete_password_wrong: "Dit wachtwoord klopt niet.",
    account_delete_confirm: "Definitief verwijderen",
    account_delete_cancel: "Annuleren",
    account_deleted: "Je account en al je gegevens zijn verwijderd. Bedankt dat je Bagage gebruikte.",
  },
  en: {

    account_title: "My data",
    account_sub: "Take your dossier along, bring one in, or stop using Bagage.",

    account_export_title: "Download all my data",
    account_export_text:
      "One zip with everything in your dossier (evidence with the original files, reflections, the conversation, coaching notes) and an index.html that shows it offline in any browser.",
    account_export_rights: "This is your right of access and to take your data along (GDPR articles 15 and 20).",
    account_export_start: "Download all my data",
    account_export_busy: "Making the export…",
    account_export_progress: "Making the export: {percent}%",
    account_export_ready: "Your export is ready.",
    account_export_download: "Download the zip ({size})",
    account_exports_heading: "Exports ready",
    account_export_made: "Made on {date}",
    account_export_until: "available until {date}",
    account_export_items: "{count} item(s), {size}",
    account_export_failed: "The export failed: {error}",
    account_exports_none: "No export is ready yet.",

    account_import_title: "Import a dossier",
    account_import_text:
      "Choose a zip that Bagage exported, also from another school. The items go into your own dossier; what you have already is skipped. Large files of a few GB work too: the upload continues where it stopped when the connection drops (choose the same file again).",
    account_import_file: "Bagage export (zip)",
    account_import_choose_first: "Choose a zip file first.",
    account_import_not_zip: "This is not a zip file. Choose the zip Bagage exported.",
    account_import_start: "Import",
    account_import_uploading: "Uploading: {percent}%",
    account_import_working: "Importing: {percent}%",
    account_import_failed: "Not imported: {error}",
    account_import_nothing_changed: "Nothing in your dossier has changed.",
    account_import_done: "Imported: {evidence} item(s) with {files} file(s), {reflections} reflection(s), {messages} message(s) and {notes} coaching note(s).",
    account_import_skipped: "You had {count} item(s) already; they were skipped.",
    account_import_open: "To my dossier",
    account_import_cancel: "Stop the upload",
    account_import_stopped: "The upload has stopped. Choose the same file and import again to continue.",

    account_delete_title: "Delete my account",
    account_delete_what:
      "Your account is deleted for good, with your dossier: all your evidence and its files in storage, reflections, the conversation, coaching notes, who could look along, your exports, your tokens and your notifications. This cannot be undone.",
    account_delete_others:
      "What you added to someone else's dossier (evidence, reflections, messages) stays there, without your name: it belongs to their dossier. If you do not want that, remove it yourself first or ask the owner to remove it.",
    account_delete_export_first: "Want to keep your data? Download it above first.",
    account_delete_start: "Delete my account…",
    account_delete_password: "Your password, to confirm",
    account_delete_password_hint: "So we know it is really you.",
    account_delete_password_missing: "Fill in your password.",
    account_delete_password_wrong: "This password is not right.",
    account_delete_confirm: "Delete for good",
    account_delete_cancel: "Cancel",
    account_deleted: "Your account and all your data have been deleted. Thank you for using Bagage.",
  },
};
