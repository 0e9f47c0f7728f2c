"""Raw files to decoded texts: every file is either accepted or rejected with a reason.

Reasons, in the order they are tried: `too_large`, `empty`, `binary` (NUL bytes, images, PDFs,
archives), `undecodable`, `html_without_article`, `not_english` (the English model cannot
read it; the detail names the language), `duplicate` (the same text as an earlier file);
`outside_folder` (a symbolic link leading out of the folder) and `unreadable` (a dangling
link, a link loop, a subfolder or file that cannot be read) while listing the folder; `failed`
when decoding or header parsing meets an error. The list is REJECT_REASONS in schemas/_fields.py.
Text is decoded as UTF-8 (with or without BOM), UTF-16 (with BOM, or detected), then
Windows-1252; UTF-8 that was mis-decoded somewhere upstream ("CafÃ©") is repaired (ftfy).
"""

from __future__ import annotations

import codecs
import errno
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

from pipeline.common.ids import stable_id
from pipeline.ingest.html import extract_article, looks_like_html
from pipeline.ingest.language import detect_language, language_name

TEXT_SUFFIXES = (".txt", ".md", ".html", ".htm")
DEFAULT_MAX_BYTES = 5_000_000
# Magic numbers of formats people drop into a folder of articles by mistake.
BINARY_SIGNATURES = {
    b"%PDF": "a PDF document",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"PK\x03\x04": "a ZIP archive (or Office document)",
    b"\x1f\x8b": "a gzip archive",
    b"RIFF": "a RIFF media file",
    b"\xd0\xcf\x11\xe0": "an old Office document",
}
# Decoding and extraction results depend on these libraries as much as on the code here.
LIBRARIES = ("ftfy", "lingua-language-detector", "trafilatura")


def library_versions() -> str:
    """`name==version` of each library decoding depends on, for cache keys."""
    return " ".join(f"{name}=={version(name)}" for name in LIBRARIES)


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
    return [item for item in scan_raw_folder(raw_dir) if isinstance(item, Path)]


def scan_raw_folder(raw_dir: Path) -> list[Path | Rejection]:
    """The folder's text files, and a rejection for each link or subfolder that cannot be
    used, in the order of their relative paths.

    Symbolic links are followed only to files inside the folder: a link that leads outside it
    is rejected (`outside_folder`), a dangling link, a link loop and a subfolder that cannot
    be listed are `unreadable`. A link to a folder inside is not followed (its files are read
    where they are). Hidden files (".name") and files of other types are ignored."""
    if not raw_dir.is_dir():
        raise RawFolderError(
            f"raw-input folder {raw_dir} does not exist or is not a folder: "
            "create it and put .txt, .md or .html files in it, or pass --raw DIR"
        )
    found: list[Path | Rejection] = []
    _walk(raw_dir, raw_dir.resolve(), raw_dir, found)
    return sorted(found, key=lambda item: _sort_key(raw_dir, item))


def _is_text_name(name: str) -> bool:
    return not name.startswith(".") and Path(name).suffix.lower() in TEXT_SUFFIXES


def _walk(raw_dir: Path, root: Path, folder: Path, found: list[Path | Rejection]) -> None:
    try:
        with os.scandir(folder) as listing:
            entries = list(listing)
    except OSError as err:
        found.append(Rejection(source_name(raw_dir, folder) + "/", "unreadable",
                               f"a folder that could not be read ({err.strerror}): "
                               "its files were not read"))  # fmt: skip
        return
    for entry in entries:
        path = folder / entry.name
        try:
            if entry.is_symlink():
                if item := _follow_link(raw_dir, root, path):
                    found.append(item)
            elif entry.is_dir(follow_symlinks=False):
                _walk(raw_dir, root, path, found)
            elif entry.is_file(follow_symlinks=False) and _is_text_name(entry.name):
                found.append(path)
        except OSError as err:  # vanished or unreadable while listed
            found.append(Rejection(source_name(raw_dir, path), "unreadable",
                                   f"could not be read: {err.strerror}"))  # fmt: skip


def _follow_link(raw_dir: Path, root: Path, link: Path) -> Path | Rejection | None:
    """The linked file if it is a text file inside the folder; a rejection for a broken link
    (of any name: it may have been a folder of texts) or one that leads outside."""
    name = source_name(raw_dir, link)
    try:
        target = link.resolve(strict=True)
    except RuntimeError:  # Python 3.11 reports loops this way
        return Rejection(name, "unreadable", "a symbolic link loop: it leads to no file")
    except OSError as err:
        if err.errno == errno.ELOOP:
            return Rejection(name, "unreadable", "a symbolic link loop: it leads to no file")
        detail = f"a symbolic link to a file that does not exist ({err.strerror})"
        return Rejection(name, "unreadable", detail)
    is_dir = target.is_dir()
    if not (is_dir or (_is_text_name(link.name) and target.is_file())):
        return None
    if not target.is_relative_to(root):
        what = "folder" if is_dir else "file"
        return Rejection(name, "outside_folder",
                         f"a symbolic link to a {what} outside the raw folder, which is not "
                         f"read: copy the {what} into the folder to use it")  # fmt: skip
    return None if is_dir else link


def source_name(raw_dir: Path, path: Path) -> str:
    """``path`` relative to the raw folder, with forward slashes; bytes of a file name that
    are not UTF-8 are written as ``\\xe9`` escapes, so that the name can be stored."""
    return os.fsencode(_relative(raw_dir, path)).decode("utf-8", "backslashreplace")


def _relative(raw_dir: Path, path: Path) -> str:
    """``path`` relative to the raw folder, with forward slashes. The names of a folder's files
    are worked out several times per build: a string's prefix is tested first, as pathlib's
    `relative_to` costs tens of microseconds."""
    root, text = str(raw_dir), str(path)
    if text.startswith(root) and text[len(root) : len(root) + 1] == os.sep:
        return text[len(root) + 1 :].replace(os.sep, "/")
    return path.relative_to(raw_dir).as_posix()


def _sort_key(raw_dir: Path, item: Path | Rejection) -> tuple[str, ...]:
    if isinstance(item, Path):
        return tuple(_relative(raw_dir, item).split("/"))
    return (raw_dir / item.source_file).relative_to(raw_dir).parts


Decoder = Callable[[str, bytes, int], RawText | Rejection]


def read_raw_folder(
    raw_dir: Path,
    max_bytes: int = DEFAULT_MAX_BYTES,
    decode: Decoder | None = None,
    items: list[Path | Rejection] | None = None,
) -> Iterator[RawText | Rejection]:
    """Decode every text file of the folder, or the given items of its listing (with
    `decode_file`, or a cache in front of it); exact repeats of an earlier file are rejected,
    and so are links and folders that cannot be used (see `scan_raw_folder`)."""
    seen: dict[str, str] = {}
    for path in scan_raw_folder(raw_dir) if items is None else items:
        if isinstance(path, Rejection):
            yield path
            continue
        rel = source_name(raw_dir, path)
        try:
            result = (decode or decode_file)(rel, _read(path, max_bytes), max_bytes)
        except OSError as err:
            result = Rejection(rel, "unreadable", f"could not read the file: {err.strerror}")
        if isinstance(result, RawText):
            if result.content_id in seen:
                result = Rejection(rel, "duplicate", f"same text as {seen[result.content_id]}")
            else:
                seen[result.content_id] = rel
        yield result


def _read(path: Path, max_bytes: int) -> bytes:
    """At most one byte past the limit: enough to know a file is too large."""
    with path.open("rb") as f:
        return f.read(max_bytes + 1)


def decode_file(
    source_file: str, data: bytes, max_bytes: int = DEFAULT_MAX_BYTES
) -> RawText | Rejection:
    """Decode one file's bytes, or say why it cannot be used. Never raises."""
    try:
        return _decode_file(source_file, data, max_bytes)
    except Exception as err:  # noqa: BLE001 - a file must never stop the run
        return Rejection(source_file, "failed", f"{type(err).__name__}: {err}")


def _decode_file(source_file: str, data: bytes, max_bytes: int) -> RawText | Rejection:
    if len(data) > max_bytes:
        return Rejection(
            source_file,
            "too_large",
            f"over the limit of {max_bytes} bytes (RawFolder max_bytes raises it)",
        )
    if not data.strip():
        return Rejection(source_file, "empty", "the file has no text")
    kind = _binary_kind(data)
    if kind:
        return Rejection(source_file, "binary", f"{kind}, not a text file")
    text = _decode(data)
    if text is None:
        return Rejection(source_file, "undecodable", "not UTF-8, UTF-16 or Windows-1252 text")
    if "\x00" in text:
        return Rejection(source_file, "binary", "contains NUL characters: not a text file")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if looks_like_html(text):
        text = extract_article(text)
        if not text:
            return Rejection(
                source_file,
                "html_without_article",
                "an HTML page in which no article text (paragraphs) was found",
            )
    if not text.strip():
        return Rejection(source_file, "empty", "the file has only white space")
    language = detect_language(text)
    if language != "en":
        return Rejection(
            source_file,
            "not_english",
            f"the text looks like {language_name(language)}"
            f"{f' ({language})' if language else ''}; the English model cannot extract from it",
        )
    return RawText(source_file, text, stable_id(text.strip()))


def _binary_kind(data: bytes) -> str | None:
    for signature, kind in BINARY_SIGNATURES.items():
        if data.startswith(signature):
            return kind
    if b"\x00" in data[:4096] and not _utf16_without_bom(data):
        return "contains NUL bytes"
    return None


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text without a BOM has a NUL in every other byte of its ASCII characters."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    half = len(sample) // 2
    encoding = (
        "utf-16-le"
        if odd > 0.3 * half and even == 0
        else ("utf-16-be" if even > 0.3 * half and odd == 0 else None)
    )
    return encoding


def _decode(data: bytes) -> str | None:
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data[len(codecs.BOM_UTF8) :], "utf-8")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict(data, "utf-16")
    if encoding := _utf16_without_bom(data):
        return _strict(data, encoding)
    text = _strict(data, "utf-8")
    if text is not None:
        return repair_mojibake(text)
    return _strict(data, "cp1252")


def _strict(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def repair_mojibake(text: str) -> str:
    """UTF-8 read as Windows-1252 or Latin-1 somewhere upstream ("CafÃ©", "itâ€™s") decoded
    back (with ftfy), also where only part of the text was mangled; other characters stay."""
    import ftfy  # here, like trafilatura in html.py: only the ingest step needs it

    return ftfy.fix_encoding(text)
