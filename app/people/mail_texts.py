"""The mails sent to the people around a dossier, written for the one who reads them: in their
language (Dutch unless they chose English), in plain words, never a scope code, one language
per mail. Each function gives (subject, body)."""

from __future__ import annotations

from datetime import date, datetime

LANGUAGES = ("nl", "en")

_MONTHS = {
    "nl": ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
           "september", "oktober", "november", "december"],
    "en": ["January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"],
}  # fmt: skip

#: A grant's role as the reader says it ("als werkgever"); "other" has no word of its own.
_ROLES = {
    "nl": {"coordinator": "coördinator", "employer": "werkgever", "mentor": "mentor",
           "coach": "coach", "teacher": "leraar"},
    "en": {"coordinator": "coordinator", "employer": "employer", "mentor": "mentor",
           "coach": "coach", "teacher": "teacher"},
}  # fmt: skip


def language(locale: str | None) -> str:
    return locale if locale in LANGUAGES else "nl"


def day(value: date | datetime, lang: str) -> str:
    """31 december 2099 / 31 December 2099: the same in every server locale."""
    return f"{value.day} {_MONTHS[lang][value.month - 1]} {value.year}"


def _listed(phrases: list[str], lang: str) -> str:
    if len(phrases) < 2:
        return "".join(phrases)
    return f"{', '.join(phrases[:-1])} {'en' if lang == 'nl' else 'and'} {phrases[-1]}"


def may_do(scopes: list[str], owner: str, lang: str) -> str:
    """What a grant lets the reader do, in words: "het portfolio van Sanne bekijken, erop
    reflecteren en bewijs toevoegen namens Sanne"."""
    phrases = []
    if lang == "nl":
        if "view" in scopes or "reflect" in scopes:
            phrases.append(f"het portfolio van {owner} bekijken")
        if "reflect" in scopes:
            phrases.append("erop reflecteren")
        if "contribute" in scopes:
            phrases.append(f"bewijs toevoegen namens {owner}")
    else:
        if "view" in scopes or "reflect" in scopes:
            phrases.append(f"view {owner}'s portfolio")
        if "reflect" in scopes:
            phrases.append("reflect on it")
        if "contribute" in scopes:
            phrases.append(f"add evidence on {owner}'s behalf")
    return _listed(phrases, lang)


def invitation_mail(
    *,
    lang: str,
    owner: str,
    role: str,
    scopes: list[str],
    grant_expires_at: datetime | None,
    link: str,
    link_expires_at: datetime,
) -> tuple[str, str]:
    """The mail with an invitation link, for someone who may not have an account yet."""
    lang = language(lang)
    role_word = _ROLES[lang].get(role)
    may = may_do(scopes, owner, lang)
    if lang == "en":
        as_role = f" as {role_word}" if role_word else ""
        until = (
            f" This access lasts until {day(grant_expires_at, lang)}." if grant_expires_at else ""
        )
        return (
            f"{owner} invites you to Bagage",
            f"Hello,\n\n{owner} invites you{as_role} to their portfolio in Bagage. "
            f"You may {may}.{until}\n\n"
            f"Open this link to accept the invitation:\n{link}\n\n"
            "No account yet? You make one with this e-mail address when you open the link. "
            f"The link works until {day(link_expires_at, lang)}.\n",
        )
    as_role = f" als {role_word}" if role_word else ""
    until = (
        f" Deze toegang loopt tot en met {day(grant_expires_at, lang)}." if grant_expires_at else ""
    )
    return (
        f"{owner} nodigt je uit in Bagage",
        f"Hallo,\n\n{owner} nodigt je{as_role} uit in het portfolio van {owner} in Bagage. "
        f"Je mag {may}.{until}\n\n"
        f"Open deze link om de uitnodiging aan te nemen:\n{link}\n\n"
        "Nog geen account? Dan maak je er een met dit e-mailadres als je de link opent. "
        f"De link werkt tot en met {day(link_expires_at, lang)}.\n",
    )


def workplace_link_mail(
    *,
    lang: str,
    supervisor: str,
    pupil: str,
    workplace: str,
    starts_on: date,
    ends_on: date,
    by: str,
    link: str,
) -> tuple[str, str]:
    """The mail with a workplace link, for an internship's supervisor."""
    lang = language(lang)
    if lang == "en":
        period = f"{day(starts_on, lang)} to {day(ends_on, lang)}"
        return (
            f"{pupil}'s internship at {workplace}",
            f"Hello {supervisor},\n\n{by} has set up {pupil}'s internship at {workplace} "
            f"({period}) in Bagage, and {pupil} agreed.\n"
            f"With this link you can follow the internship from your phone: see what {pupil} "
            "shows you, add photos and notes, give your view, and sign the internship report. "
            "You do not need an account or a password.\n\n"
            f"{link}\n\nThe first time on a device we mail you a short code to confirm it is "
            "you. Please do not forward this link: it is yours.\n",
        )
    period = f"{day(starts_on, lang)} tot en met {day(ends_on, lang)}"
    return (
        f"Stage van {pupil} bij {workplace}",
        f"Beste {supervisor},\n\n{by} heeft de stage van {pupil} bij {workplace} ({period}) "
        f"in Bagage gezet, en {pupil} gaat akkoord.\n"
        f"Met deze link volgt u de stage op uw telefoon: u ziet wat {pupil} u laat zien, voegt "
        "foto's en notities toe, geeft uw mening en ondertekent het stageverslag. U hebt "
        "daarvoor geen account en geen wachtwoord nodig.\n\n"
        f"{link}\n\nDe eerste keer op een toestel sturen we u een korte code om te bevestigen "
        "dat u het bent. Stuur deze link niet door: hij is alleen voor u.\n",
    )


def signature_request_mail(
    *, lang: str, signer: str, pupil: str, by: str, title: str, link: str, link_only: bool
) -> tuple[str, str]:
    """A report waits for the signer. `link_only`: the link itself lets them in (a workplace
    supervisor without an account), so the mail says no password is needed."""
    if language(lang) == "en":
        free = " It opens without an account or a password." if link_only else ""
        return (
            f"{pupil}'s internship report is waiting for your signature",
            f'Hello {signer},\n\n{by} has finished the internship report "{title}" of '
            f"{pupil}. Please read it and sign it.{free}\n\n{link}\n",
        )
    if link_only:  # a workplace supervisor: "u", as in the workplace link's own mail
        return (
            f"Het stageverslag van {pupil} wacht op uw handtekening",
            f'Beste {signer},\n\n{by} heeft het stageverslag "{title}" van {pupil} klaar. '
            "Wilt u het lezen en ondertekenen? Deze link opent het, zonder account of "
            f"wachtwoord.\n\n{link}\n",
        )
    return (
        f"Het stageverslag van {pupil} wacht op je handtekening",
        f'Beste {signer},\n\n{by} heeft het stageverslag "{title}" van {pupil} klaar. '
        f"Lees het en onderteken het via deze link:\n\n{link}\n",
    )
