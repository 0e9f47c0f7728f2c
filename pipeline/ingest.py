"""Raw files to decoded texts: every file is either accepted or rejected with a reason."""

from __future__ import annotations

import codecs
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from pipeline.ids import stable_id

TEXT_SUFFIXES = (".txt", ".md")
DEFAULT_MAX_BYTES = 5_000_000


@dataclass(frozen=True)
class RawText:
    source_file: str  # relative to the raw folder, with forward slashes
    text: str
    content_id: str  # hash of the decoded text: the document's stable ID


@dataclass(frozen=True)
class Rejection:
    source_file: str
    reason: str
    detail: str


class RawFolderError(ValueError):
    """The raw-input folder cannot be read at all."""


def list_raw_files(raw_dir: Path) -> list[Path]:
    """The folder's text files, recursively, in a stable order."""
    if not raw_dir.is_dir():
        raise RawFolderError(
            f"raw-input folder {raw_dir} does not exist or is not a folder: "
            "create it and put .txt or .md files in it, or pass --raw DIR"
        )
    return sorted(
        p
        for p in raw_dir.rglob("*")
        if p.is_file() and p.suffix.lower() in TEXT_SUFFIXES and not p.name.startswith(".")
    )


def read_raw_folder(
    raw_dir: Path, max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[RawText | Rejection]:
    """Decode every text file of the folder; exact repeats of an earlier file are rejected."""
    seen: dict[str, str] = {}
    for path in list_raw_files(raw_dir):
        rel = path.relative_to(raw_dir).as_posix()
        result = decode_file(rel, path.read_bytes(), max_bytes)
        if isinstance(result, RawText):
            if result.content_id in seen:
                result = Rejection(rel, "duplicate", f"same text as {seen[result.content_id]}")
            else:
                seen[result.content_id] = rel
        yield result


def decode_file(
    source_file: str, data: bytes, max_bytes: int = DEFAULT_MAX_BYTES
) -> RawText | Rejection:
    """Decode one file's bytes, or say why it cannot be used."""
    if len(data) > max_bytes:
        return Rejection(
            source_file, "too_large", f"{len(data)} bytes, over the limit of {max_bytes}"
        )
    text = _decode(data)
    if text is None:
        return Rejection(source_file, "undecodable", "not valid UTF-8, UTF-16 or Windows-1252 text")
    if "\x00" in text:
        return Rejection(source_file, "binary", "contains NUL bytes: not a text file")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        return Rejection(source_file, "empty", "the file has no text")
    return RawText(source_file, text, stable_id(text.strip()))


def _decode(data: bytes) -> str | None:
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="strict")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")
    for encoding in ("utf-8", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None
