"""Meeting mode: the family on one shared screen, redacted by default; the printable summary."""
