"""The analyst console: read-only Cypher, saved queries, results as table and graph."""
