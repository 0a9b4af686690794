"""The words the loader understands for coded fields without a value map (compared folded: case and
spaces do not matter). A mapping's ``[records.values]`` adds an agency's own codes on top."""

from __future__ import annotations

import re

RELATIONSHIP_TYPES = {
    "parent": "parent",
    "mother": "parent",
    "father": "parent",
    "step-parent": "parent",
    "stepparent": "parent",
    "stepmother": "parent",
    "stepfather": "parent",
    "child": "child",
    "son": "child",
    "daughter": "child",
    "sibling": "sibling",
    "brother": "sibling",
    "sister": "sibling",
    "half-sibling": "sibling",
    "half sibling": "sibling",
    "step-sibling": "sibling",
    "stepsibling": "sibling",
    "partner": "partner",
    "spouse": "partner",
    "husband": "partner",
    "wife": "partner",
    "ex-partner": "ex-partner",
    "ex partner": "ex-partner",
    "former partner": "ex-partner",
    "carer": "carer",
    "foster carer": "carer",
    "kinship carer": "carer",
    "guardian": "carer",
    "special guardian": "carer",
}
STATUS = {
    "current": "current",
    "open": "current",
    "active": "current",
    "ongoing": "current",
    "historic": "historic",
    "closed": "historic",
    "ended": "historic",
    "inactive": "historic",
    # "status not recorded": kept as unknown, never guessed as current
    "unknown": "unknown",
    "not known": "unknown",
    "not specified": "unknown",
    "not recorded": "unknown",
    "n/k": "unknown",
    "nk": "unknown",
}
GENDER = {
    "m": "male",
    "male": "male",
    "f": "female",
    "female": "female",
    "u": "unknown",
    "unknown": "unknown",
    "not known": "unknown",
    "not specified": "unknown",
    "n/k": "unknown",
    "indeterminate": "indeterminate",
    "other": "other",
    "x": "other",
}
# A shield flag (docs/mappings.md "Shielded people and addresses"): anything else is read as shielded.
FLAG = {
    "yes": "yes",
    "y": "yes",
    "true": "yes",
    "1": "yes",
    "shielded": "yes",
    "no": "no",
    "n": "no",
    "false": "no",
    "0": "no",
    "not shielded": "no",
}
SHIELD_FLAGS = ("shielded", "address_shielded")
# A coded field's words, and the values a value map may give it.
CODED = {
    "status": STATUS,
    "gender": GENDER,
    "type": RELATIONSHIP_TYPES,
    "shielded": FLAG,
    "address_shielded": FLAG,
}

# Given names that say the person has none yet: pre-birth work records "Baby of Kerry Smith", "Unborn".
UNBORN_NAME = re.compile(r"^(unborn|baby|infant|newborn)(\s+(baby|child|girl|boy))?(\s+of\b.*)?$", re.I)
NO_NAME = {"unknown", "not known", "n/k", "nk", "not recorded", "not specified", "tbc", "tba", "-", "?"}
