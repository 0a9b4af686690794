"""The desk: a family network around a person, and the details panel."""
