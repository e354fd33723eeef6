"""Inputs: files into validated values.

YAML and Markdown are read safely and within limits (`files`, `yaml_source`),
validated against the schemas (`fields`, `schema`), loaded into a `Library` of
shared content and one `PublisherInputs` per publisher (`load`, `blocks`), and
checked against each other (`rules`). Every problem is located at its file and line.
"""
