"""Where matching loses true pairs, against Splink at the same threshold: the misses bucketed.

    python -m bench.matching_misses febrl2
    python -m bench.matching_misses gen10k --seed 11 --blank-given 0.05

The records of one data set (as bench/matching.py writes them), resolved in memory by the loader's
PersonIndex with a model trained on them (a fresh load resolves them alike), and Splink clustered at
the same threshold on the same records. Every true pair familynet does not merge is put in one
bucket: no blocking key shared; the pair at or above the threshold but held (and why: the words of
the hold); at or above it and not held by the pair's own evidence (the record went to another
person, or fits two: a cluster effect); below the threshold, by its comparison levels. Each bucket
says how many of its pairs Splink merges. Then the wrong merges by levels, and the look-alikes: two
people sharing family name, date of birth and postcode (twins, mostly), with and without a given
name on one side, and how many were merged. ``--blank-given`` blanks that share of given names
(marked unnamed, as a source that leaves it empty), so that generated families, which have none,
show what records without a given name do beside their twins.
"""

from __future__ import annotations

import random
import tempfile
from collections import Counter, defaultdict
from dataclasses import replace
from pathlib import Path

import click

from bench.matching import TODAY, write_febrl
from bench.splink_baseline import record_clusters
from loaders.evaluate import compared_pairs, quality, read_truth
from loaders.generate import generate
from loaders.match.blocking import blocking_keys
from loaders.match.features import Features, features
from loaders.match.holds import held_because
from loaders.match.source import extract_records
from loaders.match.train import train
from loaders.resolve import PersonIndex

Key = tuple[str, str]


def _blank_given(records: list, share: float, seed: int) -> list:
    rng = random.Random(seed)
    return [
        (k, replace(i, given="", unnamed=True)) if i.given and rng.random() < share else (k, i)
        for k, i in records
    ]


def _levels(parts: tuple) -> str:
    lv = {p.comparison: p.level for p in parts}
    return f"given {lv['given_name']}, family {lv['family_name']}, DOB {lv['dob']}, home {lv['home']}"


@click.command()
@click.argument("name")
@click.option("--seed", type=int, default=7, show_default=True, help="Seed of a generated set.")
@click.option("--blank-given", type=float, default=0.0, help="Blank this share of given names.")
@click.option("--threshold", type=float, default=0.9, show_default=True)
def main(name: str, seed: int, blank_given: float, threshold: float) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / name
        if name.startswith("febrl"):
            write_febrl(name, out)
        else:
            generate(int(name.removeprefix("gen").replace("k", "000")), seed, out, TODAY)
        records = extract_records([out], TODAY)
        truth = read_truth(out / "ground_truth.csv")
    if blank_given:
        records = _blank_given(records, blank_given, seed)
    model = train([features(i) for _, i in records], name, [k[0] for k, _ in records])
    index = PersonIndex(threshold, 0.25, model)
    predicted = {k: index.resolve(k[0], k[1], i).person for k, i in records}
    identities = dict(records)
    click.echo(f"{name}: {quality(predicted, truth, identities).summary()}")
    splink = record_clusters(records, [threshold])[threshold]
    click.echo(f"Splink at {threshold}: {quality(splink, truth).summary()}")  # type: ignore[arg-type]
    feats = {k: features(i) for k, i in records}
    number = {k: n for n, k in enumerate(feats)}
    shared = compared_pairs(list(feats.values()))
    per_record = sum(len(set(blocking_keys(f))) for f in feats.values()) / len(feats)
    candidates = 2 * len(shared) / len(feats)
    click.echo(f"blocking: {per_record:.2f} keys per record, {candidates:.2f} candidates per record")
    order = {k: n for n, (k, _) in enumerate(records)}
    people: dict[str, list[Key]] = defaultdict(list)
    for k in sorted(identities, key=order.__getitem__):
        people[truth[k]].append(k)
    missed, splink_gets = Counter(), Counter()
    for keys in people.values():
        for i, a in enumerate(keys):
            for b in keys[i + 1 :]:
                if predicted[a] == predicted[b]:
                    continue
                e = model.explain(feats[b], feats[a])
                low, high = sorted((number[a], number[b]))
                if low * len(number) + high not in shared:
                    bucket = "no blocking key shared"
                elif e.probability >= threshold:
                    may = not (feats[a].unborn or feats[b].unborn)
                    why = held_because(e, may, (True, a[0] == b[0]), model.household, threshold)
                    bucket = f"held: {why}" if why else "above the threshold: another person, or two fit"
                else:
                    bucket = f"below the threshold: {_levels(e.parts)}"
                missed[bucket] += 1
                splink_gets[bucket] += splink[a] == splink[b]
    click.echo(
        f"true pairs missed: {sum(missed.values())}, of which Splink merges {sum(splink_gets.values())}"
    )
    for bucket, n in missed.most_common():
        click.echo(f"  {n:5d} (Splink {splink_gets[bucket]:4d})  {bucket}")
    wrong: Counter[str] = Counter()
    merged: dict[str, list[Key]] = defaultdict(list)
    for k in identities:
        merged[predicted[k]].append(k)
    for keys in merged.values():
        for k in keys:
            other = next((o for o in keys if truth[o] != truth[k]), None)
            if other is not None:
                wrong[_levels(model.explain(feats[k], feats[other]).parts)] += 1
    click.echo(f"records sharing a person with another person's record: {sum(wrong.values())}")
    for levels, n in wrong.most_common(10):
        click.echo(f"  {n:5d}  {levels}")
    look_alikes(feats, truth, predicted)


def look_alikes(feats: dict[Key, Features], truth: dict[Key, str], predicted: dict[Key, str]) -> None:
    """Two people sharing family name, date of birth and postcode (twins, mostly): how many merged."""
    groups: dict[tuple, list[Key]] = defaultdict(list)
    for k, f in feats.items():
        if f.family and f.dob and f.postcode:
            groups[(f.family, f.dob, f.postcode)].append(k)
    counts: Counter[tuple[str, bool]] = Counter()
    for keys in groups.values():
        for i, a in enumerate(keys):
            for b in keys[i + 1 :]:
                if truth[a] != truth[b]:
                    kind = "named" if feats[a].given and feats[b].given else "one unnamed"
                    counts[(kind, predicted[a] == predicted[b])] += 1
    for kind in ("named", "one unnamed"):
        total = counts[(kind, True)] + counts[(kind, False)]
        click.echo(f"look-alike pairs of two people ({kind}): {total}, merged {counts[(kind, True)]}")


if __name__ == "__main__":
    main()
