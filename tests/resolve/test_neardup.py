"""Near-duplicate detection: MinHash signatures and LSH band keys."""

import struct

from casus.resolve import band_keys, shingle_signature, similarity
from casus.resolve.neardup import BANDS, DUPLICATE_SIMILARITY, PERMUTATIONS

STORY = (
    "Albania cut diplomatic ties with Iran on Wednesday and gave the staff of the Iranian embassy in Tirana "
    "a day to leave, after an inquiry concluded that Tehran had ordered the cyberattack that took down "
    "government websites in July. The prime minister said in a video address that investigators, helped by "
    "foreign experts, had traced the intrusion back to four groups working for the Iranian state. The "
    "attackers had been inside the networks for more than a year before they struck, reading email and "
    "copying documents, and then tried to wipe the servers that run online public services. Most of those "
    "services came back within days. A persona calling itself HomeLand Justice later published personal "
    "data of citizens and internal messages it said came from the hacked systems. Iran's foreign ministry "
    "rejected the accusation as baseless and said the decision would hurt relations between the two "
    "peoples. Washington said it would hold Iran to account for an attack on a NATO ally, and several "
    "European governments issued statements of support for Albania during the day."
)

UNRELATED = (
    "The city council voted on Tuesday to extend the tram line to the northern suburbs, a project that "
    "has been discussed for more than a decade. Construction is expected to begin next spring and to last "
    "about three years, during which several streets will be closed to cars. Shop owners along the route "
    "asked for compensation, saying that earlier road works had cost them customers. The mayor promised a "
    "fund for affected businesses and said the new line would cut commuting times by a third. Opposition "
    "members questioned the cost estimate, which has doubled since the first plans were published, and "
    "asked for an independent review before any contracts are signed."
)


def _truncated(text: str, share: float) -> str:
    words = text.split()
    return " ".join(words[: int(len(words) * share)])


def test_neardup_signature_shape_and_determinism():
    sig = shingle_signature(STORY)
    assert len(sig) == PERMUTATIONS * 8
    assert shingle_signature(STORY) == sig
    assert len(struct.unpack(f"<{PERMUTATIONS}Q", sig)) == PERMUTATIONS


def test_neardup_identical_texts_are_fully_similar():
    assert similarity(shingle_signature(STORY), shingle_signature(STORY)) == 1.0


def test_neardup_case_and_spacing_do_not_matter():
    variant = STORY.upper().replace(" ", "  ")
    assert similarity(shingle_signature(STORY), shingle_signature(variant)) == 1.0


def test_neardup_truncated_copy_is_similar():
    short = _truncated(STORY, 0.85)
    assert len(short) < len(STORY)
    assert similarity(shingle_signature(STORY), shingle_signature(short)) >= DUPLICATE_SIMILARITY


def test_neardup_unrelated_texts_are_not_similar():
    assert similarity(shingle_signature(STORY), shingle_signature(UNRELATED)) < 0.3
    # a text on the same incident in other words is no copy either
    retold = (
        "Iran's embassy staff were told to leave Albania within a day. Tirana blamed Tehran for "
        "July's hacking of its state websites, which Iran denied."
    )
    assert similarity(shingle_signature(STORY), shingle_signature(retold)) < 0.3


def test_neardup_band_keys_shared_by_near_copy_only():
    keys = band_keys(shingle_signature(STORY))
    assert len(keys) == BANDS == len(set(keys))
    copy = set(band_keys(shingle_signature(_truncated(STORY, 0.85))))
    assert set(keys) & copy
    assert not set(keys) & set(band_keys(shingle_signature(UNRELATED)))


def test_neardup_band_keys_name_their_band():
    # the same row values in two different bands must not collide
    keys = band_keys(shingle_signature(STORY))
    assert [k.split(":")[0] for k in keys] == [str(b) for b in range(BANDS)]


def test_neardup_tiny_and_empty_texts_have_signatures():
    for text in ("", "Hacked.", "one two three"):
        sig = shingle_signature(text)
        assert len(sig) == PERMUTATIONS * 8
        assert similarity(sig, sig) == 1.0
