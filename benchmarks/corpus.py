"""A realistic benchmark corpus: new, unique articles recombined from the sentences of real ones.

Every article gets a headline, one of the header styles the pipeline meets in the wild, and
8 to 24 sentences drawn (with a fixed seed) from the bodies of the texts in the raw folder.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import re
from pathlib import Path

from pipeline.ingest.documents import parse_text

_SENTENCE_END = re.compile(r"(?<=[.!?”\"])\s+(?=[A-Z“\"])")
HEADERS = (
    "# {title}\n\nPublished :`{date} 09:{minute:02d}:00`\n\n---\n\n",
    " date {date} ",
    "{title}\n\n",
    "",
)


def sentences_of(raw_dir: Path) -> list[str]:
    sentences = []
    for path in sorted(raw_dir.glob("*.txt")) + sorted(raw_dir.glob("*.md")):
        body = parse_text(path.read_text(encoding="utf-8")).body
        for paragraph in body.split("\n\n"):
            sentences += [s.strip() for s in _SENTENCE_END.split(paragraph) if len(s.split()) > 4]
    return sentences


def make_corpus(
    raw_dir: Path, out_dir: Path, n_docs: int, seed: int = 7, prefix: str = ""
) -> list[Path]:
    """Write n_docs articles to out_dir and return their paths."""
    rng = random.Random(seed)
    pool = sentences_of(raw_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    start = dt.date(2024, 1, 1)
    paths = []
    for i in range(n_docs):
        picked = rng.sample(pool, k=min(len(pool), rng.randint(8, 24)))
        paragraphs = [" ".join(picked[j : j + 3]) for j in range(0, len(picked), 3)]
        title = f"{picked[0].split(',')[0][:70].rstrip('.')} ({prefix}{i})"
        date = start + dt.timedelta(days=rng.randint(0, 500))
        header = rng.choice(HEADERS).format(title=title, date=date, minute=i % 60)
        path = out_dir / f"{prefix}{i:06d}.txt"
        path.write_text(header + "\n\n".join(paragraphs) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--raw", type=Path, default=Path("data/raw"))
    args = parser.parse_args()
    print(f"wrote {len(make_corpus(args.raw, args.out, args.docs))} articles to {args.out}")


if __name__ == "__main__":
    main()
