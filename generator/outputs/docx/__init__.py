"""The Word (DOCX) edition: an editable copy of a leaflet, with Word's own heading, list and link markup.

`render.render_docx` is the one public function; the other modules are its parts: `styles` (A4,
British English, the fonts and styles), `body` (the leaflet's HTML as Word paragraphs), `ooxml`
(the WordprocessingML python-docx has no API for) and `package` (the properties, and the same
bytes every time).
"""
