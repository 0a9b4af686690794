"""familynet's settings, composed: ``from familynet import Settings``."""

from familynet.settings import Settings

__all__ = ["Settings"]
