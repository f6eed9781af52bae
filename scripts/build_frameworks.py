"""Write Bagage's built-in frameworks as CASE 1.0 packages into competencies/packages/.

The statements follow the public sources named in each package (see the description);
where a source gives only a paraphrase or a commonly cited name, the item says so in its
notes. Search keywords are Bagage's own aids for finding items by everyday words; they are
not part of any official text. Identifiers are uuid5 under a fixed namespace, so every
instance gets the same ids; an identifier, once shipped, never changes (dossiers link to
it). Statutory wording lives in framework_texts.py. Run: python scripts/build_frameworks.py
"""

from __future__ import annotations

import json
import re
import uuid
from pathlib import Path

from framework_texts import (
    SBL_2005_PO,
    SBL_2005_VHO,
    SBL_2005_VO_BVE,
    VSO_LGO_KERNDOELEN,
    VSO_VOORBEREIDING_OP_ARBEID,
)

NAMESPACE = uuid.UUID("0b6f4c5e-8d7a-5c1b-9e2f-3a4d5b6c7e80")
OUT = Path(__file__).resolve().parent.parent / "competencies" / "packages"
CHANGED = "2026-11-27T00:00:00+00:00"
#: The packages checked against the law texts again on this day.
CHECKED = "2026-12-04T00:00:00+00:00"
KEYWORDS_NOTE = "Trefwoorden zijn zoekhulp van Bagage, geen officiële tekst."


def uid(*parts: str) -> str:
    return str(uuid.uuid5(NAMESPACE, "/".join(parts)))


def ref(title: str, identifier: str) -> dict:
    return {"title": title, "identifier": identifier, "uri": f"urn:uuid:{identifier}"}


def package(key, title, description, language, items, scale=None, changed=CHANGED):
    """A CFPackage. An entry may name `related` items of other packages as
    (associationType, title, identifier): exported as CASE associations, not as tree."""
    doc_id = uid(key)
    document = {
        "identifier": doc_id,
        "uri": f"urn:uuid:{doc_id}",
        "creator": "Bagage",
        "title": title,
        "lastChangeDateTime": changed,
        "description": description,
        "language": language,
        "version": changed[:10],
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
            "lastChangeDateTime": changed,
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
                "lastChangeDateTime": changed,
            }
        )
        for kind, target_title, target_id in entry.get("related", []):
            related_id = uid(key, code, kind, target_id)
            associations.append(
                {
                    "identifier": related_id,
                    "uri": f"urn:uuid:{related_id}",
                    "associationType": kind,
                    "originNodeURI": ref(code, item_id),
                    "destinationNodeURI": ref(target_title, target_id),
                    "lastChangeDateTime": changed,
                }
            )
        for child in entry.get("children", []):
            add(child, item_id, code)

    for entry in items:
        add(entry, doc_id, title)
    result = {"CFDocument": document, "CFItems": cf_items, "CFAssociations": associations}
    if scale:
        result["CFRubrics"] = [rubric(key, scale, changed)]
    return result


def rubric(key, scale, changed=CHANGED):
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
                "lastChangeDateTime": changed,
            }
        )
    return {
        "identifier": rubric_id,
        "uri": f"urn:uuid:{rubric_id}",
        "title": scale["title"],
        "description": scale["description"],
        "lastChangeDateTime": changed,
        "CFRubricCriteria": [
            {
                "identifier": criterion_id,
                "uri": f"urn:uuid:{criterion_id}",
                "category": "Niveau",
                "description": scale["title"],
                "position": 1,
                "rubricId": rubric_id,
                "lastChangeDateTime": changed,
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
    "onderwijspersoneel (Stb. 2005, 460; BWBR0018692), geldend van 1 augustus 2006 tot de "
    "herijking van 1 augustus 2017 en in lerarenopleidingen nog veel gebruikt. De "
    "uitwerking per competentie (bekwaamheidseis en indicatoren: handelingen en kennis) "
    "verschilt per sector en staat in de pakketten 'SBL-indicatoren' voor po, vo/bve en "
    "vho. Bronnen: wettekst art. 2.1 a–g (https://wetten.overheid.nl/BWBR0018692/2013-12-18, "
    "gelijkluidend in BWBR0029609 voor Caribisch Nederland; "
    "https://zoek.officielebekendmakingen.nl/stb-2005-460); de korte namen 'competent in "
    "...' zoals gangbaar (roc-nijmegen.nl, hrmforce.com). Stand: 4 december 2026.",
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
            "statement": "Competentie in het samenwerken met collega’s",
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
    changed=CHECKED,
)

PARAPHRASE = (
    "Parafrase (wordleraarinhetvo.nl, vo), niet de wettelijke formulering van Stb. 2017, 148."
)
BEKWAAMHEIDSEISEN = package(
    "nl-bekwaamheidseisen-2017",
    "Bekwaamheidseisen leraren (herijking 2017)",
    "De drie bekwaamheden van het herijkte Besluit bekwaamheidseisen onderwijspersoneel "
    "(Stb. 2017, 148; in werking sinds 1 augustus 2017): vakinhoudelijk, vakdidactisch en "
    "pedagogisch bekwaam. Getoetst aan de wettekst: de drie bekwaamheden van art. 2.2, "
    "eerste lid (https://wetten.overheid.nl/BWBR0018692/2022-08-01; wijzigingsbesluit "
    "https://zoek.officielebekendmakingen.nl/stb-2017-148). De uitwerking per "
    "bekwaamheid staat in de bijlagen van het besluit, apart voor de leraar po, de leraar "
    "vo en de docent beroepsonderwijs; die bijlagen konden niet worden ingezien. De "
    "onderdelen hieronder volgen daarom de samenvatting op wordleraarinhetvo.nl (vo) en zijn "
    "parafrasen, geen wettekst; de onderdelen van 'pedagogisch bekwaam' en het vervolg van "
    "'vakdidactisch bekwaam' zijn weggelaten zolang ze niet aan de bijlagen zijn getoetst. "
    "Stand: 4 december 2026.",
    "nl",
    [
        {
            "code": "BE.1",
            "statement": "Vakinhoudelijk bekwaam",
            "type": "Bekwaamheid",
            "notes": "Art. 2.2, eerste lid, onder a: de vakinhoudelijke bekwaamheid.",
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
            "notes": "Art. 2.2, eerste lid, onder b: de vakdidactische bekwaamheid.",
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
            "notes": "Art. 2.2, eerste lid, onder c: de pedagogische bekwaamheid.",
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
    changed=CHECKED,
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
    "basiscompetenties van de leraren, numac 2018012928, in werking sinds het academiejaar "
    "2019-2020; het beroepsprofiel gebruikt dezelfde functionele gehelen, vlor.be). "
    "Getoetst: dat de bijlage van 2018 bestaat uit tien functionele gehelen en een set van "
    "attitudes (https://data-onderwijs.vlaanderen.be/edulex/document.aspx?docid=15404), en "
    "de naam van functioneel geheel 1 in de set van 2007 "
    "(https://data-onderwijs.vlaanderen.be/edulex/document.aspx?docid=13952). De tekst van "
    "de bijlage van 2018 zelf kon niet worden ingezien: de namen van 2 tot en met 10 volgen "
    "de gangbare namen, en de basiscompetenties per functioneel geheel en de attitudes zijn "
    "daarom niet opgenomen. Stand: 4 december 2026.",
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
    changed=CHECKED,
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
    "vermeld op http://vmboplus.nl/meer/competenties-in-het-vmbo/. Bruikbaar als "
    "woordenschat voor werknemersvaardigheden van leerlingen in (v)so en praktijkonderwijs "
    "op weg naar werk. Of de herziene "
    "kwalificatiestructuur (vanaf 2015/16) er nog naar verwijst, is niet nagegaan. "
    "Stand: 27 november 2026.",
    "nl",
    [
        {"code": f"WV.{n}", "statement": name, "keywords": keywords, "type": "Competentie"}
        for n, (name, keywords) in enumerate(KBB_NAMES, start=1)
    ],
    PUPIL_SCALE,
    changed=CHECKED,
)

LAW_NOTE = "Wettekst; opsommingstekens aan het eind van de regel zijn weggelaten."
LIST_END = re.compile(r"(,\s*en|\s+en|[,;:.])\s*$")


def list_line(text: str) -> str:
    """A line of an enumeration without the punctuation that joins it to the next."""
    return LIST_END.sub("", text.strip())


def sbl_reference(code: str) -> tuple[str, str, str]:
    """The isRelatedTo target: the competency of art. 2.1 in the SBL package."""
    return ("isRelatedTo", code, uid("nl-sbl-2005", code))


INDICATOR_TYPES = (("handelingen", "Handeling"), ("vaardigheden", "Vaardigheid"))


def indicator_type(intro: str) -> str:
    return next((kind for word, kind in INDICATOR_TYPES if word in intro), "Kennis")


def sbl_sector(key, title, sector, prefix, articles):
    """The seven competencies of one title of the 2005 Besluit: per article its first
    paragraph (the bekwaamheidseis) and the lists of its second paragraph as indicators."""
    items = []
    for article in articles:
        number = article["article"]
        children = [
            {
                "code": f"{prefix}.{number}.1",
                "statement": article["requirement"],
                "type": "Bekwaamheidseis",
                "notes": f"Art. {number}, eerste lid.",
            }
        ]
        for listed in article["lists"]:
            letter, intro = listed["letter"], listed["intro"]
            kind = indicator_type(intro)
            if not listed["items"]:  # a single sentence instead of a list (art. 2.7 po, b)
                children.append(
                    {
                        "code": f"{prefix}.{number}.2.{letter}",
                        "statement": list_line(intro),
                        "type": kind,
                        "notes": f"Art. {number}, tweede lid, onder {letter}. {LAW_NOTE}",
                    }
                )
                continue
            for n, line in enumerate(listed["items"], start=1):
                children.append(
                    {
                        "code": f"{prefix}.{number}.2.{letter}.{n}",
                        "statement": list_line(line),
                        "type": kind,
                        "notes": f"Art. {number}, tweede lid, onder {letter}, {n}° "
                        f"({list_line(intro)}). {LAW_NOTE}",
                    }
                )
        items.append(
            {
                "code": f"{prefix}.{number}",
                "statement": article["title"],
                "type": "Competentie",
                "notes": f"Art. {number}: de uitwerking voor {sector} van art. 2.1 "
                f"({article['competency']}).",
                "related": [sbl_reference(article["competency"])],
                "children": children,
            }
        )
    description = (
        f"De zeven competenties van het Besluit bekwaamheidseisen onderwijspersoneel "
        f"(Stb. 2005, 460; BWBR0018692) zoals uitgewerkt voor {sector}: per competentie de "
        "bekwaamheidseis (eerste lid) en de indicatoren van het tweede lid, onder a de "
        "handelingen (of vaardigheden) en onder b de kennis. Wettekst, letterlijk overgenomen "
        "zoals geldend op 18 december 2013; Hoofdstuk 2 gold van 1 augustus 2006 tot de "
        "herijking van 1 augustus 2017 (wijzigingen na december 2013 zijn niet nagegaan). De "
        "codes volgen de artikelnummering. Bron: "
        "https://wetten.overheid.nl/BWBR0018692/2013-12-18 (Hoofdstuk 2), "
        "https://zoek.officielebekendmakingen.nl/stb-2005-460. Stand: 4 december 2026."
    )
    return package(key, title, description, "nl", items, TEACHER_SCALE, changed=CHECKED)


SBL_PO = sbl_sector(
    "nl-sbl-2005-po",
    "SBL-indicatoren leraar po (Besluit bekwaamheidseisen onderwijspersoneel 2005)",
    "de leraar primair onderwijs (Titel 2: basisonderwijs, speciaal en voortgezet speciaal "
    "onderwijs)",
    "PO",
    SBL_2005_PO,
)
SBL_VO_BVE = sbl_sector(
    "nl-sbl-2005-vo-bve",
    "SBL-indicatoren leraar vo en docent bve (Besluit bekwaamheidseisen onderwijspersoneel 2005)",
    "de leraar vo en de docent bve (Titel 3: vmbo, onderbouw havo en vwo, praktijkonderwijs, "
    "en educatie en beroepsonderwijs)",
    "VO",
    SBL_2005_VO_BVE,
)
SBL_VHO = sbl_sector(
    "nl-sbl-2005-vho",
    "SBL-indicatoren leraar vho (Besluit bekwaamheidseisen onderwijspersoneel 2005)",
    "de leraar in het voorbereidend hoger onderwijs (Titel 4: bovenbouw havo en vwo)",
    "VHO",
    SBL_2005_VHO,
)

KERNDOELEN_WEC = (
    "Besluit kerndoelen WEC (BWBR0025979), Bijlage 3, kerndoelen voortgezet speciaal "
    "onderwijs; tekst zoals geldend op 18 december 2013 "
    "(https://wetten.overheid.nl/BWBR0025979/2013-12-18), latere wijzigingen niet nagegaan"
)
THEME_KEYWORDS = {
    "Leren leren": ["leren", "om hulp vragen", "learning to learn"],
    "Leren taken uitvoeren": ["op tijd", "taak afmaken", "opdrachten", "werkhouding", "tasks"],
    "Leren functioneren in sociale situaties": [
        "samenwerken",
        "omgaan met collega's",
        "social situations",
    ],
    "Ontwikkelen van een persoonlijk toekomstperspectief": [
        "toekomst",
        "loopbaan",
        "stage",
        "career",
    ],
}

VSO = package(
    "nl-vso-leergebiedoverstijgend",
    "VSO arbeidsmarkt en dagbesteding: leergebiedoverstijgende kerndoelen",
    "De elf leergebiedoverstijgende kerndoelen van het voortgezet speciaal onderwijs onder "
    "hun vier thema's; ze gelden voor alle drie de uitstroomprofielen (vervolgonderwijs, "
    "arbeidsmarktgericht, dagbesteding). Wettekst, letterlijk overgenomen; de codes KD1 tot "
    f"en met KD11 volgen de nummering van de kerndoelen. Bron: {KERNDOELEN_WEC}; zie ook "
    "https://slo.nl/sectoren/vso/kerndoelen/kerndoelen-0/. Scholen kunnen er hun eigen "
    "leerlijnen onder hangen. Stand: 4 december 2026.",
    "nl",
    [
        {
            "code": f"VSO.{n}",
            "statement": theme["theme"],
            "type": "Thema",
            "keywords": THEME_KEYWORDS[theme["theme"]],
            "children": [
                {
                    "code": f"KD{number}",
                    "statement": goal,
                    "type": "Kerndoel",
                    "notes": f"Kerndoel {number}. Wettekst.",
                }
                for number, goal in theme["goals"]
            ],
        }
        for n, theme in enumerate(VSO_LGO_KERNDOELEN, start=1)
    ],
    PUPIL_SCALE,
    changed=CHECKED,
)

#: Kerndoel 61's parts borrow the names of the mbo competency model (the law says its
#: wording follows the mbo qualification structure): the matching WV items.
KD61_WV = {
    "61.1": "WV.5",
    "61.2": "WV.20",
    "61.3": "WV.12",
    "61.4": "WV.17",
    "61.5": "WV.19",
    "61.6": "WV.6",
    "61.7": "WV.21",
    "61.8": "WV.22",
}


def arbeid_entry(number: str, statement: str) -> dict:
    entry = {
        "code": f"KD{number}",
        "statement": list_line(statement) if statement.endswith(":") else statement,
        "type": "Kerndoel",
        "notes": f"Kerndoel {number}. Wettekst.",
    }
    if number in KD61_WV:
        code = KD61_WV[number]
        entry["related"] = [("isRelatedTo", code, uid("nl-kbb-25-competenties", code))]
    return entry


def voorbereiding_op_arbeid() -> list[dict]:
    entries: list[dict] = []
    for number, statement in VSO_VOORBEREIDING_OP_ARBEID:
        if "." in number:
            entries[-1].setdefault("children", []).append(arbeid_entry(number, statement))
        else:
            entries.append(arbeid_entry(number, statement))
    return entries


VSO_ARBEID = package(
    "nl-vso-voorbereiding-op-arbeid",
    "VSO arbeidsmarktgericht: kerndoelen voorbereiding op arbeid",
    "De kerndoelen 'Voorbereiding op arbeid' van het uitstroomprofiel arbeidsmarktgericht in "
    "het voortgezet speciaal onderwijs: werkvelden verkennen, werk vinden en behouden, "
    "algemene competenties voor arbeid (kerndoel 61.1 tot en met 61.8, met de namen van het "
    "competentiemodel van het mbo) en specifieke beroepsvaardigheden. Wettekst, letterlijk "
    "overgenomen; de codes volgen de nummering van de kerndoelen. Bron: "
    f"{KERNDOELEN_WEC}. Stand: 4 december 2026.",
    "nl",
    voorbereiding_op_arbeid(),
    PUPIL_SCALE,
    changed=CHECKED,
)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, pkg in [
        ("nl-sbl-competenties", SBL),
        ("nl-sbl-indicatoren-po", SBL_PO),
        ("nl-sbl-indicatoren-vo-bve", SBL_VO_BVE),
        ("nl-sbl-indicatoren-vho", SBL_VHO),
        ("nl-bekwaamheidseisen-2017", BEKWAAMHEIDSEISEN),
        ("vl-basiscompetenties-2018", BASISCOMPETENTIES),
        ("nl-werknemersvaardigheden-25-competenties", WERKNEMERSVAARDIGHEDEN),
        ("nl-vso-leergebiedoverstijgende-themas", VSO),
        ("nl-vso-voorbereiding-op-arbeid", VSO_ARBEID),
    ]:
        path = OUT / f"{name}.json"
        path.write_text(json.dumps(pkg, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {path.name}: {len(pkg['CFItems'])} items")


if __name__ == "__main__":
    main()
