"""People as a worker may see them: the person-view service every surface reads through, and its words."""
