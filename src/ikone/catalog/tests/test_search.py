"""Full-text search of the solution catalog (runs on SQLite and on PostgreSQL)."""

from __future__ import annotations

import re
import textwrap

import pytest
from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ikone.catalog import search
from ikone.catalog.compounds import compound_parts
from ikone.catalog.listing import facet_counts
from ikone.catalog.models import Solution
from ikone.catalog.selectors import SolutionFilter
from ikone.catalog.services import SolutionLinks, solution_delete, solution_import, solution_update
from ikone.catalog.tests import reference
from ikone.core.audit import Actor

pytestmark = pytest.mark.django_db

ACTOR = Actor.system("test")
FILLER = "Die Lösung wird von mehreren Kommunen gemeinsam entwickelt und betrieben. " * 3


def _yaml(name: str, short: str, long: str, *, url: str, license: str, features: list[str]) -> str:
    feature_lines = "\n".join(f"      - {f}" for f in features)
    return textwrap.dedent(
        """\
        publiccodeYmlVersion: "0"
        name: {name}
        url: "{url}"
        platforms:
          - web
        categories:
          - taxes-management
        developmentStatus: stable
        softwareType: standalone/web
        description:
          de:
            shortDescription: {short}
            longDescription: {long}
            features:
        {features}
        legal:
          license: {license}
        maintenance:
          type: community
          contacts:
            - name: Digitalbüro
              email: digital@example.org
        localisation:
          localisationReady: true
          availableLanguages:
            - de
        """
    ).format(
        name=_quoted(name),
        url=url,
        short=_quoted(short),
        long=_quoted(long),
        license=license,
        features=feature_lines,
    )


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def make(
    name: str,
    short: str = "Eine Lösung für Kommunen.",
    long: str = "",
    *,
    license: str = "EUPL-1.2",
    features: tuple[str, ...] = ("Online-Formular",),
    visibility: str | None = None,
) -> Solution:
    url = f"https://git.example.org/test/{re.sub(r'[^a-z0-9]+', '-', name.lower()).strip('-') or 'x'}"
    content = _yaml(
        name, short, (long + " " + FILLER).strip(), url=url, license=license, features=list(features)
    )
    return solution_import(actor=ACTOR, content=content, visibility=visibility).solution


def names(q: str, queryset: object = None) -> list[str]:
    base = Solution.objects.all() if queryset is None else queryset
    results = reference.search_rank(base, q).order_by("-rank", "name", "id")  # type: ignore[arg-type]
    return [s.name for s in results]


def test_name_match_ranks_above_description_match() -> None:
    make("Bürgerportal", long="Unter anderem lässt sich die Hundesteuer online anmelden.")
    make("Hundesteuer online", short="Anmeldung von Hunden.")
    make("Ratsinformationssystem", short="Sitzungen und Vorlagen.")
    assert names("Hundesteuer") == ["Hundesteuer online", "Bürgerportal"]
    ranked = list(reference.search_rank(Solution.objects.all(), "Hundesteuer").order_by("-rank"))
    assert ranked[0].rank > ranked[1].rank > 0


def test_short_description_ranks_above_long_description() -> None:
    make("Portal A", long="Auch eine Terminvereinbarung ist möglich.")
    make("Portal B", short="Terminvereinbarung im Bürgerbüro.")
    assert names("Terminvereinbarung") == ["Portal B", "Portal A"]


@pytest.mark.parametrize(
    "query",
    [
        "Bürgerbeteiligung",
        "bürgerbeteiligung",
        "BÜRGERBETEILIGUNG",
        "Burgerbeteiligung",
        "Bürgerbet",
        "bürger",
    ],
)
def test_case_umlauts_and_prefixes_are_folded(query: str) -> None:
    make("Beteiligungsplattform", short="Bürgerbeteiligung für Städte und Gemeinden.")
    make("Abfallkalender", short="Termine der Müllabfuhr.")
    assert names(query) == ["Beteiligungsplattform"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Hundesteuer", ["Hundesteuer-Portal"]),
        ("Hunde", ["Hundesteuer-Portal"]),
        ("Wohngeld", ["Wohngeld digital"]),  # the prefix finds "Wohngeldantrag" too, once
        ("Wohngeldantrag", ["Wohngeld digital"]),
        ("Anträge", ["Wohngeld digital"]),
        ("Straße", ["Mängelmelder"]),
        ("Strasse", ["Mängelmelder"]),
        ("Mängel", ["Mängelmelder"]),
    ],
)
def test_german_words_compounds_and_inflections(query: str, expected: list[str]) -> None:
    make("Hundesteuer-Portal", short="Die Hundesteuer online anmelden.")
    make("Wohngeld digital", short="Der Wohngeldantrag ohne Papier.", long="Anträge werden geprüft.")
    make("Mängelmelder", short="Schäden an der Straße melden.")
    assert names(query) == expected


def test_all_words_must_match_and_or_and_exclusion_work() -> None:
    make("Hundesteuer-Portal", short="Hundesteuer online anmelden.")
    make("Parkausweis-Portal", short="Bewohnerparkausweis online beantragen.")
    assert names("Portal online Hundesteuer") == ["Hundesteuer-Portal"]
    assert names("Hundesteuer OR Parkausweis") == ["Hundesteuer-Portal", "Parkausweis-Portal"]
    assert names("Portal -Hundesteuer") == ["Parkausweis-Portal"]
    assert names("-Hundesteuer") == ["Parkausweis-Portal"]
    assert names('"online anmelden"') == ["Hundesteuer-Portal"]
    assert names('"anmelden online"') == []


def test_features_are_searchable() -> None:
    make("Fundbüro", features=("Export als XÖV-Nachricht",))
    assert names("XÖV") == ["Fundbüro"]


def _only_mark_tags(html: str) -> bool:
    return all(tag in {"<mark>", "</mark>"} for tag in re.findall(r"<[^>]*>?", html))


def test_headline_marks_matches() -> None:
    make("Hundesteuer-Portal", short="Die Hundesteuer online anmelden, ummelden und abmelden.")
    (result,) = reference.search_rank(Solution.objects.all(), "hundesteuer")
    assert "<mark>Hundesteuer</mark>" in result.headline
    assert _only_mark_tags(result.headline)


def test_headline_escapes_html_of_the_source_text() -> None:
    make(
        "Skript-Portal",
        short="Hundesteuer <script>alert(\"x\")</script> & <b>fett</b> 'zitat'",
        long="<img src=x onerror=alert(1)> Hundesteuer",
    )
    # PostgreSQL's parser skips markup (no match for "script"); FTS5 indexes it as words.
    for query in ("Hundesteuer", "script", "alert", "fett", "img", "quot", "amp"):
        for result in reference.search_rank(Solution.objects.all(), query):
            assert _only_mark_tags(result.headline), result.headline
            assert "<script" not in result.headline
            assert "<img" not in result.headline
            assert "<b>" not in result.headline
    (result,) = reference.search_rank(Solution.objects.all(), "Hundesteuer")
    assert "&lt;" in result.headline  # markup shows as text (PostgreSQL drops what it parses as tags)
    assert "&amp;" in result.headline


def test_headline_without_match_in_the_text_shows_the_short_description() -> None:
    make("Ratsinformationssystem", short="Sitzungen & Vorlagen.")
    (result,) = reference.search_rank(Solution.objects.all(), "Ratsinformationssystem")
    assert result.headline.startswith("Sitzungen &amp; Vorlagen")


def test_delete_removes_the_solution_from_the_index() -> None:
    solution = make("Hundesteuer-Portal")
    assert names("Hundesteuer") == ["Hundesteuer-Portal"]
    solution_delete(actor=ACTOR, solution=solution)
    assert names("Hundesteuer") == []
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM {search.FTS_TABLE}")  # noqa: S608
            assert cursor.fetchone()[0] == 0


def test_update_reindexes() -> None:
    solution = make("Hundesteuer-Portal", short="Die Hundesteuer online anmelden.")
    document = dict(solution.document)
    document["name"] = "Parkausweis-Portal"
    document["description"] = {
        "de": {**document["description"]["de"], "shortDescription": "Bewohnerparkausweis beantragen."}
    }
    solution_update(actor=ACTOR, solution=solution, document=document, links=SolutionLinks())
    assert names("Hundesteuer") == []
    assert names("Parkausweis") == ["Parkausweis-Portal"]


def test_reimport_reindexes() -> None:
    make("Hundesteuer-Portal", short="Die Hundesteuer online anmelden.")
    make("Hundesteuer-Portal", short="Den Parkausweis online beantragen.")
    assert names("Parkausweis") == ["Hundesteuer-Portal"]
    assert names("anmelden") == []


def test_rebuild_index_restores_everything() -> None:
    make("Hundesteuer-Portal")
    make("Wohngeld digital", short="Wohngeldantrag ohne Papier.")
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"DELETE FROM {search.FTS_TABLE}")  # noqa: S608
        else:
            cursor.execute(f"UPDATE catalog_solution SET {search.VECTOR_COLUMN} = NULL")  # noqa: S608
    assert names("Wohngeld") == []
    assert search.rebuild_index() == 2
    assert names("Wohngeld") == ["Wohngeld digital"]
    assert names("Hundesteuer") == ["Hundesteuer-Portal"]


def test_result_is_a_queryset_that_composes_with_filters_visibility_and_facets() -> None:
    make("Hundesteuer Nord", license="EUPL-1.2")
    make("Hundesteuer Süd", license="MIT")
    make("Hundesteuer Entwurf", license="MIT", visibility="draft")
    make("Wohngeld", license="MIT")
    results = reference.solution_search(user=None, filters=SolutionFilter(q="Hundesteuer", license="MIT"))
    assert [s.name for s in results] == ["Hundesteuer Süd"]
    assert results.count() == 1
    assert results[0].rank > 0
    facets = facet_counts(user=None, filters=SolutionFilter(q="Hundesteuer"))
    assert {v.value: v.count for v in facets["license"]} == {"EUPL-1.2": 1, "MIT": 1}
    ranked = reference.search_rank(Solution.objects.filter(license="MIT"), "Hundesteuer")
    assert sorted(s.name for s in ranked) == ["Hundesteuer Entwurf", "Hundesteuer Süd"]
    assert Solution.objects.filter(pk__in=ranked.values("pk")).count() == 2


def test_equal_ranks_are_ordered_by_name_then_id() -> None:
    make("Zeta Hundesteuer", short="Gleicher Text.")
    make("Alpha Hundesteuer", short="Gleicher Text.")
    results = reference.solution_search(user=None, filters=SolutionFilter(q="Gleicher"))
    assert [s.name for s in results] == ["Alpha Hundesteuer", "Zeta Hundesteuer"]


HOSTILE = [
    "",
    " ",
    '"',
    '""',
    "*",
    "**",
    "AND",
    "OR",
    "NOT",
    "(",
    ")",
    "-",
    "--",
    "Hund*",
    '"Hund',
    "Hund AND (",
    "NEAR(a b)",
    "name:Hund",
    "{name}: x",
    "'; DROP TABLE catalog_solution; --",
    "a & b | !c <-> d:*",
    "\\",
    "%",
    "_",
    "\x00",
    "\x01\x02",
    "ß" * 300,
    "Hund " * 100,
    "🐕 Hundesteuer",
    "Ⅻ ² ﬁ",
]


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_queries_never_raise(query: str) -> None:
    make("Hundesteuer-Portal")
    results = reference.search_rank(Solution.objects.all(), query).order_by("-rank", "name", "id")
    assert results.count() == len(list(results[:10]))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=st.text(max_size=60))
def test_random_queries_never_raise(query: str) -> None:
    if not Solution.objects.exists():
        make("Hundesteuer-Portal", short='Die <b>Hundesteuer</b> & "Straße" online.')
    results = reference.search_rank(Solution.objects.all(), query).order_by("-rank", "name", "id")
    for solution in results[:5]:
        assert _only_mark_tags(solution.headline)
    assert results.count() >= 0


def test_query_parser_keeps_only_letters_and_digits() -> None:
    parsed = search.parse_query('Hund* "online anmelden" OR "x -Steuer ( AND')
    assert parsed.groups == (
        (search.Term(("Hund",)),),
        (search.Term(("online", "anmelden")), search.Term(("x", "Steuer", "AND"))),
    )
    assert search.parse_query("-Steuer Hund").excluded == (search.Term(("Steuer",)),)
    assert not search.parse_query(' "" * ( ) - ')
    assert search.fts5_query(search.parse_query("Hunde")) == '(("hunde" OR "hund"*))'
    assert (
        search.tsquery_text(search.parse_query("Hunde online-Antrag"))
        == "('Hunde':*) & (('online' <-> 'Antrag':*))"
    )


def test_light_stemmer() -> None:
    assert search.stem(search.fold("Anträge")) == "antrag"
    assert search.stem("hunde") == "hund"
    assert search.stem("wohngeld") == "wohngeld"
    assert search.stem("daten") == "date"
    assert search.stem("bus") == "bus"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Steuer", ["Hundesteuer-Portal"]),
        ("steuer", ["Hundesteuer-Portal"]),
        ("Parken", ["Anwohnerportal"]),
        ("Parkausweis", ["Anwohnerportal"]),
        ("Ausweis", ["Anwohnerportal"]),
        ("Genehmigung", ["Bauportal"]),
        ("Verfahren", ["Bauportal"]),
        ("Park", ["Anwohnerportal"]),  # not in "Sparkasse"
    ],
)
def test_compounds_match_from_inside(query: str, expected: list[str]) -> None:
    make("Hundesteuer-Portal", short="Die Hundesteuer online anmelden.")
    make("Anwohnerportal", short="Den Bewohnerparkausweis online beantragen.")
    make("Bauportal", short="Das Baugenehmigungsverfahren digital abwickeln.")
    make("Kassenbuch", short="Einzahlungen bei der Sparkasse verbuchen.")
    assert names(query) == expected


def test_exact_words_rank_above_compound_parts() -> None:
    make("Hundesteuer online", short="Die Hundesteuer anmelden.")
    make("Kommunalkasse", short="Steuer und Abgaben online zahlen.")
    assert names("Steuer") == ["Kommunalkasse", "Hundesteuer online"]
    make("Parkraum", short="Parken in der Innenstadt.")
    make("Anwohnerportal", short="Den Bewohnerparkausweis beantragen.")
    assert names("Parken") == ["Parkraum", "Anwohnerportal"]


def test_compound_headline_marks_the_compound() -> None:
    make("Hundesteuer-Portal", short="Die Hundesteuer online anmelden.")
    (result,) = reference.solution_search(user=None, filters=SolutionFilter(q="Steuer"))
    assert "Hundesteuer" in result.headline


def test_compound_parts() -> None:
    assert compound_parts("Hundesteuer") == ("hunde", "steuer")
    assert compound_parts("Bewohnerparkausweis") == ("bewohner", "park", "ausweis", "parkausweis")
    assert compound_parts("Baugenehmigungsverfahren") == (
        "bau",
        "genehmigung",
        "verfahren",
        "genehmigungsverfahren",
    )
    assert compound_parts("Kitaplätzen") == ("kita", "platz")
    assert compound_parts("Xylophonsteuer") == ("steuer",)  # unknown modifier: the known head
    assert compound_parts("Sparkasse") == ("kasse",)
    assert compound_parts("Steuer") == ()
    assert compound_parts("Beratung") == ()


_HEADLINE_WORDS = [
    "Hund",
    "Hunde",
    "Hundesteuer",
    "Straße",
    "strasse",
    "Bürger",
    "burger",
    "a",
    "ÄRGER",
    "Öl",
    "x",
]
_HEADLINE_TEXT = st.lists(
    st.sampled_from(_HEADLINE_WORDS) | st.text(alphabet="abcßäöü-_ &<>'\"\n.,", min_size=1, max_size=6),
    max_size=60,
).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(
    query=st.lists(
        st.sampled_from([*_HEADLINE_WORDS, "steuer", "ss", "-Hund", "OR", '"Hund steuer"']), max_size=4
    ),
    short=_HEADLINE_TEXT,
    long=_HEADLINE_TEXT,
)
def test_headline_is_the_plainly_stated_window(query: list[str], short: str, long: str) -> None:
    parsed = search.parse_query(" ".join(query))
    assert search.headline(parsed, short, long) == reference.plain_headline(parsed, short, long)
    assert search.headline(parsed, short, long) == reference.plain_headline(parsed, short, long)  # memo
    kept: dict[str, list[str]] = {}
    remembered = search.headline(
        parsed, short, long, split=lambda t: kept.setdefault(t, search.split_text(t))
    )
    assert remembered == reference.plain_headline(parsed, short, long)
