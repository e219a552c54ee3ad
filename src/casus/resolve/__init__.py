"""Resolution: which reports are one incident, and which documents are copies of others.

Pure functions over small profiles. Two reports are one incident when the pairwise decision
(:mod:`casus.resolve.pairwise`) says so; incidents are its connected components. The store
hands in the reports filed under a new report's blocking keys, so the cost of placing one
report depends on how many reports share its actors or names in its months, not on the store's size.
"""

from casus.resolve.merge import Profile, merge_profiles, profile_of
from casus.resolve.neardup import band_keys, shingle_signature, similarity
from casus.resolve.pairwise import ReportProfile, report_profile, same_incident

__all__ = [
    "Profile",
    "ReportProfile",
    "band_keys",
    "merge_profiles",
    "profile_of",
    "report_profile",
    "same_incident",
    "shingle_signature",
    "similarity",
]
