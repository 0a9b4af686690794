"""Probabilistic person matching (Fellegi-Sunter): features, comparison levels, the model, blocking."""
