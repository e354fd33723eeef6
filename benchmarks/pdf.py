"""Seconds per PDF, for each print format, over the seed publishers' leaflets.

Run: .venv/bin/python benchmarks/pdf.py [--repeat N]

Times the whole path from a composed leaflet to the finished file (HTML,
WeasyPrint with its tagging mended as it writes) and, separately, WeasyPrint alone.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from generator.compose.leaflet import compose_publisher  # noqa: E402
from generator.inputs.load import list_slugs, load_library, load_publisher  # noqa: E402
from generator.inputs.project import Project  # noqa: E402
from generator.outputs.pdf.render import FORMATS, print_document, render_pdf  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3, help="times each PDF is made (default 3)")
    args = parser.parse_args()

    from weasyprint import CSS, HTML

    project = Project(REPO)
    library = load_library(project)
    jobs = []
    for slug in list_slugs(project):
        for leaflet in compose_publisher(library, load_publisher(project, slug, library)):
            jobs.append(leaflet)

    print(f"{len(jobs)} leaflets x {len(FORMATS)} formats, each made {args.repeat} times")
    print(f"{'format':<15}{'pages':>7}{'s per PDF':>11}{'min':>8}{'max':>8}{'WeasyPrint alone':>18}")
    for print_format in FORMATS:
        whole, alone, pages = [], [], []
        for leaflet in jobs:
            for _ in range(args.repeat):
                start = time.perf_counter()
                document = print_document(project, leaflet, print_format, None)
                pdf = render_pdf(document, project.root)
                whole.append(time.perf_counter() - start)
                start = time.perf_counter()
                HTML(string=document.html, base_url=str(project.root)).write_pdf(
                    pdf_variant="pdf/ua-1", stylesheets=[CSS(string=document.stylesheet)]
                )
                alone.append(time.perf_counter() - start)
            pages.append(pdf.pages)
        print(
            f"{print_format.label:<15}{statistics.mean(pages):>7.1f}{statistics.mean(whole):>11.3f}"
            f"{min(whole):>8.3f}{max(whole):>8.3f}{statistics.mean(alone):>18.3f}"
        )


if __name__ == "__main__":
    main()
