"""Reports for the national maintainer, about the content rather than for publishing: drift from the shared text."""
