import pytest
from django.test import Client

from ikone.accounts.models import User
from ikone.core.testing.factories import MunicipalityFactory, ServiceFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path",
    [
        "organizations/organization",
        "organizations/network",
        "ozg/service",
        "catalog/solution",
        "core/changerecord",
    ],
)
def test_staff_browse_domain_data_in_the_admin_but_cannot_change_it_there(path):
    MunicipalityFactory()
    ServiceFactory()
    client = Client()
    client.force_login(User.objects.create_superuser(email="admin@example.org", password="x"))
    assert client.get(f"/admin/{path}/").status_code == 200
    assert client.get(f"/admin/{path}/add/").status_code == 403


def test_admin_needs_staff():
    response = Client().get("/admin/")
    assert response.status_code == 302
