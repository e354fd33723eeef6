"""sen-leaflets: single-source SEN support leaflets for SEND IAS services.

Data flows one way: load and validate (`model`), compose (`compose`), render
(`site` for the website, later `pdf` for print). Only `site` and `plugin` know
about MkDocs.
"""

__version__ = "0.1.0"
