"""Agency extracts -> validated, matched, provenance-tagged graph writes. Needs no web app."""
