"""One page of a list: counted and cut in one place (ikone.core.pagination)."""

import pytest
from django.test import Client

from ikone.core.pagination import MAX_OFFSET, PageIn, page
from ikone.core.testing.factories import MunicipalityFactory
from ikone.organizations.models import Organization


def test_page_of_a_list_counts_everything_and_cuts_the_page():
    assert page(list("abcde"), PageIn(limit=2, offset=1)) == {"count": 5, "items": ["b", "c"]}
    assert page(list("abc"), PageIn(limit=2, offset=5)) == {"count": 3, "items": []}


def test_page_turns_only_the_rows_of_the_page_into_output():
    seen = []

    def out(row):
        seen.append(row)
        return row.upper()

    assert page(list("abcde"), PageIn(limit=2, offset=3), out=out) == {"count": 5, "items": ["D", "E"]}
    assert seen == ["d", "e"]


@pytest.mark.django_db
def test_page_of_a_queryset_counts_and_slices_in_the_database(django_assert_num_queries):
    for ags in ("07312000", "07318000", "07319000"):
        MunicipalityFactory(ags=ags)
    organizations = Organization.objects.order_by("ags")
    with django_assert_num_queries(2):  # one COUNT, one page
        result = page(organizations, PageIn(limit=1, offset=2))
    assert result["count"] == 3
    assert [o.ags for o in result["items"]] == ["07319000"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("limit=0", "limit"),
        ("limit=501", "limit"),
        ("offset=-1", "offset"),
        (f"offset={MAX_OFFSET + 1}", "offset"),
    ],
)
def test_limits_outside_the_bounds_are_a_422_at_the_field(query, field):
    response = Client().get(f"/api/v1/standards?{query}")
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == [field]
