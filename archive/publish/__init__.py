"""The Datasette publication of the archive: metadata, canned queries, dashboards, plugins."""
