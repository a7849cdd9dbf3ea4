import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from ikone.core.audit import Actor
from ikone.core.errors import Conflict, DomainError
from ikone.core.models import ChangeRecord
from ikone.participation import selectors, services
from ikone.participation.models import Ballot, Process
from ikone.participation.services import ItemDraft
from ikone.participation.tests.factories import citizen


def _process(town, actor, kind="ranking", *, starts=-1, ends=7, budget=None, costs=(None, None, None, None)):
    now = timezone.now()
    return services.process_create(
        actor=actor,
        organization=town,
        title="Digitale Verwaltung 2027: Was brauchen Sie zuerst?",
        kind=kind,
        starts_at=now + dt.timedelta(days=starts),
        ends_at=now + dt.timedelta(days=ends),
        budget=budget,
        items=[
            ItemDraft(title=t, cost=c)
            for t, c in zip(["Fundbüro", "Parkausweis", "Sperrmüll", "Hund"], costs, strict=True)
        ],
    )


def _ids(process):
    return [item.pk for item in selectors.process_items(process=process)]


def test_only_the_towns_editors_create_processes(speyer, anna, editor):
    with pytest.raises(DomainError) as error:
        _process(speyer, Actor.of(anna))
    assert error.value.status == 403
    assert _process(speyer, Actor.of(editor)).items.count() == 4


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"starts": 3, "ends": 1}, "ends_at"),
        ({"kind": "budget"}, "budget"),
        ({"kind": "budget", "budget": Decimal(100)}, "items"),
    ],
)
def test_process_create_refuses_bad_input(speyer, editor, changes, field):
    with pytest.raises(DomainError) as error:
        _process(speyer, Actor.of(editor), **changes)
    assert error.value.errors[0].field == field
    assert not Process.objects.exists()


def test_ranking_vote_counts_once_and_orders_the_result(speyer, editor, anna, ben):
    process = _process(speyer, Actor.of(editor))
    fund, park, bulk, _dog = _ids(process)
    services.ballot_cast(actor=Actor.of(anna), process=process, item_ids=[park, fund])
    services.ballot_cast(actor=Actor.of(ben), process=process, item_ids=[park, bulk, fund])
    with pytest.raises(Conflict):
        services.ballot_cast(actor=Actor.of(ben), process=process, item_ids=[fund])
    rows = selectors.process_results(process=process)
    assert [(r.item.title, r.result.points) for r in rows][:3] == [
        ("Parkausweis", 6),
        ("Fundbüro", 3),
        ("Sperrmüll", 2),
    ]
    assert Ballot.objects.count() == 2


@pytest.mark.parametrize(
    ("starts", "ends", "message"),
    [(-7, -1, "beendet"), (1, 7, "noch nicht begonnen")],
)
def test_votes_outside_the_period_are_refused(speyer, editor, anna, starts, ends, message):
    process = _process(speyer, Actor.of(editor), starts=starts, ends=ends)
    with pytest.raises(Conflict) as error:
        services.ballot_cast(actor=Actor.of(anna), process=process, item_ids=_ids(process)[:1])
    assert message in error.value.detail
    assert not Ballot.objects.exists()


def test_bad_ballots_are_refused(speyer, editor, anna, worms):
    process = _process(speyer, Actor.of(editor))
    other = _process(worms, Actor.system("test"))
    ids = _ids(process)
    for item_ids in ([], [ids[0], ids[0]], ids, [_ids(other)[0]], [2**40]):
        with pytest.raises(DomainError):
            services.ballot_cast(actor=Actor.of(anna), process=process, item_ids=item_ids)
    assert not Ballot.objects.exists()


def test_budget_vote_must_fit_into_the_budget(speyer, editor, anna, ben):
    process = _process(
        speyer,
        Actor.of(editor),
        kind="budget",
        budget=Decimal("100000"),
        costs=(Decimal("60000"), Decimal("50000"), Decimal("30000"), Decimal("10000")),
    )
    fund, park, bulk, dog = _ids(process)
    with pytest.raises(DomainError) as error:
        services.ballot_cast(actor=Actor.of(anna), process=process, item_ids=[fund, park])
    assert (
        error.value.detail == "Ihre Auswahl kostet 110\u202f000,00 €, das Budget beträgt 100\u202f000,00 €."
    )
    services.ballot_cast(actor=Actor.of(anna), process=process, item_ids=[fund, bulk])
    services.ballot_cast(actor=Actor.of(ben), process=process, item_ids=[fund, dog])
    funded = {r.item.title for r in selectors.process_results(process=process) if r.result.funded}
    assert funded == {"Fundbüro", "Sperrmüll", "Hund"}


def test_unconfirmed_accounts_cannot_vote(speyer, editor):
    process = _process(speyer, Actor.of(editor))
    with pytest.raises(DomainError) as error:
        services.ballot_cast(
            actor=Actor.of(citizen("Carla", confirmed=False)), process=process, item_ids=_ids(process)[:1]
        )
    assert error.value.status == 403


def test_process_pages_vote_and_csv(client, speyer, editor, anna):
    client.force_login(editor)
    response = client.post(
        f"/beteiligung/{speyer.ags}/verfahren/neu/",
        {
            "title": "Was zuerst?",
            "kind": "ranking",
            "starts_at": (timezone.now() - dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (timezone.now() + dt.timedelta(days=7)).strftime("%Y-%m-%dT%H:%M"),
            "items": "Online-Fundbüro;;\nParkausweis\n",
        },
    )
    process = Process.objects.get()
    assert response["Location"] == f"/beteiligung/verfahren/{process.pk}/"
    client.force_login(anna)
    first = _ids(process)[1]
    client.post(f"/beteiligung/verfahren/{process.pk}/abstimmen/", {"place_1": str(first)})
    page = client.get(f"/beteiligung/verfahren/{process.pk}/").content.decode()
    assert "Sie haben abgestimmt" in page
    csv_text = client.get(f"/beteiligung/verfahren/{process.pk}/ergebnis.csv").content.decode()
    assert csv_text.splitlines()[1] == "1;Parkausweis;;;1;3;"
    assert (
        f"/beteiligung/verfahren/{process.pk}/" in client.get(f"/beteiligung/{speyer.ags}/").content.decode()
    )


def test_process_form_shows_errors_at_the_field(client, speyer, editor):
    client.force_login(editor)
    response = client.post(
        f"/beteiligung/{speyer.ags}/verfahren/neu/",
        {
            "title": "x",
            "kind": "budget",
            "starts_at": "2027-01-01T10:00",
            "ends_at": "2027-02-01T10:00",
            "items": "A; viel\nB",
        },
    )
    assert response.status_code == 200
    assert "keine Zahl" in response.content.decode()
    assert not Process.objects.exists()


def test_results_as_pdf(client, speyer, editor, anna):
    import io

    from pypdf import PdfReader

    process = _process(speyer, Actor.of(editor))
    services.ballot_cast(actor=Actor.of(anna), process=process, item_ids=_ids(process)[1:2])
    response = client.get(f"/beteiligung/verfahren/{process.pk}/ergebnis.pdf")
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = reader.pages[0].extract_text()
    assert "Ergebnis: Digitale Verwaltung 2027" in text
    assert "Parkausweis" in text
    assert reader.metadata.title == "Ergebnis: Digitale Verwaltung 2027: Was brauchen Sie zuerst?"


def _update(process, actor, **changes):
    items = [ItemDraft(title=i.title, cost=i.cost, service=i.service) for i in _items(process)]
    values = {
        "title": process.title,
        "description": process.description,
        "kind": process.kind,
        "budget": process.budget,
        "starts_at": process.starts_at,
        "ends_at": process.ends_at,
        "items": items,
        **changes,
    }
    return services.process_update(actor=actor, process=process, **values)


def _items(process):
    return selectors.process_items(process=process)


@pytest.mark.parametrize(
    ("moment", "field"),
    [
        (dt.datetime(1999, 12, 31, 12, 0, tzinfo=dt.UTC), "starts_at"),
        (dt.datetime(2101, 1, 1, 12, 0, tzinfo=dt.UTC), "ends_at"),
    ],
)
def test_process_dates_stay_within_sensible_years(speyer, editor, moment, field):
    now = timezone.now()
    with pytest.raises(DomainError) as error:
        services.process_create(
            actor=Actor.of(editor),
            organization=speyer,
            title="Was zuerst?",
            kind="ranking",
            starts_at=moment if field == "starts_at" else now,
            ends_at=moment if field == "ends_at" else now + dt.timedelta(days=1),
            items=[ItemDraft(title="A"), ItemDraft(title="B")],
        )
    assert (error.value.status, error.value.errors[0].field) == (422, field)


@pytest.mark.parametrize(
    "cost", [Decimal("NaN"), Decimal("Infinity"), Decimal("0"), Decimal("1e10"), Decimal("12.345")]
)
def test_budget_costs_are_euro_and_cent_amounts(speyer, editor, cost):
    with pytest.raises(DomainError) as error:
        _process(speyer, Actor.of(editor), "budget", budget=Decimal(100), costs=(cost, 1, 1, 1))
    assert error.value.errors[0].field == "items"
    assert not Process.objects.exists()


def test_process_update_before_the_first_ballot_may_change_everything(speyer, editor):
    process = _process(speyer, Actor.of(editor), starts=3, ends=10)
    old_ids = _ids(process)
    updated = _update(
        process,
        Actor.of(editor),
        title="Bürgerhaushalt 2027",
        kind="budget",
        budget=Decimal(50000),
        starts_at=process.starts_at - dt.timedelta(days=1),
        items=[
            ItemDraft(title="Fundbüro", cost=Decimal(20000)),
            ItemDraft(title="Sperrmüll", cost=Decimal(30000)),
        ],
    )
    updated.refresh_from_db()
    assert (updated.title, updated.kind, updated.budget) == ("Bürgerhaushalt 2027", "budget", Decimal(50000))
    assert [(i.title, i.cost) for i in _items(updated)] == [("Fundbüro", 20000), ("Sperrmüll", 30000)]
    assert not set(_ids(updated)) & set(old_ids)
    record = ChangeRecord.objects.filter(action="update").get()
    assert record.changes["title"] == [
        "Digitale Verwaltung 2027: Was brauchen Sie zuerst?",
        "Bürgerhaushalt 2027",
    ]
    assert record.changes["items"] == [4, 2]


def test_process_update_refuses_what_people_voted_on_and_keeps_everything(speyer, editor, anna):
    process = _process(speyer, Actor.of(editor))
    services.ballot_cast(actor=Actor.of(anna), process=process, item_ids=_ids(process)[:1])
    with pytest.raises(Conflict) as error:
        _update(process, Actor.of(editor), kind="budget", budget=Decimal(10), items=_drafts(process, cost=1))
    assert {e.field for e in error.value.errors} == {"kind", "budget", "items"}
    with pytest.raises(DomainError) as error:
        _update(process, Actor.of(editor), ends_at=timezone.now() - dt.timedelta(minutes=1))
    assert error.value.errors[0].field == "ends_at"
    later = process.ends_at + dt.timedelta(days=7)
    _update(process, Actor.of(editor), title="Was zuerst? (verlängert)", ends_at=later)
    process.refresh_from_db()
    assert (process.title, process.ends_at, process.ballots.count()) == ("Was zuerst? (verlängert)", later, 1)
    assert len(_ids(process)) == 4


def test_a_closed_process_with_ballots_stays_as_it_is(speyer, editor, anna):
    process = _process(speyer, Actor.of(editor))
    services.ballot_cast(actor=Actor.of(anna), process=process, item_ids=_ids(process)[:1])
    Process.objects.filter(pk=process.pk).update(ends_at=timezone.now() - dt.timedelta(seconds=1))
    process.refresh_from_db()
    with pytest.raises(Conflict):
        _update(process, Actor.of(editor), title="Neu")
    process.refresh_from_db()
    assert process.title != "Neu"


def test_only_the_towns_editors_change_processes(speyer, editor, anna):
    process = _process(speyer, Actor.of(editor))
    with pytest.raises(DomainError) as error:
        _update(process, Actor.of(anna), title="Gekapert")
    assert error.value.status == 403


def _drafts(process, cost=None):
    return [ItemDraft(title=i.title, cost=cost, service=i.service) for i in _items(process)]


def test_process_edit_page_shows_the_process_and_saves_through_the_service(
    client, speyer, editor, anna, parking
):
    process = services.process_create(
        actor=Actor.of(editor),
        organization=speyer,
        title="Bürgerhaushalt",
        kind="budget",
        budget=Decimal(100000),
        starts_at=timezone.now() - dt.timedelta(days=1),
        ends_at=timezone.now() + dt.timedelta(days=1),
        items=[
            ItemDraft(title="Parkausweis", cost=Decimal("60000.50"), service=parking),
            ItemDraft(title="B", cost=1),
        ],
    )
    url = f"/beteiligung/verfahren/{process.pk}/bearbeiten/"
    client.force_login(anna)
    assert client.get(url).status_code == 403
    client.force_login(editor)
    assert f'href="{url}"' in client.get(f"/beteiligung/verfahren/{process.pk}/").content.decode()
    page = client.get(url).content.decode()
    assert "Parkausweis; 60000,50; 10173\nB; 1,00</textarea>" in page
    services.ballot_cast(actor=Actor.of(anna), process=process, item_ids=_ids(process)[:1])
    form = {
        "title": "Bürgerhaushalt 2027",
        "kind": "budget",
        "budget": "100000",
        "starts_at": timezone.localtime(process.starts_at).strftime("%Y-%m-%dT%H:%M"),
        "ends_at": "2099-01-01T10:00",
        "items": "Parkausweis; 60000,50; 10173\nB; 1",
    }
    refused = client.post(url, {**form, "items": "Parkausweis; 60000,50; 10173\nC; 1"})
    assert "Es wurde schon abgestimmt" in refused.content.decode()
    response = client.post(url, form)
    assert response.status_code == 302, response.content.decode()[:3000]
    process.refresh_from_db()
    assert (process.title, process.ends_at.year, process.ballots.count()) == ("Bürgerhaushalt 2027", 2099, 1)
