"""Leap2A exports as Mahara writes them (its export/leap templates: header, entry, links,
categories; the file, blog, comment, internal and resume plugins), built in code so each
test says which shape it needs: with or without files, journals, comments and tags."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from xml.sax.saxutils import escape, quoteattr

HEADER = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"
    xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    xmlns:leap2="http://terms.leapspecs.org/"
    xmlns:categories="http://wiki.leapspecs.org/2A/categories/"
    xmlns:portfolio="https://mahara.example.nl/export/leap/7/1733389200/"
    xmlns:mahara="http://wiki.mahara.org/Developer_Area/Import%2F%2FExport/LEAP_Extensions#"
>
    <leap2:version>http://www.leapspecs.org/2010-07/2A/</leap2:version>
    <id>https://mahara.example.nl/export/7/1733389200</id>
    <title>Mahara Leap2A Export for {name}, 05/12/2024 10:00</title>
    <updated>2024-12-05T10:00:00+01:00</updated>
    <generator uri="http://mahara.org/" version="2024100900">Mahara</generator>
    <author>
        <name>{name}</name>
        <email>sanne@example.nl</email>
        <uri>portfolio:artefactinternal</uri>
    </author>
"""

PERSON = """    <entry>
        <title>{name}</title>
        <id>portfolio:artefactinternal</id>
        <updated>2024-12-05T10:00:00+01:00</updated>
        <content type="text">{name}</content>
        <rdf:type rdf:resource="leap2:person"/>
        <leap2:persondata leap2:field="preferred_name">{name}</leap2:persondata>
        <leap2:persondata leap2:field="email" mahara:artefactplugin="internal"
            mahara:artefacttype="email">sanne@example.nl</leap2:persondata>
    </entry>
"""


@dataclass
class Artefact:
    """One entry, with Mahara's id `portfolio:artefact<n>`."""

    number: int
    title: str
    leap_type: str  # entry, resource, selection, activity, ...
    plugin: str | None = None  # (plugin, type) of mahara:artefactplugin
    artefact_type: str | None = None
    published: str = "2024-03-05T14:01:00+01:00"
    updated: str = "2024-03-05T14:02:11+01:00"
    author: str | None = None
    summary: str | None = None
    xhtml: str | None = None  # content type="xhtml" (Mahara's html, coerced)
    text: str = ""
    links: list[tuple[str, str, str | None]] = field(default_factory=list)  # rel, href, type
    tags: list[tuple[str, str]] = field(default_factory=list)  # term, label
    categories: list[tuple[str, str]] = field(default_factory=list)  # scheme, term

    @property
    def id(self) -> str:
        return f"portfolio:artefact{self.number}"

    def xml(self) -> str:
        out = ["    <entry>", f"        <title>{escape(self.title)}</title>",
               f"        <id>{self.id}</id>"]  # fmt: skip
        if self.author:
            out.append(f"        <author>\n            <name>{escape(self.author)}</name>\n"
                       "        </author>")  # fmt: skip
        out.append(f"        <updated>{self.updated}</updated>")
        out.append(f"        <published>{self.published}</published>")
        if self.summary is not None:
            out.append(f"        <summary>{escape(self.summary)}</summary>")
        if self.xhtml is not None:
            out.append('        <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">'
                       f"{self.xhtml}</div></content>")  # fmt: skip
        else:
            out.append(f"        <content>{escape(self.text)}</content>")
        out.append(f'        <rdf:type rdf:resource="leap2:{self.leap_type}"/>')
        if self.plugin:
            out.append(f'        <mahara:artefactplugin mahara:type="{self.artefact_type}" '
                       f'mahara:plugin="{self.plugin}"/>')  # fmt: skip
        for rel, href, mimetype in self.links:
            kind = f" type={quoteattr(mimetype)}" if mimetype else ""
            out.append(f"        <link rel={quoteattr(rel)}{kind} href={quoteattr(href)}/>")
        for term, label in self.tags:
            extra = f" label={quoteattr(label)}" if label != term else ""
            out.append(f"        <category term={quoteattr(term)}{extra}/>")
        for scheme, term in self.categories:
            out.append(f'        <category term={quoteattr(term)} '
                       f'scheme="categories:{scheme}#"/>')  # fmt: skip
        out.append("    </entry>")
        return "\n".join(out) + "\n"


@dataclass
class MaharaExport:
    """A portfolio to export: add files, journals, notes and comments, then zip()."""

    name: str = "Sanne de Vries"
    artefacts: list[Artefact] = field(default_factory=list)
    files: dict[str, bytes] = field(default_factory=dict)
    with_profile: bool = True
    next_number: int = 10

    def _add(self, artefact: Artefact) -> Artefact:
        self.artefacts.append(artefact)
        return artefact

    def _number(self) -> int:
        self.next_number += 1
        return self.next_number

    def file(self, title: str, data: bytes, mimetype: str, *, artefact_type: str = "file",
             description: str = "", tags: list[str] = (), folder: Artefact | None = None,
             **dates) -> Artefact:  # fmt: skip
        """A file (or image, video, audio): its bytes in files/<n>-<title>, as Mahara's
        exporter numbers its attachments."""
        path = f"files/{len(self.files)}-{title}"
        self.files[path] = data
        artefact = Artefact(self._number(), title, "resource", "file", artefact_type,
                            summary=description, **dates)  # fmt: skip
        artefact.links.append(("enclosure", path, mimetype))
        if folder is not None:
            artefact.links.append(("leap2:is_part_of", folder.id, None))
            folder.links.append(("leap2:has_part", artefact.id, None))
        artefact.tags = [(_normalise(t), t) for t in tags]
        artefact.categories.append(("resource_type", "Offline"))
        return self._add(artefact)

    def folder(self, title: str) -> Artefact:
        folder = Artefact(self._number(), title, "selection", "file", "folder")
        folder.categories.append(("selection_type", "Folder"))
        return self._add(folder)

    def journal(self, title: str, description: str = "") -> Artefact:
        blog = Artefact(self._number(), title, "selection", "blog", "blog",
                        xhtml=f"<p>{escape(description)}</p>")  # fmt: skip
        blog.categories.append(("selection_type", "Blog"))
        return self._add(blog)

    def post(self, journal: Artefact, title: str, html: str, *, tags: list[str] = (),
             attachments: list[Artefact] = (), **dates) -> Artefact:  # fmt: skip
        post = Artefact(self._number(), title, "entry", "blog", "blogpost", xhtml=html, **dates)
        post.links.append(("leap2:is_part_of", journal.id, None))
        journal.links.append(("leap2:has_part", post.id, None))
        for attachment in attachments:
            post.links.append(("related", attachment.id, None))
        post.tags = [(_normalise(t), t) for t in tags]
        return self._add(post)

    def note(self, title: str, html: str, **dates) -> Artefact:
        """Mahara's "note" (the html artefact of its internal plugin)."""
        return self._add(Artefact(self._number(), title, "entry", "internal", "html",
                                  xhtml=html, **dates))  # fmt: skip

    def comment(self, on: Artefact, html: str, *, author: str | None = None,
                **dates) -> Artefact:  # fmt: skip
        """A comment; Mahara names its author only when that is not the owner."""
        comment = Artefact(self._number(), "Comment", "entry", "comment", "comment",
                           author=author, xhtml=html, **dates)  # fmt: skip
        comment.links.append(("leap2:reflects_on", on.id, None))
        on.links.append(("leap2:reflected_on_by", comment.id, None))
        return self._add(comment)

    def page(self, title: str) -> Artefact:
        view = Artefact(self._number(), title, "selection", xhtml="<p>Mijn pagina</p>")
        view.categories.append(("selection_type", "Webpage"))
        return self._add(view)

    def job(self, title: str) -> Artefact:
        """A résumé line (employment history)."""
        return self._add(Artefact(self._number(), title, "activity", "resume",
                                  "employmenthistory", text=title))  # fmt: skip

    def feed(self) -> str:
        body = HEADER.format(name=escape(self.name))
        if self.with_profile:
            body += PERSON.format(name=escape(self.name))
        body += "".join(a.xml() for a in self.artefacts)
        return body + "</feed>\n"

    def zip(self, *, feed: str | None = None, extra: dict[str, bytes] | None = None) -> bytes:
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("leap2a.xml", feed if feed is not None else self.feed())
            for path, data in {**self.files, **(extra or {})}.items():
                archive.writestr(path, data)
        return out.getvalue()


def _normalise(tag: str) -> str:
    """Mahara's normalise_tag: anything but letters, digits and '-' becomes '-'."""
    out = "".join(c if c.isascii() and (c.isalnum() or c == "-") else "-" for c in tag)
    while "--" in out:
        out = out.replace("--", "-")
    return out
