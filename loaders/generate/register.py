"""Register entries for the synthetic sources (mapping ``[source.register]``): the agreement each is
shared under, the lawful basis in UK GDPR wording, the DPIA, the data owner, retention and the purposes
it may be used for. Invented references, plausible shapes: a council replaces every one with its own.
Stockport's housing agreement is left past its review date, so the register has an overdue one to show.
"""

from __future__ import annotations

from datetime import date, timedelta

from loaders.generate.sources import SourceSpec

PUBLIC_TASK = "UK GDPR Art. 6(1)(e) public task (Children Act 1989 s17, s47; Children Act 2004 s10, s11)"
SAFEGUARDING = "Art. 9(2)(g) substantial public interest (DPA 2018 Sch. 1 para 18, safeguarding of children)"
BASIS = {
    "social_care": f"{PUBLIC_TASK}; {SAFEGUARDING}",
    "early_help": f"{PUBLIC_TASK}; {SAFEGUARDING}",
    "health": f"{PUBLIC_TASK}; Art. 9(2)(h) health or social care; {SAFEGUARDING}",
    "police": f"{PUBLIC_TASK}; Art. 10 with DPA 2018 Sch. 1 para 18 (criminal offence data); {SAFEGUARDING}",
    "school": f"{PUBLIC_TASK}; {SAFEGUARDING}",
    "housing": f"{PUBLIC_TASK}; Art. 9(2)(g) where special category data is held (DPA 2018 Sch. 1 para 18)",
}
OWNERS = {
    "social_care": "Head of Children's Social Care",
    "early_help": "Head of Early Help",
    "health": "Caldicott Guardian",
    "police": "Head of Public Protection",
    "school": "Head of Education Data",
    "housing": "Tenancy Services Manager",
}
RETENTION = {"police": "6 years", "housing": "6 years", "school": "7 years", "health": "8 years"}
SHARED_FOR_ALL = ["any"]
NOT_EARLY_HELP = [  # the police share for statutory work and meetings, not for early help assessments
    "Child protection enquiry (s47)",
    "Child in need assessment (s17)",
    "Looked-after child review",
    "Multi-agency meeting preparation",
]


def register_for(source: SourceSpec, index: int, today: date) -> dict[str, str | list[str]]:
    """The register entry of the ``index``-th source generated."""
    kind = source.service_type
    overdue = kind == "housing" and source.authority == "STK"
    review = today - timedelta(days=20) if overdue else today + timedelta(days=120 + 30 * index)
    domain = "stockport.example.gov.uk" if source.authority == "STK" else "manchester.example.gov.uk"
    return {
        "agreement": f"ISA-{source.authority}-{today.year}-{index + 1:02d}",
        "agreement_review": review.isoformat(),
        "lawful_basis": BASIS[kind],
        "dpia": f"DPIA-{source.authority}-{today.year}-{31 + index:03d}",
        "data_owner": f"{OWNERS[kind]}, {source.agency}, information.governance@{domain}",
        "retention": RETENTION.get(kind, "25 years"),  # children's case records: to the child's 25th birthday
        "purposes": NOT_EARLY_HELP if kind == "police" else SHARED_FOR_ALL,
    }
