"""Where a leaflet's PDF costs more than the plain page of the floor: the same text, step by step.

Run: .venv/bin/python benchmarks/floor_gap.py [--publishers N] [--repeat N]

For a few of benchmarks/scale.py's synthetic publishers, both formats of the leaflet are written
four ways, in this one process (fonts found once, the cycle collector as the build's workers run
it), and the CPU milliseconds per PDF printed, the best of `--repeat` runs:

1. the plain page of the floor (`scale.plain_page`: h1, h2, p and ul, the floor's stylesheet);
2. our page's HTML without its links, bold words and line-break points, with the floor's stylesheet;
3. our page's HTML as it is, with the floor's stylesheet: the leaflet's text, and no design;
4. the floor as `scale.py` measures it (WeasyPrint called afresh for each PDF, finding the fonts
   again), for comparison with the first line;
5. our page as built (`render_pdf`): the design, the stylesheet, the tagging, and the line breaks
   remembered from one leaflet to the next (`generator/outputs/pdf/line_breaks.py`), as in the
   build's workers. Last, because `render_pdf` changes WeasyPrint in the process that calls it.
"""

from __future__ import annotations

import argparse
import gc
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

import scale  # noqa: E402

from generator.compose.leaflet import compose_publisher  # noqa: E402
from generator.inputs.load import load_library, load_publisher  # noqa: E402
from generator.inputs.project import Project  # noqa: E402
from generator.outputs.pdf import render  # noqa: E402

INLINE = re.compile(r"</?(?:a|strong|em|b|i|span|wbr|abbr)\b[^>]*>")
"""The inline elements of a leaflet's print page: links, bold words, printed addresses and their break points."""


Page = tuple[render.PrintDocument, int]
"""A leaflet's print document, and the floor's text size for its format (12 pt standard, 16 pt large print)."""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--publishers", type=int, default=6)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    from weasyprint import HTML

    root = Path(tempfile.mkdtemp(prefix="sen-leaflets-floor-gap-"))
    try:
        project = Project(root)
        slugs = scale.make_repository(root, args.publishers)
        library = load_library(project)
        documents: list[Page] = []
        for slug in slugs:
            inputs = load_publisher(project, slug, library)
            for leaflet in compose_publisher(library, inputs):
                for print_format in render.FORMATS:
                    document = render.print_document(project, leaflet, print_format, inputs.logo_file)
                    documents.append((document, 12 if print_format is render.STANDARD else 16))
        gc.freeze()
        gc.set_threshold(100_000, 10, 10)  # as the build's workers run it

        def plainly(html: str, css: str) -> None:
            HTML(string=html, base_url=str(root)).render(
                font_config=render._fonts(), stylesheets=[render._parsed_stylesheet(css)]
            ).write_pdf(pdf_variant="pdf/ua-1")

        ways: list[tuple[str, Callable[[render.PrintDocument, int], object]]] = [
            ("the plain page (the floor's text)", lambda d, pt: plainly(scale.plain_page(d.html, pt), "")),
            (
                "our page's HTML, links and bold taken out, floor's stylesheet",
                lambda d, pt: plainly(INLINE.sub("", d.html), scale.FLOOR_CSS % pt),
            ),
            ("our page's HTML as it is, floor's stylesheet", lambda d, pt: plainly(d.html, scale.FLOOR_CSS % pt)),
            (
                "the floor as scale.py calls WeasyPrint",
                lambda d, pt: HTML(string=scale.plain_page(d.html, pt)).write_pdf(pdf_variant="pdf/ua-1"),
            ),
            ("our page as built (render_pdf)", lambda d, pt: render.render_pdf(d, root)),
        ]
        print(f"{len(documents)} PDFs ({args.publishers} publishers, both formats), best of {args.repeat} runs")
        plain = 0.0
        for label, write in ways:
            best = min(_seconds(write, documents) for _ in range(args.repeat)) / len(documents) * 1000
            plain = plain or best
            print(f"  {label:<64}{best:>7.0f} ms per PDF  {best / plain:>5.2f} x")
    finally:
        shutil.rmtree(root, ignore_errors=True)


def _seconds(write: Callable[[render.PrintDocument, int], object], documents: list[Page]) -> float:
    start = time.process_time()
    for document, size_pt in documents:
        write(document, size_pt)
    return time.process_time() - start


if __name__ == "__main__":
    main()
