"""The pipeline that `check`, `build` and the preview all run: prepare, render, publish.

`check` prepares every publisher (load, compose, every check a render would make)
without writing; `pipeline` renders what prepared cleanly and puts it in place
(`publish`), rebuilding only what changed (`incremental`) and saying how it goes
(`progress`).
"""
