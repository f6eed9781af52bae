"""Write Bagage's built-in frameworks as CASE 1.0 packages into competencies/packages/.

The statements follow the public sources named in each package (see the description);
where a source gives only a paraphrase or a commonly cited name, the item says so in its
notes. Search keywords are Bagage's own aids for finding items by everyday words; they are
not part of any official text. Identifiers are uuid5 under a fixed namespace, so every
instance gets the same ids. Run: python scripts/build_frameworks.py
"""

from __future__ import annotations

import json
import uuid
from pathlib import Path

NAMESPACE = uuid.UUID("0b6f4c5e-8d7a-5c1b-9e2f-3a4d5b6c7e80")
OUT = Path(__file__).resolve().parent.parent / "competencies" / "packages"
CHANGED = "2026-11-27T00:00:00+00:00"
KEYWORDS_NOTE = "Trefwoorden zijn zoekhulp van Bagage, geen officiële tekst."


def uid(*parts: str) -> str:
    return str(uuid.uuid5(NAMESPACE, "/".join(parts)))


def ref(title: str, identifier: str) -> dict:
    return {"title": title, "identifier": identifier, "uri": f"urn:uuid:{identifier}"}


def package(key, title, description, language, items, scale=None):
    doc_id = uid(key)
    document = {
        "identifier": doc_id,
        "uri": f"urn:uuid:{doc_id}",
        "creator": "Bagage",
        "title": title,
        "lastChangeDateTime": CHANGED,
        "description": description,
        "language": language,
        "version": "2026-11-27",
        "adoptionStatus": "Adopted",
    }
    cf_items, associations = [], []
    counters: dict[str, int] = {}

    def add(entry, parent_id, parent_title):
        code = entry["code"]
        item_id = uid(key, code)
        item = {
            "identifier": item_id,
            "uri": f"urn:uuid:{item_id}",
            "humanCodingScheme": code,
            "fullStatement": entry["statement"],
            "CFItemType": entry.get("type", "Competentie"),
            "language": language,
            "lastChangeDateTime": CHANGED,
        }
        if entry.get("short"):
            item["abbreviatedStatement"] = entry["short"]
        if entry.get("keywords"):
            item["conceptKeywords"] = entry["keywords"]
        notes = [entry["notes"]] if entry.get("notes") else []
        if entry.get("keywords"):
            notes.append(KEYWORDS_NOTE)
        if notes:
            item["notes"] = " ".join(notes)
        cf_items.append(item)
        counters[parent_id] = counters.get(parent_id, 0) + 1
        association_id = uid(key, code, "isChildOf")
        associations.append(
            {
                "identifier": association_id,
                "uri": f"urn:uuid:{association_id}",
                "associationType": "isChildOf",
                "originNodeURI": ref(code, item_id),
                "destinationNodeURI": ref(parent_title, parent_id),
                "sequenceNumber": counters[parent_id],
                "lastChangeDateTime": CHANGED,
            }
        )
        for child in entry.get("children", []):
            add(child, item_id, code)

    for entry in items:
        add(entry, doc_id, title)
    result = {"CFDocument": document, "CFItems": cf_items, "CFAssociations": associations}
    if scale:
        result["CFRubrics"] = [rubric(key, scale)]
    return result


def rubric(key, scale):
    rubric_id = uid(key, "rubric")
    criterion_id = uid(key, "rubric", "criterion")
    levels = []
    for position, (quality, description) in enumerate(scale["levels"], start=1):
        level_id = uid(key, "rubric", "level", str(position))
        levels.append(
            {
                "identifier": level_id,
                "uri": f"urn:uuid:{level_id}",
                "quality": quality,
                "description": description,
                "score": position,
                "position": position,
                "rubricCriterionId": criterion_id,
                "lastChangeDateTime": CHANGED,
            }
        )
    return {
        "identifier": rubric_id,
        "uri": f"urn:uuid:{rubric_id}",
        "title": scale["title"],
        "description": scale["description"],
        "lastChangeDateTime": CHANGED,
        "CFRubricCriteria": [
            {
                "identifier": criterion_id,
                "uri": f"urn:uuid:{criterion_id}",
                "category": "Niveau",
                "description": scale["title"],
                "position": 1,
                "rubricId": rubric_id,
                "lastChangeDateTime": CHANGED,
                "CFRubricCriterionLevels": levels,
            }
        ],
    }


TEACHER_SCALE = {
    "title": "Bekwaamheidsniveau (Bagage)",
    "description": "Bagage's eigen schaal langs de gangbare fasen van de beroepsloopbaan "
    "van leraren; geen wettelijke indeling.",
    "levels": [
        ("In opleiding", "Werkt aan deze bekwaamheid tijdens de lerarenopleiding."),
        ("Startbekwaam", "Laat dit zien op het niveau van een beginnende leraar."),
        ("Basisbekwaam", "Laat dit zelfstandig en consequent zien in de eigen lessen."),
        ("Vakbekwaam", "Laat dit zien op het niveau van een ervaren leraar en deelt het."),
    ],
}

PUPIL_SCALE = {
    "title": "Zelfstandigheid (Bagage)",
    "description": "Bagage's eigen schaal voor werknemersvaardigheden; geen officiële indeling.",
    "levels": [
        ("Met veel hulp", "Lukt met veel uitleg en begeleiding."),
        ("Met wat hulp", "Lukt met af en toe hulp of een herinnering."),
        ("Zelfstandig", "Lukt zonder hulp, ook op een nieuwe werkplek."),
    ],
}

SBL = package(
    "nl-sbl-2005",
    "SBL-competenties (Besluit bekwaamheidseisen onderwijspersoneel 2005)",
    "De zeven competenties van art. 2.1 van het Besluit bekwaamheidseisen "
    "onderwijspersoneel (Stb. 2005, 460), in lerarenopleidingen nog veel gebruikt. "
    "Bronnen: wettekst art. 2.1 a–g (mijnwetten.nl, BWBR0029609; "
    "zoek.officielebekendmakingen.nl/stb-2005-460); de korte namen 'competent in ...' "
    "zoals gangbaar (roc-nijmegen.nl, hrmforce.com). Stand: 27 november 2026.",
    "nl",
    [
        {
            "code": "SBL.1",
            "statement": "Interpersoonlijke competentie",
            "short": "Interpersoonlijk competent",
            "keywords": [
                "sfeer",
                "communicatie",
                "leiding geven",
                "relatie met leerlingen",
                "interpersonal",
            ],
        },
        {
            "code": "SBL.2",
            "statement": "Pedagogische competentie",
            "short": "Pedagogisch competent",
            "keywords": [
                "veilige leeromgeving",
                "welbevinden",
                "sociaal-emotioneel",
                "pedagogical",
                "safe learning environment",
            ],
        },
        {
            "code": "SBL.3",
            "statement": "Vakinhoudelijke en didactische competentie",
            "short": "Vakinhoudelijk en didactisch competent",
            "keywords": [
                "didactiek",
                "instructie",
                "vakkennis",
                "lesgeven",
                "subject knowledge",
                "teaching",
            ],
        },
        {
            "code": "SBL.4",
            "statement": "Organisatorische competentie",
            "short": "Organisatorisch competent",
            "keywords": [
                "klassenmanagement",
                "organisatie",
                "planning",
                "orde",
                "structuur",
                "classroom management",
            ],
        },
        {
            "code": "SBL.5",
            "statement": "Competentie in het samenwerken met collega's",
            "short": "Competent in het samenwerken met collega's",
            "keywords": ["team", "collega's", "overleg", "collaboration with colleagues"],
        },
        {
            "code": "SBL.6",
            "statement": "Competentie in het samenwerken met de omgeving",
            "short": "Competent in het samenwerken met de omgeving",
            "keywords": ["ouders", "externen", "zorg", "parents", "community"],
        },
        {
            "code": "SBL.7",
            "statement": "Competentie in reflectie en ontwikkeling",
            "short": "Competent in reflectie en ontwikkeling",
            "keywords": [
                "reflectie",
                "professionalisering",
                "ontwikkeling",
                "reflection",
                "professional development",
            ],
        },
    ],
    TEACHER_SCALE,
)

PARAPHRASE = (
    "Parafrase (wordleraarinhetvo.nl, vo), niet de wettelijke formulering van Stb. 2017, 148."
)
BEKWAAMHEIDSEISEN = package(
    "nl-bekwaamheidseisen-2017",
    "Bekwaamheidseisen leraren (herijking 2017)",
    "De drie bekwaamheden van het herijkte Besluit bekwaamheidseisen onderwijspersoneel "
    "(Stb. 2017, 148; in werking sinds 1 augustus 2017): vakinhoudelijk, vakdidactisch en "
    "pedagogisch bekwaam. Onderdelen volgen de samenvatting op wordleraarinhetvo.nl en zijn "
    "parafrasen, geen wettekst; de onderdelen van 'pedagogisch bekwaam' en het vervolg van "
    "'vakdidactisch bekwaam' zijn nog niet aan de officiële tekst getoetst en daarom "
    "weggelaten. Stand: 27 november 2026.",
    "nl",
    [
        {
            "code": "BE.1",
            "statement": "Vakinhoudelijk bekwaam",
            "type": "Bekwaamheid",
            "keywords": ["vakkennis", "leerstof", "subject knowledge"],
            "children": [
                {
                    "code": "BE.1.1",
                    "statement": "Beheerst de inhoud van zijn onderwijs.",
                    "notes": PARAPHRASE,
                },
                {"code": "BE.1.2", "statement": "Staat boven de leerstof.", "notes": PARAPHRASE},
                {
                    "code": "BE.1.3",
                    "statement": "Kan de leerstof zo samenstellen, kiezen of "
                    "bewerken dat leerlingen die kunnen leren.",
                    "notes": PARAPHRASE,
                },
                {
                    "code": "BE.1.4",
                    "statement": "Kan vanuit vakinhoudelijke expertise verbanden "
                    "leggen met het dagelijks leven, werk en wetenschap.",
                    "notes": PARAPHRASE,
                },
                {
                    "code": "BE.1.5",
                    "statement": "Kan bijdragen aan de algemene vorming van leerlingen.",
                    "notes": PARAPHRASE,
                },
                {
                    "code": "BE.1.6",
                    "statement": "Houdt vakkennis en -kunde actueel.",
                    "notes": PARAPHRASE,
                },
            ],
        },
        {
            "code": "BE.2",
            "statement": "Vakdidactisch bekwaam",
            "type": "Bekwaamheid",
            "keywords": ["didactiek", "instructie", "lesgeven", "teaching"],
            "children": [
                {
                    "code": "BE.2.1",
                    "statement": "Maakt de vakinhoud leerbaar, in afstemming met "
                    "collega's en passend bij het onderwijskundig beleid van de school.",
                    "notes": PARAPHRASE,
                },
                {
                    "code": "BE.2.2",
                    "statement": "Vertaalt de vakinhoud in leerplannen of leertrajecten.",
                    "notes": PARAPHRASE,
                },
                {
                    "code": "BE.2.3",
                    "statement": "Doet dat met een professionele, ontwikkelingsgerichte werkwijze.",
                    "notes": PARAPHRASE,
                },
            ],
        },
        {
            "code": "BE.3",
            "statement": "Pedagogisch bekwaam",
            "type": "Bekwaamheid",
            "keywords": [
                "klassenmanagement",
                "veilig klimaat",
                "orde",
                "welbevinden",
                "classroom management",
                "pedagogical",
            ],
        },
    ],
    TEACHER_SCALE,
)

UNVERIFIED_FG = (
    "Naam zoals gangbaar geciteerd voor de set van 2007; nog niet getoetst aan "
    "de bijlage van het besluit van 2018."
)
BASISCOMPETENTIES = package(
    "vl-basiscompetenties-2018",
    "Basiscompetenties van de leraar (Vlaanderen, 2018)",
    "De tien functionele gehelen van de basiscompetenties en het beroepsprofiel van de "
    "leraar (Besluit van de Vlaamse Regering van 8 juni 2018 betreffende de "
    "basiscompetenties van de leraren, numac 2018012928; het beroepsprofiel gebruikt "
    "dezelfde functionele gehelen, vlor.be). Functioneel geheel 1 is getoetst (edulex "
    "docid 13952); 2 tot en met 10 volgen de gangbare namen. De set attitudes is niet "
    "opgenomen. Stand: 27 november 2026.",
    "nl",
    [
        {
            "code": "FG.1",
            "statement": "De leraar als begeleider van leer- en ontwikkelingsprocessen",
            "type": "Functioneel geheel",
            "keywords": ["beginsituatie", "doelen", "differentiëren", "evalueren"],
        },
        {
            "code": "FG.2",
            "statement": "De leraar als opvoeder",
            "type": "Functioneel geheel",
            "notes": UNVERIFIED_FG,
            "keywords": ["opvoeden", "welbevinden", "sfeer"],
        },
        {
            "code": "FG.3",
            "statement": "De leraar als inhoudelijk expert",
            "type": "Functioneel geheel",
            "notes": UNVERIFIED_FG,
            "keywords": ["vakkennis", "leerstof"],
        },
        {
            "code": "FG.4",
            "statement": "De leraar als organisator",
            "type": "Functioneel geheel",
            "notes": UNVERIFIED_FG,
            "keywords": [
                "klassenmanagement",
                "organisatie",
                "planning",
                "orde",
                "classroom management",
            ],
        },
        {
            "code": "FG.5",
            "statement": "De leraar als innovator, de leraar als onderzoeker",
            "type": "Functioneel geheel",
            "notes": UNVERIFIED_FG,
            "keywords": ["innovatie", "onderzoek", "reflectie", "professionalisering"],
        },
        {
            "code": "FG.6",
            "statement": "De leraar als partner van ouders/verzorgers",
            "type": "Functioneel geheel",
            "notes": UNVERIFIED_FG,
            "keywords": ["ouders", "gezin"],
        },
        {
            "code": "FG.7",
            "statement": "De leraar als lid van een schoolteam",
            "type": "Functioneel geheel",
            "notes": UNVERIFIED_FG,
            "keywords": ["team", "collega's", "overleg"],
        },
        {
            "code": "FG.8",
            "statement": "De leraar als partner van externen",
            "type": "Functioneel geheel",
            "notes": UNVERIFIED_FG,
            "keywords": ["externen", "samenwerking", "CLB"],
        },
        {
            "code": "FG.9",
            "statement": "De leraar als lid van de onderwijsgemeenschap",
            "type": "Functioneel geheel",
            "notes": UNVERIFIED_FG,
            "keywords": ["onderwijsdebat", "beroepsgroep"],
        },
        {
            "code": "FG.10",
            "statement": "De leraar als cultuurparticipant",
            "type": "Functioneel geheel",
            "notes": UNVERIFIED_FG,
            "keywords": ["cultuur", "maatschappij", "actualiteit"],
        },
    ],
    TEACHER_SCALE,
)

KBB_NAMES = [
    ("Beslissen en activiteiten initiëren", ["beslissen", "initiatief nemen", "decisions"]),
    ("Aansturen", ["leiding geven", "directing"]),
    ("Begeleiden", ["helpen", "coachen", "guiding"]),
    ("Aandacht en begrip tonen", ["luisteren", "empathie", "attention"]),
    (
        "Samenwerken en overleggen",
        ["samenwerken", "om hulp vragen", "overleg", "team", "collaborating", "asking for help"],
    ),
    ("Ethisch en integer handelen", ["eerlijk", "betrouwbaar", "integrity"]),
    ("Relaties bouwen en netwerken", ["contacten", "netwerk", "networking"]),
    ("Overtuigen en beïnvloeden", ["overtuigen", "persuading"]),
    ("Presenteren", ["presentatie", "spreken", "presenting"]),
    ("Formuleren en rapporteren", ["schrijven", "verslag", "reporting"]),
    ("Vakdeskundigheid toepassen", ["vakmanschap", "vakkennis", "expertise"]),
    ("Materialen en middelen inzetten", ["gereedschap", "machines", "tools", "materials"]),
    ("Analyseren", ["analyse", "analysing"]),
    ("Onderzoeken", ["uitzoeken", "research"]),
    ("Creëren en innoveren", ["creatief", "nieuwe ideeën", "creating"]),
    (
        "Leren (van feedback en fouten)",
        ["feedback", "leren van fouten", "om hulp vragen", "learning"],
    ),
    ("Plannen en organiseren", ["planning", "op tijd", "werk indelen", "planning and organising"]),
    (
        "Op de behoefte en verwachtingen van de klant richten",
        ["klant", "klantvriendelijk", "customer"],
    ),
    ("Kwaliteit leveren", ["zorgvuldig", "netjes werken", "quality"]),
    (
        "Instructies en procedures opvolgen",
        [
            "op tijd",
            "regels",
            "afspraken nakomen",
            "veilig werken",
            "opdrachten uitvoeren",
            "following instructions",
            "working safely",
            "punctuality",
        ],
    ),
    ("Omgaan met verandering en aanpassen", ["flexibel", "aanpassen", "change"]),
    ("Met druk en tegenslag omgaan", ["stress", "tegenslag", "pressure"]),
    ("Gedrevenheid en ambitie tonen", ["motivatie", "inzet", "motivation"]),
    ("Ondernemend en commercieel handelen", ["ondernemen", "verkopen", "enterprising"]),
    ("Bedrijfsmatig handelen", ["kosten", "bedrijfsmatig", "business"]),
]

WERKNEMERSVAARDIGHEDEN = package(
    "nl-kbb-25-competenties",
    "Werknemersvaardigheden: competentiemodel beroepsonderwijs (25 competenties)",
    "De 25 competenties van het competentiemodel dat in de competentiegerichte "
    "kwalificatiedossiers van het mbo werd gebruikt (Colo, 2006), met de exacte namen zoals "
    "vermeld op vmboplus.nl. Bruikbaar als woordenschat voor werknemersvaardigheden van "
    "leerlingen in (v)so en praktijkonderwijs op weg naar werk. Of de herziene "
    "kwalificatiestructuur (vanaf 2015/16) er nog naar verwijst, is niet nagegaan. "
    "Stand: 27 november 2026.",
    "nl",
    [
        {"code": f"WV.{n}", "statement": name, "keywords": keywords, "type": "Competentie"}
        for n, (name, keywords) in enumerate(KBB_NAMES, start=1)
    ],
    PUPIL_SCALE,
)

VSO = package(
    "nl-vso-leergebiedoverstijgend",
    "VSO arbeidsmarkt en dagbesteding: leergebiedoverstijgende thema's",
    "De vier thema's van de leergebiedoverstijgende doelen voor de uitstroomprofielen "
    "arbeidsmarkt en dagbesteding in het voortgezet speciaal onderwijs (SLO, "
    "slo.nl/sectoren/vso/beroepsgericht/onderwijsdoelen). Scholen kunnen er hun eigen "
    "leerlijnen onder hangen. Stand: 27 november 2026.",
    "nl",
    [
        {
            "code": "VSO.1",
            "statement": "Leren leren",
            "type": "Thema",
            "keywords": ["leren", "om hulp vragen", "learning to learn"],
        },
        {
            "code": "VSO.2",
            "statement": "Leren taken uitvoeren",
            "type": "Thema",
            "keywords": ["op tijd", "taak afmaken", "opdrachten", "werkhouding", "tasks"],
        },
        {
            "code": "VSO.3",
            "statement": "Leren functioneren in sociale situaties",
            "type": "Thema",
            "keywords": ["samenwerken", "omgaan met collega's", "social situations"],
        },
        {
            "code": "VSO.4",
            "statement": "Het ontwikkelen van een persoonlijk toekomstperspectief",
            "type": "Thema",
            "keywords": ["toekomst", "loopbaan", "stage", "career"],
        },
    ],
    PUPIL_SCALE,
)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, pkg in [
        ("nl-sbl-competenties", SBL),
        ("nl-bekwaamheidseisen-2017", BEKWAAMHEIDSEISEN),
        ("vl-basiscompetenties-2018", BASISCOMPETENTIES),
        ("nl-werknemersvaardigheden-25-competenties", WERKNEMERSVAARDIGHEDEN),
        ("nl-vso-leergebiedoverstijgende-themas", VSO),
    ]:
        path = OUT / f"{name}.json"
        path.write_text(json.dumps(pkg, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {path.name}: {len(pkg['CFItems'])} items")


if __name__ == "__main__":
    main()
