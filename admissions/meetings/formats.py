"""Meeting vocabulary, pure: attendance, Meeting Guide type codes, NA format keys."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

IN_PERSON, HYBRID, ONLINE, INACTIVE = "in_person", "hybrid", "online", "inactive"
ATTENDANCE = (IN_PERSON, HYBRID, ONLINE, INACTIVE)
#: What a search shows when nobody asks: places you can walk into.
DEFAULT_ATTENDANCE = (IN_PERSON, HYBRID)
FELLOWSHIPS = ("NA", "AA", "other")

#: BMLT world ids (standard across NA servers) to Meeting Guide codes; None means "no type",
#: the id says how to attend (VM virtual, HYBR hybrid) rather than what kind of meeting it is.
WORLD_ID_TO_TYPE = {
    "OPEN": "O", "CLOSED": "C", "BEG": "BE", "BT": "LIT", "JFT": "LIT", "LIT": "LIT",
    "LC": "LIT", "STEP": "ST", "ST": "ST", "TRAD": "TR", "DISC": "D", "SPK": "SP", "SPAD": "LIT",
    "TC": "TC", "WCHR": "X", "W": "W", "M": "M", "Y": "Y", "GL": "LGBTQ", "MED": "MED",
    "NS": None, "SMOK": "SM", "CAN": "CAN", "VM": None, "HYBR": None, "LANG": None, "QA": "D",
}
#: NA format keys in common use, mapped to their world ids.
NA_KEY_TO_WORLD_ID = {
    "O": "OPEN", "C": "CLOSED", "B": "BEG", "BT": "BT", "JT": "JFT", "JFT": "JFT", "LC": "LC",
    "St": "STEP", "ST": "STEP", "Tr": "TRAD", "TR": "TRAD", "D": "DISC", "So": "SPK",
    "Sp": "SPK", "W": "W", "M": "M", "YP": "Y", "GL": "GL", "WC": "WCHR", "ES": "LANG",
    "VM": "VM", "HY": "HYBR", "TC": "TC", "Me": "MED", "CL": "CAN", "NS": "NS", "SM": "SMOK",
    "QA": "QA", "IP": "LIT", "IW": "LIT", "SG": "STEP",
}
#: Language format keys and the Meeting Guide language code they mean.
LANGUAGE_KEYS = {"ES": "S", "SPA": "S", "FR": "FR", "PT": "POR", "RU": "RUS", "PL": "POL"}


@lru_cache(maxsize=1)
def type_labels() -> dict[str, dict[str, str]]:
    """Meeting Guide type code -> {"en": label, "es": label}."""
    path = Path(__file__).with_name("data") / "tsml-types.json"
    return json.loads(path.read_text(encoding="utf-8"))


def type_label(code: str, language: str = "en") -> str:
    labels = type_labels().get(code)
    if not labels:
        return code
    return labels.get(language) or labels["en"]


def known_types(codes) -> list[str]:
    """The codes we know, in a stable order, each once."""
    labels = type_labels()
    return sorted({code for code in codes if code in labels})


def derive_attendance(*, has_conference: bool, temporarily_closed: bool, approximate: bool,
                      has_place: bool = True) -> str:
    """Online with a conference URL or phone; in person when not TC, not approximate; both is hybrid."""
    in_person = has_place and not temporarily_closed and not approximate
    if in_person and has_conference:
        return HYBRID
    if in_person:
        return IN_PERSON
    if has_conference:
        return ONLINE
    return INACTIVE


def na_formats_to_types(format_keys) -> tuple[list[str], set[str]]:
    """NA format keys (``O,BT,WC``) to Meeting Guide codes, and the world ids they carried."""
    codes: set[str] = set()
    world_ids: set[str] = set()
    for raw in format_keys:
        key = raw.strip()
        if not key:
            continue
        world_id = NA_KEY_TO_WORLD_ID.get(key) or NA_KEY_TO_WORLD_ID.get(key.upper())
        if world_id is None and key.upper() in WORLD_ID_TO_TYPE:
            world_id = key.upper()
        if key.upper() in LANGUAGE_KEYS:
            codes.add(LANGUAGE_KEYS[key.upper()])
        if world_id is None:
            continue
        world_ids.add(world_id)
        code = WORLD_ID_TO_TYPE.get(world_id)
        if code:
            codes.add(code)
    return known_types(codes), world_ids
