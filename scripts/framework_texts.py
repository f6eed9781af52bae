"""Statutory wording the built-in frameworks encode, copied from the law texts.

SBL_2005: Besluit bekwaamheidseisen onderwijspersoneel (Stb. 2005, 460; BWBR0018692),
Hoofdstuk 2 as it stood until the herijking of 1 August 2017: per sector the seven
articles with their first paragraph (the bekwaamheidseis) and the lists of the second
paragraph (a: handelingen or vaardigheden, b: kennis).

VSO_*: Besluit kerndoelen WEC (BWBR0025979), Bijlage 3, kerndoelen voortgezet speciaal
onderwijs: the leergebiedoverstijgende kerndoelen (Hoofdstuk 1) and the kerndoelen
voorbereiding op arbeid of the arbeidsmarktgericht profile (Hoofdstuk 2).

The wording is the law's, including its slips; only list punctuation at the end of an
enumerated line is left out when the packages are built.
"""

SBL_2005_PO = [
    {
        "article": "2.4",
        "title": "Interpersoonlijke competentie leraar PO",
        "competency": "SBL.1",
        "requirement": "De leraar onderschrijft zijn interpersoonlijke "
        "verantwoordelijkheid. Hij is zich bewust van zijn eigen "
        "houding en gedrag en van de invloed daarvan op de "
        "kinderen. Hij heeft voldoende kennis en vaardigheid op het "
        "gebied van groepsprocessen en communicatie om een goede "
        "samenwerking met en van de kinderen tot stand te brengen.",
        "lists": [
            {
                "letter": "a",
                "intro": "kan de leraar de volgende handelingen verrichten:",
                "items": [
                    "hij maakt contact met de kinderen en zorgt ervoor "
                    "dat zij contact kunnen maken met hem en zich op hun "
                    "gemak voelen,",
                    "hij geeft de kinderen leiding maar laat hun ook "
                    "verantwoordelijkheid en geeft hun een eigen inbreng, "
                    "en",
                    "hij schept een goed klimaat voor samenwerking met de "
                    "kinderen en tussen de kinderen onderling;",
                ],
            },
            {
                "letter": "b",
                "intro": "beschikt de leraar over de volgende kennis:",
                "items": [
                    "hij is goed op de hoogte van communicatie- en "
                    "omgangsvormen in de leefwereld van de kinderen, en",
                    "hij is op een praktisch niveau op de hoogte van "
                    "communicatietheorieën, groepsdynamica en "
                    "interculturele communicatie en kent in het bijzonder "
                    "de implicaties daarvan voor zijn eigen doen en "
                    "laten.",
                ],
            },
        ],
    },
    {
        "article": "2.5",
        "title": "Pedagogische competentie leraar PO",
        "competency": "SBL.2",
        "requirement": "De leraar onderschrijft zijn pedagogische "
        "verantwoordelijkheid. Hij heeft voldoende pedagogische "
        "kennis en vaardigheid om op professionele en planmatige "
        "wijze voor het individuele kind en de klas of groep een "
        "veilige leeromgeving tot stand te brengen waarin kinderen "
        "zich kunnen ontwikkelen tot een zelfstandig en "
        "verantwoordelijk persoon.",
        "lists": [
            {
                "letter": "a",
                "intro": "kan de leraar de volgende handelingen verrichten:",
                "items": [
                    "hij vormt zich een goed beeld van het sociale "
                    "klimaat in een groep, van het individuele "
                    "welbevinden van de kinderen en van de vorderingen "
                    "die zij maken op het gebied van zelfstandigheid en "
                    "verantwoordelijkheid,",
                    "hij ontwerpt op basis daarvan een plan van aanpak of "
                    "een benadering om de kinderen te begeleiden naar een "
                    "veilig en harmonisch leef- en werkklimaat en om hun "
                    "sociaal-emotionele en morele ontwikkeling te "
                    "bevorderen,",
                    "hij voert dat plan van aanpak of die benadering uit,",
                    "hij evalueert dat plan van aanpak of die benadering "
                    "en stelt het zonodig bij, voor de hele groep en ook "
                    "voor individuele kinderen, en",
                    "hij signaleert problemen en belemmeringen in de "
                    "sociaal-emotionele en morele ontwikkeling van "
                    "kinderen en stelt, eventueel samen met collega’s, "
                    "een passend plan van aanpak of benadering op;",
                ],
            },
            {
                "letter": "b",
                "intro": "beschikt de leraar over de volgende kennis:",
                "items": [
                    "hij is vertrouwd met de leefwereld van "
                    "basisschoolkinderen, hun basisbehoeften, hun "
                    "verwachtingen, met de culturele bepaaldheid daarvan, "
                    "en weet hoe hij daarmee om kan gaan,",
                    "hij is bekend met het globale verloop van de "
                    "sociaal-emotionele en morele ontwikkeling van "
                    "basisschoolkinderen, met de problemen die zich "
                    "daarbij kunnen voordoen en weet hoe hij daarmee om "
                    "kan gaan,",
                    "hij is bekend met ontwikkelings- en "
                    "opvoedingstheorieën van het jonge en oudere kind, is "
                    "vertrouwd met verschillende opvoedingspraktijken en "
                    "met de culturele bepaaldheid daarvan en is zich "
                    "bewust van de consequenties van die theorieën en "
                    "praktijken voor het onderwijs en voor zijn doen en "
                    "laten als leraar, en",
                    "hij heeft kennis van processen van "
                    "identiteitsvorming, zingeving en waardenontwikkeling "
                    "bij het jonge en oudere kind én van de culturele "
                    "bepaaldheid daarvan en weet welke consequenties hij "
                    "hieraan moet verbinden voor zijn handelen.",
                ],
            },
        ],
    },
    {
        "article": "2.6",
        "title": "Vakinhoudelijke en didactische competentie leraar PO",
        "competency": "SBL.3",
        "requirement": "De leraar onderschrijft zijn vakinhoudelijke en "
        "didactische verantwoordelijkheid. Hij heeft voldoende "
        "kennis en vaardigheid op het gebied van de "
        "onderwijsinhouden en de didactiek om op eigentijdse, "
        "professionele en planmatige wijze een krachtige "
        "leeromgeving tot stand te brengen waarin de kinderen zich "
        "de culturele bagage eigen kunnen maken die de maatschappij "
        "vereist.",
        "lists": [
            {
                "letter": "a",
                "intro": "kan de leraar de volgende handelingen verrichten:",
                "items": [
                    "hij vormt zich een goed beeld van de mate waarin de "
                    "kinderen de leerinhoud beheersen en van de manier "
                    "waarop ze hun werk aanpakken,",
                    "hij ontwerpt op basis daarvan leeractiviteiten of "
                    "speel- en leeractiviteiten die voor de kinderen "
                    "uitvoerbaar zijn en die hen aanzetten tot "
                    "zelfwerkzaamheid,",
                    "hij voert die activiteiten samen met de kinderen uit,",
                    "hij evalueert die activiteiten en de effecten ervan "
                    "en stelt ze zonodig bij, voor de hele groep maar ook "
                    "voor individuele kinderen, en",
                    "hij signaleert leerproblemen en -belemmeringen en "
                    "stelt, zo nodig samen met collega’s, een passend "
                    "plan van aanpak of benadering op;",
                ],
            },
            {
                "letter": "b",
                "intro": "beschikt de leraar over de volgende kennis:",
                "items": [
                    "hij beheerst de leerinhouden van de vak- en "
                    "vormingsgebieden, zoals beschreven in de kerndoelen, "
                    "de referentieniveaus Nederlandse taal en de "
                    "referentieniveaus rekenen voor het primair "
                    "onderwijs,",
                    "hij kent het belang van die leerinhouden voor het "
                    "dagelijks leven van basisschoolkinderen en weet hoe "
                    "zij die leerinhouden gebruiken,",
                    "hij is vertrouwd met de opbouw van de leerinhouden "
                    "in leerlijnen en met de samenhang daartussen,",
                    "hij heeft kennis van, al dan niet onderzoeksmatig, "
                    "ontwerpen van onderwijs, didactieken en didactische "
                    "leermiddelen, waaronder informatie- en "
                    "communicatietechnologie,",
                    "hij is bekend met verschillende leer- en "
                    "onderwijstheorieën en onderwijsarrangementen voor "
                    "het jonge en oudere kind en weet hoe hij die in "
                    "praktijk kan brengen,",
                    "hij is vertrouwd met de wijze waarop kinderen leren, "
                    "wat hun leerbehoeften zijn, hoe hun ontwikkeling "
                    "verloopt en welke problemen zich daarbij kunnen "
                    "voordoen en hij weet hoe hij daar mee om kan gaan,",
                    "hij heeft kennis van de invloed van taalbeheersing "
                    "en taalverwerving op het leren en weet hoe hij daar "
                    "in zijn praktijk rekening mee moet houden,",
                    "hij heeft een praktische kennis van veel voorkomende "
                    "leerstoornissen en onderwijsbelemmeringen, en",
                    "hij heeft kennis van processen van "
                    "identiteitsvorming, zingeving en waardenontwikkeling "
                    "bij het jonge en oudere kind, en van de culturele "
                    "bepaaldheid daarvan en hij weet welke consequenties "
                    "hij hieraan moet verbinden voor zijn handelen.",
                ],
            },
        ],
    },
    {
        "article": "2.7",
        "title": "Organisatorische competentie leraar PO",
        "competency": "SBL.4",
        "requirement": "De leraar onderschrijft zijn organisatorische "
        "verantwoordelijkheid. Hij heeft voldoende organisatorische "
        "kennis en vaardigheid om in zijn klas en zijn lessen op "
        "professionele en planmatige wijze een goed leef- en "
        "werkklimaat tot stand te brengen dat overzichtelijk, "
        "ordelijk en taakgericht is en in alle opzichten helder "
        "voor hemzelf, zijn collega’s en in het bijzonder de "
        "kinderen.",
        "lists": [
            {
                "letter": "a",
                "intro": "kan de leraar de volgende handelingen verrichten:",
                "items": [
                    "hij hanteert op een consequente manier concrete, "
                    "functionele en door de kinderen gedragen procedures "
                    "en afspraken,",
                    "hij gebruikt organisatievormen, leermiddelen en "
                    "leermaterialen die leerdoelen en leeractiviteiten "
                    "ondersteunen, en",
                    "hij houdt een planning aan die bij de kinderen "
                    "bekend is en gaat adequaat om met tijd;",
                ],
            },
            {
                "letter": "b",
                "intro": "is hij bekend met die aspecten van klassenmanagement "
                "die voor zijn onderwijs relevant zijn.",
                "items": [],
            },
        ],
    },
    {
        "article": "2.8",
        "title": "Competentie leraar PO in het samenwerken met collega’s",
        "competency": "SBL.5",
        "requirement": "De leraar onderschrijft zijn verantwoordelijkheid in het "
        "samenwerken met collega’s. Hij heeft voldoende kennis en "
        "vaardigheden om een professionele bijdrage te leveren aan "
        "een goed pedagogisch en didactisch klimaat op zijn school, "
        "aan goede werkverhoudingen en een goede schoolorganisatie.",
        "lists": [
            {
                "letter": "a",
                "intro": "beschikt de leraar over de volgende vaardigheden:",
                "items": [
                    "hij deelt informatie die voor de voortgang van het "
                    "werk van belang is, met collega’s en maakt gebruik "
                    "van de informatie die hij van collega’s krijgt,",
                    "hij levert een constructieve bijdrage aan "
                    "verschillende vormen van overleg en samenwerken op "
                    "school,",
                    "hij geeft en ontvangt collegiale consultatie en intervisie, en",
                    "hij levert een bijdrage aan de ontwikkeling en verbetering van zijn school;",
                ],
            },
            {
                "letter": "b",
                "intro": "beschikt de leraar over de volgende kennis:",
                "items": [
                    "hij is op praktisch niveau bekend met methodieken "
                    "voor samenwerking en intervisie,",
                    "hij is op een praktisch niveau op de hoogte van "
                    "leerlingvolgsystemen en manieren om zijn eigen werk "
                    "toegankelijk te administreren,",
                    "hij heeft enige kennis van organisatie- en "
                    "bestuursvormen voor scholen in het primair "
                    "onderwijs, en",
                    "hij is op de hoogte van modellen voor kwaliteitszorg "
                    "en methodieken voor onderwijsverbetering en "
                    "schoolontwikkeling.",
                ],
            },
        ],
    },
    {
        "article": "2.9",
        "title": "Competentie leraar PO in het samenwerken met de omgeving",
        "competency": "SBL.6",
        "requirement": "De leraar onderschrijft zijn verantwoordelijkheid in het "
        "samenwerken met de omgeving van de school. Hij heeft "
        "voldoende kennis en vaardigheid om goed samen te werken "
        "met mensen en instellingen die betrokken zijn bij de zorg "
        "voor de kinderen en bij zijn school.",
        "lists": [
            {
                "letter": "a",
                "intro": "kan de leraar de volgende handelingen verrichten:",
                "items": [
                    "hij geeft op professionele manier aan ouders en "
                    "andere belanghebbenden informatie over de kinderen "
                    "en gebruikt de informatie die hij van hen krijgt,",
                    "hij neemt op een constructieve manier deel aan "
                    "verschillende vormen van overleg met mensen en "
                    "instellingen buiten de school, en",
                    "hij verantwoordt zijn professionele opvattingen en "
                    "werkwijze met betrekking tot een kind aan ouders en "
                    "andere belanghebbenden en past in gezamenlijk "
                    "overleg zonodig zijn werk met dat kind aan;",
                ],
            },
            {
                "letter": "b",
                "intro": "beschikt de leraar over de volgende kennis:",
                "items": [
                    "hij is bekend met de leefwereld van ouders of "
                    "verzorgers en met de culturele achtergronden van de "
                    "kinderen en weet hoe hij daar rekening mee moet "
                    "houden in zijn doen en laten als leraar, en",
                    "hij is op de hoogte van de professionele "
                    "infrastructuur waar zijn school onderdeel van "
                    "is.",
                ],
            },
        ],
    },
    {
        "article": "2.10",
        "title": "Competentie leraar PO in reflectie en ontwikkeling",
        "competency": "SBL.7",
        "requirement": "De leraar onderschrijft zijn verantwoordelijkheid voor "
        "zijn eigen professionele ontwikkeling. Hij onderzoekt, "
        "expliciteert en ontwikkelt zijn opvattingen over het "
        "leraarschap en zijn bekwaamheid als leraar.",
        "lists": [
            {
                "letter": "a",
                "intro": "kan de leraar de volgende handelingen verrichten:",
                "items": [
                    "hij werkt planmatig aan de ontwikkeling van zijn "
                    "bekwaamheid, op basis van een goede analyse van zijn "
                    "competenties,",
                    "hij stemt de ontwikkeling van zijn bekwaamheid af op "
                    "het beleid van de school, en",
                    "hij maakt bij die ontwikkeling gebruik van "
                    "informatie van kinderen en collega’s en ook van "
                    "collegiale hulp in de vorm van bijvoorbeeld "
                    "intervisie en supervisie;",
                ],
            },
            {
                "letter": "b",
                "intro": "beschikt de leraar over de volgende kennis:",
                "items": [
                    "hij heeft voldoende gedragspsychologische kennis om "
                    "zijn eigen gedrag en dat van anderen te begrijpen en "
                    "te analyseren,",
                    "hij is op de hoogte van de onderwijspraktijk in "
                    "andere scholen voor primair onderwijs en "
                    "vervolgscholen en ook van actuele ontwikkelingen op "
                    "het gebied van pedagogiek, didactiek, inhouden, "
                    "werkwijzen en organisatievormen in het primair "
                    "onderwijs, en",
                    "hij is op de hoogte van actuele ontwikkelingen op "
                    "het gebied van pedagogiek en didactiek die relevant "
                    "zijn voor zijn onderwijs.",
                ],
            },
        ],
    },
]

SBL_2005_VO_BVE = [
    {
        "article": "2.13",
        "title": "Interpersoonlijke competentie leraar VO en docent BVE",
        "competency": "SBL.1",
        "requirement": "De leraar vo evenals de docent bve onderschrijft zijn "
        "interpersoonlijke verantwoordelijkheid. Hij is zich bewust "
        "van zijn eigen houding en gedrag en van de invloed daarvan "
        "op de leerlingen of deelnemers. Hij heeft ook voldoende "
        "kennis en vaardigheid op het gebied van groepsprocessen en "
        "communicatie om een goede samenwerking met en van de "
        "leerlingen of deelnemers tot stand te brengen.",
        "lists": [
            {
                "letter": "a",
                "intro": "kan de leraar vo evenals de docent bve de volgende "
                "handelingen verrichten:",
                "items": [
                    "hij maakt contact met de leerlingen of deelnemers en "
                    "zorgt ervoor dat zij contact kunnen maken met hem en "
                    "zich op hun gemak voelen,",
                    "hij biedt een kader waarbinnen de leerlingen of "
                    "deelnemers hun eigen leerproces kunnen vormgeven en "
                    "helpt de leerlingen of deelnemers daarbij, en",
                    "hij schept een goed klimaat voor samenwerking met de "
                    "leerlingen of deelnemers en tussen de leerlingen of "
                    "deelnemers onderling;",
                ],
            },
            {
                "letter": "b",
                "intro": "beschikt de leraar vo evenals de docent bve over de volgende kennis:",
                "items": [
                    "hij is goed op de hoogte van communicatie- en "
                    "omgangsvormen in de leefwereld van zijn leerlingen "
                    "of deelnemers en in de praktijk of beroepspraktijk "
                    "waar zij zich op voorbereiden, en",
                    "hij is op een praktisch niveau op de hoogte van "
                    "communicatietheorieën, groepsdynamica en "
                    "interculturele communicatie en kent in het bijzonder "
                    "de implicaties daarvan voor zijn eigen doen en "
                    "laten.",
                ],
            },
        ],
    },
    {
        "article": "2.14",
        "title": "Pedagogische competentie leraar VO en docent BVE",
        "competency": "SBL.2",
        "requirement": "De leraar vo evenals de docent bve onderschrijft zijn "
        "pedagogische verantwoordelijkheid. Hij heeft voldoende "
        "pedagogische kennis en vaardigheid om op professionele en "
        "planmatige wijze voor individuele leerlingen of deelnemers "
        "en voor de groepen waarmee hij werkt, een veilige "
        "leeromgeving tot stand te brengen waarin leerling of "
        "deelnemers zich kunnen ontwikkelen tot een zelfstandig en "
        "verantwoordelijk persoon.",
        "lists": [
            {
                "letter": "a",
                "intro": "kan de leraar vo evenals de docent bve de volgende "
                "handelingen verrichten:",
                "items": [
                    "hij vormt zich een goed beeld van het sociale "
                    "klimaat in een groep, van het individuele "
                    "welbevinden van de leerlingen of deelnemers en van "
                    "de vorderingen die zij maken op het gebied van "
                    "zelfstandigheid en verantwoordelijkheid,",
                    "hij ontwerpt op basis daarvan een plan van aanpak of "
                    "een benadering om de leerlingen of deelnemers te "
                    "begeleiden naar een veilig en harmonisch leef- en "
                    "werkklimaat en om hun sociaal-emotionele en morele "
                    "ontwikkeling te bevorderen in de richting van "
                    "zelfstandigheid en verantwoordelijkheid,",
                    "hij voert dat plan van aanpak of die benadering uit,",
                    "hij evalueert dat plan van aanpak of die benadering "
                    "en stelt het zonodig bij, voor de hele groep en ook "
                    "voor individuele leerlingen of deelnemers, en",
                    "hij signaleert problemen en belemmeringen in de "
                    "sociaal-emotionele en morele ontwikkeling van "
                    "leerlingen of deelnemers en stelt, zo nodig samen "
                    "met collega’s, een passend plan van aanpak of "
                    "benadering op;",
                ],
            },
            {
                "letter": "b",
                "intro": "beschikt de leraar vo evenals de docent bve over de volgende kennis:",
                "items": [
                    "hij is vertrouwd met de leefwereld van zijn "
                    "leerlingen of deelnemers, hun basisbehoeften, hun "
                    "verwachtingen, met de culturele bepaaldheid daarvan, "
                    "en weet hoe hij daarmee om kan gaan,",
                    "hij is bekend met bedrijfsculturen waar de "
                    "leerlingen of deelnemers in of na hun opleiding mee "
                    "te maken krijgen,",
                    "hij is bekend met de sociaal-emotionele en morele "
                    "ontwikkeling van tieners, jongvolwassenen en "
                    "volwassenen, met de problemen en belemmeringen die "
                    "zich daarbij kunnen voordoen en weet hoe hij die "
                    "problemen in de praktijk kan signaleren en hoe hij "
                    "daarmee om kan gaan,",
                    "hij is bekend met ontwikkelings- en "
                    "opvoedingstheorieën, is vertrouwd met verschillende "
                    "opvoedingspraktijken en met de culturele bepaaldheid "
                    "daarvan en is zich bewust van de consequenties van "
                    "die theorieën en praktijken voor het onderwijs en "
                    "voor zijn doen en laten als leraar vo of als docent "
                    "bve, en",
                    "hij heeft kennis van processen van "
                    "identiteitsvorming, zingeving en waardenontwikkeling "
                    "bij tieners, adolescenten en volwassenen én van de "
                    "culturele bepaaldheid daarvan en weet welke "
                    "consequenties hij hieraan moet verbinden voor zijn "
                    "handelen.",
                ],
            },
        ],
    },
    {
        "article": "2.15",
        "title": "Vakinhoudelijke en didactische competentie leraar VO en docent BVE",
        "competency": "SBL.3",
        "requirement": "De leraar vo evenals de docent bve onderschrijft zijn "
        "vakinhoudelijke en didactische verantwoordelijkheid. Hij "
        "heeft voldoende inhoudelijke en didactische kennis en "
        "vaardigheid om op professionele en planmatige wijze voor "
        "de individuele leerlingen of deelnemers en voor de groepen "
        "waarmee hij werkt, een krachtige leeromgeving tot stand te "
        "brengen waarin leerlingen of deelnemers zich op een goede "
        "manier de leerinhouden van een bepaald vak op beroep eigen "
        "kunnen maken.",
        "lists": [
            {
                "letter": "a",
                "intro": "kan de leraar vo evenals de docent bve de volgende "
                "handelingen verrichten:",
                "items": [
                    "hij vormt zich een goed beeld van de mate waarin de "
                    "leerlingen of deelnemers de leerinhoud beheersen en "
                    "van de manier waarop ze hun werk aanpakken,",
                    "hij ontwerpt op basis daarvan gevarieerde "
                    "leeractiviteiten die voor de leerlingen of "
                    "deelnemers uitvoerbaar zijn, waaruit zij eventueel "
                    "kunnen kiezen en die hen aanzetten tot "
                    "zelfwerkzaamheid,",
                    "hij voert die leeractiviteiten samen met zijn leerlingen of deelnemers uit,",
                    "hij evalueert die leeractiviteiten en de effecten "
                    "ervan en stelt ze zonodig bij, voor de hele groep "
                    "maar ook voor individuele leerlingen of deelnemers, "
                    "en",
                    "hij signaleert leerproblemen en -belemmeringen en "
                    "stelt, zo nodig samen met collega’s, een passend "
                    "plan van aanpak of benadering op;",
                ],
            },
            {
                "letter": "b",
                "intro": "beschikt de leraar vo evenals de docent bve over de volgende kennis:",
                "items": [
                    "hij heeft zelf een grondige kennis en beheersing van "
                    "de leerinhouden waarvoor hij verantwoordelijk is en "
                    "is op grond van eigen studie en eventueel "
                    "werkervaring vertrouwd met de theoretische en "
                    "praktische of beroepspraktische achtergronden "
                    "daarvan,",
                    "hij kent het belang van die leerinhoud voor het "
                    "toekomstige beroep en het dagelijks leven van de "
                    "leerlingen of deelnemers,",
                    "hij kent op hoofdlijnen de leerinhoud van andere "
                    "vakken of beroepen waarmee hij binnen zijn school of "
                    "opleiding samenwerkt,",
                    "hij weet op hoofdlijnen wat en hoe zijn leerlingen "
                    "of deelnemers geleerd hebben in het voorgaande "
                    "onderwijs en hoe hij daarop kan aansluiten,",
                    "hij heeft kennis van, al dan niet onderzoeksmatig, "
                    "ontwerpen van onderwijs, didactieken en didactische "
                    "leermiddelen, waaronder informatie- en "
                    "communicatietechnologie,",
                    "hij is bekend met verschillende onderwijs- en "
                    "leertheorieën, met verschillende "
                    "onderwijsarrangementen voor het voortgezet onderwijs "
                    "en bve, waaronder actuele vormen van beroepsgerichte "
                    "didactiek, en weet hoe hij die in praktijk kan "
                    "brengen;",
                    "hij is vertrouwd met de wijze waarop leerlingen of "
                    "deelnemers leren, wat hun leerbehoeften zijn, hoe "
                    "zij zich ontwikkelen, welke problemen zich daarbij "
                    "kunnen voordoen en weet hoe hij daarmee om kan gaan,",
                    "hij heeft kennis van de invloed van taalbeheersing "
                    "en taalverwerving op het leren en weet hoe hij daar "
                    "in zijn praktijk rekening mee moet houden,",
                    "hij heeft praktische kennis van veel voorkomende "
                    "leerstoornissen en onderwijsbelemmeringen en weet "
                    "hoe hij daar mee om kan gaan, en",
                    "hij heeft kennis van processen van "
                    "identiteitsvorming, zingeving en waardenontwikkeling "
                    "bij tieners, adolescenten en volwassenen, en van de "
                    "culturele bepaaldheid daarvan en weet welke "
                    "consequenties hij hieraan moet verbinden voor zijn "
                    "handelen.",
                ],
            },
        ],
    },
    {
        "article": "2.16",
        "title": "Organisatorische competentie leraar VO en docent BVE",
        "competency": "SBL.4",
        "requirement": "De leraar vo evenals de docent bve onderschrijft zijn "
        "organisatorische verantwoordelijkheid. Hij heeft voldoende "
        "organisatorische kennis en vaardigheid om in zijn groepen "
        "en zijn andere contacten met leerlingen of deelnemers op "
        "professionele en planmatige wijze een goed leef- en "
        "werkklimaat tot stand te brengen dat overzichtelijk, "
        "ordelijk en taakgericht is en in alle opzichten helder "
        "voor hemzelf, zijn collega’s en in het bijzonder de "
        "leerlingen of deelnemers",
        "lists": [
            {
                "letter": "a",
                "intro": "kan de leraar vo evenals de docent bve de volgende "
                "handelingen verrichten:",
                "items": [
                    "hij hanteert op een consequente manier concrete, "
                    "functionele en door de leerlingen of deelnemers "
                    "gedragen procedures en afspraken,",
                    "hij biedt organisatievormen, leermiddelen en "
                    "leermaterialen aan die leerdoelen en "
                    "leeractiviteiten ondersteunen, en",
                    "hij houdt voor zijn onderwijs een planning aan die "
                    "bij de leerlingen of deelnemers bekend is en waar "
                    "zij hun eigen planning op kunnen afstemmen, en hij "
                    "gaat adequaat om met tijd;",
                ],
            },
            {
                "letter": "b",
                "intro": "beschikt de leraar vo evenals de docent bve over de volgende kennis:",
                "items": [
                    "hij is bekend met die aspecten van groeps- of "
                    "klassenmanagement die voor zijn vorm van onderwijs "
                    "relevant zijn, en",
                    "hij is bekend met de organisatorische aspecten van "
                    "verschillende soorten leeromgevingen in de school en "
                    "in het leerbedrijf, zoals open leercentrum, "
                    "werkplekkenstructuur, beroepspraktijkvorming en "
                    "praktijklessen.",
                ],
            },
        ],
    },
    {
        "article": "2.17",
        "title": "Competentie leraar VO en docent BVE in het samenwerken met collega’s",
        "competency": "SBL.5",
        "requirement": "De leraar vo evenals de docent bve onderschrijft zijn "
        "verantwoordelijkheid in het samenwerken met collega’s. Hij "
        "heeft voldoende kennis en vaardigheden om een "
        "professionele bijdrage te leveren aan een goed pedagogisch "
        "en didactisch klimaat van zijn school, aan goede "
        "werkverhoudingen en aan een goede schoolorganisatie.",
        "lists": [
            {
                "letter": "a",
                "intro": "kan de leraar vo evenals de docent bve de volgende "
                "handelingen verrichten:",
                "items": [
                    "hij deelt informatie die voor de voortgang van het "
                    "werk van belang is met collega’s en maakt gebruik "
                    "van de informatie die hij van collega’s krijgt,",
                    "hij levert een constructieve bijdrage aan "
                    "verschillende vormen van overleg en samenwerken op "
                    "school,",
                    "hij geeft en ontvangt collegiale consultatie en intervisie,",
                    "hij werkt met collega’s, al dan niet "
                    "onderzoeksmatig, samen aan de ontwikkeling en "
                    "verbetering van zijn school;",
                ],
            },
            {
                "letter": "b",
                "intro": "beschikt de leraar vo evenals de docent bve over de volgende kennis:",
                "items": [
                    "hij is op praktisch niveau bekend met methodieken "
                    "voor samenwerking en intervisie,",
                    "hij is op een praktisch niveau op de hoogte van "
                    "leerlingvolgsystemen en manieren om zijn eigen werk "
                    "toegankelijk te administreren,",
                    "hij heeft enige kennis van organisatie- en "
                    "bestuursvormen voor scholen in het voortgezet "
                    "onderwijs en bve, en",
                    "hij is op de hoogte van modellen voor kwaliteitszorg "
                    "en methodieken voor onderwijsverbetering en "
                    "schoolontwikkeling.",
                ],
            },
        ],
    },
    {
        "article": "2.18",
        "title": "Competentie leraar VO en docent BVE in het samenwerken met de omgeving",
        "competency": "SBL.6",
        "requirement": "De leraar vo evenals de docent bve onderschrijft zijn "
        "verantwoordelijkheid in het samenwerken met de omgeving "
        "van de school. Hij heeft voldoende kennis en vaardigheid "
        "om goed samen te werken met bedrijven of instellingen om "
        "hun gezamenlijke verantwoordelijkheid vorm te geven in het "
        "opleiden van de leerling of deelnemer. Hij heeft voldoende "
        "kennis en vaardigheid om goed samen te werken met mensen "
        "en instellingen die betrokken zijn bij de zorg voor de "
        "leerlingen of deelnemers en bij zijn school.",
        "lists": [
            {
                "letter": "a",
                "intro": "kan de leraar vo evenals de docent bve de volgende "
                "handelingen verrichten:",
                "items": [
                    "hij geeft op professionele manier informatie over de "
                    "leerlingen of deelnemers aan ouders en andere "
                    "belanghebbenden en maakt gebruik van de informatie "
                    "die hij van hen krijgt,",
                    "hij zorgt in overleg met de leerling en andere "
                    "betrokkenen voor afstemming tussen het leren in en "
                    "buiten de school en voor duidelijkheid over ieders "
                    "verantwoordelijkheid en bijdrage hierin,",
                    "hij neemt op een constructieve manier deel aan "
                    "verschillende vormen van overleg met mensen en "
                    "instellingen buiten de school, en",
                    "hij verantwoordt zijn professionele opvattingen en "
                    "werkwijze met betrekking tot een leerling aan ouders "
                    "en andere belanghebbenden en past in gezamenlijk "
                    "overleg zonodig zijn werk met die leerling of "
                    "deelnemer aan;",
                ],
            },
            {
                "letter": "b",
                "intro": "beschikt de leraar vo evenals de docent bve over de volgende kennis:",
                "items": [
                    "hij is bekend met de leefwereld van ouders of "
                    "verzorgers en met de culturele achtergronden van de "
                    "leerlingen of deelnemers en weet hoe hij daar "
                    "rekening mee moet houden in zijn doen en laten als "
                    "leraar vo of als docent bve,",
                    "hij is op de hoogte van de professionele "
                    "infrastructuur waar zijn school onderdeel van is,",
                    "hij is bekend met de cultuur en de actuele gang van "
                    "zaken in het bedrijfsleven waarin zijn leerlingen of "
                    "deelnemers participeren en weet hoe hij daar als "
                    "leraar vo of als docent bve mee om kan gaan,",
                    "hij is bekend met de regelgeving en "
                    "samenwerkingsprocedures tussen zijn school en "
                    "bedrijven en instellingen waarmee wordt "
                    "samengewerkt, en",
                    "hij weet hoe hij ervoor kan zorgen dat het binnen- "
                    "en buitenschoolse leren en de interne en externe "
                    "begeleiding van zijn leerlingen of deelnemers goed "
                    "op elkaar zijn afgestemd.",
                ],
            },
        ],
    },
    {
        "article": "2.19",
        "title": "Competentie leraar VO en docent BVE in reflectie en ontwikkeling",
        "competency": "SBL.7",
        "requirement": "De leraar vo evenals de docent bve onderschrijft zijn "
        "verantwoordelijkheid voor zijn eigen professionele "
        "ontwikkeling. Hij onderzoekt, expliciteert en ontwikkelt "
        "zijn opvattingen over het leraarschap en zijn bekwaamheid "
        "als leraar vo of als docent bve.",
        "lists": [
            {
                "letter": "a",
                "intro": "kan de leraar vo evenals de docent bve de volgende "
                "handelingen verrichten:",
                "items": [
                    "hij werkt planmatig aan de ontwikkeling van zijn "
                    "bekwaamheid, op basis van een goede analyse van zijn "
                    "competenties,",
                    "hij stemt de ontwikkeling van zijn bekwaamheid af op "
                    "het beleid van de school en de ontwikkeling en "
                    "afspraken binnen het team, en",
                    "hij maakt bij die ontwikkeling gebruik van "
                    "informatie van leerlingen of deelnemers en "
                    "collega’s, in school en bedrijf, en ook van "
                    "collegiale hulp in de vorm van bijvoorbeeld "
                    "intervisie en supervisie;",
                ],
            },
            {
                "letter": "b",
                "intro": "beschikt de leraar vo evenals de docent bve over de volgende kennis:",
                "items": [
                    "hij is op de hoogte van actuele ontwikkelingen in "
                    "het bedrijfsleven en de maatschappij die relevant "
                    "zijn voor zijn onderwijs,",
                    "hij is op de hoogte van de onderwijspraktijk in "
                    "andere scholen voor voortgezet onderwijs en bve en "
                    "van actuele ontwikkelingen op het gebied van "
                    "inhouden, werkwijzen en organisatievormen in het "
                    "voortgezet onderwijs en bve,",
                    "hij is op de hoogte van actuele ontwikkelingen op "
                    "het gebied van de pedagogiek en de didactiek die "
                    "relevant zijn voor zijn onderwijs, en",
                    "hij heeft voldoende gedragspsychologische kennis om "
                    "zijn eigen gedrag en dat van anderen te begrijpen en "
                    "te analyseren.",
                ],
            },
        ],
    },
]

SBL_2005_VHO = [
    {
        "article": "2.22",
        "title": "Interpersoonlijke competentie leraar VHO",
        "competency": "SBL.1",
        "requirement": "De leraar onderschrijft zijn interpersoonlijke "
        "verantwoordelijkheid. Hij is zich bewust van zijn eigen "
        "houding en gedrag en van de invloed daarvan op de "
        "leerlingen. Hij heeft ook voldoende kennis en vaardigheid "
        "op het gebied van groepsprocessen en communicatie om een "
        "goede samenwerking met en van de leerlingen tot stand te "
        "brengen.",
        "lists": [
            {
                "letter": "a",
                "intro": "kan de leraar de volgende handelingen verrichten:",
                "items": [
                    "hij maakt contact met de leerlingen en zorgt ervoor "
                    "dat zij contact kunnen maken met hem en zich op hun "
                    "gemak voelen,",
                    "hij biedt een kader waarbinnen de leerlingen hun "
                    "eigen leerproces kunnen vormgeven en helpt de "
                    "leerlingen daarbij, en",
                    "hij schept een goed klimaat voor samenwerking met de "
                    "leerlingen en tussen de leerlingen onderling;",
                ],
            },
            {
                "letter": "b",
                "intro": "beschikt de leraar over de volgende kennis:",
                "items": [
                    "hij is goed op de hoogte van communicatie- en "
                    "omgangsvormen in de leefwereld van zijn leerlingen, "
                    "en",
                    "hij is op een praktisch niveau op de hoogte van "
                    "communicatietheorieën, groepsdynamica en "
                    "interculturele communicatie en kent vooral ook de "
                    "implicaties daarvan voor zijn eigen doen en "
                    "laten.",
                ],
            },
        ],
    },
    {
        "article": "2.23",
        "title": "Pedagogische competentie leraar VHO",
        "competency": "SBL.2",
        "requirement": "De leraar onderschrijft zijn pedagogische "
        "verantwoordelijkheid. Hij heeft voldoende pedagogische "
        "kennis en vaardigheid om op professionele en planmatige "
        "voor de individuele leerling en voor de groepen waarmee "
        "hij werkt, een veilige leeromgeving tot stand te brengen "
        "waarin leerlingen zich kunnen ontwikkelen tot een "
        "zelfstandig en verantwoordelijk persoon.",
        "lists": [
            {
                "letter": "a",
                "intro": "kan de leraar de volgende handelingen verrichten:",
                "items": [
                    "hij vormt zich een goed beeld van het sociale "
                    "klimaat in een groep, van het individuele "
                    "welbevinden van de leerlingen en van de vorderingen "
                    "die zij maken op het gebied van zelfstandigheid en "
                    "verantwoordelijkheid,",
                    "hij ontwerpt op basis daarvan een plan van aanpak of "
                    "een benadering om de leerlingen te begeleiden naar "
                    "een veilig en harmonisch leef- en werkklimaat en om "
                    "hun sociaal-emotionele en morele ontwikkeling te "
                    "bevorderen in de richting van zelfstandigheid en "
                    "verantwoordelijkheid,",
                    "hij voert dat plan van aanpak of die benadering uit,",
                    "hij evalueert dat plan van aanpak of die benadering "
                    "en stelt het zonodig bij, voor de hele groep en ook "
                    "voor individuele leerlingen, en",
                    "hij signaleert problemen en belemmeringen in de "
                    "sociaal-emotionele en morele ontwikkeling van "
                    "leerlingen en stelt, zo nodig samen met collega’s, "
                    "een passend plan van aanpak of benadering op;",
                ],
            },
            {
                "letter": "b",
                "intro": "beschikt de leraar over de volgende kennis:",
                "items": [
                    "hij is vertrouwd met de leefwereld van zijn "
                    "leerlingen, hun basisbehoeften, hun verwachtingen, "
                    "met de culturele bepaaldheid daarvan, en weet hoe "
                    "hij daarmee om kan gaan,",
                    "hij is bekend met de sociaal-emotionele en morele "
                    "ontwikkeling van tieners, jongvolwassenen en "
                    "volwassenen, met de problemen en belemmeringen die "
                    "zich daarbij kunnen voordoen en weet hoe hij die "
                    "problemen in de praktijk kan signaleren en hoe hij "
                    "daarmee om kan gaan,",
                    "hij is bekend met ontwikkelings- en "
                    "opvoedingstheorieën, is vertrouwd met verschillende "
                    "opvoedingspraktijken en met de culturele bepaaldheid "
                    "daarvan en is zich bewust van de consequenties van "
                    "deze theorieën en praktijken voor het onderwijs en "
                    "voor zijn doen en laten als leraar, en",
                    "hij heeft kennis van processen van "
                    "identiteitsvorming, zingeving en waardenontwikkeling "
                    "bij tieners, adolescenten en volwassenen, en van de "
                    "culturele bepaaldheid daarvan en weet welke "
                    "consequenties hij hieraan moet verbinden voor zijn "
                    "handelen.",
                ],
            },
        ],
    },
    {
        "article": "2.24",
        "title": "Vakinhoudelijke en didactische competentie leraar VHO",
        "competency": "SBL.3",
        "requirement": "De leraar onderschrijft zijn vakinhoudelijke en "
        "didactische verantwoordelijkheid. Hij heeft voldoende "
        "vakinhoudelijke en didactische kennis en vaardigheid om op "
        "professionele en planmatige wijze voor individuele "
        "leerlingen en voor de groepen waarmee hij werkt een "
        "krachtige leeromgeving tot stand te brengen waarin "
        "leerlingen zich op een goede manier de leerinhouden van "
        "een bepaald vak of vakgebied eigen kunnen maken.",
        "lists": [
            {
                "letter": "a",
                "intro": "kan de leraar de volgende handelingen verrichten:",
                "items": [
                    "hij vormt zich een goed beeld van de mate waarin de "
                    "leerlingen de leerinhoud beheersen en van de manier "
                    "waarop ze hun werk aanpakken,",
                    "hij ontwerpt op basis daarvan gevarieerde "
                    "leeractiviteiten die voor de leerlingen uitvoerbaar "
                    "zijn, waaruit zij eventueel kunnen kiezen en die hen "
                    "aanzetten tot zelfwerkzaamheid,",
                    "hij voert die leeractiviteiten samen met zijn leerlingen uit,",
                    "hij evalueert die leeractiviteiten en de effecten "
                    "ervan en stelt ze zonodig bij, voor de hele groep "
                    "maar ook voor individuele leerlingen, en",
                    "hij signaleert leerproblemen en -belemmeringen en "
                    "stelt, eventueel samen met collega’s, een passend "
                    "plan van aanpak of benadering op;",
                ],
            },
            {
                "letter": "b",
                "intro": "beschikt de leraar over de volgende kennis:",
                "items": [
                    "hij heeft zelf een grondige praktische en "
                    "theoretische kennis en beheersing van de "
                    "leerinhouden van zijn vak of vakgebied,",
                    "hij kent het belang van die leerinhoud voor het "
                    "toekomstige beroep of studie en het dagelijks leven "
                    "van de leerlingen,",
                    "hij heeft een grondige kennis van de "
                    "wetenschappelijke achtergronden van de leerinhoud "
                    "van zijn schoolvak, is vertrouwd met de betreffende "
                    "wetenschappelijke disciplines en de methoden van "
                    "kennisontwikkeling en kennistoepassing daarbinnen,",
                    "hij heeft kennis van, al dan niet onderzoeksmatig, "
                    "ontwerpen van onderwijs, didactieken en didactische "
                    "leermiddelen, waaronder informatie- en "
                    "communicatietechnologie,",
                    "hij is bekend met verschillende onderwijs- en "
                    "leertheorieën en met verschillende "
                    "onderwijsarrangementen voor het voorbereidend hoger "
                    "onderwijs en weet hoe hij die in praktijk kan "
                    "brengen,",
                    "hij is bekend met onderwijsarrangementen voor "
                    "zelfstandig leren, teamleren en onderzoeken in de "
                    "tweede fase van het voortgezet onderwijs,",
                    "hij is vertrouwd met de wijze waarop leerlingen "
                    "leren, wat hun leerbehoeften zijn, hoe zij zich "
                    "ontwikkelen, welke problemen zich daarbij kunnen "
                    "voordoen en weet hoe hij daarmee om kan gaan,",
                    "hij heeft kennis van de invloed van taalbeheersing "
                    "en taalverwerving op het leren en weet hoe hij daar "
                    "in zijn praktijk rekening mee moet houden,",
                    "hij heeft een praktische kennis van veel voorkomende "
                    "leerstoornissen en onderwijsbelemmeringen en weet "
                    "hoe hij daar mee om kan gaan, en",
                    "hij heeft kennis van processen van "
                    "identiteitsvorming, zingeving en waardenontwikkeling "
                    "bij tieners, adolescenten en volwassenen, en van de "
                    "culturele bepaaldheid daarvan en weet welke "
                    "consequenties hij hieraan moet verbinden voor zijn "
                    "handelen.",
                ],
            },
        ],
    },
    {
        "article": "2.25",
        "title": "Organisatorische competentie leraar VHO",
        "competency": "SBL.4",
        "requirement": "De leraar onderschrijft zijn organisatorische "
        "verantwoordelijkheid. Hij heeft voldoende organisatorische "
        "kennis en vaardigheid om op professionele en planmatige "
        "wijze in zijn groepen en zijn andere contacten met "
        "leerlingen een goed leef- en werkklimaat tot stand te "
        "brengen dat overzichtelijk, ordelijk en taakgericht is en "
        "in alle opzichten helder voor hemzelf, zijn collega’s en "
        "in het bijzonder de leerlingen.",
        "lists": [
            {
                "letter": "a",
                "intro": "kan de leraar de volgende handelingen verrichten:",
                "items": [
                    "hij hanteert op een consequente manier concrete, "
                    "functionele en door de leerlingen gedragen "
                    "procedures en afspraken,",
                    "hij biedt organisatievormen, leermiddelen en "
                    "leermaterialen aan die leerdoelen en "
                    "leeractiviteiten ondersteunen,",
                    "hij houdt voor zijn onderwijs een planning aan die "
                    "bij de leerlingen bekend is en waar zij hun eigen "
                    "planning op kunnen afstemmen, en hij gaat adequaat "
                    "om met tijd;",
                ],
            },
            {
                "letter": "b",
                "intro": "beschikt de leraar over de volgende kennis:",
                "items": [
                    "hij is bekend met die aspecten van groeps- of "
                    "klassenmanagement die voor zijn vorm van onderwijs "
                    "relevant zijn, en",
                    "hij is bekend met de organisatorische aspecten van "
                    "verschillende soorten leeromgevingen in de "
                    "school.",
                ],
            },
        ],
    },
    {
        "article": "2.26",
        "title": "Competentie leraar VHO in het samenwerken met collega’s",
        "competency": "SBL.5",
        "requirement": "De leraar onderschrijft zijn verantwoordelijkheid in het "
        "samenwerken met collega’s. Hij heeft voldoende kennis en "
        "vaardigheden om een professionele bijdrage te leveren aan "
        "een goed pedagogisch en didactisch klimaat van zijn "
        "school, aan goede werkverhoudingen en een goede "
        "schoolorganisatie.",
        "lists": [
            {
                "letter": "a",
                "intro": "kan de leraar de volgende handelingen verrichten:",
                "items": [
                    "hij deelt informatie die voor de voortgang van het "
                    "werk van belang is met collega’s en maakt gebruik "
                    "van de informatie die hij van collega’s krijgt,",
                    "hij levert een constructieve bijdrage aan "
                    "verschillende vormen van overleg en samenwerken op "
                    "school,",
                    "hij geeft en ontvangt collegiale consultatie en intervisie, en",
                    "hij werkt met collega’s samen aan de ontwikkeling en "
                    "verbetering van zijn school;",
                ],
            },
            {
                "letter": "b",
                "intro": "beschikt de leraar over de volgende kennis:",
                "items": [
                    "hij is op praktisch niveau bekend met methodieken "
                    "voor samenwerking en intervisie,",
                    "hij is op praktisch niveau op de hoogte van "
                    "leerlingvolgsystemen en manieren om zijn eigen werk "
                    "toegankelijk te administreren,",
                    "hij heeft enige kennis van organisatie- en "
                    "bestuursvormen voor scholen in het voorbereidend "
                    "hoger onderwijs, en",
                    "hij is op de hoogte van modellen voor kwaliteitszorg "
                    "en methodieken voor onderwijsverbetering en "
                    "schoolontwikkeling.",
                ],
            },
        ],
    },
    {
        "article": "2.27",
        "title": "Competentie leraar VHO in het samenwerken met de omgeving",
        "competency": "SBL.6",
        "requirement": "De leraar onderschrijft zijn verantwoordelijkheid in het "
        "samenwerken met de omgeving van de school. Hij heeft "
        "voldoende kennis en vaardigheid om goed samen te werken "
        "met bedrijven of instellingen om hun gezamenlijke "
        "verantwoordelijkheid vorm te geven in het opleiden van de "
        "leerling. Hij heeft voldoende kennis en vaardigheid om "
        "goed samen te werken met mensen en instellingen die "
        "betrokken zijn bij de zorg voor de leerlingen en bij zijn "
        "school.",
        "lists": [
            {
                "letter": "a",
                "intro": "kan de leraar de volgende handelingen verrichten:",
                "items": [
                    "hij geeft op professionele manier informatie over de "
                    "leerlingen aan ouders en andere belanghebbenden en "
                    "maakt gebruik van de informatie die hij van hen "
                    "krijgt,",
                    "hij zorgt in overleg met de leerling en andere "
                    "betrokkenen voor afstemming tussen het leren in en "
                    "buiten de school en voor duidelijkheid over ieders "
                    "verantwoordelijkheid en bijdrage hierin,",
                    "hij neemt op een constructieve manier deel aan "
                    "verschillende vormen van overleg met mensen en "
                    "instellingen buiten de school, en",
                    "hij verantwoordt zijn professionele opvattingen en "
                    "werkwijze met betrekking tot een leerling aan ouders "
                    "en andere belanghebbenden en past in gezamenlijk "
                    "overleg zonodig zijn werk met die leerling aan;",
                ],
            },
            {
                "letter": "b",
                "intro": "beschikt de leraar over de volgende kennis:",
                "items": [
                    "hij is bekend met de leefwereld van ouders of "
                    "verzorgers en weet hoe hij daar rekening mee moet "
                    "houden in zijn doen en laten als leraar,",
                    "hij is op de hoogte van de professionele "
                    "infrastructuur waar zijn school onderdeel van is,",
                    "hij is bekend met de cultuur en de actuele gang van "
                    "zaken in het bedrijfsleven waarin zijn leerlingen "
                    "participeren en weet hoe hij daar als leraar mee om "
                    "kan gaan,",
                    "hij is bekend met de regelgeving en "
                    "samenwerkingsprocedures tussen zijn school en "
                    "bedrijven en instellingen waarmee wordt "
                    "samengewerkt, en",
                    "hij weet hoe hij ervoor kan zorgen dat het binnen- "
                    "en buitenschoolse leren en de interne en externe "
                    "begeleiding van zijn leerlingen goed op elkaar zijn "
                    "afgestemd.",
                ],
            },
        ],
    },
    {
        "article": "2.28",
        "title": "Competentie leraar VHO in reflectie en ontwikkeling",
        "competency": "SBL.7",
        "requirement": "De leraar onderschrijft zijn verantwoordelijkheid voor "
        "zijn eigen professionele ontwikkeling. Hij onderzoekt, "
        "expliciteert en ontwikkelt zijn opvattingen over het "
        "leraarschap en zijn bekwaamheid als leraar.",
        "lists": [
            {
                "letter": "a",
                "intro": "kan de leraar de volgende handelingen verrichten:",
                "items": [
                    "hij werkt planmatig aan de ontwikkeling van zijn "
                    "bekwaamheid, op basis van een goede analyse van zijn "
                    "competenties,",
                    "hij stemt de ontwikkeling van zijn bekwaamheid af op "
                    "het beleid van de school en de ontwikkeling en "
                    "afspraken binnen het team, en",
                    "hij maakt bij die ontwikkeling gebruik van "
                    "informatie van leerlingen en collega’s, in school en "
                    "bedrijf, en ook van collegiale hulp in de vorm van "
                    "bijvoorbeeld intervisie en supervisie;",
                ],
            },
            {
                "letter": "b",
                "intro": "beschikt de leraar over de volgende kennis:",
                "items": [
                    "hij is op de hoogte van actuele ontwikkelingen in "
                    "het bedrijfsleven en de maatschappij die relevant "
                    "zijn voor zijn onderwijs,",
                    "hij is op de hoogte van de onderwijspraktijk in "
                    "andere scholen voor voorbereidend hoger onderwijs en "
                    "van actuele ontwikkelingen op het gebied van "
                    "inhouden, werkwijzen en organisatievormen in het "
                    "voorbereidend hoger onderwijs,",
                    "hij is op de hoogte van actuele ontwikkelingen op "
                    "het gebied van de pedagogiek en de didactiek die "
                    "relevant zijn voor zijn onderwijs, en",
                    "hij heeft voldoende gedragspsychologische kennis om "
                    "zijn eigen gedrag en dat van anderen te begrijpen en "
                    "te analyseren.",
                ],
            },
        ],
    },
]

VSO_LGO_KERNDOELEN = [
    {
        "theme": "Leren leren",
        "goals": [
            (
                "1",
                "De leerling ontwikkelt een open en flexibele houding ten "
                "opzichte van de wereld om hem heen.",
            ),
            (
                "2",
                "De leerling leert doelgericht en planmatig te leren en daarbij "
                "strategieën te gebruiken.",
            ),
            (
                "3",
                "De leerling leert verschillende soorten informatie te zoeken, "
                "te beoordelen en te gebruiken.",
            ),
            (
                "4",
                "De leerling leert op basis van feiten een mening te vormen, "
                "deze adequaat te uiten en respectvol om te gaan met andere "
                "meningen.",
            ),
        ],
    },
    {
        "theme": "Leren taken uitvoeren",
        "goals": [
            (
                "5",
                "De leerling leert zich redzaam en weerbaar te gedragen bij de "
                "uitvoering van dagelijkse activiteiten.",
            ),
            (
                "6",
                "De leerling leert op doelgerichte, planmatige en methodische "
                "wijze taken en activiteiten uit te voeren.",
            ),
            ("7", "De leerling leert samen te werken aan een taak of activiteit."),
        ],
    },
    {
        "theme": "Leren functioneren in sociale situaties",
        "goals": [
            ("8", "De leerling leert op adequate wijze om te gaan met eigen gevoelens en wensen."),
            ("9", "De leerling leert respectvol en verantwoordelijk om te gaan met anderen."),
        ],
    },
    {
        "theme": "Ontwikkelen van een persoonlijk toekomstperspectief",
        "goals": [
            (
                "10",
                "De leerling krijgt zicht op de eigen voorkeuren, interesses en "
                "toekomstwensen op het gebied van werken, wonen, vrije tijd en "
                "burgerschap.",
            ),
            (
                "11",
                "De leerling leert afwegingen en keuzes te maken die leiden tot "
                "een passend persoonlijk toekomstperspectief, met realiseerbare "
                "mogelijkheden en kansen.",
            ),
        ],
    },
]

VSO_VOORBEREIDING_OP_ARBEID = [
    ("59", "De leerling verkent actief werkvelden en beroepen, bij voorkeur in de eigen regio."),
    (
        "60",
        "De leerling leert vaardigheden om werk te verwerven, te behouden en om "
        "van werk te veranderen.",
    ),
    ("61", "De leerling ontwikkelt algemene competenties voor arbeid, met name de volgende:"),
    ("61.1", "De leerling leert samen te werken en te overleggen."),
    ("61.2", "De leerling leert instructies en procedures op te volgen."),
    (
        "61.3",
        "De leerling leert bij arbeidsmatige taken de juiste materialen en "
        "middelen op een doelmatige en doelgerichte manier in te zetten.",
    ),
    (
        "61.4",
        "De leerling leert de eigen beroepsmatige werkzaamheden te plannen en te organiseren.",
    ),
    ("61.5", "De leerling leert kwaliteit te leveren in arbeidsmatige situaties."),
    ("61.6", "De leerling leert ethisch en integer te handelen in beroepssituaties."),
    ("61.7", "De leerling leert om te gaan met veranderingen en zich aan te passen."),
    ("61.8", "De leerling leert met druk en tegenslag om te gaan."),
    (
        "62",
        "De leerling ontwikkelt specifieke beroepsvaardigheden die passen bij de "
        "eigen keuzes, mogelijkheden en beperkingen. Afhankelijk van het gekozen "
        "beroep kan dat een combinatie zijn van vakspecifieke fysieke, manuele "
        "en/of mentale vaardigheden, kwaliteiten of vermogens.",
    ),
]
