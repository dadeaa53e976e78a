#!/usr/bin/env python3
"""Score a roster: read a CSV of KOLs, tier them, score them with the value
model and print the best ones.

    KOL_LIBRARY=build/lib/libkol.so python3 score_roster.py [roster.csv] [goal]

goal: balanced (default), acquisition, activation or conversion. With tqdm
installed a progress bar is shown while scoring.
"""

import csv
import sys

import _path  # noqa: F401  (the package of this source tree)
import kol

TEXT = ("id", "name", "platform", "category")


def read_rows(path):
    """Yield one dict per CSV row: text fields, and numbers for the metric
    columns that are not empty (an empty cell stays missing)."""
    with open(path, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            spec = {}
            for key, value in row.items():
                if value == "" or value is None:
                    continue
                if key.startswith("portrait_"):
                    # "female:0.62;male:0.38" -> {"female": 0.62, "male": 0.38}
                    shares = dict(item.rsplit(":", 1) for item in value.split(";"))
                    spec.setdefault("portrait", {})[key[len("portrait_"):]] = {
                        label: float(share) for label, share in shares.items()}
                else:
                    spec[key] = value if key in TEXT else float(value)
            yield spec


def main(argv):
    path = argv[1] if len(argv) > 1 else _path.ROSTER_CSV
    goal = argv[2] if len(argv) > 2 else "balanced"
    with kol.Context() as ctx:
        roster = kol.Roster(ctx)
        rejected = []
        added = roster.fill(read_rows(path),
                            on_reject=lambda i, st, msg: rejected.append(msg))
        print("read %d records from %s (%d refused)" % (added, path, len(rejected)))

        model = kol.ValueModel(ctx, goal=goal)
        # The campaign's target audience: its match with each portrait is a
        # fan-value sub-metric.
        model.set_target("gender", {"female": 0.7, "male": 0.3})
        model.set_target("age", {"18-24": 0.5, "25-30": 0.3, "31-40": 0.2})
        # A progress bar when tqdm is installed, else a callback of our own.
        try:
            import tqdm  # noqa: F401  (only: is it installed?)
            with ctx.progress_bar("scoring"):
                result = model.score_roster(roster)
        except ImportError:
            ctx.set_progress(lambda done, total: print("  scored %d of %d" % (done, total)))
            result = model.score_roster(roster)
            ctx.set_progress(None)

        tiers = kol.Tiers(ctx, "cn")
        print("model %s, goal %s" % (model.id, goal))
        print("%-4s %-24s %-12s %-9s %-10s %7s %6s %6s %6s" % (
            "rank", "id", "platform", "tier", "stage", "total", "comm", "fan", "conv"))
        for rank, (rid, total) in enumerate(result.ranking()[:15], 1):
            rec = roster.find(rid)
            index = roster.ids().index(rid)
            try:
                tier = tiers.level_name(tiers.classify(rec))
            except kol.NotFoundError:
                tier = "?"
            row = result.row(index)
            print("%-4d %-24s %-12s %-9s %-10s %7.2f %6.1f %6.1f %6.1f" % (
                rank, rid, rec.platform or "", tier, tiers.stage(rec), total,
                row["communication"], row["fan"], row["conversion"]))
        kocs = [r.id for r in roster if tiers.koc(r) == "yes"]
        print("%d accounts pass the KOC rule" % len(kocs))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
