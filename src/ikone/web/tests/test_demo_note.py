from types import SimpleNamespace

from django.template.loader import render_to_string

NOTE = "Demodaten: Dieses Netzwerk und seine Inhalte wurden zur Vorführung angelegt."


def test_the_demo_note_shows_for_demo_networks_only():
    assert NOTE in render_to_string(
        "web/components/demo_note.html", {"network": SimpleNamespace(is_demo=True)}
    )
    assert (
        render_to_string("web/components/demo_note.html", {"network": SimpleNamespace(is_demo=False)}).strip()
        == ""
    )
