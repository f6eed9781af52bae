"""Demo data for `flask seed-demo`: a teacher, and a school's coordinator with her pupils, their
internships and the workplaces around them, with real-looking photos.

The photos are drawn here (no files shipped) and go through the same capture path as a
phone upload, EXIF and all, so the demo shows what users will see.
"""

from __future__ import annotations

import io
import math
import random
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from PIL import Image, ImageDraw, ImageFilter
from sqlalchemy import select
from sqlalchemy.orm import Session

from app import clock
from app.access import access_to
from app.accounts.models import User
from app.accounts.services import register_user
from app.confirmations import workplace_levels
from app.cv.services import cv_of, update_cv
from app.db import utcnow
from app.dossiers.models import Dossier, Evidence
from app.dossiers.reflections import add_reflection, post_message
from app.dossiers.services import NewEvidence, create_evidence
from app.growth.services import (
    create_activity,
    create_goal,
    school_year_bounds,
    school_year_of,
    update_settings,
)
from app.issuing.services import issue_from_level, show_on_cv
from app.people.internships import Proposal, approve, give_consent, propose
from app.people.models import Internship, Organisation
from app.people.services import (
    GrantTerms,
    accept_membership,
    add_member,
    create_organisation,
    grant_access,
)
from app.reports.services import create_report, send_for_signature, sign_off
from competencies.builtin import sync_builtin
from competencies.models import EvidenceLink, Framework
from competencies.services import dossier_frameworks, link_evidence, set_dossier_frameworks
from media.services import tmp_dir
from media.uploads import spool_upload

DEMO_PASSWORD = "bagage-demo-2026"  # noqa: S105 - published demo login

DEMO_PEOPLE = [
    {
        "email": "leraar@demo.bagage.nl",
        "profile": ("teacher", "nl-vo"),
        "display_name": "Sanne de Vries",
        "frameworks": ["SBL-competenties", "Bekwaamheidseisen leraren"],
        "items": [
            ("photo", "Rekenles met de kralenketting", "Groep 4 oefent tientallen.", "SBL.3"),
            (
                "photo",
                "Kringgesprek na de pauze",
                "Gesprek over samenwerken op het plein.",
                "SBL.1",
            ),
            (
                "note",
                "Reflectie op de les over breuken",
                "Volgende keer eerst concreet materiaal.",
                "SBL.7",
            ),
        ],
    },
    {
        "email": "leerling@demo.bagage.nl",
        "profile": ("pupil", "vso"),
        "display_name": "Daan Jansen",
        "frameworks": ["Werknemersvaardigheden", "VSO arbeidsmarkt"],
        "items": [
            ("photo", "Stage in de keuken: mise-en-place", "Zelf de groenten gesneden.", "WV.11"),
            ("photo", "Veilig werken met het snijapparaat", "", "WV.20"),
            ("note", "Op tijd begonnen", "Deze week elke dag om 8 uur aanwezig.", "WV.20"),
        ],
    },
    {
        "email": "coordinator@demo.bagage.nl",
        "profile": ("coordinator", None),
        "display_name": "Fatima El Amrani",
        "items": [
            (
                "photo",
                "Bezoek stageplaats De Gouden Lepel",
                "Kennismaking met de praktijkbegeleider.",
            ),
            ("note", "Afspraken stageplan", "Elke vrijdag kort evalueren."),
        ],
    },
    {
        "email": "werkgever@demo.bagage.nl",
        "profile": ("supervisor", None),
        "display_name": "Peter Willems",
        "items": [
            ("photo", "Werkplek in de keuken", "De stageplek van Daan."),
            ("note", "Feedback eerste week", "Daan vraagt goed om hulp als iets niet lukt."),
        ],
    },
    {
        "email": "directie@demo.bagage.nl",
        "profile": ("coordinator", None),
        "display_name": "Marleen Claes",
        "items": [],
    },
    # Daan's classmates at Het Baken, who share their dossiers with Fatima: her caseload.
    # "news" is what they add after sharing, so it is new to her.
    {
        "email": "noor@demo.bagage.nl",
        "profile": ("pupil", "vso"),
        "display_name": "Noor Bakker",
        "group": "4B",
        "frameworks": ["Werknemersvaardigheden"],
        "items": [
            ("photo", "Eerste dag in de bakkerij", "Deeg afwegen voor de broodjes.", "WV.11"),
            ("note", "Hygiëne", "Haarnetje op en handen wassen voor ik begin.", "WV.20"),
        ],
    },
    {
        "email": "lars@demo.bagage.nl",
        "profile": ("pupil", "vso"),
        "display_name": "Lars Peeters",
        "group": "5A",
        "frameworks": ["Werknemersvaardigheden"],
        "items": [
            ("photo", "Band wisselen", "Samen met de monteur een band gewisseld.", "WV.11"),
        ],
        "news": [
            ("note", "Gereedschap opgeruimd", "Na elke klus alles terug op het bord.", "WV.20"),
        ],
    },
    {
        "email": "emma@demo.bagage.nl",
        "profile": ("pupil", "vso"),
        "display_name": "Emma Maes",
        "group": "5A",
        "frameworks": ["Werknemersvaardigheden"],
        "items": [
            ("photo", "Kassa in de winkel", "Ik help klanten bij het afrekenen.", "WV.5"),
            ("note", "Klantvriendelijk", "Ik groet elke klant en kijk ze aan.", "WV.5"),
        ],
    },
    {
        "email": "sem@demo.bagage.nl",
        "profile": ("pupil", "vso"),
        "display_name": "Sem de Jong",
        "group": "4B",
        "frameworks": ["Werknemersvaardigheden"],
        "items": [
            ("photo", "Plantsoen gemaaid", "Met de bosmaaier langs de randen.", "WV.11"),
        ],
    },
    {
        "email": "yasmina@demo.bagage.nl",
        "profile": ("pupil", "vso"),
        "display_name": "Yasmina Ouali",
        "group": "5A",
        "frameworks": ["Werknemersvaardigheden"],
        "items": [
            ("note", "Planning voor de week", "Ik schrijf mijn taken op een lijstje.", "WV.20"),
        ],
        "news": [
            (
                "photo",
                "Bedden opgemaakt in het zorghotel",
                "Twaalf kamers klaar voor 11 uur.",
                "WV.11",
            ),
        ],
    },
]

#: The newer pupils' photos are smaller: they show as thumbnails, and seeding stays quick.
CLASSMATE_PHOTO = (1200, 900)


def seed_demo(session: Session, *, photo_size: tuple[int, int] = (2400, 1800)) -> list[User]:
    """Create the demo people and their evidence; people that already exist are left alone."""
    rng = random.Random(20261127)
    users = []
    base_time = datetime(2026, 10, 5, 9, 30, tzinfo=UTC)
    sync_builtin(session)
    frameworks = session.scalars(select(Framework).where(Framework.is_builtin)).all()
    for person_index, person in enumerate(DEMO_PEOPLE):
        if session.scalar(select(User).where(User.email == person["email"])) is not None:
            continue
        user = register_user(
            session,
            email=person["email"],
            password=DEMO_PASSWORD,
            display_name=person["display_name"],
        )
        user.email_verified_at = utcnow()  # demo addresses receive no mail
        # They answered "Wie ben je?" already; their frameworks are the demo's own choice.
        user.role, user.sector = person["profile"]
        user.onboarded_at = utcnow()
        dossier = session.scalar(select(Dossier).where(Dossier.owner_id == user.id))
        chosen = [
            f
            for f in frameworks
            if any(f.title.startswith(t) for t in person.get("frameworks", []))
        ]
        set_dossier_frameworks(session, user, dossier, [f.id for f in chosen])
        size = photo_size if "group" not in person else min(photo_size, CLASSMATE_PHOTO)
        for item_index, item in enumerate(person["items"]):
            when = base_time + timedelta(days=3 * item_index + person_index, hours=item_index)
            _add_item(session, user, dossier, item, f"demo-{person_index}-{item_index}",
                      number=item_index, when=when, rng=rng, size=size)  # fmt: skip
        users.append(user)
    if len(users) == len(DEMO_PEOPLE):
        school = _demo_school(session)
        _demo_internship(session, school)
        _demo_report_and_cv(session)
        _demo_caseload(session, school, rng)
        _demo_growth(session)
    return users


def _add_item(
    session: Session,
    user: User,
    dossier: Dossier,
    item: tuple,
    client_uid: str,
    *,
    number: int,
    when: datetime,
    rng: random.Random,
    size: tuple[int, int],
) -> Evidence:
    """One item (kind, title, description, optional competency code), as the owner adds it."""
    kind, title, description, *code = item
    data = NewEvidence(title=title, description=description, client_uid=client_uid)
    if kind == "note":
        data.occurred_at = when
        evidence, _ = create_evidence(session, user, dossier, data, None)
    else:
        jpeg = demo_photo(rng, size, taken_at=when)
        upload = spool_upload(
            io.BytesIO(jpeg),
            filename=f"IMG_{4000 + number}.jpg",
            tmp_dir=tmp_dir(),
            max_bytes=len(jpeg) + 1,
        )
        try:
            evidence, _ = create_evidence(session, user, dossier, data, upload)
        finally:
            upload.discard()
    if code:
        codes = {i.human_code: i for f in dossier_frameworks(session, dossier) for i in f.items}
        _link_demo(session, user, evidence, codes, code)
    return evidence


def _demo_school(session: Session) -> Organisation:
    """Het Baken: its director made it; Fatima coordinates, the pupils are in their classes,
    and each shares their dossier with her."""
    director, _ = _demo_person(session, "directie@")
    fatima, _ = _demo_person(session, "coordinator@")
    school = create_organisation(session, director, name="Het Baken (vso)", kind="education")
    offer = add_member(session, director, school.id, email=fatima.email, role="coordinator")
    accept_membership(session, fatima, offer.id)
    pupils = [("leerling@demo.bagage.nl", "4B")] + [
        (p["email"], p["group"]) for p in DEMO_PEOPLE if "group" in p
    ]
    for email, group in pupils:
        pupil, dossier = _demo_person(session, email)
        offer = add_member(session, director, school.id, email=email, role="student")
        accept_membership(session, pupil, offer.id).group_name = group
        grant_access(session, pupil, dossier, fatima, GrantTerms(EVERYTHING, role="coordinator"),
                     organisation_id=school.id)  # fmt: skip
    return school


EVERYTHING = ["view", "reflect", "contribute"]


def _demo_internship(session: Session, school: Organisation) -> None:
    """Daan's internship at Peter's restaurant: Fatima proposed it and Daan agreed, so Peter
    may look, reflect and add evidence until the report is signed; all three reflected on
    being on time."""
    daan, dossier = _demo_person(session, "leerling@")
    fatima, _ = _demo_person(session, "coordinator@")
    peter, _ = _demo_person(session, "werkgever@")
    work = create_organisation(session, peter, name="Restaurant De Gouden Lepel", kind="work")
    offer = add_member(session, peter, work.id, email=daan.email, role="student")
    accept_membership(session, daan, offer.id)
    first_day = _first_day(session, dossier)
    internship = propose(session, fatima, dossier.id, Proposal(
        workplace="Restaurant De Gouden Lepel", supervisor_name="Peter Willems",
        supervisor_email=peter.email, starts_on=first_day,
        ends_on=max(first_day + timedelta(weeks=12), clock.today() + timedelta(weeks=6)),
        scopes=EVERYTHING, organisation_id=school.id,
    ))  # fmt: skip
    approve(session, daan, internship)
    on_time = session.scalar(
        select(Evidence).where(
            Evidence.dossier_id == dossier.id, Evidence.title == "Op tijd begonnen"
        )
    )
    item_id = session.scalar(
        select(EvidenceLink.item_id).where(EvidenceLink.evidence_id == on_time.id)
    )
    starr = {"situatie": "Mijn eerste stageweek in de keuken.",
             "taak": "Elke dag om 8 uur beginnen.",
             "actie": "Ik zet twee wekkers en pak 's avonds mijn tas in.",
             "resultaat": "Ik was elke dag op tijd.",
             "reflectie": "Het lukt als ik het de avond ervoor voorbereid."}  # fmt: skip
    add_reflection(session, daan, "owner", on_time, model="starr", content=starr,
                   item_id=item_id, level=2)  # fmt: skip
    add_reflection(session, fatima, "coordinator", on_time, model="free", item_id=item_id,
                   level=2, content={"text": "Goed voorbereid. Volgende stap: zelf melden "
                                     "als de bus vertraging heeft."})  # fmt: skip
    level = add_reflection(session, peter, "employer", on_time, model="free", item_id=item_id,
                           level=3, content={"text": "Daan is altijd op tijd."})  # fmt: skip
    # Daan made Peter's level a verifiable credential and shows it on his CV.
    show_on_cv(session, issue_from_level(session, daan, dossier, level), True)


def _first_day(session: Session, dossier: Dossier):
    return min(
        session.scalars(select(Evidence.occurred_at).where(Evidence.dossier_id == dossier.id))
    ).date()


def _demo_person(session: Session, prefix: str) -> tuple[User, Dossier]:
    user = session.scalar(select(User).where(User.email.startswith(prefix)))
    return user, session.scalar(select(Dossier).where(Dossier.owner_id == user.id))


def _demo_report_and_cv(session: Session) -> None:
    """The coordinator wrote Daan's internship report, confirmed it and sent it to Peter to
    sign; Daan's CV shows his kitchen work and what the school and workplace confirmed."""
    daan, dossier = _demo_person(session, "leerling@")
    fatima, _ = _demo_person(session, "coordinator@")
    items = session.scalars(
        select(Evidence).where(Evidence.dossier_id == dossier.id).order_by(Evidence.occurred_at)
    ).all()
    start = min(e.occurred_at for e in items).date()
    internship = session.scalar(select(Internship).where(Internship.dossier_id == dossier.id))
    report = create_report(session, fatima, dossier, {
        "title": "Stageverslag keuken", "internship": "Restaurant De Gouden Lepel",
        "internship_id": internship.id,
        "period_start": start, "period_end": start + timedelta(days=30), "hours": 96,
        "summary": "Daan werkte vier weken in de keuken: voorbereiden, snijden, op tijd beginnen.",
    })  # fmt: skip
    coordinator = access_to(session, fatima, dossier)
    send_for_signature(session, fatima, coordinator, report)
    sign_off(session, fatima, coordinator, report)
    photos = [e for e in items if e.kind == "photo"]
    update_cv(session, dossier, cv_of(session, dossier), {
        "headline": "Keukenhulp in opleiding",
        "introduction": "Ik werk graag met mijn handen en ben altijd op tijd. In mijn stage "
                        "bij De Gouden Lepel leerde ik veilig snijden en de mise-en-place.",
        "email": "", "phone": "",
        "photo_evidence_id": photos[0].id if photos else None,
        "work": [{"name": "Restaurant De Gouden Lepel", "position": "Stagiair keuken",
                  "start": start.isoformat(), "end": None, "internship": True,
                  "summary": "Mise-en-place, snijden, schoonmaken."}],
        "education": [{"institution": "Het Baken (vso)", "area": "Horeca",
                       "study_type": "Arbeidsmarktgericht", "start": "2023-08-01", "end": None}],
        "evidence_ids": [e.id for e in photos],
        # The strongest evidence: the report the school signed and Peter's level.
        "report_ids": [report.id],
        "level_ids": [r.id for r in workplace_levels(session, dossier.id)],
    })  # fmt: skip


def _demo_caseload(session: Session, school: Organisation, rng: random.Random) -> None:
    """What Fatima finds on "Mijn leerlingen": Noor at a bakery whose supervisor has no
    account (a workplace link) and a question for her; Lars asked to agree to an internship,
    with something new; Emma's report to sign; Yasmina's new photo; Sem, nothing new."""
    fatima, _ = _demo_person(session, "coordinator@")
    today = clock.today()
    for index, person in enumerate(DEMO_PEOPLE):
        if "news" not in person:
            continue
        user, dossier = _demo_person(session, person["email"])
        for item_index, item in enumerate(person["news"]):
            when = utcnow() - timedelta(days=1 + item_index, hours=3)
            _add_item(session, user, dossier, item, f"demo-news-{index}-{item_index}",
                      number=50 + item_index, when=when,
                      rng=rng, size=CLASSMATE_PHOTO)  # fmt: skip

    noor, dossier = _demo_person(session, "noor@")
    give_consent(session, noor, dossier, school.id)  # agreed at once, nobody asks Noor
    propose(session, fatima, dossier.id, Proposal(
        workplace="Bakkerij Van Dam", supervisor_name="Joke van Dam",
        supervisor_email="joke@bakkerij-vandam.demo.bagage.nl",
        starts_on=today - timedelta(weeks=2), ends_on=today + timedelta(weeks=8),
        scopes=["view", "reflect"], organisation_id=school.id,
    ))  # fmt: skip
    post_message(session, noor, "owner", dossier,
                 body="Mag ik volgende week mijn stagedag ruilen met woensdag?")  # fmt: skip

    _lars, dossier = _demo_person(session, "lars@")
    propose(session, fatima, dossier.id, Proposal(
        workplace="Garage Janssens", supervisor_name="Kevin Janssens",
        supervisor_email="kevin@garage-janssens.demo.bagage.nl",
        starts_on=today + timedelta(weeks=3), ends_on=today + timedelta(weeks=13),
        scopes=["view", "reflect", "contribute"], organisation_id=school.id,
    ))  # fmt: skip

    emma, dossier = _demo_person(session, "emma@")
    first_day = _first_day(session, dossier)
    report = create_report(session, emma, dossier, {
        "title": "Mijn stage in de winkel", "internship": "Buurtsuper De Hoek",
        "period_start": first_day, "period_end": first_day + timedelta(days=20), "hours": 48,
        "summary": "Ik hielp bij de kassa en vulde de schappen.",
    })  # fmt: skip
    send_for_signature(session, emma, access_to(session, emma, dossier), report)


def _demo_growth(session: Session) -> None:
    """Sanne works four days a week (0.8 FTE) and saves her budget since last school year
    (she spent none of it then): a goal for this year and three activities."""
    sanne, dossier = _demo_person(session, "leraar@")
    today = utcnow().date()
    year = school_year_of(today)
    update_settings(session, sanne, {"fte": 0.8, "saving_since": year - 1})
    starts, ends = school_year_bounds(year)
    done_first, done_then = max(starts, today - timedelta(days=40)), max(starts, today)
    planned_day = min(ends, today + timedelta(days=60))
    goal = create_goal(session, dossier, {
        "title": "Beter differentiëren in de rekenles",
        "description": "Drie niveaus in elke instructie, met materiaal voor wie het nodig heeft.",
        "planned_activities": "Cursus, collegiale consultatie bij groep 5, vakliteratuur.",
        "status": "in_progress", "school_year": year,
    })  # fmt: skip
    for kind, title, day, hours, cost, provider, planned in (
        ("course", "Cursus rekendidactiek", done_first, "12", "395", "Hogeschool", False),
        ("peer_observation", "Collegiale consultatie groep 5", done_then,
         "2", "0", "", False),
        ("study_day", "Studiedag onderwijs en taal", planned_day, "6", "85",
         "PO-raad", True),
    ):  # fmt: skip
        create_activity(session, dossier, {
            "kind": kind, "title": title, "on_date": day, "hours": Decimal(hours),
            "cost": Decimal(cost), "provider": provider, "planned": planned,
            "goal_ids": [goal.id],
        })  # fmt: skip


def _link_demo(session, user, evidence, codes, code) -> None:
    if code and code[0] in codes:
        link_evidence(session, user, evidence, codes[code[0]])


def demo_photo(
    rng: random.Random,
    size: tuple[int, int],
    *,
    taken_at: datetime | None = None,
    gps: bool = False,
) -> bytes:
    """A photo-like JPEG: a sky gradient, a horizon, soft shapes and sensor noise."""
    width, height = size
    top = tuple(rng.randint(90, 170) for _ in range(3))
    bottom = tuple(min(255, c + rng.randint(40, 90)) for c in top)
    gradient = Image.linear_gradient("L").resize((width, height))
    img = Image.composite(Image.new("RGB", size, bottom), Image.new("RGB", size, top), gradient)
    draw = ImageDraw.Draw(img)
    horizon = int(height * rng.uniform(0.55, 0.75))
    ground = tuple(rng.randint(40, 120) for _ in range(3))
    draw.polygon(
        [(0, horizon)]
        + [
            (x, horizon + int(30 * math.sin(x / 97.0 + rng.random())))
            for x in range(0, width + 50, 50)
        ]
        + [(width, height), (0, height)],
        fill=ground,
    )
    for _ in range(rng.randint(6, 12)):
        x, y = rng.randint(0, width), rng.randint(0, horizon)
        r = rng.randint(width // 30, width // 8)
        colour = tuple(rng.randint(30, 240) for _ in range(3))
        if rng.random() < 0.5:
            draw.ellipse((x - r, y - r, x + r, y + r), fill=colour)
        else:
            draw.rectangle((x - r, y - r // 2, x + r, y + r), fill=colour)
    img = img.filter(ImageFilter.GaussianBlur(radius=max(1, width // 600)))
    noise = Image.effect_noise(size, 12).convert("RGB")
    img = Image.blend(img, noise, 0.06)
    exif = Image.Exif()
    exif[0x010F] = "Bagage Demo Camera"  # Make
    exif[0x0110] = "Model 1"
    if taken_at is not None:
        exif_ifd = exif.get_ifd(0x8769)
        exif_ifd[0x9003] = taken_at.strftime("%Y:%m:%d %H:%M:%S")
        exif_ifd[0x9011] = "+00:00"
    if gps:
        gps_ifd = exif.get_ifd(0x8825)
        gps_ifd[1] = "N"
        gps_ifd[2] = (52.0, 22.0, 3.36)
        gps_ifd[3] = "E"
        gps_ifd[4] = (4.0, 54.0, 14.76)
    out = io.BytesIO()
    img.save(out, "JPEG", quality=90, exif=exif)
    return out.getvalue()
