"""A cheap test on a page's raw bytes: does it show signs of both a cyber operation and a state?

A web crawl is overwhelmingly shopping, sport and recipes; parsing every page's HTML to find
the few reports of state cyber operations would spend nearly all the time on pages that cannot
hold one. One Aho-Corasick pass (pyahocorasick) over the lowercased bytes finds every listed
word at once, markup included, and stops as soon as both kinds are seen. A page needs at least
one cyber word *and* one state word to be parsed; the lists are generous on purpose, since a
false pass only costs a parse and a false rejection loses an article.

Words are matched from a word start ("hack" finds "hackers", never "shack"); those marked
whole must also end at a non-letter ("apt" finds "APT28", never "aptitude").
"""

from __future__ import annotations

import ahocorasick

CYBER = "cyber"
STATE = "state"

# (word, kind, whole word); prefixes unless whole.
_WORDS: tuple[tuple[str, str, bool], ...] = (
    *((w, CYBER, False) for w in (
        "cyber", "hack", "ransomware", "malware", "spyware", "wiper", "phishing", "ddos",
        "denial-of-service", "denial of service", "botnet", "backdoor", "breach", "intrusion",
        "zero-day", "trojan", "infostealer", "deface", "threat actor", "data leak", "leaked data",
    )),
    ("apt", CYBER, True),
    *((w, STATE, False) for w in (
        "government", "ministry", "minister", "state-sponsored", "state-backed", "nation-state",
        "state actor", "attribut", "sanction", "embass", "ambassador", "diplomat", "intelligence",
        "military", "armed forces", "defence", "defense", "kremlin", "pentagon", "parliament",
        "foreign affairs", "foreign office", "nato", "president", "prime minister", "authorities",
        "spy agenc", "state media", "national security",
    )),
)  # fmt: skip


def _automaton() -> ahocorasick.Automaton:
    automaton = ahocorasick.Automaton()
    for word, kind, whole in _WORDS:
        automaton.add_word(word, (len(word), kind, whole))
    automaton.make_automaton()
    return automaton


_AUTOMATON = _automaton()


def signs(data: bytes) -> set[str]:
    """The kinds of sign (``cyber``, ``state``) found in ``data``; stops once both are found.

    ``latin-1`` maps each byte to one character, so decoding cannot fail and costs a copy;
    multi-byte UTF-8 letters become non-ASCII characters, which are never word characters
    of the (ASCII) word lists but do count as letters at a word boundary.
    """
    text = data.lower().decode("latin-1")
    found: set[str] = set()
    for end, (length, kind, whole) in _AUTOMATON.iter(text):
        if kind in found:
            continue
        start = end - length + 1
        if start > 0 and text[start - 1].isalnum():
            continue
        if whole and end + 1 < len(text) and text[end + 1].isalpha():
            continue
        found.add(kind)
        if len(found) == 2:
            break
    return found


def worth_parsing(data: bytes) -> bool:
    """True when the page shows signs of both a cyber operation and a state."""
    return len(signs(data)) == 2
