"""Loading the public reference data kept in ``portal/data/``.

Counties, regional health authorities, helsefellesskap, hospital trusts and the 357
municipalities. Loading is idempotent: rows are matched on their natural keys (county number,
name, kommunenummer) and only changed values are written, so a second run changes nothing.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from portal.models import (
    County,
    HealthCommunity,
    Organisation,
    OrganisationKind,
    RegionalHealthAuthority,
)

DATA_DIR = Path(__file__).resolve().parent / "data"


@dataclass
class LoadResult:
    counties: int = 0
    authorities: int = 0
    communities: int = 0
    trusts: int = 0
    municipalities: int = 0
    changed: int = 0


def _read(name: str) -> list[dict[str, str]]:
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@transaction.atomic
def load_reference_data() -> LoadResult:
    result = LoadResult()
    municipalities = _read("kommuner.csv")
    mapping = {row["number"]: row for row in _read("kommune_helseforetak.csv")}
    trusts = _read("helseforetak.csv")

    counties: dict[str, County] = {}
    for row in municipalities:
        number = row["number"][:2]
        if number not in counties:
            county, created = County.objects.get_or_create(
                number=number, defaults={"name": row["county"]}
            )
            if not created and county.name != row["county"]:
                county.name = row["county"]
                county.save(update_fields=["name"])
                result.changed += 1
            result.changed += created
            counties[number] = county
    result.counties = len(counties)

    authorities: dict[str, RegionalHealthAuthority] = {}
    for name in sorted({t["rhf"] for t in trusts} | {m["rhf"] for m in mapping.values()}):
        authorities[name], created = RegionalHealthAuthority.objects.get_or_create(name=name)
        result.changed += created
    result.authorities = len(authorities)

    communities: dict[str, HealthCommunity] = {}
    for row in mapping.values():
        name = row["helsefellesskap"]
        if name not in communities:
            communities[name], created = HealthCommunity.objects.get_or_create(
                name=name, defaults={"regional_health_authority": authorities[row["rhf"]]}
            )
            result.changed += created
    result.communities = len(communities)

    trust_orgs: dict[str, Organisation] = {}
    for row in trusts:
        org, created = Organisation.objects.get_or_create(
            kind=OrganisationKind.HOSPITAL_TRUST,
            name=row["name"],
            defaults={"regional_health_authority": authorities[row["rhf"]]},
        )
        result.changed += created
        trust_orgs[row["name"]] = org
    result.trusts = len(trust_orgs)

    for row in municipalities:
        link = mapping[row["number"]]
        wanted = {
            "name": row["name"],
            "county": counties[row["number"][:2]],
            "health_community": communities[link["helsefellesskap"]],
        }
        org, created = Organisation.objects.get_or_create(
            municipality_number=row["number"],
            defaults={"kind": OrganisationKind.MUNICIPALITY, **wanted},
        )
        changed_fields = [k for k, v in wanted.items() if getattr(org, k) != v]
        if changed_fields and not created:
            for k in changed_fields:
                setattr(org, k, wanted[k])
            org.save(update_fields=changed_fields)
            result.changed += 1
        result.changed += created
        wanted_trusts = {trust_orgs[n.strip()].pk for n in link["helseforetak"].split(";")}
        current = set(org.hospital_trusts.values_list("pk", flat=True))
        if wanted_trusts != current:
            org.hospital_trusts.set(wanted_trusts)
            result.changed += 0 if created else 1
    result.municipalities = len(municipalities)
    return result
