"""A synthetic news corpus for the speed benchmark.

Why synthetic: the real articles in ../shared are few and may not be redistributed, and a speed
figure needs thousands of documents of realistic length and mix. Every sentence template and
word list here was written for this benchmark. The corpus is *not* a quality test: facts are
drawn at random, so only the shape of the work matters (article length, how often states,
groups, firms, dates and response verbs appear, and how much ordinary prose surrounds them).

Mix: about 30% reports of a state cyber operation (victim, operation, claims, attributions,
denials, state responses, in varying order), the rest cyber-crime, vulnerability, technology,
politics and cyber-policy news with no state incident. Bodies run 400-900 words.

Deterministic: document ``i`` depends only on ``(seed, i)``, so the first 1,000 documents of a
5,000-document corpus are the same as those of a 1,000-document one.

    python bench/corpus_gen.py --docs 50 --out /tmp/corpus
"""

from __future__ import annotations

import argparse
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

MIN_WORDS, MAX_WORDS = 400, 900
FIRST_DAY, LAST_DAY = date(2014, 1, 1), date(2025, 12, 31)

# Share of each kind of article; "incident" is the only one that reports a state operation.
KINDS: dict[str, float] = {
    "incident": 0.3,
    "crime": 0.15,
    "vulnerability": 0.12,
    "business": 0.15,
    "politics": 0.18,
    "policy": 0.1,
}

# --------------------------------------------------------------------------------------------
# Vocabulary
# --------------------------------------------------------------------------------------------
# The tables below are packed by hand: the formatter would give every word a line of its own.
# fmt: off

# name, adjective, capital, head of government's title
VICTIMS = [
    ("Albania", "Albanian", "Tirana", "Prime Minister"),
    ("Georgia", "Georgian", "Tbilisi", "Prime Minister"),
    ("Estonia", "Estonian", "Tallinn", "Prime Minister"),
    ("Latvia", "Latvian", "Riga", "Prime Minister"),
    ("Lithuania", "Lithuanian", "Vilnius", "Prime Minister"),
    ("Ukraine", "Ukrainian", "Kyiv", "President"),
    ("Poland", "Polish", "Warsaw", "Prime Minister"),
    ("Czechia", "Czech", "Prague", "Prime Minister"),
    ("Germany", "German", "Berlin", "Chancellor"),
    ("France", "French", "Paris", "President"),
    ("the Netherlands", "Dutch", "The Hague", "Prime Minister"),
    ("Belgium", "Belgian", "Brussels", "Prime Minister"),
    ("Norway", "Norwegian", "Oslo", "Prime Minister"),
    ("Finland", "Finnish", "Helsinki", "Prime Minister"),
    ("Sweden", "Swedish", "Stockholm", "Prime Minister"),
    ("Denmark", "Danish", "Copenhagen", "Prime Minister"),
    ("Montenegro", "Montenegrin", "Podgorica", "Prime Minister"),
    ("Moldova", "Moldovan", "Chisinau", "President"),
    ("Romania", "Romanian", "Bucharest", "President"),
    ("Bulgaria", "Bulgarian", "Sofia", "Prime Minister"),
    ("Italy", "Italian", "Rome", "Prime Minister"),
    ("Spain", "Spanish", "Madrid", "Prime Minister"),
    ("Austria", "Austrian", "Vienna", "Chancellor"),
    ("the United Kingdom", "British", "London", "Prime Minister"),
    ("Canada", "Canadian", "Ottawa", "Prime Minister"),
    ("the United States", "American", "Washington", "President"),
    ("Japan", "Japanese", "Tokyo", "Prime Minister"),
    ("South Korea", "South Korean", "Seoul", "President"),
    ("Australia", "Australian", "Canberra", "Prime Minister"),
    ("New Zealand", "New Zealand", "Wellington", "Prime Minister"),
    ("India", "Indian", "New Delhi", "Prime Minister"),
    ("the Philippines", "Philippine", "Manila", "President"),
    ("Vietnam", "Vietnamese", "Hanoi", "Prime Minister"),
    ("Israel", "Israeli", "Jerusalem", "Prime Minister"),
    ("Saudi Arabia", "Saudi", "Riyadh", "Crown Prince"),
    ("the United Arab Emirates", "Emirati", "Abu Dhabi", "President"),
    ("Kenya", "Kenyan", "Nairobi", "President"),
    ("Brazil", "Brazilian", "Brasilia", "President"),
]

# name, adjective, agencies, groups, who speaks to deny
STATES = [
    (
        "Russia",
        "Russian",
        [
            "the GRU military intelligence agency", "the FSB security service",
            "the SVR foreign intelligence service", "Russian military intelligence",
        ],
        ["APT28", "Sandworm", "APT29", "Turla", "Gamaredon", "Fancy Bear", "Cozy Bear", "Star Blizzard"],
        [
            "Kremlin spokesman {person}", "Russia's foreign ministry", "the Russian embassy",
            "Russia's deputy foreign minister",
        ],
    ),
    (
        "China",
        "Chinese",
        [
            "the Ministry of State Security", "the People's Liberation Army",
            "China's civilian intelligence service",
        ],
        ["APT10", "APT31", "APT40", "APT41", "Volt Typhoon", "Salt Typhoon", "Mustang Panda", "Flax Typhoon"],
        ["China's foreign ministry", "a foreign ministry spokesperson in Beijing", "the Chinese embassy"],
    ),
    (
        "Iran",
        "Iranian",
        [
            "the Islamic Revolutionary Guard Corps", "the Ministry of Intelligence and Security",
            "Iranian intelligence",
        ],
        ["APT33", "APT34", "APT35", "MuddyWater", "Charming Kitten", "OilRig", "CyberAv3ngers"],
        [
            "Iran's foreign ministry", "Iran's mission to the United Nations",
            "a spokesman for the government in Tehran",
        ],
    ),
    (
        "North Korea",
        "North Korean",
        ["the Reconnaissance General Bureau", "North Korea's main intelligence agency"],
        ["Lazarus Group", "Kimsuky", "Andariel", "APT37", "APT38", "BlueNoroff"],
        ["North Korea's state news agency", "Pyongyang's mission to the United Nations"],
    ),
    (
        "Belarus",
        "Belarusian",
        ["the Belarusian military", "the Belarusian security services"],
        ["Ghostwriter", "UNC1151"],
        ["the Belarusian foreign ministry", "officials in Minsk"],
    ),
]

# Self-declared personas that claim operations; invented for the benchmark.
PERSONAS = [
    "Homeland Avengers", "Black Sentinel Team", "Northern Wolves", "Digital Resistance Brigade",
    "Crimson Ledger", "Justice Blade", "Free Patriots Cyber Front", "Iron Lantern", "Storm Justice Team",
    "People's Cyber Army", "Silent Ravens", "Guardians of the Homeland", "Red Falcon Unit",
]

SECURITY_FIRMS = [
    "Mandiant", "Microsoft", "CrowdStrike", "ESET", "Kaspersky", "Recorded Future", "Secureworks",
    "Check Point", "Palo Alto Networks' Unit 42", "Trend Micro", "Symantec", "Google's Threat Analysis Group",
    "Proofpoint", "SentinelOne",
]

# full phrase, short phrase, sector
TARGETS = [
    ("the ministry of foreign affairs", "foreign ministry", "government"),
    ("the national electricity grid operator", "power grid", "energy"),
    ("the state broadcaster", "state broadcaster", "media"),
    ("the central election commission", "election commission", "elections"),
    ("several large public hospitals", "hospitals", "health"),
    ("the national railway company", "railways", "transport"),
    ("the country's largest telecommunications provider", "telecom network", "telecom"),
    ("the central bank", "central bank", "finance"),
    ("the national parliament", "parliament", "government"),
    ("the defence ministry", "defence ministry", "military"),
    ("the main international airport", "airport", "transport"),
    ("the water utility serving the capital", "water utility", "critical_infrastructure"),
    ("the online portal for public services", "government portal", "government"),
    ("a number of think tanks and human rights groups", "civil society groups", "civil_society"),
    ("the national gas pipeline operator", "gas network", "energy"),
    ("the tax authority", "tax authority", "government"),
]

# operation key -> (noun phrases, what it did)
OPERATIONS = {
    "ransomware": (
        ["ransomware attack", "attack using ransomware", "extortion-style intrusion"],
        [
            "encrypted servers and demanded payment", "locked staff out of their files",
            "scrambled databases behind a ransom note",
        ],
    ),
    "wiper": (
        ["destructive cyberattack", "data-wiping attack", "sabotage operation"],
        [
            "erased data on hundreds of computers", "destroyed the contents of servers",
            "wiped hard drives and left systems unable to start",
        ],
    ),
    "ddos": (
        [
            "wave of denial-of-service attacks", "distributed denial-of-service campaign",
            "flood of junk traffic",
        ],
        [
            "knocked websites offline for hours", "overwhelmed public websites",
            "made online services unreachable",
        ],
    ),
    "defacement": (
        ["mass defacement of websites", "website defacement campaign"],
        ["replaced home pages with political messages", "posted propaganda on official websites"],
    ),
    "espionage": (
        ["espionage campaign", "long-running intrusion", "cyber-espionage operation"],
        [
            "stole emails and internal documents", "quietly copied sensitive files for months",
            "gained access to the mailboxes of senior officials",
        ],
    ),
    "leak": (
        ["hack-and-leak operation", "breach followed by a leak"],
        ["published stolen correspondence online", "dumped internal documents on a messaging channel"],
    ),
    "phishing": (
        ["phishing campaign", "spear-phishing operation"],
        [
            "sent tailored emails to officials to steal their passwords",
            "tricked staff into entering credentials on fake login pages",
        ],
    ),
    "supply_chain": (
        ["supply-chain compromise", "attack through a software supplier"],
        [
            "slipped malicious code into a routine software update",
            "used a contractor's network to reach government systems",
        ],
    ),
}

# Each fits "the investigation had ... that".
CERTAINTY = [
    "concluded", "established beyond doubt", "found with high confidence", "found it likely",
    "found strong evidence", "found it almost certain", "determined", "found some indications",
]

FIRST_NAMES = [
    "Anna", "Marek", "Elena", "Tomas", "Ines", "David", "Sofia", "Jonas", "Leila", "Pieter", "Maria", "Arben",
    "Nino", "Kaito", "Priya", "Samuel", "Hana", "Oskar", "Grace", "Lukas", "Amira", "Mateo", "Irina", "Felix",
    "Ruth", "Dmitri", "Chloe", "Rahul", "Ewa", "Niamh", "Jorge", "Mei", "Henrik", "Fatima", "Aleksander",
]
LAST_NAMES = [
    "Kovacs", "Hoxha", "Lindqvist", "Moreau", "Nakamura", "Okafor", "Petrov", "Rossi", "Schmidt", "Tanaka",
    "Novak", "Berisha", "Jansen", "Kowalski", "Sato", "Dubois", "Fischer", "Garcia", "Horvath", "Ivanova",
    "Kim", "Larsen", "Meyer", "Nielsen", "Ortiz", "Popescu", "Quinn", "Rahman", "Silva", "Tamm", "Varga",
]
CITIES = [
    "Lyon", "Gdansk", "Tartu", "Kaunas", "Porto", "Graz", "Bergen", "Osaka", "Busan", "Perth", "Pune", "Cebu",
    "Haifa", "Mombasa", "Curitiba", "Rotterdam", "Antwerp", "Turin", "Seville", "Brno", "Plovdiv",
    "Cluj-Napoca", "Aarhus", "Tampere", "Gothenburg", "Durres", "Batumi", "Lviv", "Leipzig", "Calgary",
]
COMPANIES = [
    "Norvale Systems", "Kestrel Analytics", "Brightwater Logistics", "Halden Foods", "Marlow Insurance",
    "Orison Health", "Tidewell Energy", "Quarry Lane Retail", "Corvid Software", "Fennick Manufacturing",
    "Silverbirch Bank", "Arcturus Telecom", "Pelham Freight", "Vantor Chemicals", "Lumen Ridge Hotels",
    "Greyfield Media", "Saltmarsh Pharmaceuticals", "Oakhurst University", "Redfern Motors", "Palisade Cloud",
]
SOFTWARE = [
    "Lanternfish", "Quillmate", "Burrowdb", "Tessera", "Harbormaster", "Stonechat", "Wickerbox",
    "Mistral Gate", "Copperleaf", "Nimbus Relay", "Fieldnote", "Ravelin Proxy", "Glasswing", "Pinecrest VPN",
]
PRODUCTS = [
    "smartphone", "laptop line", "data-centre chip", "electric delivery van", "home battery",
    "satellite terminal", "smartwatch", "cloud database service", "language model", "payment terminal",
    "drone", "fibre router",
]
THINK_TANKS = [
    "the Halden Institute", "the Centre for Digital Policy", "the Marlowe Foundation",
    "the Baltic Security Forum", "the Institute for Public Affairs", "the Northbridge Council",
    "the Europa Policy Lab",
]
TOPICS = [
    "pension reform", "housing costs", "energy prices", "the health budget", "a new fuel tax",
    "school funding", "migration rules", "farm subsidies", "public sector wages", "the defence budget",
    "road tolls", "rail fares",
]
PARTIES = [
    "the Social Democrats", "the centre-right alliance", "the Greens", "the Liberal party",
    "the Farmers' Union", "the Reform movement", "the National Conservatives", "the Progressive bloc",
]
MONTHS = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
    "November", "December",
]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def _person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"


# Slots that draw a fresh value each time they appear.
FREE_SLOTS: dict[str, Callable[[random.Random], str]] = {
    "person": _person,
    "n": lambda rng: str(rng.randint(2, 19)),
    "big": lambda rng: f"{rng.randint(3, 95) * 100:,}",
    "pct": lambda rng: f"{rng.randint(2, 68)} percent",
    "money": lambda rng: f"{rng.randint(2, 900)} million {rng.choice(['euros', 'dollars', 'pounds'])}",
    "month": lambda rng: rng.choice(MONTHS),
    "weekday": lambda rng: rng.choice(WEEKDAYS),
    "city": lambda rng: rng.choice(CITIES),
    "other_company": lambda rng: rng.choice(COMPANIES),
    "think_tank": lambda rng: rng.choice(THINK_TANKS),
    "party": lambda rng: rng.choice(PARTIES),
    "any_firm": lambda rng: rng.choice(SECURITY_FIRMS),
    "thing": lambda rng: rng.choice(THINGS),
    "cause": lambda rng: rng.choice(CAUSES),
    "tech_thing": lambda rng: rng.choice(TECH_THINGS),
    "sec_thing": lambda rng: rng.choice(SEC_THINGS),
    "org": lambda rng: rng.choice(ORGS),
}


# --------------------------------------------------------------------------------------------
# Sentence and paragraph templates
# --------------------------------------------------------------------------------------------

INCIDENT_HEADLINES = [
    "{victim_cap} blames {state} for cyberattack on {target_short}",
    "{victim_adj} officials say {state_adj} hackers hit {target_short}",
    "{victim_cap} expels {state_adj} diplomats after {op}",
    "Hackers disrupt {victim_adj} {target_short}; {state} accused",
    "{ally_cap} joins {victim} in naming {state} over {op}",
    "{state} denies role in {op} against {victim}",
    "Investigators link {op} on {target_short} to {group}",
    "{victim_cap} weighs response after {state_adj}-linked intrusion",
]

INCIDENT_LEADS = [
    "{victim_cap} on {weekday_day} accused {state} of being behind {a_op} that {effect} at {target} "
    "{when_phrase}, the most serious such incident the country has faced.",
    "{a_op_cap} that {effect} at {target} {when_phrase} was the work of hackers acting for {state}, the "
    "{victim_adj} government said on {weekday_day}.",
    "{victim_adj} authorities have blamed {state} for {a_op} against {target}, which {effect} {when_phrase} "
    "and left officials scrambling to restore services.",
    "The {victim_adj} government said on {weekday_day} that {agency} of {state} organised {a_op} that "
    "{effect} at {target} {when_phrase}.",
]

INCIDENT_IMPACT = [
    "Officials said the intruders {effect}. Some services were restored within days, but others stayed "
    "offline for weeks while engineers rebuilt systems from backups.",
    "The disruption began {when_phrase}. Staff at {target} switched to paper forms, and people trying to "
    "reach the {target_short} online were met with error pages.",
    "According to officials, the attackers {effect}, and it took {n} days before services at {target} were "
    "working normally again. No figure for the cost of the clean-up has been published.",
    "Investigators said the first signs of the {op} appeared {when_phrase}, when technicians noticed unusual "
    "activity on systems run by {target}.",
]

INCIDENT_CLAIMS = [
    "A group calling itself {persona} claimed responsibility on a messaging channel and posted what it said "
    "were screenshots of internal systems.",
    "Responsibility was claimed soon afterwards by {persona}, a persona that appeared online only weeks "
    "before the attack and published political messages alongside its boasts.",
    "{persona}, a previously little-known hacking group, said it had carried out the attack, though "
    "officials said the claim was a cover for a state operation.",
]

INCIDENT_ATTRIBUTIONS = [
    "{leader_title} {leader} said the investigation had {certainty} that {state} was responsible, and that "
    "the government had shared its findings with allies.",
    "In a statement, the {victim_adj} foreign ministry said investigators had {certainty} that {agency} "
    "directed the operation.",
    "{victim_adj} officials said the hackers belonged to {group}, a unit that security researchers have long "
    "tied to {agency}.",
]

FIRM_ATTRIBUTIONS = [
    "Researchers at {firm} said the tools and infrastructure used in the {op} matched earlier operations by "
    "{group}, which they link to the {state_adj} state.",
    "{firm} published a technical report attributing the intrusion to {group}, citing overlaps in malware "
    "code and command servers with past campaigns.",
    "The security company {firm} said it had moderate confidence that an actor working for {state} carried "
    "out the attack.",
]

ALLY_RESPONSES = [
    "{ally_cap} also named {state} as responsible. Its foreign minister said {ally} stood firmly with "
    "{victim} and would work with partners to hold those responsible to account.",
    "The government of {ally} said it had reached the same conclusion, condemned the attack and offered "
    "technical help to {victim_adj} investigators.",
    "{ally_cap} condemned the operation in a statement, saying it showed disregard for the safety of "
    "ordinary people, and pledged support for {victim}.",
]

VICTIM_RESPONSES = [
    "{victim_cap} ordered {n} {state_adj} diplomats to leave the country within a week.",
    "The foreign ministry summoned {state}'s ambassador to {capital} to deliver a formal protest.",
    "{victim_cap} announced it was cutting diplomatic relations with {state} and closing its embassy.",
    "The government said it would seek sanctions against the individuals behind the {op}.",
    "Prosecutors in {capital} said they had filed charges against {n} {state_adj} officers in absentia.",
    "{leader_title} {leader} said the country would respond at a time and in a manner of its choosing.",
]

DENIALS = [
    "{denier} rejected the accusations as baseless and said {state} does not conduct cyberattacks.",
    "{state} denied any involvement. {denier} called the claims part of a smear campaign.",
    "Asked about the allegations, {denier} said they were unfounded and politically motivated.",
]

GROUP_BACKGROUND = [
    "{group} has been named in reports by governments and security firms for years, usually in connection "
    "with operations against ministries, militaries and political parties.",
    "Security researchers say {group} is one of the most active teams working for {state}, and that it often "
    "reuses servers and code across campaigns.",
    "The attack fits a pattern of {state_adj} activity against {victim_adj} institutions, analysts at "
    "{think_tank} said, pointing to earlier incidents that were never formally attributed.",
]

# Ordinary news prose, used to pad every kind of article to its length.
GENERAL_SENTENCES = [
    "Inflation has eased from its peak, but food and rent still take a larger share of household budgets "
    "than they did five years ago.",
    "The mayor of {city} said the city had been asking for the same investment for a decade and would "
    "believe it when the money arrived.",
    "{person}, a member of parliament for {party}, accused ministers of announcing the same policy three "
    "times without spending anything.",
    "A government spokesperson said the figures would be revised once the statistics office had completed "
    "its annual survey.",
    "Turnout at the last regional elections was the lowest on record, a trend that worries politicians of "
    "every stripe.",
    "Farmers drove tractors into the centre of {city} one {month} morning last year to protest against "
    "rising costs.",
    "The opposition has promised to reverse the measure if it wins power, although it has not said what it "
    "would do instead.",
    "Ministers met business leaders behind closed doors on {weekday}, and neither side would say afterwards "
    "what had been agreed.",
    "Commuters in {city} have faced months of disruption while engineers replace ageing bridges and "
    "signalling equipment.",
    "A report by {think_tank} found that public investment has lagged behind that of neighbouring countries "
    "for most of the past decade.",
    "The president of the chamber of commerce, {person}, said companies wanted stable rules more than new "
    "subsidies.",
    "Teachers' unions said the latest offer fell short of what was needed to fill vacancies in rural "
    "schools.",
    "Hospitals in several regions have reported long waiting lists, which doctors blame on staff shortages "
    "rather than a lack of beds.",
    "Local newspapers in {city} reported that the plan had been discussed at a crowded town hall meeting "
    "that ran late into the night.",
    "The country's credit rating was confirmed by the main agencies earlier this year, easing pressure on "
    "borrowing costs.",
    "Young people are leaving smaller towns for the capital and for jobs abroad, leaving some communities "
    "with mostly older residents.",
    "The constitutional court is expected to rule on a related case before the summer recess.",
    "Officials in {city} said tourism had recovered strongly, with hotel bookings for {month} already above "
    "last year's level.",
    "Environmental groups criticised the plan for doing too little to cut emissions from transport and "
    "heating.",
    "Observers said the tone of the debate had been calmer than in previous years, with fewer personal "
    "attacks.",
    "The debate over {topic} has dominated parliament for much of the year, and opposition parties say the "
    "government has yet to explain how it will pay for its plans.",
    "Polls published last week suggest that voters rank {topic} among their top concerns, ahead of crime and "
    "public transport.",
    "In {city}, local officials said they were waiting for clearer guidance from the capital before changing "
    "their own budgets.",
    "Economists expect growth to slow this year, to a pace well below what the government had forecast in "
    "the spring.",
    "The finance ministry said revenue from the new measures would reach {money} in the first full year.",
    "{person}, an analyst at {think_tank}, said the numbers were less important than the signal they sent to "
    "investors and neighbouring countries.",
    "Critics argue that the plan was drawn up in a hurry and that smaller towns such as {city} will bear "
    "most of the cost.",
    "Unemployment has edged down to its lowest level in {n} years, although wages have struggled to keep "
    "pace with prices.",
    "A spokesperson for the ministry declined to comment on the timetable, saying only that talks were "
    "continuing.",
    "The coalition has a narrow majority and cannot afford defections on key votes, a fact that gives "
    "smaller parties considerable leverage.",
    "Residents interviewed in {city} were divided, with some welcoming the changes and others saying they "
    "had heard similar promises before.",
    "The issue is expected to come up again in {month}, when ministers from across the region meet for their "
    "regular summit.",
    "Business groups welcomed the announcement but asked for more detail on how the rules would be enforced.",
    "Officials have promised to publish a full assessment before the end of the year, along with figures on "
    "how many people will be affected.",
    "{party} said it would table its own proposal next month, setting up a contest over who owns the issue "
    "before the next election.",
    "Trade unions have threatened strikes if the government presses ahead without consulting them, and a "
    "first walkout has been pencilled in for {month}.",
    "The central bank left interest rates unchanged at its last meeting, citing uncertainty over energy "
    "prices.",
    "Road and rail projects in the north of the country have been delayed by rising construction costs, the "
    "transport ministry admitted.",
    "About {big} people signed a petition calling for a public inquiry, well above the threshold for a "
    "debate in parliament.",
    "Diplomats say the relationship between the two governments has improved since a change of leadership "
    "last year, though old disputes remain.",
]

SECURITY_SENTENCES = [
    "Several countries now require operators of essential services to report serious incidents within 24 "
    "hours.",
    "The shortage of trained defenders is felt most keenly in hospitals and local government, where budgets "
    "are tight.",
    "{person}, a former official at the national cyber security agency, said exercises were only useful if "
    "their lessons were acted on.",
    "Criminal groups have become more professional in recent years, renting out their tools to others in "
    "exchange for a share of the profits.",
    "Regulators have begun to fine companies that fail to protect customer data, although the penalties "
    "remain modest.",
    "Universities in {city} have expanded courses in network security, and graduates are often hired before "
    "they finish their studies.",
    "Many organisations still struggle to keep an accurate list of the devices connected to their networks.",
    "Security researchers at {any_firm} said the number of reported software flaws had risen by {pct} over "
    "the previous year.",
    "Specialists say that basic measures such as multi-factor authentication and regular backups would have "
    "blunted the impact of many recent incidents.",
    "Public bodies often run old software because replacing it is expensive and disruptive, a weakness that "
    "attackers know well.",
    "The national cyber security agency has warned repeatedly that smaller municipalities lack the staff to "
    "monitor their networks around the clock.",
    "{person}, who teaches computer security at a university in {city}, said incidents of this kind were "
    "usually discovered weeks or months after the first break-in.",
    "Insurers have raised premiums for cyber cover by as much as {pct} over the past two years, citing the "
    "growing cost of claims.",
    "Investigators typically reconstruct an intrusion from server logs, malware samples and records of "
    "network traffic, a process that can take many weeks.",
    "Officials have urged organisations to report incidents quickly, saying early warnings help others "
    "defend themselves against the same techniques.",
    "The government has promised to hire several hundred cyber specialists over the next five years, though "
    "recruiters say private companies pay far better.",
    "Experts caution that public attribution is a political decision as much as a technical one, and that "
    "governments weigh diplomatic costs before naming anyone.",
    "Security teams at {other_company} and other large employers have run exercises simulating a total loss "
    "of their computer systems, according to people familiar with the drills.",
    "A parliamentary committee is due to hear evidence from the heads of the intelligence services in "
    "{month}.",
    "Many attacks begin with a single stolen password, often bought cheaply from criminal marketplaces, "
    "researchers at {any_firm} have noted.",
    "Backups stored offline proved decisive in several recent recoveries, allowing organisations to restore "
    "data without negotiating with attackers.",
    "The agency publishes weekly advisories on software flaws that are being exploited, and says the list "
    "has grown steadily longer.",
]

TECH_SENTENCES = [
    "The company said it had sold more than {big} units in the first week, without giving a figure for the "
    "whole quarter.",
    "Competition from cheaper rivals has squeezed prices, forcing established brands to add features to "
    "justify their cost.",
    "Investors are watching closely for signs that heavy spending on data centres will pay off.",
    "{person}, who follows the sector for a bank in {city}, said the outlook for the rest of the year was "
    "mixed.",
    "The company's software division grew faster than its hardware business for the third quarter in a row.",
    "Several large customers have signed multi-year contracts, giving the firm more predictable revenue.",
    "Energy costs for data centres have become a growing concern, and the company is buying power directly "
    "from wind farms.",
    "The product will be assembled at a plant near {city}, which the company expanded last year.",
    "Reviewers praised the design but said the software still felt unfinished in places.",
    "A spokesperson for {other_company}, a competitor, declined to comment on the announcement.",
    "{company} said demand for its {product} had exceeded expectations in the first quarter, helped by "
    "strong sales in Asia.",
    "Shares in the company rose {pct} in early trading before giving back some of the gains.",
    "Analysts had expected revenue of about {money}, and the results came in slightly ahead of that figure.",
    "The chief executive, {person}, told investors the company would keep spending heavily on research "
    "despite pressure on margins.",
    "Supply of memory chips remains tight, and several manufacturers have warned of longer delivery times.",
    "The company plans to open a new engineering centre in {city}, creating around {big} jobs over five "
    "years.",
    "Regulators in Europe are examining whether the deal would reduce competition in the market for cloud "
    "services.",
    "Customers have complained about battery life on earlier models, a problem the company says it has "
    "fixed.",
    "The launch event in {city} drew developers, investors and reporters, along with a small group of "
    "protesters outside.",
    "{person}, a technology analyst, said the product was competent but unlikely to change the market.",
    "The firm employs about {big} people worldwide and has cut costs twice in the past two years.",
    "Open-source developers have raised concerns about the licence terms of the new release.",
]

# Composed prose: most padding sentences are put together from short parts, so that unrelated
# articles share few runs of five words, as real news does. (Whole template sentences alone made
# unrelated synthetic articles look like near-duplicates to a shingle index.)
# Predicates are in the past tense so that they agree with singular and plural subjects alike.

THINGS = [
    "heating bills", "bus services", "school meals", "broadband in rural areas", "bridge repairs",
    "apprenticeships", "childcare places", "port capacity", "water pipes", "grain storage", "housing permits",
    "nursing homes", "regional airports", "public libraries", "the minimum wage", "disability benefits",
    "tram lines", "flood defences", "student loans", "local clinics", "the night train network",
    "youth sports clubs", "social housing", "fuel duty", "dental care", "border checks",
    "motorway maintenance", "pension payments", "small business loans", "the census", "museum funding",
    "coastal erosion",
]
CAUSES = [
    "higher interest rates", "a shortage of skilled workers", "the cold winter",
    "supply problems at the ports", "rising energy prices", "a legal challenge", "slow planning approvals",
    "weak tax revenue", "a dispute between ministries", "the weak currency", "last year's floods",
    "delays in European funding", "a fall in exports", "staff sickness", "high turnover among civil servants",
    "the cost of imported materials", "a long drought", "a wave of early retirements",
]
TECH_THINGS = [
    "memory chips", "server racks", "electric scooters", "satellite broadband", "wearable devices",
    "voice assistants", "fibre connections", "graphics processors", "battery cells", "smart meters",
    "industrial sensors", "mobile games", "streaming subscriptions", "cloud storage", "factory robots",
    "display panels", "charging stations", "mapping software", "translation tools", "contactless payments",
]
SEC_THINGS = [
    "password managers", "multi-factor authentication", "offline backups", "patch management",
    "email filtering", "network segmentation", "endpoint monitoring", "access controls", "laptop encryption",
    "logging and alerting", "vendor risk checks", "phishing awareness training", "disaster recovery plans",
    "firewall rules", "software inventories", "privileged account controls", "secure remote access",
    "incident reporting procedures",
]
ORGS = THINK_TANKS + [
    "the statistics office", "the national audit office", "the employers' federation",
    "a regional development agency", "the chamber of commerce", "the consumer association",
]

FLAVOURS: dict[str, tuple[list[str], list[str]]] = {
    "general": (
        [
            "the regional council", "local hauliers", "officials in {city}", "the finance ministry",
            "a panel of economists", "independent auditors", "small retailers", "hospital managers",
            "the teachers' union", "several mayors", "commuter groups", "pensioners' associations",
            "exporters", "the statistics office", "the chamber of commerce", "farmers' groups",
            "the transport ministry", "opposition lawmakers", "the housing agency",
            "the employers' federation", "a cross-party committee", "the national audit office",
            "tenants' organisations", "the ombudsman", "the energy regulator", "the health ministry",
            "city planners in {city}", "the port authority in {city}", "a coalition of charities",
            "the central bank governor", "{person} of {party}", "the largest supermarket chains",
            "university rectors", "rural municipalities", "construction firms", "the interior ministry",
            "consumer groups", "the cabinet",
        ],
        [
            "warned of rising costs for {thing}",
            "asked for clearer rules on {thing}",
            "spent {money} on {thing} last year",
            "called for a review of {thing} before {month}",
            "blamed the delays on {cause}",
            "said spending on {thing} had risen by {pct}",
            "promised to publish new figures on {thing} in {month}",
            "criticised the government's handling of {thing}",
            "welcomed the decision to expand {thing}",
            "set aside {money} for {thing} over three years",
            "reported a sharp fall in demand for {thing}",
            "questioned whether the plan for {thing} was affordable",
            "pushed back a decision on {thing} until after the summer",
            "described {thing} as the most pressing problem in {city}",
            "opened a consultation on {thing} that runs until {month}",
            "estimated that {cause} had cost the economy {money}",
            "agreed to share the cost of {thing} with the regions",
            "argued that {cause} was making {thing} harder to provide",
            "held talks on {thing} with representatives from {city}",
            "cut the forecast for {thing} for the second time this year",
            "urged ministers to protect {thing} from further cuts",
            "proposed linking {thing} to inflation",
            "said {thing} in {city} would need another {money}",
            "found that {pct} of households were worried about {thing}",
            "warned that {cause} could delay {thing} by a year or more",
            "asked the courts to rule on {thing}",
            "drew up a list of priorities headed by {thing}",
            "took a more cautious line on {thing} than in previous years",
            "was expected to revisit {thing} when parliament returns",
            "pointed to {cause} as the main reason for the shortfall",
        ],
    ),
    "tech": (
        [
            "the chipmaker", "cloud providers", "the smartphone maker", "app developers",
            "several start-ups in {city}", "the company's engineers", "telecom operators",
            "the software group", "device makers", "online retailers", "the games studio",
            "hardware suppliers", "data-centre operators", "the payments firm", "venture investors",
            "the robotics company", "the semiconductor industry association", "{other_company}",
            "the e-commerce platform", "network equipment makers",
        ],
        [
            "raised prices for {tech_thing}", "delayed the launch of its {tech_thing} until {month}",
            "reported strong orders for {tech_thing}", "invested {money} in {tech_thing}",
            "cut jobs in the unit that makes {tech_thing}", "signed a supply deal for {tech_thing}",
            "said demand for {tech_thing} had grown by {pct}",
            "moved production of {tech_thing} to a plant near {city}",
            "struggled to source parts for {tech_thing}", "announced a partnership on {tech_thing}",
            "faced questions from regulators over {tech_thing}",
            "opened a research lab focused on {tech_thing}",
            "warned that margins on {tech_thing} would stay thin", "dropped support for older {tech_thing}",
            "won a government contract for {tech_thing}",
            "expected {tech_thing} to account for {pct} of sales",
            "said a shortage of {tech_thing} had hit deliveries", "lowered its guidance for {tech_thing}",
        ],
    ),
    "security": (
        [
            "the national cyber security agency", "incident responders", "IT staff at {other_company}",
            "the data protection authority", "penetration testers", "the agency's analysts",
            "bank security teams", "hospital IT departments", "insurers", "the emergency response team",
            "software vendors", "researchers at {any_firm}", "a group of ethical hackers",
            "network administrators", "the regulator's inspectors", "auditors", "managed service providers",
            "school districts", "the ministry's security office", "cloud customers",
        ],
        [
            "rolled out {sec_thing} across their systems", "found gaps in {sec_thing} at {n} organisations",
            "published guidance on {sec_thing}", "spent {money} on {sec_thing}",
            "ran drills to test {sec_thing}", "recommended better {sec_thing}",
            "reported a rise in incidents linked to poor {sec_thing}", "made {sec_thing} mandatory for staff",
            "said {sec_thing} had stopped most attempted break-ins",
            "reviewed {sec_thing} after a spate of fraud", "warned that weak {sec_thing} remained common",
            "struggled to hire people who understand {sec_thing}",
            "asked suppliers for evidence of {sec_thing}", "offered free training in {sec_thing}",
            "fined a company over poor {sec_thing}",
            "tested {sec_thing} during a week-long exercise in {city}",
        ],
    ),
}
OPENERS = [
    "Last {weekday}", "Earlier this month", "Over the past {n} years", "Since {month}", "In the meantime",
    "For now", "At a press conference in {city}", "In a letter seen by reporters", "By the end of {month}",
    "In recent weeks", "Despite the pressure", "On top of that", "After months of negotiation",
    "In a separate development", "At the same time", "In its annual report", "Speaking on local radio",
]
SPEECH = [
    "{person} said", "a spokesperson for {org} said", "according to {org}",
    "{person}, an economist at {org}, told reporters", "officials told a briefing in {city}",
    "people familiar with the discussions said", "{person} wrote in a commentary", "figures from {org} show",
    "local media reported",
]
CONNECTORS = ["while", "but", "and", "although", "even as", "whereas"]
PATTERNS = [
    "{opener}, {subj} {pred}.", "{subj} {pred}, {speech}.", "{subj} {pred}, {connector} {subj2} {pred2}.",
    "{subj} {pred}.",
]


DISTRACTOR_TEMPLATES = {
    "crime": {
        "headlines": [
            "Ransomware attack disrupts operations at {company}",
            "{company} confirms data breach after criminals demand payment",
            "Police investigate cyberattack on {company} in {city}",
        ],
        "core": [
            "{company}, which has its headquarters in {city}, said on {weekday_day} that criminals had "
            "encrypted part of its computer network and demanded a ransom in cryptocurrency.",
            "The company said it had taken systems offline as a precaution and called in outside "
            "incident-response specialists. It did not say how much money had been demanded.",
            "No group has claimed responsibility, and police said it was too early to say who was behind the "
            "attack. A spokesperson said detectives were working with the company's technical staff.",
            "Customers were told that orders placed over the past {n} days might be delayed, and that the "
            "company would contact anyone whose personal details may have been copied.",
            "The firm has informed the data protection authority, as the law requires when personal data may "
            "have been exposed.",
            "Employees said they had been asked not to use company laptops until the investigation was "
            "complete.",
        ],
        "pool": SECURITY_SENTENCES + GENERAL_SENTENCES,
        "flavours": ("security", "general"),
    },
    "vulnerability": {
        "headlines": [
            "{software} {version} fixes serious security flaw",
            "Maintainers urge users to update {software} after bug report",
            "Security update for {software} closes remote code execution hole",
        ],
        "core": [
            "The maintainers of {software}, an open-source project used by hosting companies and "
            "universities, released version {version} this week to fix a flaw that could let an attacker "
            "crash the software.",
            "The bug was reported privately by an independent researcher and fixed within {n} days. The "
            "project says it has no evidence that the flaw has been exploited.",
            "Administrators who cannot upgrade straight away can disable the affected feature in the "
            "configuration file, according to the advisory.",
            "The release also includes fixes for a memory leak, clearer error messages and updated "
            "documentation.",
            "Packages for the main Linux distributions are expected within days, the maintainers said.",
        ],
        "pool": SECURITY_SENTENCES + TECH_SENTENCES,
        "flavours": ("security", "tech"),
    },
    "business": {
        "headlines": [
            "{company} profit beats forecasts on strong demand", "{company} unveils new {product}",
            "{company} to build engineering centre in {city}",
        ],
        "core": [
            "{company} reported higher quarterly profit on {weekday_day}, as sales of its {product} grew "
            "faster than analysts had expected.",
            "The company raised its forecast for the full year and said it would return {money} to "
            "shareholders.",
            "Executives said they were cautious about the second half of the year, pointing to higher "
            "component costs and weaker consumer spending.",
            "The new {product} goes on sale in {month}, at a price slightly below that of its main rival.",
        ],
        "pool": TECH_SENTENCES + GENERAL_SENTENCES,
        "flavours": ("tech", "general"),
    },
    "politics": {
        "headlines": [
            "Parliament in {capital} clashes over {topic}",
            "{leader_title} {leader} defends plans on {topic}",
            "{country_cap} and neighbours agree to deepen trade ties",
            "Election campaign in {country} turns on {topic}",
        ],
        "core": [
            "Lawmakers in {capital} spent much of {weekday_day} arguing over {topic}, with the opposition "
            "accusing the government of breaking its promises.",
            "{leader_title} {leader} told reporters that the government would not back down and that the "
            "plan would be put to a vote next month.",
            "Ministers from {country} and several neighbouring countries signed an agreement to cut customs "
            "paperwork and speed up freight at border crossings.",
            "{party} gained ground in recent polls, and analysts say it could hold the balance of power "
            "after the election.",
            "Protesters gathered outside the parliament building in {capital}, some carrying banners about "
            "{topic}.",
        ],
        "pool": GENERAL_SENTENCES,
        "flavours": ("general",),
    },
    "policy": {
        "headlines": [
            "{country_cap} publishes new national cyber security strategy",
            "{country_adj} cyber agency to double staff by 2030",
            "Regional exercise tests {country_adj} response to simulated network outage",
        ],
        "core": [
            "The government of {country} published a new cyber security strategy on {weekday_day}, setting "
            "out plans to protect hospitals, power networks and local councils over the next five years.",
            "The strategy includes {money} in new funding, much of it for training and for a centre that "
            "will monitor the networks of public bodies.",
            "Officials said the plan had been drawn up after consultation with businesses, universities and "
            "other governments in the region.",
            "A national exercise planned for {month} will test how ministries, utilities and emergency "
            "services work together if computer systems fail.",
            "The agency will also run awareness campaigns aimed at small businesses, which officials say are "
            "often easy prey for fraudsters.",
        ],
        "pool": SECURITY_SENTENCES + GENERAL_SENTENCES,
        "flavours": ("security", "general"),
    },
}


# fmt: on


# --------------------------------------------------------------------------------------------
# Assembly
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Article:
    headline: str
    published: date
    body: str
    kind: str

    def text(self) -> str:
        """The file shape casus reads: headline, date, blank line, body."""
        return f"{self.headline}\n{self.published.isoformat()}\n\n{self.body}\n"


class _Slots(dict):
    """Fixed slots from the article's context; anything else is drawn fresh from FREE_SLOTS."""

    def __init__(self, fixed: dict[str, str], rng: random.Random) -> None:
        super().__init__(fixed)
        self.rng = rng

    def __missing__(self, key: str) -> str:
        return FREE_SLOTS[key](self.rng)


def _fill(template: str, ctx: dict[str, str], rng: random.Random) -> str:
    text = template.format_map(_Slots(ctx, rng))
    return text[0].upper() + text[1:]


def _composed_sentence(flavour: str, ctx: dict[str, str], rng: random.Random) -> str:
    subjects, predicates = FLAVOURS[flavour]
    template = rng.choice(PATTERNS).format(
        opener=rng.choice(OPENERS),
        subj=rng.choice(subjects),
        pred=rng.choice(predicates),
        speech=rng.choice(SPEECH),
        connector=rng.choice(CONNECTORS),
        subj2=rng.choice(subjects),
        pred2=rng.choice(predicates),
    )
    return _fill(template, ctx, rng)


def _words(text: str) -> int:
    return len(text.split())


def _cap(name: str) -> str:
    return name[0].upper() + name[1:]


def _date_phrase(rng: random.Random, day: date, published: date) -> str:
    style = rng.randrange(4)
    if style == 0:
        return f"on {MONTHS[day.month - 1]} {day.day}, {day.year}"
    if style == 1:
        return f"on {day.day} {MONTHS[day.month - 1]} {day.year}"
    if style == 2:
        return f"in {MONTHS[day.month - 1]} {day.year}"
    return "last month" if (published - day).days < 45 else f"in early {MONTHS[day.month - 1]}"


def _base_context(rng: random.Random, published: date) -> dict[str, str]:
    country, country_adj, capital, leader_title = rng.choice(VICTIMS)
    return {
        "country": country,
        "country_cap": _cap(country),
        "country_adj": country_adj,
        "capital": capital,
        "leader_title": leader_title,
        "leader": _person(rng),
        "weekday_day": WEEKDAYS[published.weekday()],
        "topic": rng.choice(TOPICS),
        # the subject of a business, crime or software story stays the same throughout it
        "company": rng.choice(COMPANIES),
        "software": rng.choice(SOFTWARE),
        "product": rng.choice(PRODUCTS),
        "version": f"{rng.randint(1, 9)}.{rng.randint(0, 19)}.{rng.randint(0, 9)}",
    }


def _incident_context(rng: random.Random, published: date) -> dict[str, str]:
    ctx = _base_context(rng, published)
    ctx.update(victim=ctx["country"], victim_cap=ctx["country_cap"], victim_adj=ctx["country_adj"])
    state, state_adj, agencies, groups, deniers = rng.choice(STATES)
    ally = rng.choice([v for v in VICTIMS if v[0] != ctx["victim"]])
    target, target_short, _sector = rng.choice(TARGETS)
    nouns, effects = OPERATIONS[rng.choice(list(OPERATIONS))]
    began = published - timedelta(days=rng.randint(3, 240))
    ctx.update(
        state=state,
        state_adj=state_adj,
        agency=rng.choice(agencies),
        group=rng.choice(groups),
        ally=ally[0],
        ally_cap=_cap(ally[0]),
        target=target,
        target_short=target_short,
        op=rng.choice(nouns),
        effect=rng.choice(effects),
        persona=rng.choice(PERSONAS),
        firm=rng.choice(SECURITY_FIRMS),
        certainty=rng.choice(CERTAINTY),
        when_phrase=_date_phrase(rng, began, published),
    )
    ctx["a_op"] = ("an " if ctx["op"][0] in "aeiou" else "a ") + ctx["op"]
    ctx["a_op_cap"] = _cap(ctx["a_op"])
    ctx["denier"] = rng.choice(deniers).format_map(_Slots(ctx, rng))  # not capitalised: it may sit mid-sentence
    return ctx


@dataclass(frozen=True, slots=True)
class Padding:
    """Where an article's ordinary prose comes from: whole sentences and composed ones."""

    sentences: list[str]
    flavours: tuple[str, ...]


WHOLE_SENTENCE_SHARE = 0.25


class _Prose:
    """Padding sentences for one article. Whole sentences come in random order, reshuffled only
    when used up, so an article repeats one only once it has used every other one."""

    def __init__(self, padding: Padding, ctx: dict[str, str], rng: random.Random) -> None:
        self.padding, self.ctx, self.rng = padding, ctx, rng
        self.queue: list[str] = []

    def sentence(self) -> str:
        if self.rng.random() >= WHOLE_SENTENCE_SHARE:
            return _composed_sentence(self.rng.choice(self.padding.flavours), self.ctx, self.rng)
        if not self.queue:
            self.queue = self.rng.sample(self.padding.sentences, len(self.padding.sentences))
        return _fill(self.queue.pop(), self.ctx, self.rng)


def _incident_paragraphs(ctx: dict[str, str], rng: random.Random) -> tuple[list[str], Padding]:
    """The lead, then the incident's other facts in random order; and the padding pool."""
    optional = [
        (1.0, INCIDENT_IMPACT),
        (0.5, INCIDENT_CLAIMS),
        (0.75, INCIDENT_ATTRIBUTIONS),
        (0.55, FIRM_ATTRIBUTIONS),
        (0.45, ALLY_RESPONSES),
        (0.65, VICTIM_RESPONSES),
        (0.7, DENIALS),
        (0.6, GROUP_BACKGROUND),
    ]
    facts = [_fill(rng.choice(group), ctx, rng) for p, group in optional if rng.random() < p]
    rng.shuffle(facts)
    # Facts come one or two to a paragraph, as in wire copy.
    paragraphs = [_fill(rng.choice(INCIDENT_LEADS), ctx, rng)]
    while facts:
        take = 2 if len(facts) > 1 and rng.random() < 0.4 else 1
        paragraphs.append(" ".join(facts[:take]))
        facts = facts[take:]
    return paragraphs, Padding(SECURITY_SENTENCES + GENERAL_SENTENCES, ("general", "security"))


def _distractor_paragraphs(kind: str, ctx: dict[str, str], rng: random.Random) -> tuple[list[str], Padding]:
    spec = DISTRACTOR_TEMPLATES[kind]
    core = [_fill(t, ctx, rng) for t in spec["core"]]
    lead, rest = core[0], core[1:]
    rng.shuffle(rest)
    keep = rest[: rng.randint(max(1, len(rest) - 2), len(rest))]
    return [lead, *keep], Padding(spec["pool"], spec["flavours"])


def _pad(paragraphs: list[str], padding: Padding, ctx: dict[str, str], rng: random.Random, target: int) -> list[str]:
    """Insert paragraphs of ordinary prose after the lead until the body reaches ``target`` words."""
    prose = _Prose(padding, ctx, rng)
    total = sum(_words(p) for p in paragraphs)
    while total < target:
        sentences = []
        for _ in range(rng.randint(3, 7)):
            sentence = prose.sentence()
            if total + _words(sentence) > MAX_WORDS:
                break
            sentences.append(sentence)
            total += _words(sentence)
        if not sentences:
            break  # not even one more sentence fits under the ceiling
        paragraphs.insert(rng.randint(1, len(paragraphs)), " ".join(sentences))
    return paragraphs


def _pick_kind(rng: random.Random) -> str:
    return rng.choices(list(KINDS), weights=list(KINDS.values()))[0]


def make_article(seed: int, index: int) -> Article:
    """Document ``index`` of the corpus for ``seed``."""
    rng = random.Random(f"casus-bench:{seed}:{index}")
    kind = _pick_kind(rng)
    published = FIRST_DAY + timedelta(days=rng.randint(0, (LAST_DAY - FIRST_DAY).days))
    if kind == "incident":
        ctx = _incident_context(rng, published)
        paragraphs, padding = _incident_paragraphs(ctx, rng)
        headline = _fill(rng.choice(INCIDENT_HEADLINES), ctx, rng)
    else:
        ctx = _base_context(rng, published)
        paragraphs, padding = _distractor_paragraphs(kind, ctx, rng)
        headline = _fill(rng.choice(DISTRACTOR_TEMPLATES[kind]["headlines"]), ctx, rng)
    target = rng.randint(MIN_WORDS, MAX_WORDS)
    body = "\n\n".join(_pad(paragraphs, padding, ctx, rng, target))
    return Article(headline, published, body, kind)


def generate(n_docs: int, seed: int = 1) -> Iterator[Article]:
    for i in range(n_docs):
        yield make_article(seed, i)


def write_corpus(out_dir: str | Path, n_docs: int, seed: int = 1) -> list[tuple[Path, Article]]:
    """Write ``n_docs`` articles as ``doc_00000.txt``... into ``out_dir``, in order."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for i, article in enumerate(generate(n_docs, seed)):
        path = out / f"doc_{i:05d}.txt"
        path.write_text(article.text(), encoding="utf-8")
        written.append((path, article))
    return written


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=50, help="number of articles (default 50)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", required=True, help="folder to write the .txt files into")
    args = ap.parse_args(argv)
    written = write_corpus(args.out, args.docs, args.seed)
    kinds: dict[str, int] = {}
    for _, article in written:
        kinds[article.kind] = kinds.get(article.kind, 0) + 1
    words = [_words(article.body) for _, article in written]
    mix = ", ".join(f"{k} {v}" for k, v in sorted(kinds.items()))
    print(
        f"wrote {len(written)} articles to {args.out}: {mix}; body words {min(words)}-{max(words)}, "
        f"mean {sum(words) / len(words):.0f}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
