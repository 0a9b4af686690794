"""The JSON API at /api."""
