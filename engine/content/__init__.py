"""Question banks: schema, loader with line numbers, and grading."""

from engine.content.loader import ContentError, Library, LoadedBank, load_library
from engine.content.schema import Bank, Question

__all__ = ["Bank", "ContentError", "Library", "LoadedBank", "Question", "load_library"]
