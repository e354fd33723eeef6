"""The website: the only code that imports MkDocs or knows Material for MkDocs.

`pages` lays out a publisher's site (pages, navigation, footer); `mkdocs_site`
builds it with MkDocs; `plugin` is the MkDocs plugin that `mkdocs serve` uses.
Moving to another site engine is a change to this folder only.
"""
