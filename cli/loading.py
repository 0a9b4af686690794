"""CLI commands that bring data in: generate demo extracts, load extracts, evaluate matching."""
