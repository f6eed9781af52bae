// Every text the web app shows, in Dutch (the default) and English. No text lives in the
// components: a new screen adds its keys here, in both languages.
// t("key", {name: "…"}) fills in {name}; a key missing in English falls back to Dutch.

export const LOCALES = ["nl", "en"];

export const messages = {
  nl: {
    locale_name: "Nederlands",
    loading: "Bezig met laden…",
    tagline: "Jouw portfolio, in je eigen bagage.",

    menu: "Menu",
    menu_close: "Menu sluiten",
    language: "Taal",
    language_saved: "De taal is gewijzigd.",
    signed_in_as: "Ingelogd als {name}",
    storage_used: "{used} van {quota} gebruikt",
    logout_pending_confirm: "{count} item(s) zijn nog niet geüpload. Ze blijven op dit apparaat bewaard en worden verstuurd als je weer inlogt. Toch uitloggen?",
    update_available: "Nieuwe versie beschikbaar — vernieuwen",
    offline_notice: "Je bent offline. Wat je toevoegt, wordt op dit apparaat bewaard en later geüpload.",
    offline_snapshot: "Je bent offline. Dit is wat je laatst van je dossier zag.",

    capture_heading: "Snel toevoegen",
    capture_photo: "Foto",
    capture_video: "Video",
    capture_gallery: "Galerij",
    capture_note: "Notitie",
    queued: "Bewaard. Het wordt geüpload zodra er verbinding is.",
    queued_many: "{count} items bewaard. Ze worden geüpload zodra er verbinding is.",
    shared_received: "{count} gedeeld item(s) in de wachtrij gezet.",
    too_big: "Dit bestand is te groot ({size}). Het mag hoogstens {max} zijn.",
    no_room: "Er is niet genoeg ruimte meer in je dossier voor dit bestand ({size}); er is nog {free} vrij.",
    untitled_capture: "Zonder titel",

    queue_waiting: "Wacht op verbinding",
    queue_waiting_retry: "Wacht op upload (nieuwe poging om {time})",
    queue_waiting_online: "Wacht op upload",
    queue_uploading: "Uploaden: {percent}%",
    queue_processing_server: "Bijna klaar…",
    queue_failed: "Niet geüpload",
    queue_retry: "Opnieuw proberen",
    queue_remove: "Verwijderen",
    queue_remove_confirm: "Dit item is nog niet geüpload. Definitief verwijderen van dit apparaat?",
    queue_removed: "Verwijderd van dit apparaat.",
    queue_detail_title: "Nog niet geüpload",
    queue_detail_text: "Dit item staat veilig op dit apparaat tot het geüpload is. Je kunt de titel en beschrijving nu al aanpassen.",
    queue_gone: "Dit item is al geüpload of verwijderd.",
    processing_percent: "Wordt verwerkt: {percent}%",
    play_here: "Hier afspelen",
    play_here_named: "Hier afspelen: {title}",

    filter_kind: "Soort",
    filter_from: "Vanaf",
    filter_to: "Tot en met",
    filter_clear: "Filters wissen",
    filters: "Filters",
    end_of_list: "Dat is alles.",

    login_title: "Inloggen",
    signup_title: "Account maken",
    email: "E-mailadres",
    password: "Wachtwoord",
    password_hint: "Minstens 10 tekens.",
    show_password: "Wachtwoord tonen",
    display_name: "Je naam",
    display_name_hint: "Zo zien anderen je later, als je je dossier deelt.",
    login_submit: "Inloggen",
    signup_submit: "Account maken",
    to_signup: "Nog geen account? Maak er een",
    to_login: "Heb je al een account? Log in",
    logout: "Uitloggen",
    logged_out: "Je bent uitgelogd.",
    session_expired: "Je bent niet meer ingelogd. Log opnieuw in; wat je had ingevuld blijft bewaard.",

    timeline_title: "Mijn dossier",
    filter_label: "Toon",
    filter_all: "Alles",
    filter_photo: "Foto's",
    filter_video: "Video's",
    filter_note: "Notities",
    filter_audio: "Geluidsopnames",
    filter_document: "Documenten",
    load_more: "Meer laden",
    retry: "Opnieuw proberen",
    empty_title: "Nog niets in je dossier",
    empty_text: "Maak een foto of video van je werk, of schrijf een korte notitie. Alles wat je toevoegt, blijft van jou.",
    empty_filtered: "Niets gevonden van deze soort.",
    add: "Toevoegen",
    add_first: "Voeg je eerste bewijsstuk toe",

    kind_photo: "Foto",
    kind_video: "Video",
    kind_note: "Notitie",
    kind_document: "Document",
    kind_audio: "Geluidsopname",
    status_pending: "Wordt verwerkt…",
    status_failed: "Er kon geen voorbeeld van gemaakt worden.",
    by: "door {name}",

    add_title: "Toevoegen aan je dossier",
    add_kind: "Wat wil je toevoegen?",
    mode_media: "Foto of video",
    mode_note: "Notitie",
    take_photo: "Maak een foto of video",
    choose_file: "Kies uit galerij of bestanden",
    chosen_file: "Gekozen: {name} ({size})",
    remove_file: "Andere kiezen",
    title: "Titel",
    title_optional: "Titel (niet verplicht)",
    description_optional: "Beschrijving (niet verplicht)",
    note_text: "Tekst",
    note_hint: "Vul een titel of tekst in.",
    save: "Opslaan",
    saving: "Bezig met opslaan…",
    cancel: "Annuleren",
    cancel_upload: "Upload stoppen",
    back: "Terug naar mijn dossier",
    upload_progress: "Uploaden: {percent}%",
    processing: "Verwerken…",
    added: "Toegevoegd aan je dossier.",
    already_added: "Dit stond al in je dossier.",
    leave_warning: "Er wordt nog iets geüpload.",

    item_edit: "Bewerken",
    open_original: "Origineel downloaden",
    open_document: "Document downloaden",
    saved: "Opgeslagen.",
    delete: "Verwijderen",
    delete_confirm: "Dit bewijsstuk en de bestanden ervan definitief verwijderen?",
    deleted: "Verwijderd.",

    error_title: "Dat lukte niet",
    error_bad_credentials: "Het e-mailadres of het wachtwoord klopt niet.",
    error_email_taken: "Er bestaat al een account met dit e-mailadres. Log in of gebruik een ander adres.",
    error_invalid: "Kijk de gemarkeerde velden na.",
    error_unsupported_media_type: "Dit soort bestand wordt niet ondersteund. Kies een foto, een video, een geluidsopname of een pdf.",
    error_polyglot_file: "Deze foto bevat ook iets anders dan een foto en wordt daarom geweigerd.",
    error_quota_exceeded: "Er is geen ruimte meer in je dossier voor dit bestand.",
    error_media_too_long: "De opname is te lang.",
    error_video_too_large: "Het beeldformaat van deze video wordt niet ondersteund.",
    error_too_large: "Het bestand is te groot om te uploaden.",
    error_file_too_large: "Het bestand is groter dan toegestaan.",
    error_empty_file: "Het bestand is leeg.",
    error_damaged_file: "De foto is beschadigd of onvolledig en kan niet gelezen worden.",
    error_image_too_large: "De foto heeft te veel pixels om veilig te verwerken.",
    error_missing_title: "Een notitie heeft een titel of tekst nodig.",
    error_missing_file: "Kies eerst een foto of video.",
    error_not_found: "Dit bestaat niet (meer).",
    error_unauthorized: "Je was niet meer ingelogd. Probeer het nu opnieuw.",
    error_csrf_failed: "Je sessie is verlopen. Laad de pagina opnieuw.",
    error_too_many_requests: "Even te veel tegelijk. Probeer het zo opnieuw.",
    error_internal_error: "Er ging iets mis bij de server. Probeer het later opnieuw.",
    error_network: "Geen verbinding met de server. Controleer je internet en probeer het opnieuw.",
    error_aborted: "Upload gestopt.",
    error_upload_expired: "De upload is verlopen. Probeer het opnieuw; hij begint dan van voren af aan.",
    error_conflict: "Dit botst met een andere wijziging. Probeer het opnieuw.",
    error_forbidden: "Dit mag je niet doen.",
    error_unknown: "Er ging iets mis. Probeer het opnieuw.",

    field_email: "Vul een geldig e-mailadres in.",
    field_password: "Gebruik minstens 10 tekens.",
    field_password_empty: "Vul je wachtwoord in.",
    field_display_name: "Vul je naam in (hoogstens 120 tekens).",
    field_title: "Gebruik hoogstens 200 tekens.",
    field_description: "Gebruik hoogstens 20.000 tekens.",
  },

  en: {
    locale_name: "English",
    loading: "Loading…",
    tagline: "Your portfolio, in your own luggage.",

    menu: "Menu",
    menu_close: "Close menu",
    language: "Language",
    language_saved: "The language has been changed.",
    signed_in_as: "Logged in as {name}",
    storage_used: "{used} of {quota} used",
    logout_pending_confirm: "{count} item(s) have not been uploaded yet. They stay on this device and are sent when you log in again. Log out anyway?",
    update_available: "New version available — refresh",
    offline_notice: "You are offline. What you add is kept on this device and uploaded later.",
    offline_snapshot: "You are offline. This is what you last saw of your dossier.",

    capture_heading: "Quick add",
    capture_photo: "Photo",
    capture_video: "Video",
    capture_gallery: "Gallery",
    capture_note: "Note",
    queued: "Saved. It is uploaded as soon as there is a connection.",
    queued_many: "{count} items saved. They are uploaded as soon as there is a connection.",
    shared_received: "{count} shared item(s) added to the queue.",
    too_big: "This file is too large ({size}). It may be at most {max}.",
    no_room: "There is not enough room left in your dossier for this file ({size}); {free} is free.",
    untitled_capture: "Untitled",

    queue_waiting: "Waiting for a connection",
    queue_waiting_retry: "Waiting to upload (next try at {time})",
    queue_waiting_online: "Waiting to upload",
    queue_uploading: "Uploading: {percent}%",
    queue_processing_server: "Almost done…",
    queue_failed: "Not uploaded",
    queue_retry: "Try again",
    queue_remove: "Remove",
    queue_remove_confirm: "This item has not been uploaded yet. Remove it from this device for good?",
    queue_removed: "Removed from this device.",
    queue_detail_title: "Not uploaded yet",
    queue_detail_text: "This item is kept safe on this device until it has been uploaded. You can change its title and description already.",
    queue_gone: "This item has been uploaded or removed already.",
    processing_percent: "Being processed: {percent}%",
    play_here: "Play here",
    play_here_named: "Play here: {title}",

    filter_kind: "Kind",
    filter_from: "From",
    filter_to: "Up to and including",
    filter_clear: "Clear filters",
    filters: "Filters",
    end_of_list: "That is everything.",

    login_title: "Log in",
    signup_title: "Create an account",
    email: "E-mail address",
    password: "Password",
    password_hint: "At least 10 characters.",
    show_password: "Show password",
    display_name: "Your name",
    display_name_hint: "This is how others see you later, when you share your dossier.",
    login_submit: "Log in",
    signup_submit: "Create account",
    to_signup: "No account yet? Create one",
    to_login: "Already have an account? Log in",
    logout: "Log out",
    logged_out: "You are logged out.",
    session_expired: "You are no longer logged in. Log in again; what you typed is kept.",

    timeline_title: "My dossier",
    filter_label: "Show",
    filter_all: "Everything",
    filter_photo: "Photos",
    filter_video: "Videos",
    filter_note: "Notes",
    filter_audio: "Sound recordings",
    filter_document: "Documents",
    load_more: "Load more",
    retry: "Try again",
    empty_title: "Nothing in your dossier yet",
    empty_text: "Take a photo or video of your work, or write a short note. Everything you add stays yours.",
    empty_filtered: "Nothing of this kind found.",
    add: "Add",
    add_first: "Add your first piece of evidence",

    kind_photo: "Photo",
    kind_video: "Video",
    kind_note: "Note",
    kind_document: "Document",
    kind_audio: "Sound recording",
    status_pending: "Being processed…",
    status_failed: "No preview could be made.",
    by: "by {name}",

    add_title: "Add to your dossier",
    add_kind: "What do you want to add?",
    mode_media: "Photo or video",
    mode_note: "Note",
    take_photo: "Take a photo or video",
    choose_file: "Choose from gallery or files",
    chosen_file: "Chosen: {name} ({size})",
    remove_file: "Choose another",
    title: "Title",
    title_optional: "Title (optional)",
    description_optional: "Description (optional)",
    note_text: "Text",
    note_hint: "Fill in a title or some text.",
    save: "Save",
    saving: "Saving…",
    cancel: "Cancel",
    cancel_upload: "Stop upload",
    back: "Back to my dossier",
    upload_progress: "Uploading: {percent}%",
    processing: "Processing…",
    added: "Added to your dossier.",
    already_added: "This was already in your dossier.",
    leave_warning: "An upload is still running.",

    item_edit: "Edit",
    open_original: "Download original",
    open_document: "Download document",
    saved: "Saved.",
    delete: "Delete",
    delete_confirm: "Delete this piece of evidence and its files for good?",
    deleted: "Deleted.",

    error_title: "That did not work",
    error_bad_credentials: "The e-mail address or password is not correct.",
    error_email_taken: "An account with this e-mail address already exists. Log in or use another address.",
    error_invalid: "Please check the marked fields.",
    error_unsupported_media_type: "This type of file is not supported. Choose a photo, a video, a sound recording or a PDF.",
    error_polyglot_file: "This photo also contains something that is not a photo, so it is refused.",
    error_quota_exceeded: "There is no room left in your dossier for this file.",
    error_media_too_long: "The recording is too long.",
    error_video_too_large: "This video's picture size is not supported.",
    error_too_large: "The file is too large to upload.",
    error_file_too_large: "The file is larger than allowed.",
    error_empty_file: "The file is empty.",
    error_damaged_file: "The photo is damaged or incomplete and cannot be read.",
    error_image_too_large: "The photo has too many pixels to process safely.",
    error_missing_title: "A note needs a title or some text.",
    error_missing_file: "Choose a photo or video first.",
    error_not_found: "This does not exist (any more).",
    error_unauthorized: "You were no longer logged in. Please try again now.",
    error_csrf_failed: "Your session has expired. Reload the page.",
    error_too_many_requests: "Too much at once. Try again in a moment.",
    error_internal_error: "Something went wrong on the server. Try again later.",
    error_network: "No connection to the server. Check your internet and try again.",
    error_aborted: "Upload stopped.",
    error_upload_expired: "The upload has expired. Try again; it then starts from the beginning.",
    error_conflict: "This clashes with another change. Try again.",
    error_forbidden: "You may not do this.",
    error_unknown: "Something went wrong. Please try again.",

    field_email: "Fill in a valid e-mail address.",
    field_password: "Use at least 10 characters.",
    field_password_empty: "Fill in your password.",
    field_display_name: "Fill in your name (at most 120 characters).",
    field_title: "Use at most 200 characters.",
    field_description: "Use at most 20,000 characters.",
  },
};

let current = "nl";

export function setLocale(locale) {
  current = LOCALES.includes(locale) ? locale : "nl";
  document.documentElement.lang = current;
  return current;
}

export function getLocale() {
  return current;
}

export function has(key) {
  return key in messages[current] || key in messages.nl;
}

export function t(key, params = {}) {
  const text = messages[current][key] ?? messages.nl[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => String(params[name] ?? ""));
}

// The browser's own regional variant when it speaks the same language (nl-BE in Flanders),
// otherwise a European default.
function regional() {
  const fallback = { nl: "nl-NL", en: "en-GB" }[current];
  const match = (navigator.languages || []).find((tag) => tag.split("-")[0] === current);
  return match && match.includes("-") ? match : fallback;
}

export function formatDate(iso) {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "";
  return new Intl.DateTimeFormat(regional(), { dateStyle: "medium", timeStyle: "short" }).format(date);
}

export function formatSize(bytes) {
  const units = ["B", "kB", "MB", "GB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  const digits = unit === 0 || value >= 10 ? 0 : 1;
  return `${new Intl.NumberFormat(regional(), { maximumFractionDigits: digits }).format(value)} ${units[unit]}`;
}
