"""What an agency is (kind) and where (region), read from its name; pure functions, no database.

    from xxgk.agency import infer_kind, infer_region, divisions
    infer_kind("淮安市洪泽区人民政府")            # "local_gov"
    infer_region("淮安市洪泽区人民政府").code     # "320813"
"""

from .kinds import BY_KEY as KIND_BY_KEY
from .kinds import KINDS, Kind, infer_kind, parse_kind, rule_kind
from .regions import (
    CITY,
    COUNTY,
    PROVINCE,
    Division,
    Divisions,
    RegionDataError,
    RegionGuess,
    divisions,
    infer_region,
)

__all__ = [
    "CITY",
    "COUNTY",
    "KINDS",
    "KIND_BY_KEY",
    "PROVINCE",
    "Division",
    "Divisions",
    "Kind",
    "RegionDataError",
    "RegionGuess",
    "divisions",
    "infer_kind",
    "infer_region",
    "parse_kind",
    "rule_kind",
]
