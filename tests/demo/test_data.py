"""``demo.data``: the demo's fixed vocabulary agrees with the reference data it is loaded against."""

from agencies.reference import reference_agencies
from demo import data


def test_the_list_holds_every_agency_the_demo_assigns_work_to():
    assert set(data.DEMO_AGENCIES) <= {row.code for row in reference_agencies()}


def test_every_demo_user_of_an_agency_belongs_to_an_agency_the_demo_loads():
    agencies = {agency_code for _username, _role, agency_code, *_ in data.USERS if agency_code}
    assert agencies and agencies <= set(data.DEMO_AGENCIES)


def test_every_demo_indicator_and_unit_has_an_english_name():
    for policy in data.POLICIES:
        for name, unit, *_values in policy["indicators"]:
            assert data.INDICATORS_EN.get(name), name
            assert data.UNITS_EN.get(unit), unit
