"""Braille: composed leaflets as Unified English Braille (grade 2) BRF files, for an embosser or a braille display.

`render.render_brf` is the one entry point. liblouis (Debian's liblouis20 and liblouis-data)
translates; the modules here prepare the text (`text`), bind liblouis (`liblouis`), read the
leaflet as braille blocks (`blocks`), break them into lines of 40 cells (`lines`) and lay the
lines out as numbered pages of 25 lines (`pages`).
"""
