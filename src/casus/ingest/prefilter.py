"""A cheap test on a page's raw bytes: does it show signs of both a cyber operation and a state?

A web crawl is overwhelmingly shopping, sport and recipes; parsing every page's HTML to find
the few reports of state cyber operations would spend nearly all the time on pages that cannot
hold one. One Aho-Corasick pass (ahocorasick-rs, Rust's aho-corasick: about four times the speed
of pyahocorasick here, see bench/warc_speed.py) over the lowercased bytes finds every listed word
at once, markup included; the few hits are then checked in Python. A page needs at least
one cyber word *and* one state word to be parsed; the lists are generous on purpose, since a
false pass only costs a parse and a false rejection loses an article.

Words are matched from a word start ("hack" finds "hackers", never "shack"); those marked
whole must also end at a non-letter ("apt" finds "APT28", never "aptitude").
"""

from __future__ import annotations

import ahocorasick_rs

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
        "state actor", "attributed", "attribution", "sanction", "embass", "ambassador", "diplomat", "intelligence",
        "military", "armed forces", "defence", "defense", "kremlin", "pentagon", "parliament",
        "foreign affairs", "foreign office", "nato", "president", "prime minister", "authorities",
        "spy agenc", "state media", "national security",
    )),
)  # fmt: skip


_AUTOMATON = ahocorasick_rs.BytesAhoCorasick(
    [word.encode("ascii") for word, _, _ in _WORDS], implementation=ahocorasick_rs.Implementation.DFA
)


def _is_alnum(byte: int) -> bool:
    return byte >= 0x80 or chr(byte).isalnum()  # bytes of UTF-8 letters count as letters


def _is_alpha(byte: int) -> bool:
    return byte >= 0x80 or chr(byte).isalpha()


def signs(data: bytes) -> set[str]:
    """The kinds of sign (``cyber``, ``state``) found in ``data``."""
    low = data.lower()  # ASCII only, like the word lists
    found: set[str] = set()
    for index, start, end in _AUTOMATON.find_matches_as_indexes(low, overlapping=True):
        _, kind, whole = _WORDS[index]
        if kind in found or (start > 0 and _is_alnum(low[start - 1])):
            continue
        if whole and end < len(low) and _is_alpha(low[end]):
            continue
        found.add(kind)
        if len(found) == 2:
            break
    return found


def worth_parsing(data: bytes) -> bool:
    """True when the page shows signs of both a cyber operation and a state."""
    return len(signs(data)) == 2
