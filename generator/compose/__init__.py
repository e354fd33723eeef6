"""Compose: a publisher's leaflets, made from blocks, as sanitised HTML. Pure: no files written.

A publisher's changes order the blocks (`leaflet`), each block's Jinja is filled in
with the publisher's facts in a bounded sandbox (`templating`), and each section's
Markdown becomes HTML (`markdown`, `quotation`) that passes the allow-list
(`sanitise`). `contact` gives every output one view of the publisher's contact details.
"""
