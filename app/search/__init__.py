"""Finding a person from one box."""
