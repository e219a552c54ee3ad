"""Resolution: which incident a report belongs to, and which documents are copies of others.

Pure functions over small profiles; the store hands in the candidates, so the cost of placing
one report depends on how many incidents share its victims or actors, not on the store's size.
"""

from casus.resolve.merge import Profile, match_score, merge_profiles, profile_of
from casus.resolve.neardup import band_keys, shingle_signature, similarity

__all__ = ["Profile", "band_keys", "match_score", "merge_profiles", "profile_of", "shingle_signature", "similarity"]
