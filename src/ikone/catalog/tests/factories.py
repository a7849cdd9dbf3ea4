"""publiccode.yml texts for catalog tests."""

from __future__ import annotations

import textwrap


def publiccode_yaml(
    *,
    name: str = "Hundesteuer-Portal",
    url: str = "https://git.example.org/speyer/hundesteuer",
    short: str = "Online-Anmeldung der Hundesteuer für Bürgerinnen und Bürger.",
    long: str | None = None,
    license: str = "EUPL-1.2",
    status: str = "stable",
    extra: str = "",
) -> str:
    long = long or (
        "Mit dem Hundesteuer-Portal melden Bürgerinnen und Bürger ihren Hund online an, ab und um. "
        "Die Kommune erhält die Daten strukturiert und kann den Bescheid ohne Medienbruch erstellen. " * 2
    )
    return textwrap.dedent(
        f"""\
        publiccodeYmlVersion: "0"
        name: {name}
        url: "{url}"
        platforms:
          - web
        categories:
          - taxes-management
        developmentStatus: {status}
        softwareType: standalone/web
        description:
          de:
            shortDescription: "{short}"
            longDescription: >
              {long}
            features:
              - Anmeldung und Abmeldung
              - Bescheid als PDF
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
    ) + textwrap.dedent(extra)
