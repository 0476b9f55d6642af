#!/usr/bin/env python3
"""Measure `hotline-bulletin build` against the floor: the cost of merely reading the same files.

    python3 scripts/bench.py [--data DIR] [--sizes 10000,100000,1000000] [--no-ten]
                             [--repeat N] [--skip-build]

Steps:
1. `cargo build --release --examples --bins` (honours CARGO_TARGET_DIR), unless --skip-build.
2. Generates the data into --data if missing, with examples/gen_large.rs: one file per size
   (rows-N.xlsx) and ten files of 100,000 rows (ten-01.xlsx ... ten-10.xlsx), each with the
   expected figures of the week 2024-06-24 beside it (.json).
3. For each data set runs the floor (examples/floor.rs: calamine streams every cell) and
   `hotline-bulletin build --week 2024-06-24 --out TMP --force FILES...`, alternately, --repeat
   times each, and reports the median wall time, CPU time (user + system) and peak RSS. The ten files go
   to one `build` run and are compared with the floor run on each file in turn: times summed,
   peak memory the largest of the ten.
4. Times `build` on samples/ (a reference-sized week: 1,694 rows), at least three runs.
5. Prints the table, the ratios build/floor beside their targets, and the wall time per row of
   each size relative to the largest (1.00 everywhere is perfectly linear; below 1 means the
   small sizes are cheaper per row, i.e. growth is worse than linear).

Wall time is what the targets are about, but on a shared machine it also counts time spent
waiting for a core: compare the CPU columns when the load average (printed) is above the
number of cores.

Peak RSS is the child's own ru_maxrss from os.wait4 (resource.getrusage(RUSAGE_CHILDREN) would
mix all children), in MB of 10^6 bytes. Linux folds the parent's resident size into a child's
ru_maxrss when the child execs, so no reading can be below the Python process's size at that
moment: the script measures that baseline with /bin/true and shows a reading at the baseline as
"<=N" (the program used at most N). Above the baseline a reading is exact.

If `build` is missing or fails (the tool is still being written), the floor figures are printed
with the reason and the script exits 0.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
WEEK = "2024-06-24"
TEN_FILES, TEN_ROWS = 10, 100_000

# Targets, printed beside the measured ratios.
TARGET_TIME_1M = 1.25  # build time / floor time, 1,000,000 rows
TARGET_MEM_1M = 2.0  # build peak RSS / floor peak RSS, 1,000,000 rows
TARGET_TIME_TEN = 0.7  # build time on ten files / floor time summed over them
TARGET_REFERENCE_SECONDS = 0.3  # build on samples/, a reference-sized week, end to end
SAMPLE_ROWS = 1_694  # data rows in samples/ (what `check` reports)
LINEAR_SLACK = 0.85  # per-row time of a smaller size / the largest's, at least this


@dataclass
class Run:
    """One child process: wall seconds, CPU seconds (user + system), peak RSS in bytes,
    exit code, end of stderr."""

    seconds: float
    cpu: float
    peak: int
    code: int
    err: str


@dataclass
class DataSet:
    name: str
    rows: int  # rows in all files together
    files: list[Path]
    gen_args: list[str]  # gen_large arguments, --out excluded
    out: Path  # gen_large --out


@dataclass
class Figures:
    seconds: float
    cpu: float
    peak: int
    runs: list[Run] = field(default_factory=list)


def main() -> int:
    args = parse_args()
    data = Path(args.data).resolve()
    data.mkdir(parents=True, exist_ok=True)
    target = Path(os.environ.get("CARGO_TARGET_DIR") or REPO / "target").resolve()
    release = target / "release"
    tool = release / "hotline-bulletin"
    floor = release / "examples" / "floor"
    gen = release / "examples" / "gen_large"

    if not args.skip_build:
        log("building: cargo build --release --examples --bins")
        subprocess.run(
            ["cargo", "build", "--release", "--examples", "--bins"], cwd=REPO, check=True
        )
    for exe in (floor, gen):
        if not exe.exists():
            sys.exit(f"{exe} is missing: run without --skip-build")

    sets = data_sets(data, args.sizes, not args.no_ten)
    for s in sets:
        ensure_generated(gen, s)

    baseline = measure(["/bin/true"]).peak
    log(f"peak RSS baseline (the Python parent at exec): {mb(baseline)} MB")
    log(f"load average before: {load()}")

    build_reason = None if tool.exists() else f"{tool} does not exist"
    results: list[tuple[DataSet, Figures, Figures | None]] = []
    for s in sets:
        # Floor and build alternate, so that a change in the machine's load between runs
        # weighs on both sides alike.
        floors: list[Run] = []
        builds: list[Run] = []
        for _ in range(args.repeat):
            f = floor_run(floor, s)
            floors.append(f)
            log(f"{s.name}: floor {f.seconds:.2f} s (cpu {f.cpu:.2f} s), {mb(f.peak)} MB")
            if build_reason is None:
                b, build_reason = build_run(tool, s)
                if b is not None:
                    builds.append(b)
                    log(f"{s.name}: build {b.seconds:.2f} s (cpu {b.cpu:.2f} s), "
                        f"{mb(b.peak)} MB")
        results.append((s, median(floors), median(builds) if builds else None))
    reference = None if build_reason is not None else reference_week(tool, args.repeat)
    log(f"load average after: {load()}")

    print_report(results, baseline, args.repeat, reference)
    if build_reason is None:
        check_figures(tool, [s for s in sets if len(s.files) == 1])
    if build_reason is not None:
        print(f"\nbuild is not available: {build_reason}")
        print("Only the floor was measured; rerun when `hotline-bulletin build` works.")
    return 0


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(
        description="Benchmark hotline-bulletin build against a calamine read of the same files."
    )
    p.add_argument("--data", default=str(REPO / "target" / "bench-data"), help="where the generated files live (default target/bench-data)")
    p.add_argument(
        "--sizes",
        default="10000,100000,1000000",
        type=lambda s: sorted(int(x) for x in s.split(",") if x),
        help="rows of the single-file data sets, comma-separated",
    )
    p.add_argument("--no-ten", action="store_true", help="skip the ten 100,000-row files")
    p.add_argument("--repeat", type=int, default=3, help="runs per measurement (median)")
    p.add_argument("--skip-build", action="store_true", help="use the binaries as they are")
    return p.parse_args()


def data_sets(data: Path, sizes: list[int], ten: bool) -> list[DataSet]:
    sets = [
        DataSet(
            name=f"{n:,} rows",
            rows=n,
            files=[data / f"rows-{n}.xlsx"],
            gen_args=["--rows", str(n), "--seed", "1"],
            out=data / f"rows-{n}.xlsx",
        )
        for n in sizes
    ]
    if ten:
        sets.append(
            DataSet(
                name=f"{TEN_FILES} x {TEN_ROWS:,}",
                rows=TEN_FILES * TEN_ROWS,
                files=[data / f"ten-{k:02}.xlsx" for k in range(1, TEN_FILES + 1)],
                gen_args=["--rows", str(TEN_ROWS), "--files", str(TEN_FILES), "--seed", "2"],
                out=data / "ten.xlsx",
            )
        )
    return sets


def ensure_generated(gen: Path, s: DataSet) -> None:
    """Generates a data set in a scratch folder and moves it into place, so that an
    interrupted run never leaves a truncated file that looks complete."""
    if all(f.exists() for f in s.files):
        return
    scratch = Path(tempfile.mkdtemp(prefix=".gen-", dir=s.out.parent))
    try:
        out = scratch / s.out.name
        expected = s.out.with_suffix(".json")
        cmd = [str(gen), *s.gen_args, "--out", str(out)]
        cmd += ["--expected-week", WEEK, "--expected-json", str(scratch / expected.name)]
        log(f"generating {s.name}: {' '.join(cmd[1:])}")
        r = measure(cmd, quiet=False)
        if r.code != 0:
            sys.exit(f"gen_large failed ({r.code}):\n{r.err}")
        for f in [*s.files, expected]:
            (scratch / f.name).replace(f)
        size = sum(f.stat().st_size for f in s.files)
        log(
            f"generated {s.name}: {size / 1e6:.1f} MB in {r.seconds:.1f} s "
            f"(cpu {r.cpu:.1f} s), peak {mb(r.peak)} MB"
        )
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def floor_run(floor: Path, s: DataSet) -> Run:
    """The floor on every file in turn: times summed, peak the largest."""
    parts = [measure([str(floor), str(f)]) for f in s.files]
    for p in parts:
        if p.code != 0:
            sys.exit(f"floor failed ({p.code}):\n{p.err}")
    return Run(
        seconds=sum(p.seconds for p in parts),
        cpu=sum(p.cpu for p in parts),
        peak=max(p.peak for p in parts),
        code=0,
        err="",
    )


def reference_week(tool: Path, repeat: int) -> float:
    """`build` on samples/ (a reference-sized week), median wall seconds of `repeat` runs."""
    samples = REPO / "samples"
    inputs = sorted(str(p) for p in samples.iterdir() if p.suffix in (".xlsx", ".csv"))
    times = []
    for _ in range(max(repeat, 3)):
        with tempfile.TemporaryDirectory(prefix="bench-out-") as out:
            cmd = [str(tool), "build", "--config", str(samples / "hotline.toml"),
                   "--week", WEEK, "--out", out, "--force", *inputs]
            r = measure(cmd)
        if r.code != 0:
            sys.exit(f"`build` on samples/ exited with {r.code}: {r.err.strip()}")
        times.append(r.seconds)
    return statistics.median(times)


def build_run(tool: Path, s: DataSet) -> tuple[Run | None, str | None]:
    """One `build` over all files of the set; (None, reason) when it fails."""
    with tempfile.TemporaryDirectory(prefix="bench-out-") as out:
        cmd = [str(tool), "build", "--week", WEEK, "--out", out, "--force"]
        r = measure(cmd + [str(f) for f in s.files])
    if r.code != 0:
        return None, f"`build` exited with {r.code} on {s.name}: {r.err.strip()}"
    return r, None


def check_figures(tool: Path, sets: list[DataSet]) -> None:
    """Compares `build`'s printed figures with the generator's independent count (the JSON
    beside each file), for the week the benchmark builds."""
    print("\nfigures of the week against the generator's independent count")
    labels = {
        "来电总量": "来电总量",
        "有效诉求": "有效诉求",
        "派发工单": "派发工单",
        "派发工单办结": "派发工单办结",
        "办结上周遗留": "办结上周遗留工单",
        "遗留超期工单": "遗留超期工单",
    }
    for s in sets:
        expected_path = s.files[0].with_suffix(".json")
        if not expected_path.exists():
            print(f"  {s.name}: no expected figures ({expected_path.name} missing)")
            continue
        expected = json.loads(expected_path.read_text(encoding="utf-8"))
        with tempfile.TemporaryDirectory(prefix="bench-out-") as out:
            cmd = [str(tool), "build", "--week", WEEK, "--out", out, "--force", str(s.files[0])]
            printed = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
        got = {}
        for line in printed.splitlines():
            parts = line.split()
            if len(parts) >= 3 and parts[1].isdigit() and parts[2] == "件":
                got[parts[0]] = int(parts[1])
            if line.startswith("工单守恒"):
                got["上周遗留工单"] = int(line.split("期初未办结")[1].split("+")[0])
        wanted = {label: expected[key] for label, key in labels.items()}
        wanted.update(expected["groups"])
        wanted["上周遗留工单"] = expected["上周遗留工单"]
        bad = {k: (got.get(k), v) for k, v in wanted.items() if got.get(k) != v}
        if bad:
            print(f"  {s.name}: MISMATCH (printed, expected): {bad}")
            sys.exit(1)
        print(f"  {s.name}: all {len(wanted)} figures match")


def measure(cmd: list[str], quiet: bool = True) -> Run:
    """Runs cmd as a direct child and reads its own rusage with wait4."""
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        child = subprocess.Popen(
            cmd, stdout=subprocess.DEVNULL, stderr=err if quiet else None
        )
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)  # reaped: tell Popen
        err.seek(0)
        tail = err.read()[-2000:].decode("utf-8", "replace")
    cpu = usage.ru_utime + usage.ru_stime
    return Run(seconds, cpu, usage.ru_maxrss * 1024, child.returncode, tail)  # Linux: KiB


def median(runs: list[Run]) -> Figures:
    return Figures(
        seconds=statistics.median(r.seconds for r in runs),
        cpu=statistics.median(r.cpu for r in runs),
        peak=int(statistics.median(r.peak for r in runs)),
        runs=runs,
    )


def print_report(results, baseline: int, repeat: int, reference: float | None) -> None:
    def peak(p: int) -> str:
        return f"<={mb(p)}" if p <= baseline * 1.02 else mb(p)

    print(f"\nmedian of {repeat} run(s); week {WEEK}")
    print("s = wall seconds, cpu = user+system seconds, MB = peak RSS in 10^6 bytes;")
    print("x = build / floor (wall time, cpu time, peak RSS)")
    head = ["data", "rows", "floor s", "cpu", "MB", "build s", "cpu", "MB",
            "time x", "cpu x", "mem x"]
    rows = []
    for s, f, b in results:
        row = [s.name, f"{s.rows:,}", f"{f.seconds:.2f}", f"{f.cpu:.2f}", peak(f.peak)]
        if b is None:
            row += ["-"] * 6
        else:
            row += [
                f"{b.seconds:.2f}",
                f"{b.cpu:.2f}",
                peak(b.peak),
                f"{b.seconds / f.seconds:.2f}",
                f"{b.cpu / f.cpu:.2f}",
                # A floor at the baseline is only a bound: no meaningful ratio.
                "n/a" if f.peak <= baseline * 1.02 else f"{b.peak / f.peak:.2f}",
            ]
        rows.append(row)
    table(head, rows)

    print("\ntargets")
    for s, f, b in results:
        time_x = None if b is None else b.seconds / f.seconds
        mem_x = None if b is None else b.peak / f.peak
        if s.rows == 1_000_000 and len(s.files) == 1:
            verdict(f"1,000,000 rows: build time <= {TARGET_TIME_1M}x floor", time_x,
                    TARGET_TIME_1M)
            verdict(f"1,000,000 rows: build peak <= {TARGET_MEM_1M}x floor", mem_x,
                    TARGET_MEM_1M)
        if len(s.files) > 1:
            verdict(f"{s.name}: build time <= {TARGET_TIME_TEN}x floor summed", time_x,
                    TARGET_TIME_TEN)
    verdict(f"samples/ ({SAMPLE_ROWS:,} rows, a reference week): build seconds end to end "
            f"<= {TARGET_REFERENCE_SECONDS}", reference, TARGET_REFERENCE_SECONDS)

    singles = [(s, f, b) for s, f, b in results if len(s.files) == 1]
    if len(singles) < 2:
        return
    top_s, top_f, top_b = singles[-1]
    print(f"\nlinearity: time per row relative to {top_s.rows:,} rows, wall and cpu "
          f"(>= {LINEAR_SLACK} at every size counts as linear)")

    def rel(x: Figures | None, top: Figures | None, rows: int, cpu: bool = False) -> str:
        if x is None or top is None:
            return "-"
        if cpu:
            return f"{(x.cpu / rows) / (top.cpu / top_s.rows):.2f}"
        return f"{(x.seconds / rows) / (top.seconds / top_s.rows):.2f}"

    rows = []
    for s, f, b in singles:
        rows.append([
            f"{s.rows:,}",
            f"{f.seconds / s.rows * 1e6:.2f}",
            rel(f, top_f, s.rows),
            rel(f, top_f, s.rows, cpu=True),
            "-" if b is None else f"{b.seconds / s.rows * 1e6:.2f}",
            rel(b, top_b, s.rows),
            rel(b, top_b, s.rows, cpu=True),
        ])
    table(["rows", "floor us/row", "wall rel", "cpu rel", "build us/row", "wall rel", "cpu rel"],
          rows)
    if top_b is not None and all(b is not None for _, _, b in singles):
        worst = min((b.seconds / s.rows) / (top_b.seconds / top_s.rows)
                    for s, _, b in singles[:-1])
        ok = worst >= LINEAR_SLACK
        print(f"build growth: {'linear' if ok else 'WORSE THAN LINEAR'} "
              f"(smallest relative cost {worst:.2f})")


def verdict(what: str, got: float | None, limit: float) -> None:
    if got is None:
        print(f"  {what}: not measured")
    else:
        print(f"  {what}: {got:.2f} {'ok' if got <= limit else 'MISSED'}")


def table(head: list[str], rows: list[list[str]]) -> None:
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]
    for r in [head, *rows]:
        cells = (c.rjust(w) if i else c.ljust(w) for i, (c, w) in enumerate(zip(r, widths)))
        print("  ".join(cells))


def mb(n: int) -> str:
    """Bytes as decimal megabytes, the unit the task statement's figures use."""
    return f"{n / 1e6:.0f}" if n >= 10e6 else f"{n / 1e6:.1f}"


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def log(msg: str) -> None:
    print(f"[bench] {msg}", file=sys.stderr, flush=True)


if __name__ == "__main__":
    sys.exit(main())
