"""How each kind of source is listed and how one item's publiccode.yml is fetched. Adapters only
talk HTTP (through `SafeClient`) and return plain data; the engine in `services` decides.

- peer: the federation feed of another ikone instance (docs/federation contract, FEED.md):
  `GET {base}/api/v1/federation/solutions?changed_since=…&limit=…&offset=…`, incremental
  (only tombstones withdraw), the greatest `changed_at` is the cursor for the next run.
- git_platform: a GitHub organisation (`GET {api}/orgs/{org}/repos`, then
  `GET {api}/repos/{owner}/{repo}/contents/publiccode.yml?ref={default_branch}` as raw) or a
  GitLab group (`GET {api}/api/v4/groups/{group}/projects?include_subgroups=true`, then
  `GET {api}/api/v4/projects/{id}/repository/files/publiccode.yml/raw?ref={default_branch}`),
  pages followed through the `Link: <…>; rel="next"` header, as italia/publiccode-crawler does.
  The listing is the whole organisation: a repository no longer listed is withdrawn.
- developers_italia: a software API in the shape of api.developers.italia.it (see the adapter).
- dcat: a DCAT-AP catalog whose datasets point to publiccode.yml files (see the adapter).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol
from urllib.parse import quote, urlencode

from ikone.harvesting.client import JSON, YAML, FetchError, SafeClient
from ikone.harvesting.models import HarvestRecord, HarvestSource

PEER_PAGE = 500
GIT_PAGE = 100
MAX_PAGES = 200  # at most 20,000 repositories or 100,000 feed items per run
GITHUB_RAW = (*YAML, "application/vnd.github.raw")
_NEXT = re.compile(r'<([^>]+)>\s*;\s*rel="?next"?')


@dataclass
class Entry:
    """One item of a source as listed."""

    key: str
    revision: str = ""
    page_url: str = ""
    repo_url: str = ""
    deleted: bool = False
    document: dict[str, Any] | None = None
    text: str | None = None
    fetch_url: str = ""
    services: list[str] = field(default_factory=list)
    usage: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class Listing:
    entries: list[Entry]
    complete: bool  # the whole source: an item no longer listed is withdrawn
    state: dict[str, Any] = field(default_factory=dict)  # kept on the source after a finished run


@dataclass
class Payload:
    """An entry with what fetching it gave (in a worker thread)."""

    entry: Entry
    text: str | None = None
    not_modified: bool = False
    gone: bool = False
    error: str = ""
    etag: str = ""
    last_modified: str = ""
    outcome: Any = None  # the validation, when a worker process already did it


class Adapter(Protocol):
    def listing(self, client: SafeClient, source: HarvestSource, cursor: dict[str, Any]) -> Listing: ...

    def fetch(self, client: SafeClient, entry: Entry, record: HarvestRecord | None) -> Payload: ...


def _base(source: HarvestSource) -> str:
    return source.base_url.rstrip("/")


def _json(client: SafeClient, url: str, **kwargs: Any) -> tuple[Any, Any]:
    fetched = client.get(url, accept=JSON, **kwargs)
    if fetched.not_modified:
        return None, fetched
    try:
        return json.loads(fetched.content), fetched
    except ValueError as exc:
        raise FetchError("Die Antwort ist kein gültiges JSON.", url=url) from exc


class PeerAdapter:
    def listing(self, client: SafeClient, source: HarvestSource, cursor: dict[str, Any]) -> Listing:
        since = cursor.get("changed_since") or ""
        entries: list[Entry] = []
        latest = since
        offset = 0
        for _page in range(MAX_PAGES):
            query = {"limit": PEER_PAGE, "offset": offset, **({"changed_since": since} if since else {})}
            url = f"{_base(source)}/api/v1/federation/solutions?{urlencode(query)}"
            data, _fetched = _json(client, url)
            if not isinstance(data, dict) or not isinstance(data.get("items"), list):
                raise FetchError("Die Antwort hat nicht die Form des Föderations-Feeds.", url=url)
            latest = str(data.get("latest") or latest)
            items = data["items"]
            entries += [_peer_entry(item, url) for item in items]
            offset += len(items)
            if not items or offset >= int(data.get("count") or 0):
                break
        if source.follow_network:
            entries = [
                e
                for e in entries
                if e.deleted or any(u.get("network") == source.follow_network for u in e.usage)
            ]
        return Listing(entries=entries, complete=False, state={"latest": latest})

    def fetch(self, client: SafeClient, entry: Entry, record: HarvestRecord | None) -> Payload:
        return Payload(entry=entry)


def _peer_entry(item: Any, url: str) -> Entry:
    if not isinstance(item, dict) or not isinstance(item.get("id"), str) or not item["id"]:
        raise FetchError("Ein Eintrag des Feeds hat keine Kennung.", url=url)
    changed_at = str(item.get("changed_at") or "")
    try:
        datetime.fromisoformat(changed_at)
    except ValueError:
        raise FetchError(f"Eintrag {item['id']}: ungültiges changed_at.", url=url) from None
    document = item.get("publiccode")
    return Entry(
        key=item["id"][:500],
        revision=changed_at,
        page_url=str(item.get("page_url") or "")[:500],
        repo_url=str(item.get("url") or ""),
        deleted=bool(item.get("deleted")),
        document=document if isinstance(document, dict) else None,
        services=[str(s) for s in item.get("services") or [] if isinstance(s, str | int)],
        usage=[u for u in item.get("usage") or [] if isinstance(u, dict)],
    )


class GitPlatformAdapter:
    def listing(self, client: SafeClient, source: HarvestSource, cursor: dict[str, Any]) -> Listing:
        organization = quote(source.organization, safe="")
        if source.platform == "gitlab":
            url = f"{_base(source)}/api/v4/groups/{organization}/projects?per_page={GIT_PAGE}&include_subgroups=true"
        else:
            url = f"{_base(source)}/orgs/{organization}/repos?per_page={GIT_PAGE}"
        entries: list[Entry] = []
        for _page in range(MAX_PAGES):
            data, fetched = _json(client, url)
            if not isinstance(data, list):
                raise FetchError("Die Antwort ist keine Liste von Repositories.", url=url)
            for repo in data:
                entry = self._entry(source, repo)
                if entry is not None:
                    entries.append(entry)
            found = _NEXT.search(fetched.headers.get("link", ""))
            if not found:
                break
            url = found.group(1)
        return Listing(entries=entries, complete=True)

    def _entry(self, source: HarvestSource, repo: Any) -> Entry | None:
        if not isinstance(repo, dict):
            return None
        branch = repo.get("default_branch")
        if source.platform == "gitlab":
            web_url, project = repo.get("web_url"), repo.get("id")
            if not isinstance(web_url, str) or not isinstance(project, int) or not isinstance(branch, str):
                return None
            fetch_url = (
                f"{_base(source)}/api/v4/projects/{project}/repository/files/publiccode.yml/raw?"
                + urlencode({"ref": branch})
            )
            revision = str(repo.get("last_activity_at") or "")
        else:
            web_url, full_name = repo.get("html_url"), repo.get("full_name")
            if not isinstance(web_url, str) or not isinstance(full_name, str) or not isinstance(branch, str):
                return None
            fetch_url = f"{_base(source)}/repos/{quote(full_name)}/contents/publiccode.yml?" + urlencode(
                {"ref": branch}
            )
            revision = str(repo.get("pushed_at") or "")
        return Entry(
            key=web_url[:500],
            revision=revision,
            page_url=web_url[:500],
            repo_url=web_url,
            fetch_url=fetch_url,
        )

    def fetch(self, client: SafeClient, entry: Entry, record: HarvestRecord | None) -> Payload:
        current = (
            record if record is not None and record.solution_id and record.withdrawn_at is None else None
        )
        try:
            fetched = client.get(
                entry.fetch_url,
                accept=GITHUB_RAW,
                headers={"Accept": "application/vnd.github.raw, text/plain, application/x-yaml"},
                etag=current.etag if current else "",
                last_modified=current.last_modified if current else "",
            )
        except FetchError as exc:
            if exc.status == 404:
                return Payload(entry=entry, gone=True)
            return Payload(entry=entry, error=exc.message)
        if fetched.not_modified:
            return Payload(
                entry=entry, not_modified=True, etag=fetched.etag, last_modified=fetched.last_modified
            )
        try:
            text = fetched.text()
        except FetchError as exc:
            return Payload(entry=entry, error=exc.message)
        return Payload(entry=entry, text=text, etag=fetched.etag, last_modified=fetched.last_modified)


class DevelopersItaliaAdapter:
    """A software API like https://api.developers.italia.it/v1/software: pages
    `{"data": [{"id", "url", "aliases", "publiccodeYml", "active", "createdAt", "updatedAt"}],
    "links": {"prev", "next": "?page[after]=…"}}` (`url` is a string, in newer versions an object
    with `url`). The listing is the whole catalog; `"active": false` withdraws."""

    def listing(self, client: SafeClient, source: HarvestSource, cursor: dict[str, Any]) -> Listing:
        base = source.base_url.split("?", 1)[0]
        url = f"{base}?page[size]=100"
        entries: list[Entry] = []
        for _page in range(MAX_PAGES):
            data, _fetched = _json(client, url)
            if not isinstance(data, dict) or not isinstance(data.get("data"), list):
                raise FetchError("Die Antwort hat nicht die Form der Software-API.", url=url)
            entries += [e for item in data["data"] if (e := self._entry(item)) is not None]
            following = (data.get("links") or {}).get("next") if isinstance(data.get("links"), dict) else None
            if not isinstance(following, str) or not following:
                break
            url = base + following if following.startswith("?") else following
        return Listing(entries=entries, complete=True)

    def _entry(self, item: Any) -> Entry | None:
        if not isinstance(item, dict) or not isinstance(item.get("id"), str):
            return None
        repo = item.get("url")
        repo_url = repo.get("url") if isinstance(repo, dict) else repo
        text = item.get("publiccodeYml")
        return Entry(
            key=item["id"][:500],
            revision=str(item.get("updatedAt") or "")[:200],
            page_url=repo_url if isinstance(repo_url, str) else "",
            repo_url=repo_url if isinstance(repo_url, str) else "",
            deleted=item.get("active") is False,
            text=text if isinstance(text, str) else None,
        )

    def fetch(self, client: SafeClient, entry: Entry, record: HarvestRecord | None) -> Payload:
        if entry.text is None and not entry.deleted:
            return Payload(entry=entry, error="Der Eintrag enthält keine publiccode.yml.")
        return Payload(entry=entry, text=entry.text)


_RDF_FORMATS = {
    "text/turtle": "turtle",
    "application/ld+json": "json-ld",
    "application/json": "json-ld",
    "application/rdf+xml": "xml",
}


def _local_contexts_only(value: Any) -> bool:
    """JSON-LD whose every @context is inline: a remote one would be fetched by the parser,
    outside the safe client."""
    if isinstance(value, dict):
        context = value.get("@context")
        if context is not None and not isinstance(context, dict):
            return False
        return all(_local_contexts_only(v) for v in value.values())
    if isinstance(value, list):
        return all(_local_contexts_only(v) for v in value)
    return True


class DcatAdapter:
    """A DCAT-AP catalog (Turtle, RDF/XML or JSON-LD with inline contexts), parsed with rdflib.
    Mapped: each `dcat:Dataset` with a `dcat:distribution` whose `dcat:downloadURL` (else
    `dcat:accessURL`) ends in `publiccode.yml` or `publiccode.yaml`; that file is fetched and
    harvested like a repository's. Key: the dataset's IRI; revision: `dct:modified`; page: its
    `dcat:landingPage`. Nothing else of the catalog is taken. The catalog is complete: a dataset
    no longer in it is withdrawn."""

    def listing(self, client: SafeClient, source: HarvestSource, cursor: dict[str, Any]) -> Listing:
        from rdflib import Graph, URIRef
        from rdflib.namespace import DCAT, DCTERMS, RDF

        url = source.base_url
        fetched = client.get(url, accept=tuple(_RDF_FORMATS))
        media = fetched.headers.get("content-type", "").split(";", 1)[0].strip().lower()
        text = fetched.text()
        if _RDF_FORMATS[media] == "json-ld":
            try:
                document = json.loads(text)
            except ValueError as exc:
                raise FetchError("Der Katalog ist kein gültiges JSON-LD.", url=url) from exc
            if not _local_contexts_only(document):
                raise FetchError("Entfernte JSON-LD-Kontexte lädt ikone nicht.", url=url)
        graph = Graph()
        try:
            graph.parse(data=text, format=_RDF_FORMATS[media], publicID=url)
        except Exception as exc:  # rdflib raises parser-specific errors of many kinds
            raise FetchError(
                f"Der Katalog ist kein gültiges RDF: {exc.__class__.__name__}.", url=url
            ) from None
        entries = []
        for dataset in sorted(set(graph.subjects(RDF.type, DCAT.Dataset)), key=str):
            if not isinstance(dataset, URIRef):
                continue
            for distribution in graph.objects(dataset, DCAT.distribution):
                target = graph.value(distribution, DCAT.downloadURL) or graph.value(
                    distribution, DCAT.accessURL
                )
                if target is not None and str(target).lower().endswith(("publiccode.yml", "publiccode.yaml")):
                    entries.append(
                        Entry(
                            key=str(dataset)[:500],
                            revision=str(graph.value(dataset, DCTERMS.modified) or "")[:200],
                            page_url=str(graph.value(dataset, DCAT.landingPage) or "")[:500],
                            fetch_url=str(target),
                        )
                    )
                    break
        return Listing(entries=entries, complete=True)

    def fetch(self, client: SafeClient, entry: Entry, record: HarvestRecord | None) -> Payload:
        return GitPlatformAdapter().fetch(client, entry, record)


ADAPTERS: dict[str, Adapter] = {
    "dcat": DcatAdapter(),
    "peer": PeerAdapter(),
    "git_platform": GitPlatformAdapter(),
    "developers_italia": DevelopersItaliaAdapter(),
}
