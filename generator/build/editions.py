"""Every downloadable edition of a publisher's leaflets: what is to be made, and making it.

`build` and the preview share this plan, so both offer the same files with the same
descriptions. Each `EditionJob` is one renderer run for one leaflet, with a key that
changes whenever what it makes would change: the preview keeps what it made by that key.
Large print also gives the A5 booklet, imposed from its pages, so the booklet is known
here only.
"""

from __future__ import annotations

import hashlib
import pickle
from abc import ABC, abstractmethod
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from ..compose.leaflet import ComposedLeaflet
from ..inputs.files import read_input
from ..inputs.project import Project
from ..inputs.rules import MAX_LOGO_BYTES
from ..outputs.downloads import BOOKLET, BRF, DOCX, EPUB, OTHER_FORMATS, Download, Edition, file_description

if TYPE_CHECKING:  # the PDF renderer (and WeasyPrint) is imported only when a PDF is due
    from ..outputs.pdf.render import PrintDocument


@dataclass(frozen=True)
class MadeFile:
    """One edition's file, and how the site describes it ('PDF, 212 KB, 6 pages')."""

    edition: Edition
    data: bytes
    description: str


@dataclass(frozen=True)
class EditionJob(ABC):
    """One renderer run for one leaflet: the editions it makes, and a key for what they are made from."""

    leaflet_id: str
    leaflet_title: str
    editions: tuple[Edition, ...]
    logo_path: Path | None
    """The logo, the one file the renderer reads."""

    @cached_property
    @abstractmethod
    def key(self) -> str:
        """Changes whenever the files made would change (a hash of everything the renderer reads).

        Worked out only when asked for (the preview keeps what it made by it; `build` never asks).
        """

    @abstractmethod
    def make(self, base: Path) -> list[MadeFile]:
        """The files, in the order of `editions`; `base` is the folder relative addresses start from."""

    def waiting(self, edition: Edition) -> Download:
        """The download as the site offers it while it is still being made (the preview)."""
        kind = edition.extension.upper()
        return Download(
            self.leaflet_id, self.leaflet_title, edition, f"{kind}, being made: reload the page in a moment"
        )


@dataclass(frozen=True)
class PdfJob(EditionJob):
    """A printed edition, laid out by WeasyPrint from its HTML."""

    document: PrintDocument | None = None

    @cached_property
    def key(self) -> str:
        assert self.document is not None
        # The HTML names the logo's file, not its picture: a new picture under the same name changes the PDF.
        return _digest(self.document.digest.encode("ascii") + _logo_digest(self.logo_path))

    def make(self, base: Path) -> list[MadeFile]:
        from ..outputs.pdf.render import booklet_of, render_pdf

        assert self.document is not None
        allowed = frozenset({self.logo_path}) if self.logo_path else frozenset()  # the only file WeasyPrint reads
        pdf = render_pdf(self.document, base, allowed)
        made = [MadeFile(self.editions[0], pdf.data, pdf.label)]
        if BOOKLET in self.editions:
            booklet = booklet_of(pdf, self.leaflet_title)
            made.append(MadeFile(BOOKLET, booklet.data, booklet.label))
        return made


@dataclass(frozen=True)
class FormatJob(EditionJob):
    """An edition made straight from the composed leaflet: one subclass for each (EPUB, Word, braille)."""

    leaflet: ComposedLeaflet | None = None
    reads_logo: ClassVar[bool] = True
    """Whether the edition shows the logo (a new logo then makes it again)."""

    @cached_property
    def key(self) -> str:
        return _digest(self.editions[0].name.encode() + pickle.dumps(self.leaflet) + _logo_digest(self.logo_path))

    def make(self, base: Path) -> list[MadeFile]:
        assert self.leaflet is not None
        return [self.render(self.leaflet)]

    @abstractmethod
    def render(self, leaflet: ComposedLeaflet) -> MadeFile:
        """The edition's file, made from `leaflet`."""


@dataclass(frozen=True)
class EpubJob(FormatJob):
    def render(self, leaflet: ComposedLeaflet) -> MadeFile:
        from ..outputs.epub import render_epub

        data = render_epub(leaflet, self.logo_path)
        return MadeFile(EPUB, data, file_description("EPUB", len(data)))


@dataclass(frozen=True)
class DocxJob(FormatJob):
    def render(self, leaflet: ComposedLeaflet) -> MadeFile:
        from ..outputs.docx.render import render_docx

        data = render_docx(leaflet, self.logo_path)
        return MadeFile(DOCX, data, file_description("DOCX", len(data)))


@dataclass(frozen=True)
class BrailleJob(FormatJob):
    reads_logo: ClassVar[bool] = False  # braille has no pictures

    def render(self, leaflet: ComposedLeaflet) -> MadeFile:
        from ..outputs.braille.render import render_brf

        brf = render_brf(leaflet)
        pages = f"{brf.pages} braille page{'s' if brf.pages != 1 else ''}"
        return MadeFile(BRF, brf.data, file_description("BRF", len(brf.data), pages))


FORMAT_JOBS: dict[Edition, type[FormatJob]] = {EPUB: EpubJob, DOCX: DocxJob, BRF: BrailleJob}
"""The job that makes each edition other than the PDFs: a new output is one more job and one more line here."""


def plan_editions(
    project: Project, leaflets: Iterable[ComposedLeaflet], logo_path: Path | None, outputs: frozenset[str]
) -> list[EditionJob]:
    """What is to be made for these leaflets, for the chosen outputs ('pdf', 'epub', 'docx', 'brf')."""
    jobs: list[EditionJob] = []
    for leaflet in leaflets:
        if "pdf" in outputs:
            from ..outputs.pdf.render import FORMATS, LARGE, print_documents

            for print_format, document in zip(FORMATS, print_documents(project, leaflet, logo_path), strict=True):
                editions = (print_format.edition, BOOKLET) if print_format is LARGE else (print_format.edition,)
                jobs.append(PdfJob(leaflet.id, leaflet.title, editions, logo_path, document))
        for edition in OTHER_FORMATS:
            if edition.output in outputs:
                job = FORMAT_JOBS[edition]
                logo = logo_path if job.reads_logo else None
                jobs.append(job(leaflet.id, leaflet.title, (edition,), logo, leaflet))
    return jobs


def make_editions(jobs: Iterable[EditionJob], base: Path) -> list[tuple[Download, bytes]]:
    """Every file the jobs make, with the site's description of each, in the order the site lists them."""
    return [
        (Download(job.leaflet_id, job.leaflet_title, made.edition, made.description), made.data)
        for job in jobs
        for made in job.make(base)
    ]


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _logo_digest(logo_path: Path | None) -> bytes:
    """What the logo's picture is, for a key (nothing, without one)."""
    if logo_path is None or not logo_path.is_file():
        return b""
    return _digest(read_input(logo_path, MAX_LOGO_BYTES)).encode()
