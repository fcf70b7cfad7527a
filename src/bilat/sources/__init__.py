"""Sources: find the user's files and split them into raw records (first layer)."""

from bilat.sources.files import SUPPORTED_SUFFIXES, iter_raw
from bilat.sources.manifest import apply_manifest, read_manifest

__all__ = ["SUPPORTED_SUFFIXES", "apply_manifest", "iter_raw", "read_manifest"]
