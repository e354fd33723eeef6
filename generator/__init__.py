"""sen-leaflets: single-source SEN support leaflets for SEND IAS services.

Data flows one way: `inputs` (files into validated values), `compose` (a
publisher's leaflets as sanitised HTML), `outputs` (the website and the PDFs), and
`build`, the pipeline that `sen-leaflets check`, `sen-leaflets build` and the
preview all run. Only `outputs.site` knows about MkDocs.
"""

__version__ = "0.1.0"
