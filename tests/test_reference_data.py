import pytest

from accounts.models import County, Municipality

# The data migrations load the reference data with these loaders; a transactional test that ran
# before in the same process emptied the tables, so the fixture loads them again the same way.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("reference_data")]


def test_reference_data_has_all_municipalities_and_counties():
    assert Municipality.objects.count() == 290
    assert County.objects.count() == 21


@pytest.mark.parametrize(
    "code, name, county",
    [
        ("0180", "Stockholm", "Stockholms län"),
        ("1480", "Göteborg", "Västra Götalands län"),
        ("1488", "Trollhättan", "Västra Götalands län"),
        ("2510", "Jokkmokk", "Norrbottens län"),
        ("0980", "Gotland", "Gotlands län"),
        ("1280", "Malmö", "Skåne län"),
        ("2584", "Kiruna", "Norrbottens län"),
        ("0509", "Ödeshög", "Östergötlands län"),
    ],
)
def test_reference_data_known_codes(code, name, county):
    municipality = Municipality.objects.select_related("county").get(code=code)
    assert (municipality.name, municipality.county.name) == (name, county)


def test_reference_data_every_code_starts_with_its_county():
    mismatched = [m.code for m in Municipality.objects.all() if not m.code.startswith(m.county_id)]
    assert mismatched == []


def test_reference_data_municipalities_per_county():
    counts = {c.code: c.municipalities.count() for c in County.objects.all()}
    assert counts == {
        "01": 26, "03": 8, "04": 9, "05": 13, "06": 13, "07": 8, "08": 12, "09": 1, "10": 5, "12": 33, "13": 6,
        "14": 49, "17": 16, "18": 12, "19": 10, "20": 15, "21": 10, "22": 7, "23": 8, "24": 15, "25": 14,
    }


def test_reference_data_has_every_ssyk_2012_unit_group():
    from employers.models import Occupation

    assert Occupation.objects.count() == 429
    assert dict(Occupation.objects.filter(code__in=["5152", "5222", "5321", "9111", "2611", "0110"]).values_list("code", "name")) == {
        "0110": "Officerare",
        "2611": "Advokater",
        "5152": "Fastighetsskötare",
        "5222": "Butikssäljare, dagligvaror",
        "5321": "Undersköterskor, hemtjänst, hemsjukvård och äldreboende",
        "9111": "Städare",
    }
