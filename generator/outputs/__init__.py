"""Outputs: composed leaflets made into something to publish, one folder per kind.

`site` (a Material for MkDocs website) and `pdf` (tagged standard and large print
PDFs) never import each other; what both need, such as the names and labels of the
downloads, lives beside them (`downloads`). A new output (an EPUB, an Easy Read
edition) is a new folder here.
"""
