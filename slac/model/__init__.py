"""The Policy model and its resolution from the AST."""

from slac.model.resolve import Resolution, Suppression, resolve
from slac.model.types import Policy

__all__ = ["Policy", "Resolution", "Suppression", "resolve"]
