"""The words that signal each kind of fact, as compiled patterns over a sentence.

Patterns name the act, never a case: "severed diplomatic ties", "summoned the ambassador",
"claimed responsibility". Each pattern carries the versioned rule name recorded on the facts it
produces, so a wrong fact can be traced to the pattern that made it.
"""

from __future__ import annotations

import re

I = re.I  # noqa: E741


def _c(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, I)


# the nouns after a demonym that make it one of the state's people ("a Russian national"), not the state
PERSON_NOUN = r"(?:nationals?|citizens?|man|woman|men|businessman|hacker)"


# --- attribution -------------------------------------------------------------------------
# accuser before the verb, accused after it: "Britain accused Russia of ..."
ATTR_ACCUSE = _c(
    r"\b(?:accus(?:e|es|ed|ing)|blam(?:e|es|ed|ing)|finger(?:s|ed)?|point(?:s|ed|ing)? the finger at|"
    r"singl(?:e|es|ed|ing) out|attribut(?:e|es|ed|ing)|attribution|named|nam(?:e|es|ing) and sham\w+|"
    r"(?:hold(?:s|ing)?|held)(?=\s+(?:the\s+)?[\w.’'-]+(?:\s+[\w.’'-]+)?\s+responsible\b)|responsibility on|"
    r"call(?:s|ed|ing)? out|"
    r"expos(?:e|es|ed|ing)|implicat(?:e|es|ed|ing)|identif(?:y|ies|ied|ying)|link(?:s|ed)? the attacks? to|"
    r"pin(?:s|ned|ning)? (?:\w+ ){0,3}?on|la(?:id|ys|y|ying) (?:the )?blame (?:\w+ ){0,2}?on|"
    r"(?:mak(?:e|es|ing)|made|brand(?:s|ed|ing)?|label(?:s|led|ling)?)(?=\s+(?:the\s+)?[\w.’'-]+(?:\s+[\w.’'-]+)?\s+"
    r"(?:as\s+)?the\s+(?:culprit|perpetrator|scapegoat|mastermind)s?\b)|"
    r"tracks as|tracked as|track(?:s|ed)? (?:it|them) as|suspect(?:s|ed|ing)?(?= \S+(?: \S+){0,3} of\b)|"
    r"(?:main |prime |chief )?suspects? (?:is|are|was|were)|"
    r"tied the attacks? to|trac(?:e|es|ed|ing) (?:the|these|this|those) (?:\w+\s+){0,2}?(?:attacks?|hacks?|breach|intrusions?|"
    r"operation|campaign|cyberattacks?|cyber-attacks?|malware|activity)\s+(?:back\s+)?to|"
    # "technical information linking the GRU to the attacks": the accused sits between
    r"link(?:s|ed|ing)(?=\s+(?:[\w’'-]+\s+){1,5}?to (?:the|these|this|those) (?:\w+\s+)?(?:attacks?|hacks?|breach|"
    r"operation|campaign|intrusions?|cyberattacks?|cyber-attacks?)\b))\b"
)
# "was accused", "has been blamed"; not the perfect "has accused", whose subject accuses
ATTR_PASSIVE = _c(r"\b(?:was|were|is|are|been|being)\s+(?:\w+\s+)?(?:accused|blamed|attributed)\b")
# accused before the predicate: "Iran was behind the attack", "the GRU carried out"
ATTR_AGENT_LEFT = _c(
    r"\b(?:(?:was|were|is|are|been|being|be)\s+(?:[“\"']?\w+[”\"']?\s+){0,2}(?:behind|responsible|to blame)|behind\b|"
    r"bears? (?:\w+\s+)?responsibility|(?:is|was|are|were) (?:\w+\s+)?(?:accountable|culpable)|"
    r"(?:carried|carrying|carries) out|conducted|orchestrat(?:ed|ing)|perpetrated|launched|mounted|"
    r"staged|sponsored|conducting|targeted|hacked|attacked|compromised|stole|breached|infiltrated|penetrated|encrypted|"
    r"broke into|(?:have|has|had) stolen)\b(?!\s+by)"
)
# accused after the preposition: "carried out by Russia", "on behalf of Beijing"
ATTR_AGENT_RIGHT = _c(
    r"\b(?:(?:carried out|conducted|orchestrated|perpetrated|launched|sponsored|backed|steered|organi[sz]ed|coordinated|"
    r"directed|ordered|commissioned|run|operated|controlled|mounted|executed|committed)\s+by|"
    r"(?:attacks?|hacks?|hacking|breach|intrusions?|cyberattacks?|cyber-attacks?)\s+(?:was|were)\s+made\s+by|"
    # "the attackers had used Akira ransomware", "the malicious software was LockBit 3.0"
    r"(?:used|deployed)(?=\s+(?:the\s+)?[\w.-]+(?:\s+[\w.-]+)?\s+ransomware\b)|"
    r"(?:ransomware|malware|malicious software|strain|variant)\s+(?:used\s+)?(?:was|is|had been)\s+(?:identified\s+as\s+)?|"
    r"(?:source|origin|authors?|perpetrators?|culprits?)\s+of\s+(?:the|this|these)\s+(?:[\w-]+\s+){0,3}?(?:was|were|is|are)\s+|"
    r"on behalf of|at the behest of|(?:the )?work of|in support of|came from|comes from|"
    r"(?:carried out|conducted|launched|mounted) from|(?:cyber-?)?attacks? from|"
    r"originat(?:ed|es|ing) (?:from|in)|emanat(?:ed|es|ing) from|traced (?:back )?to|acting for|working for|on the orders of|on(?=\s+(?:\w+\s+)?\w+['’]s orders)|"
    r"(?:linked|tied|connected|affiliated) (?:to|with)|at the hands of|(?:a )?(?:front|proxy|cover) for|"
    r"behind the (?:\w+\s+)?(?:attacks?|hacks?|breach|intrusions?|operation|campaign|outage) (?:was|were|is|are)|"
    r"(?:evidence|clues|traces|indicators|signs|trail|footprints|fingerprints)\s+(?:\w+\s+){0,2}?"
    r"(?:pointed|points|point|pointing|led|leads|lead|leading)\s+"
    r"(?:directly\s+|clearly\s+)?to|b(?:ore|ears|ear|earing) (?:all\s+)?(?:the\s+)?(?:hall)?marks of)\b"
)
JOINT = _c(
    r"\bco-?authored\b|\bco-?signed\b|\bjointly (?:issued|published|released|authored|attributed)\b|"
    r"\bjoint (?:advisory|statement|attribution)\b|\bjoined (?:\w+ ){0,3}in (?:the )?(?:public )?"
    r"(?:attribution|accusing|blaming|condemning|slamming)|"
    # "Australia and Canada said they backed the finding, and Japan said it shared the U.S. assessment"
    r"\b(?:backed|endorsed|supported|shared|concurred with|agreed with|echoed)\s+(?:the|this|that|its|their|"
    r"(?:the\s+)?[A-Z][\w.]*(?:['’]s)?)\s+(?:[\w’'-]+\s+)?(?:finding|findings|assessment|attribution|conclusion|"
    r"determination)\b"
)
CLAIM_VERB = _c(
    r"\b(?:(?:claimed|taken credit for|credited to)\s+by|claim(?:ed|s|ing)?\s+(?:full\s+|public\s+)?(?:responsibility|credit)|t(?:ook|ake|akes|aken|aking) "
    r"(?:the\s+|full\s+)?(?:credit|responsibility)|claim(?:ed|s|ing)?\s+(?:to\s+have\s+|that\s+it\s+)?"
    r"(?:\w+\s+){0,2}(?:attack|hack|breach|cyberattack|cyber-attack|hacked|breached|attacked|"
    r"compromised|stolen|stole)|said\s+(?:(?:on|in|via)\s+(?:[\w’'-]+\s+){1,6}?)?(?:that\s+)?it\s+(?:was|had been)\s+"
    r"(?:behind|responsible)|"
    r"(?:boast|brag)(?:s|ed|ged|ing|ging)?\s+(?:of|about)\s+(?:the|this|these|its|their)\s+(?:\w+\s+){0,2}?(?:attacks?|hacks?|breach|cyberattacks?|"
    r"intrusion|outages?)|added\s+(?:[\w’'-]+\s+){1,6}?to\s+its\s+(?:[\w-]+\s+){0,3}?(?:leak|extortion|data)\s+"
    r"(?:site|page|blog)|"
    r"(?:said|says|say|claim(?:ed|s|ing)?)\s+(?:(?:on\s+)?(?:\w+day|this week|last week)\s+)?"
    r"(?:(?:on|in|via|through)\s+(?:[\w’'-]+\s+){0,7}?)?(?:that\s+)?(?:it|they)\s+"
    r"(?:had\s+|have\s+|has\s+)?(?:hacked|encrypted|breached|attacked|disrupted|crippled|stole|stolen|infiltrated|"
    r"compromised|taken down|took down|carried out|launched|leaked|struck|hit|targeted|knocked|shut down|"
    r"gained access|accessed|penetrated|obtained|defaced|wiped)|"
    r"(?:has\s+|had\s+)?list(?:s|ed)\s+(?:[\w’'-]+\s+){1,6}?on its (?:[\w-]+\s+){0,3}?(?:leak|extortion|data) (?:site|page|blog)|"
    # "announced what they said was their most ambitious operation yet"
    r"announc(?:ed|es|ing)\s+(?:what\s+(?:it|they)\s+(?:said|called|described as)\s+(?:was\s+)?)?(?:its|their)\s+"
    r"(?:[\w-]+\s+){0,3}?(?:operation|attack|hack|cyberattack|cyber-attack)|"
    # "Black Shadow announced the breach in posts"; "later acknowledged that one of its affiliates was
    # responsible"
    r"announc(?:ed|es|ing)\s+the\s+(?:breach|hack|attack|cyberattack|cyber-attack|intrusion|leak)\b|"
    r"(?:acknowledg|admitt?)(?:ed|es|ing)\s+(?:that\s+)?(?:it|they|one of (?:its|their) affiliates|its affiliates?|"
    r"(?:its|their) (?:members|hackers|operators))\s+(?:was|were|had been)\s+(?:responsible|behind)|"
    r"(?:was|were) behind|claims? of|signed by|(?:displayed|displaying|posted|posting|showed|showing|bore|bearing)\s+"
    r"[^.;]{0,50}?\b(?:logo|banner|emblem|signature|insignia|flag)s?\s+of|identif(?:y|ies|ied) (?:themselves|itself) (?:\w+\s+){0,3}?as|claim(?:ed|s|ing)? to (?:belong to|be|represent)|"
    r"claim(?:ed|s|ing)?\s+(?:(?:on|in|via)\s+(?:its|their)\s+(?:[\w-]+\s+){0,3}?(?:site|channel|blog|page)\s+)?"
    r"to have (?:\w+\s+){0,2}?(?:stolen|hacked|breached|encrypted|started|launched|carried out|conducted|targeted|"
    r"taken down|"
    r"knocked|shut down|hit|disrupted))\b"
)
# words of a name on one line; a dot inside ("Cyber.Lions"), never one that ends the sentence
_NAME = r"([A-Z][\w$\-]*(?:\.[\w$\-]+)*(?:[ \t]+(?:of[ \t]+|the[ \t]+|de[ \t]+|al-)?[A-Z0-9][\w$\-()]*){0,3})"
_QUOTED = r"[“\"]([A-Z][^”\"]{2,40})[”\"]"
_COLLECTIVE = r"(?:group|persona|collective|outfit|gang|crew|team|actor|hackers?|hacktivists?)"
PERSONA = re.compile(
    _COLLECTIVE + r"[”\"’']?\s*,?\s*(?:called|calling (?:itself|themselves)|known as|named|dubbed|that calls itself|"
    r"which calls itself|who call themselves|going by(?: the name)?)\s+(?:the\s+)?[“\"']?" + _NAME + "|"
    r"(?:group|persona|collective|gang|crew)\s+"
    + _QUOTED
    + "|"
    + _QUOTED
    + r"\s+(?:group|hackers|hacking group|hacktivists|collective|gang|crew)|"
    r"(?:hacker|hacking|hacktivist|ransomware|cyber|threat|cybercriminal|criminal|extortion|activist)\s+"
    r"(?:group|gang|collective|crew|outfit|syndicate)\s+" + _NAME + "|"
    r"claim(?:ed|s|ing)? to (?:belong to|be|represent|be part of|be members of)\s+(?:the\s+)?" + _QUOTED + "|"
    r"(?:signed by|identif(?:y|ies|ied) (?:themselves|itself) (?:\w+\s+){0,3}?as)\s+(?:the\s+)?[“\"']?" + _NAME + "|"
    r"\b(?:calling|call|calls) (?:itself|themselves)\s+(?:the\s+)?[“\"']?" + _NAME + "|"
    # "the Varlock gang", "the Varlock ransomware group": a name before the collective noun
    r"\bthe\s+(?-i:([A-Z][\w$.\-]{2,}))\s+(?:(?:ransomware|hacker|hacking|hacktivist|cybercriminal)\s+)?"
    r"(?:gang|crew|collective)\b|\bthe\s+(?-i:([A-Z][\w$.\-]{2,}))\s+(?:ransomware|hacker|hacking|hacktivist)\s+group\b|"
    # "hackers from the Baltic Wolves group"
    r"\b(?:[Hh]ackers|[Mm]embers|[Oo]peratives)\s+(?:from|of)\s+the\s+(?-i:([A-Z][\w$.\-]+(?:\s+[A-Z][\w$.\-]+){0,2}))\s+group\b|"
    # an appositive name: "a previously unknown group, Baltic Wolves, said"
    r"(?:hacker|hacking|hacktivist|unknown|little-known|obscure|new|ransomware)\s+(?:group|collective|gang|crew),\s+"
    + _NAME
    + r",|"
    # a name in quotes, every word capitalised, that claims: "“Cyber Sword” claimed the attack"
    r"[“\"]((?-i:[A-Z][\w$.\-]*(?:\s+(?:of\s+|the\s+)?[A-Z0-9][\w$.\-]*){0,3}))[”\"]\s*,?\s+(?:which\s+|who\s+)?"
    r"(?:has\s+|had\s+)?(?:claimed|took credit|taken credit|said it|says it)"
)

CERTAINTY = [
    (
        "high",
        _c(
            r"without (?:a |any )?(?:shadow of )?(?:a )?doubt|beyond (?:any |reasonable )?doubt|\bno doubt|indisputabl\w+|undeniabl\w+|conclusive|concluded|"
            r"(?:very|highly|fully) confident|high confidence|"
            r"unambiguous\w*|with (?:high|full) confidence|certain(?:ly)?\b|definitive\w*|clear evidence|proof"
        ),
    ),
    (
        "moderate",
        _c(
            r"\blikely\b|\bconfident\b|\bassess(?:es|ed|ment)?\b|\bprobabl\w+|\bbelieved?\b|\bmoderate confidence|"
            r"\bstrongly suspect|\bhighly likely"
        ),
    ),
    (
        "low",
        _c(
            r"\bpossibl\w+|\bsuspect\w*|\bmay have\b|\bmight\b|\bcould have\b|\balleged\w*|\breportedly\b|"
            r"\bappears? to\b|\bpresumabl\w+|\bhallmarks?\b"
        ),
    ),
]

# --- denial ---------------------------------------------------------------------------------
DENY = _c(
    r"\b(?:den(?:y|ies|ied|ying)|reject(?:s|ed|ing)?|dismiss(?:es|ed|ing)?|disavow(?:s|ed|ing)?|"
    r"refut(?:e|es|ed|ing)|rebuff(?:s|ed|ing)?|repudiat(?:e|es|ed|ing)|"
    # "firmly opposes all forms of cyberattacks", not "strongly opposes reviving the deal"
    r"(?:firmly|resolutely|strongly) oppos(?:e|es|ed)\s+(?:[\w-]+\s+){0,4}?(?:cyber\w*|hack\w*|attacks?|"
    r"accusations?|allegations?|smear\w*|groundless|unfounded|baseless)\b|(?:does|do|did) not engage in|"
    r"never (?:participated|engaged|been involved|supported)|no involvement|nothing to do with|(?:never|not) (?:had |have |has )?anything to do with|"
    r"baseless|groundless|unfounded|unsubstantiated|slanderous|smear|fabricat(?:ed|ion)|disinformation campaign|"
    r"politically motivated|russophob\w*|sinophob\w*|iranophob\w*|"
    r"(?:was|is|were|are|had been) not (?:involved|behind|responsible)|had no (?:role|part|involvement)|"
    r"(?:has|have|had) no (?:relation|connection|links?|relationship) (?:to|with)|(?:was|is) never involved|"
    r"(?:accusations?|allegations?|claims?|report|charges?) (?:is|are|was|were) [“\"']?(?:disinformation|lies|false|"
    r"absurd|nonsense)|call(?:s|ed|ing)? (?:[\w’'-]+ ){1,12}?[“\"'](?:disinformation|lies|false|absurd|nonsense))"
)
DENY_NEGATED = _c(r"(?:\b(?:neither|nor|not|never|declined to|refused to|did not immediately)|n't)\s+(?:\w+\s+){0,2}$")

# --- responses ------------------------------------------------------------------------------
RESPONSES: list[tuple[str, re.Pattern[str], re.Pattern[str] | None]] = [
    (
        "sever_relations",
        _c(
            r"\b(?:sever(?:s|ed|ing)?|cut(?:s|ting)?|br(?:eak|eaks|oke|eaking)|end(?:s|ed|ing)?|"
            r"suspend(?:s|ed|ing)?|terminat(?:e|es|ed|ing))\s+(?:off\s+)?(?:all\s+|its\s+|their\s+|"
            r"formal\s+|the\s+)*(?:diplomatic\s+)?(?:ties|relations)\b|"
            r"\b(?:severance|severing|rupture|breaking|cutting) (?:off )?of (?:diplomatic )?"
            r"(?:ties|relations)\b"
        ),
        None,
    ),
    (
        "expel_diplomats",
        _c(
            r"\bexpel(?:s|led|ling)?\b|\bexpulsions?\b|persona non grata|\b(?:ordered|asked|told|"
            r"gave|giving|instructed|demanded)\b[^.;]{0,90}\b(?:leave|depart|exit)\b"
        ),
        _c(
            r"diplomat|embassy|ambassador|envoy|staff|representatives|attach[eé]|charg[eé]|mission|consul|"
            r"officers|agents|spies"
        ),
    ),
    (
        "recall_ambassador",
        _c(
            r"\brecall(?:s|ed|ing)?\b[^.;]{0,50}\b(?:ambassador|envoy|diplomats?)\b|"
            r"\b(?:ambassador|envoy)\b[^.;]{0,30}\brecalled\b"
        ),
        None,
    ),
    (
        "summon_ambassador",
        _c(r"\bsummon(?:s|ed|ing)?\b|\bcalled in\b|\bwas called to the\b"),
        _c(r"ambassador|envoy|charg[eé]|diplomat|embassy|representative"),
    ),
    (
        "sanctions",
        _c(
            # the act of sanctioning, not sanctions in force ("under US sanctions", "evade sanctions")
            r"(?<![-\w])sanction(?:ed|ing)\b(?! office)|\bsanctions\s+(?:on|against|targeting)\b|"
            r"\bsanctions\s+(?:\w+\s+)?(?-i:[A-Z])|"
            r"\b(?:impos\w*|announc\w*|unveil\w*|slap\w*|levi\w*|introduc\w*|issu\w*|adopt\w*|approv\w*|"
            r"agree\w*|new|fresh|further|additional)\s+(?:[\w-]+\s+){0,3}?sanctions\b|\bimpos(?:e|es|ed|ing) (?:new |further )?"
            r"(?:sanctions|penalties)|\bassets? freezes?\b|\bfroze\w* (?:the )?assets\b|"
            r"\bblacklist(?:s|ed|ing)?\b|\bentity list\b|\btravel bans?\b|"
            # Treasury's word for it: "OFAC designated a research institution", "is being designated pursuant to"
            r"\bdesignat(?:ed|es|ing)(?=\s+(?:a|an|the|two|three|four|five|six|seven|eight|nine|ten|\d+)\s+(?:[\w-]+\s+){0,4}?"
            r"(?:institut\w+|entit(?:y|ies)|individuals|compan(?:y|ies)|persons?|officers|nationals|firms?|"
            r"exchanges?|mixers?|front compan\w+)\b)|\bdesignated(?=\s+pursuant to\b)"
        ),
        None,
    ),
    (
        "indictment",
        _c(
            r"\bindict(?:s|ed|ing|ment|ments)?\b|\bcharg(?:ed|es|ing)\b[^.;]{0,60}\b(?:with|against|"
            r"for|over)\b|\bcriminal (?:charges|complaint)\b|\bunsealed\b|\barrest warrants?\b|"
            r"\bwanted (?:notices?|posters?|list)\b|\bred notices?\b|\bcharged\b"
        ),
        None,
    ),
    (
        "condemnation",
        _c(
            r"\bcondemn(?:s|ed|ing|ation|ations)?\b|\bdenounc(?:e|es|ed|ing)\b|\bdeplor(?:e|es|ed|ing)\b|"
            r"\b(?:totally |completely |absolutely )?unacceptable\b|\bintolerable\b|"
            r"\bcall(?:s|ed|ing)? (?:on|upon) [^.;]{0,40}\bto [“\"]?(?:cease|stop|refrain|end|abide|halt|desist|investigate|"
            r"explain|prevent)|\burg(?:e|es|ed|ing) [^.;]{0,40}\bto (?:take action|stop|cease|act|investigate|"
            r"crack down|disrupt|rein in|refrain)|"
            r"\breckless\b|\birresponsible\b|\bbrazen\b|\bcynical\b|\bslamm(?:ed|ing)\b|\bprotest\b|"
            r"\b(?:stern|solemn) representations\b|\bcriticis(?:e|ed|ing)|\bcriticiz(?:e|ed|ing)|"
            r"\blodg(?:e|es|ed|ing) (?:a |an )?(?:formal |strong )?(?:protest|complaint)\b|"
            r"\b(?:rais(?:e|es|ed|ing)|set(?:s|ting)? out) (?:its |their |his |her |serious |strong |grave )?concerns? "
            r"(?:over|about|with)\b|"
            # "calling out Russia's malicious behaviour": naming the deed as a wrong
            r"\bcall(?:s|ed|ing)? out\b[^.;]{0,40}\b(?:malicious|malign|reckless|irresponsible|destabili[sz]ing|"
            r"unacceptable)\b"
        ),
        None,
    ),
    (
        "pledge_action",
        _c(
            r"\bhold(?:s|ing)?\b[^.;]{0,50}\b(?:accountable|to account)\b|\bheld (?:accountable|to account)\b|"
            r"\bbring (?:\w+ ){1,4}to justice\b|\bwill (?:take|have) "
            r"(?:further |additional |appropriate |necessary )?(?:action|consequences|steps|measures)|"
            r"\bwill have consequences\b|\bwill take [^.;]{0,25}\b(?:action|steps|measures)\b|"
            r"\b(?:looking[\"”’']? at|weighing) (?:possible |potential )?(?:retaliat\w+|response|options)|"
            r"\b(?:all )?options (?:are |remain )?on the table\b|\boptions off the table\b|\b(?:will|would) (?:respond|not tolerate|not go unanswered|retaliate)\b|"
            r"\breserves? the right to\b|\b(?:will|would) continue to (?:pursue|call out|counter|hold|expose|use|"
            r"work with)\b|\b(?:will|would) keep \w+ing\b[^.;]{0,40}\bto (?:call out|counter|expose|hold|deter)\b|\bnecessary (?:capabilities|measures)\b|\bwill not remain\b|"
            r"\bwill (?:\w+ ){0,3}(?:deter|counter)\b|\bwill defend\b|"
            r"\b(?:offer(?:s|ed|ing)?|announc(?:e|es|ed|ing)) (?:a )?rewards? of\b|\brewards? of up to\b|"
            r"\b(?:will|would) [“\"]?(?:use|take|employ|deploy) (?:all |every )?(?:available |necessary |appropriate |possible )?"
            r"(?:instruments|means|tools|measures|steps|options)\b"
        ),
        None,
    ),
    (
        # a takedown of the operation's means: "a court order allowing it to seize a domain the hackers
        # used", "the FBI disrupted a botnet of hacked routers"
        "cyber_operation",
        _c(
            r"\b(?:seiz(?:e|es|ed|ing)|sinkhol\w*|took control of|taken control of|take control of)\s+"
            r"(?:[\w.-]+\s+){0,3}?(?:domains?|servers?|botnets?|command servers?|infrastructure)\b|"
            r"\b(?:disrupt(?:s|ed|ing)?|dismantl(?:e|es|ed|ing)|took down|taken down|neutrali[sz](?:e|es|ed|ing))\s+"
            r"(?:a|an|the|its)\s+(?:[\w-]+\s+){0,3}?(?:botnet|hacking (?:network|operation|campaign|infrastructure)|"
            r"network of (?:hacked|infected|compromised|hijacked))"
        ),
        None,
    ),
    (
        "military_action",
        _c(
            r"\b(?:air ?strikes?|air-strikes?|drone strikes?|missile strikes?|bomb(?:ed|ing|s)?|shell(?:ed|ing))\b|"
            r"\bmilitary (?:force|strike|response|action) (?:against|on)\b"
        ),
        _c(r"\bcyber|\bhack"),
    ),
    (
        "solidarity",
        _c(
            r"\bst(?:and|ands|ood|anding)\s+(?:firmly\s+|fully\s+|shoulder to shoulder\s+)?"
            r"(?:with|by|alongside)\b|\bsolidarity\b|\bstay strong\b|\b(?:expressed|voiced|offered|"
            r"extended|pledged?|declared|generated|showed|our)\s+(?:\w+\s+){0,2}support\b|"
            # "support for Chile's peace plan" backs a policy, not the victim
            r"\bsupport(?:ed|s)?\s+(?:for\s+)?(?:NATO member\s+|ally\s+)?(?=(?-i:[A-Z]))(?![\w.-]+(?:'s|’s) (?:efforts|"
            r"\w+ plan|plan|position|proposal|sovereignty|bid|claim|candidacy|\w+ initiative|initiative|stance))"
        ),
        None,
    ),
    (
        "assistance",
        _c(
            r"\bassist(?:s|ed|ing|ance)?\b|\btechnical (?:support|assistance|help|experts?)\b|"
            r"\bcapacity[- ]building\b|\bhelp(?:s|ed|ing)?\b[^.;]{0,40}\b(?:recover|mitigate|investigate|"
            r"restore|protect|strengthen|respond)\b|\bsupport(?:s|ed|ing)?\b[^.;]{0,40}\befforts to "
            r"(?:mitigate|recover|investigate|restore)|\bon the ground\b|\bincident response\b|"
            r"\b(?:sent|sends|send|dispatch(?:ed|es)?|deploy(?:ed|s)?)\b[^.;]{0,40}\b(?:teams?|experts?|specialists?)\b|"
            r"\b(?:teams?|experts?|specialists?|investigators)\b[^.;]{0,40}\b(?:arrived|landed|flew)\b[^.;]{0,60}\bto "
            r"(?:help|assist|support)\b|"
            r"\btechnological support\b|"
            r"\bremediation efforts\b"
        ),
        None,
    ),
]

# "may have been carried out by" is a hedged statement of fact (low certainty), not a hypothesis
HYPOTHETICAL = _c(
    r"\b(?:would|(?:could|might|(?-i:may))(?!\s+(?:well\s+|also\s+)?have\b)|if|whether|imagine|consider(?:s|ing)?|"
    r"mull(?:s|ing)?|weigh(?:s|ing)?|should|unless|threaten(?:s|ed)? to|(?:is|are|was|were) (?:expected|set|due) to|"
    r"plan(?:s|ned|ning)? to|to discuss|(?:asked|requested|sought|appealed to|invited)\b)\b[^.;]{0,40}$"
)
NEGATED = _c(
    r"(?:\b(?:not|never|no|nor|without|neither|nobody|no one|none)\b|n't)\s+(?:\w+\s+){0,3}$|"
    # "has not, publicly at least, summoned": a negation across an aside
    r"\b(?:not|never)\s*,[^,.;]{1,40},\s*(?:\w+\s+){0,2}$|"
    # "has refused to accuse Morocco": a refusal states the opposite
    r"\b(?:refus(?:ed|es|ing)|declin(?:ed|es|ing))\s+to\s+(?:\w+\s+){0,1}$|"
    # "no Russian official has publicly accused": a subject nobody is
    r"\bno\s+(?:[\w-]+\s+){0,2}(?:officials?|governments?|ministers?|country|countries|states?|agency|agencies)\s+"
    r"(?:\w+\s+){0,3}$|"
    # "neither Costa Rica nor the United States has accused": both subjects negated
    r"\bneither\b[^.;]{0,60}\bnor\b[^.;]{0,40}$"
)
# a sentence that sets the incident against older ones: its dates are not the incident's
PAST_CONTEXT = _c(
    r"\b(?:previous(?:ly)?|in the past|earlier attacks?|past attacks|history of|had also been|"
    r"has (?:long|repeatedly)|for years|over the years|another|follow(?:s|ed|ing) (?:a|an|the) "
    r"(?:similar|series|string|earlier|previous)|not an isolated|similar attack|also claimed|"
    r"latest in a|last time|string of|series of)\b|"
    # "researchers have linked the group to a heist at an Asian central bank": its record
    r"\b(?:have|has|had) (?:also |previously |since |long )?(?:been )?(?:linked|tied|connected)\s+(?!(?:the|this|these) "
    r"(?:[\w-]+\s+)?(?:attacks?|hacks?|breach|intrusions?|operation|campaign|incident)\b)[^.;]{0,60}?\bto\b|"
    # "not connected to the separate SolarWinds supply-chain intrusion": another operation's means
    r"\b(?:separate|unrelated)\s+(?:[\w-]+\s+){0,3}?(?:attacks?|hacks?|intrusions?|breach(?:es)?|campaigns?|"
    r"incidents?|operations?)\b"
)

SPEECH_AFTER = _c(
    r"^\s*(?:(?:'s|’s)\s+\w+\s+)?(?:\w+\.?\s+){0,3}?(?:said|says|told|stated|announced|added|warned|"
    r"noted|concluded|found|assessed|confirmed|wrote|tweeted|alleged|stressed|insisted|declared|suspects?|suspected|informed|"
    r"believes?|reported|explained|claimed|argued|revealed|determined|disclosed|posted)\b"
)
SPEECH_BEFORE = _c(
    r"(?:according to|in a statement from|statement by|quoted)\s+(?:the\s+)?$|"
    # "according to a report published on Tuesday by the Japanese security company Trend Micro"
    r"\baccording to (?:a|an|the) (?:report|study|analysis|assessment|blog post|statement|advisory)\s+"
    r"(?:[\w,’'-]+\s+){0,6}?by\s+(?:the\s+)?(?:[\w-]+\s+){0,3}?$"
)
# ", said Foreign Minister X." — inverted speech, only where the name closes the clause
SAID_BEFORE = _c(
    r"(?:said|says|told|added|stated)\s+(?:the\s+)?$|"
    # "..., said Adam Meyers, vice president of intelligence at CrowdStrike."
    r"(?:said|says|told|added|stated|according to)\s+(?-i:[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,3}),\s+"
    r"(?:an?\s+|the\s+)?(?:[\w-]+\s+){0,8}?(?:at|of|with|for|from)\s+(?:the\s+)?(?:[\w-]+\s+){0,4}?$"
)
CLAUSE_END = _c(r"^[^\w]*(?:$|[,.;:]|in a |on \w+day|\(|at a |during )")
LEADING_PRONOUN = _c(
    r"^\W*(?:(?:in|on|at)\s+\w+,\s+)?(?:he|she|it|they|we|both|the two|the statement|the spokesperson|"
    r"the spokesman|the spokeswoman|the ministry|the minister|the official|the firm|the company|the researchers|"
    r"the lab)\b"
)
PRONOUN_SUBJECT = _c(
    r"\b(?:he|she|it|they|we)\s+(?:also\s+|then\s+|later\s+)?(?:said|says|say|announced|added|stated|"
    r"told|noted|warned|concluded|continued|argued|declared)\b|"
    r"^\W*(?:he|she|it|they|we|both|the two|the (?:spokesperson|spokesman|spokeswoman|minister|ministry|"
    r"statement|government|agency|department|official|officials|note|advisory|report|"
    r"foreign secretary|secretary|president|prime minister|white house))\b"
)
FIRST_PERSON = _c(r"\b(?:we|our|us)\b")

# --- incident facts ---------------------------------------------------------------------------
ATTACK_WORDS = _c(
    r"\b(?:cyber[- ]?attacks?|attacks?|attackers?|hack(?:s|ed|ing|ers?)?|breach(?:es|ed)?|intrusions?|"
    r"ransomware|wiper|malware|ddos|denial[- ]of[- ]service|defac\w+|espionage|cyber[- ]?espionage|"
    r"campaign|operations?|incident|compromis\w+|infiltrat\w+|targeted|targeting|spear-?phishing|"
    r"phishing|exploit\w*|leak\w*|stole|stolen|theft|outages?|disrupt\w*|paralys\w+|paralyz\w+|offline|"
    r"(?:went|go|goes|gone|taken|took) down|inaccessible|inoperable|encrypted|encrypting|(?:junk|malicious|bogus) (?:traffic|requests)|spyware|"
    r"(?:erased|wiped|deleted) (?:\w+ ){0,2}?(?:data|files|hard (?:disks|drives)|computers|servers)|"
    # "some 800 of its computers had been hit": machines hit or infected, however few the words
    r"(?:computers?|systems?|networks?|servers?|machines?|devices?) (?:had |has |have )?(?:been |were |was )?"
    r"(?:hit|infected)|(?:computer )?virus)\b"
)

_NOT_TRACKS = r"(?!\s+(?:\w+\s+)?(?:logs?|log files|traces|tracks)\b)"  # not "wiped log files", "erased traces"

OPERATION_TYPES: list[tuple[str, re.Pattern[str]]] = [
    (
        "ransomware",
        _c(
            # "used encrypted communication channels": the intruders' own traffic, not the victim's files
            r"\bransomware\b|\bencrypted\b(?!\s+(?:communications?|channels?|traffic|connections?|messag\w+|"
            r"apps?|chats?|tunnels?))[^.]{0,40}\b(?:servers|files|systems|drives|data)\b|"
            r"\bransom (?:note|demand)"
        ),
    ),
    (
        "wiper",
        _c(
            # "wiped log files daily": covering tracks, not destroying the victim's data
            rf"\bwip(?:e|es|ed|ing|er|ers)\b{_NOT_TRACKS}|\berase\w*\b{_NOT_TRACKS}|"
            r"\bdestroy(?:ed|ing|s)?\b[^.]{0,30}\b(?:data|systems|files|databases?|backups?|servers)\b|"
            r"\bdestructive (?:malware|attacks?|cyberattacks?|code|software|payload)|\bdeleted?\b[^.]{0,20}\b(?:data|systems|files)\b|"
            r"\bdelete systems\b|\boverwr(?:ote|ite|itten|iting)\b[^.]{0,40}\b(?:boot records?|MBR|hard (?:drives|disks)|data|files)\b|"
            r"\brender(?:ed|ing)? (?:them|the computers|the machines|the systems|computers) (?:unusable|inoperable)\b|"
            r"\b(?:data|files|systems|servers|databases)\b[^.]{0,30}\b(?:were|was|been) (?:\w+ )?(?:and )?deleted\b"
        ),
    ),
    (
        "ddos",
        _c(
            r"\bddos\b|\bdenial[- ]of[- ]service\b|\bflood(?:ed|ing)? (?:with|of) (?:traffic|requests)|"
            r"\b(?:junk|malicious|bogus) (?:traffic|requests)\b|"
            # a botnet that floods, not one that devices were recruited into
            r"\bbotnets?\b(?=[^.]{0,60}\b(?:flood\w*|overwhelm\w*|bombard\w*|traffic|requests|knock\w*|offline)\b)|"
            r"\b(?:flood\w*|overwhelm\w*|bombard\w*|knock\w*)\b[^.]{0,60}\bbotnets?\b"
        ),
    ),
    (
        "defacement",
        _c(
            r"\bdefac(?:e|ed|ement|ing|ements)\b|\bhomepages? (?:were |was )?(?:changed|replaced)|"
            r"\bdisplayed (?:a|an) (?:photo|image|message)|\b(?:posted|left|placed|displayed) (?:a |an )?messages? on "
            r"(?:the |its |their )?(?:[\w'’]+ )?(?:website|homepage|home page|web ?page|site)s?|"
            r"\btook over (?:the |its )?(?:\w+ )?(?:website|homepage|home page)"
        ),
    ),
    (
        "data_theft",
        _c(
            r"\bsteal(?:s|ing)?\b|\bstole\b|\bstolen\b|\btheft\b|\bexfiltrat\w+|\bespionage\b|"
            r"\bcyber-?espionage\b|\bspying\b|\bbreach(?:es|ed)?\b|\bcompromis(?:e|ed|ing) (?:e-?mail|"
            r"accounts|data|networks)|\baccess(?:ed)? (?:to )?(?:the )?(?:private |sensitive )?"
            r"(?:data|communications|information|email)|\bcopied\b|\bplunder\w*|\bintellectual property\b|"
            r"\bsecrets\b|\bcollect(?:ion|ing)? (?:of )?intelligence\b|\bsurveillance\b|\bdownload(?:ed|ing)\b|"
            r"\bgain(?:ed|ing)? access to (?:the )?(?:e-?mail|accounts|data|networks|systems|servers)|"
            r"\baccess(?:ed|ing)? (?:the )?(?:e-?mail|inboxes|mailboxes)|\bsiphon(?:ed|ing)?\b|\bspyware\b|"
            r"\bdata (?:outflows?|exfiltration)\b"
        ),
    ),
    (
        "leak",
        _c(
            # "data may have leaked" is a theft feared, not a publication
            r"(?<!may have )(?<!might have )(?<!could have )(?<!possibly )(?<!may have been )(?<!might have been )"
            r"\bleak(?:s|ed|ing)?\b(?! (?:site|sites|page|pages|blog|portal)\b)|\bhack[- ]and[- ]leak\b|\bpublish(?:ed|ing)? (?:the )?stolen\b|"
            # "sent what appear to be stolen patient records to media outlets"
            r"\b(?:sent|send|sends|sending|handed|provided|passed|leaked)\s+(?:[\w’'-]+\s+){0,8}?to\s+(?:several\s+|the\s+)?"
            r"(?:media|journalists|reporters|news outlets|news organi[sz]ations)\b|"
            r"\bpost(?:ed|ing)? stolen\b|\bdumped\b|\bpublish(?:ed|ing)?\b[^.]{0,40}\b(?:documents|data|"
            r"emails|files)\b|\b(?:releas|publish)\w* (?:\w+ ){0,3}(?:private|internal|confidential|stolen|secret) "
            r"(?:\w+ )?(?:exchanges|conversations|correspondence|messages|documents|emails|files|data)|"
            r"\b(?:correspondence|conversations|exchanges) [^.]{0,80}\b(?:were|was) (?:published|posted|released)"
        ),
    ),
    (
        "phishing",
        _c(
            r"\b(?:spear-?)?phishing\b|\bspearphishing\b|\bfake (?:websites|emails|login)|"
            # "an employee opened an attachment to an email disguised as ...", "a virus-laden email"
            r"\bopen(?:ed|ing|s)? (?:an|the|a|infected|malicious) (?:\w+ )?(?:e-?mail )?attachments?\b|"
            r"\b(?:virus|malware)-(?:laden|infected|carrying) e-?mails?\b|"
            r"\b(?:booby-trapped|malicious|tainted|infected) e-?mail(?:s| attachments?)?\b|"
            r"\be-?mails? (?:\w+ )?disguised as\b|\btargeted e-?mails\b"
        ),
    ),
    (
        "supply_chain",
        _c(
            r"\bsupply[- ]chain\b|\bmanaged service providers?\b|\bMSPs?\b|\bhosting (?:service )?"
            r"provider\b|\bthird-party (?:software|vendor|provider|platform)|\bsoftware update\b|"
            r"\bsoftware (?:provider|supplier|vendor|maker)s?\b|\bIT (?:service|management) "
            r"(?:provider|software|firm|company)|\b(?:cloud|IT) service providers?\b"
        ),
    ),
    (
        "disruption",
        _c(
            r"\bdisrupt(?:s|ed|ing|ion|ions)?\b|\bparaly[sz](?:e|ed|es|ing|is)\b|\bshut(?:ting)? down\b|"
            r"\bknock(?:ed|ing|s)? (?:out|offline)\b|\boffline\b|\bhalt(?:ed|ing)?\b|\boutages?\b|"
            r"\bclose access to\b|\bunavailable\b|\bcrippl\w+|\bblock(?:s|ed)\b|\binterrupt\w*|"
            r"\bdown for\b|\bdisabl(?:ed|ing)\b|\bt(?:ook|aken|aking) (?:\w+ )?(?:down|offline)\b|"
            r"\binaccessible\b|\bunable to (?:access|use|reach)\b|\bprevent(?:ed|ing)? [^.]{0,30}from accessing|\bbrought [^.]{0,40} to (?:a|an) [^.]{0,20}halt|\bsuspend(?:ed|ing) (?:its )?"
            r"(?:work|services|operations)|\bpostpone\w*|\bchaos\b|\bdisarray\b"
        ),
    ),
    # reconnaissance and pre-positioning: none of the above, yet an operation
    ("other", _c(r"\breconnaissance\b|\bpre-?position(?:ed|ing)?\b|\bscann(?:ed|ing) (?:networks|for)\b")),
    (
        "influence",
        _c(
            r"\b(?:spread|spreading|spreads|push(?:ed|ing)?) (?:of )?(?:disinformation|propaganda|fake news)\b|"
            r"\bdisinformation (?:campaign|operation)s?\b|\binfluence (?:operation|campaign)s?\b|"
            r"\b(?:fake|false|fabricated|bogus) (?:news )?(?:story|stories|article|articles|statement|statements|"
            r"report|reports|quotes?|remarks|comments|news)\b|\bdisinformation about\b|"
            r"\binterfer(?:e|ence|ed|ing) (?:in|with) (?:the )?(?:\d{4} )?(?:\w+ )?elections?"
        ),
    ),
]

SECTORS: list[tuple[str, re.Pattern[str]]] = [
    (
        "government",
        _c(
            r"\bgovernment (?:services|websites|systems|networks|data|institutions|agencies|entities|"
            r"departments|ministries|employees|officials|computers|documents|communications)|"
            r"\bministr(?:y|ies)\b|\bparliament\w*\b|\bstate (?:agencies|institutions|records)|"
            r"\bpublic services\b|\bgovernment agencies\b|\bpresident'?s? website|\bcourts\b|"
            r"\binstitute of statistics\b|\bpublic administration|\bcensus\b|\bTreasury\b"
        ),
    ),
    (
        "military",
        _c(
            r"\bmilitary (?:networks|systems|targets|bases)|\bdefen[cs]e (?:firms|companies|contractors|"
            r"industry|sector)|\bnavy\b|\barmed forces\b"
        ),
    ),
    ("elections", _c(r"\belections?\b|\bcampaign (?:staff|emails)|\bvoter\w*|\bpolitical part(?:y|ies)\b")),
    (
        "critical_infrastructure",
        _c(
            r"\bcritical infrastructure\b|\bwater (?:systems|facilities|utilit\w+|"
            r"distribution|infrastructure|supply)|\bdam\b|\bwastewater\b|\bindustrial control"
        ),
    ),
    (
        "energy",
        _c(
            r"\benergy (?:sector|companies|firms)|\bpower (?:grid|station|plant|supply)|\belectricity\b|"
            r"\bpipeline\b|\boil (?:and gas )?(?:company|companies|firms)"
        ),
    ),
    ("health", _c(r"\bhospitals?\b|\bhealth(?:care)? (?:service|system|sector|providers)|\bvaccine\b|\bpatients?\b")),
    ("finance", _c(r"\bbanks?\b|\bfinancial (?:sector|institutions|services)|\bstock exchange\b|\bcentral bank\b")),
    (
        "telecom",
        _c(
            r"\btelecom\w*\b|\btelcos?\b|\binternet (?:service )?providers?\b|\bmobile operators?\b|"
            r"\bcellphone provider\b"
        ),
    ),
    (
        "transport",
        _c(
            r"\bports?\b|\bairlines?\b|\bairports?\b|\brailways?\b|\blogistics\b|\bshipping\b|"
            r"\baviation\b|\bmetro\b|\bair (?:flight|carrier)|\bflag carrier"
        ),
    ),
    (
        "media",
        _c(
            r"\bbroadcast\w*\b|\btelevision\b|\bTV (?:stations|channels|broadcaster)|\bmedia outlets?\b|"
            r"\bnewspapers?\b|damage to the media"
        ),
    ),
    (
        "private_sector",
        _c(
            r"\bcompanies\b|\bbusinesses\b|\bfirms\b|\bcorporations\b|\bprivate sector\b|"
            r"\bprivately[- ]run\b"
        ),
    ),
    (
        "civil_society",
        _c(
            r"\bNGOs?\b|\bnon-governmental\b|\bcivil society\b|\bjournalists\b|\bactivists\b|"
            r"\bdissidents\b|\bthink tanks?\b"
        ),
    ),
    (
        "international_org",
        _c(
            r"\binternational organi[sz]ations?\b|\bOlympic\w*\b|\bsporting organi[sz]ations|"
            r"\bWorld Anti-Doping Agency\b|\bOPCW\b"
        ),
    ),
]

# one pass for "does this sentence speak for someone named earlier?"
SPEAKS_FOR_LAST = re.compile("|".join(f"(?:{p.pattern})" for p in (LEADING_PRONOUN, FIRST_PERSON, PRONOUN_SUBJECT)), I)
