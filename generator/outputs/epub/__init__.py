"""EPUB 3: composed leaflets as reflowable e-books for screen readers, e-readers and reading apps.

`render_epub` is the one entry point. `xhtml` makes the content documents (the cover and
one document per section) from the composed, sanitised HTML; `render` packages them with
ebooklib (package document, navigation, spine) and the accessibility metadata.
"""

from .render import render_epub

__all__ = ["render_epub"]
