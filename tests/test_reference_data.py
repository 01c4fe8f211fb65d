"""The public reference data loads completely, and loading it twice changes nothing."""

from typing import Any

from django.core.management import call_command

from portal.models import County, HealthCommunity, Organisation, RegionalHealthAuthority
from portal.reference import load_reference_data


def test_all_municipalities_counties_and_health_organisations_load(db: Any) -> None:
    result = load_reference_data()
    assert Organisation.objects.filter(kind="municipality").count() == 357
    assert County.objects.count() == 15
    assert RegionalHealthAuthority.objects.count() == 4
    assert HealthCommunity.objects.count() == 19
    assert Organisation.objects.filter(kind="hospital_trust").count() == 22
    assert result.changed > 0


def test_loading_twice_changes_nothing(db: Any) -> None:
    load_reference_data()
    before = list(Organisation.objects.order_by("pk").values())
    second = load_reference_data()
    assert second.changed == 0
    assert list(Organisation.objects.order_by("pk").values()) == before


def test_a_changed_name_is_put_right_on_the_next_load(db: Any) -> None:
    load_reference_data()
    Organisation.objects.filter(municipality_number="5038").update(name="Feil navn")
    result = load_reference_data()
    assert result.changed == 1
    assert Organisation.objects.get(municipality_number="5038").name == "Verdal"


def test_municipalities_know_their_county_and_hospital_trusts(db: Any) -> None:
    load_reference_data()
    levanger = Organisation.objects.get(municipality_number="5037")
    assert levanger.county.name == "Trøndelag"
    assert levanger.county.number == "50"
    assert levanger.health_community.name == "Nord-Trøndelag"
    assert [t.name for t in levanger.hospital_trusts.all()] == ["Helse Nord-Trøndelag HF"]
    assert levanger.health_community.regional_health_authority.name == "Helse Midt-Norge RHF"
    oslo = Organisation.objects.get(municipality_number="0301")
    assert oslo.hospital_trusts.count() == 4
    # Os in Innlandet takes part in Helseplattformen although it lies in Helse Sør-Øst.
    os_innlandet = Organisation.objects.get(municipality_number="3430")
    assert os_innlandet.county.name == "Innlandet"
    assert os_innlandet.health_community.regional_health_authority.name == "Helse Sør-Øst RHF"


def test_the_command_reports_what_it_loaded(db: Any, capsys: Any) -> None:
    call_command("load_reference_data")
    out = capsys.readouterr().out
    assert "357 municipalities" in out
    assert "15 counties" in out
