#!/usr/bin/env python3
"""Inputs and the PySAL side of Benchmarks/coverage-vs-pysal.sh.

  coverage_vs_pysal.py inputs WARD_FACTS WARDS_GEOJSON SAMPLE_HOTSPOTS TOTAL OUT_DIR
      population.csv: a synthetic population per ward (there is no published per-ward
      figure): the city's 4,199,824 people shared in proportion to area x 3 for a phuong,
      area x 1 for a xa, largest remainders rounding to whole people.
      hotspots.csv: TOTAL minus the sample hotspots, generated at random points inside the
      ward polygons (wards drawn in proportion to population), fixed seed.

  coverage_vs_pysal.py compare CELLS_CSV RUN_JSON CATCHMENT W1,W2,...
      Builds the origin/dest/cost table of every cell-hotspot pair within the catchment
      (distances from the same projected metres ketnoi used, sqrt(dx*dx + dy*dy)), runs
      PySAL access's enhanced_two_stage_fca with max_cost = catchment and the same step
      weights, and compares every cell's value with ketnoi's. Prints one line per figure.
"""

import csv
import json
import math
import random
import sys
import time
import warnings

CITY_POPULATION = 4_199_824


def make_inputs(ward_facts, wards_geojson, sample_hotspots, total, out_dir):
    from shapely.geometry import Point, shape

    wards = []
    with open(ward_facts, encoding="utf-8") as f:
        for row in csv.DictReader(f):
            weight = float(row["area_km2"]) * (3 if row["kind"] == "phuong" else 1)
            wards.append((row["code"], row["kind"], weight))
    weights = sum(w for _, _, w in wards)
    shares = [(code, kind, CITY_POPULATION * w / weights) for code, kind, w in wards]
    people = {code: int(math.floor(s)) for code, _, s in shares}
    left = CITY_POPULATION - sum(people.values())
    by_remainder = sorted(shares, key=lambda s: (-(s[2] - math.floor(s[2])), s[0]))
    for code, _, _ in by_remainder[:left]:
        people[code] += 1
    with open(f"{out_dir}/population.csv", "w", encoding="utf-8", newline="") as f:
        out = csv.writer(f)
        out.writerow(["code", "group", "value", "source", "year"])
        for code, _, _ in wards:
            out.writerow([code, "total", people[code], "synthetic: area x density class", 2025])

    with open(wards_geojson, encoding="utf-8") as f:
        features = json.load(f)["features"]
    shapes = {str(feat["properties"]["code"]): shape(feat["geometry"]) for feat in features}
    kinds = {code: kind for code, kind, _ in wards}
    with open(sample_hotspots, encoding="utf-8") as f:
        sample = sum(1 for _ in csv.DictReader(f))
    rng = random.Random(20250701)
    codes = [code for code, _, _ in wards]
    populations = [people[code] for code in codes]
    with open(f"{out_dir}/hotspots.csv", "w", encoding="utf-8", newline="") as f:
        out = csv.writer(f)
        out.writerow(["code", "name", "latitude", "longitude", "environment", "capacity",
                      "source"])
        for n in range(total - sample):
            code = rng.choices(codes, weights=populations)[0]
            polygon = shapes[code]
            min_x, min_y, max_x, max_y = polygon.bounds
            while True:
                lon = rng.uniform(min_x, max_x)
                lat = rng.uniform(min_y, max_y)
                if polygon.contains(Point(lon, lat)):
                    break
            urban = kinds[code] == "phuong"
            environment = rng.choice(["dense-urban", "urban"] if urban else ["suburban", "rural"])
            capacity = rng.choice([30, 50, 60, 100, 120])
            out.writerow([f"G-{n + 1:04d}", f"Generated site {n + 1}", f"{lat:.6f}",
                          f"{lon:.6f}", environment, capacity, "generated"])


def compare(cells_csv, run_json, catchment, zone_weights):
    import numpy as np
    import pandas as pd
    from scipy.spatial import cKDTree

    from access import Access, weights

    with warnings.catch_warnings():
        # pandas 3 reads round-trip by default and warns about the option older ones need.
        warnings.simplefilter("ignore")
        cells = pd.read_csv(cells_csv, float_precision="round_trip",
                            dtype={"cell": str, "area": str})
    with open(run_json, encoding="utf-8") as f:
        run = json.load(f)["data"]
    sites = pd.DataFrame([h for h in run["hotspots"] if h.get("capacity")])
    demand = pd.DataFrame({"geoid": cells["cell"] + "@" + cells["area"],
                           "population": cells["population"]})
    supply = pd.DataFrame({"geoid": sites["code"], "capacity": sites["capacity"].astype(float)})

    # The cost table: every pair within the catchment, found with a k-d tree a little wider
    # than the catchment; PySAL itself applies `cost <= max_cost`.
    started = time.perf_counter()
    cell_xy = cells[["easting", "northing"]].to_numpy()
    site_xy = sites[["easting", "northing"]].to_numpy()
    tree = cKDTree(cell_xy)
    origins, dests = [], []
    for j, near in enumerate(tree.query_ball_point(site_xy, catchment + 1.0)):
        origins.extend(near)
        dests.extend([j] * len(near))
    origins = np.asarray(origins, dtype=np.int64)
    dests = np.asarray(dests, dtype=np.int64)
    dx = cell_xy[origins, 0] - site_xy[dests, 0]
    dy = cell_xy[origins, 1] - site_xy[dests, 1]
    costs = pd.DataFrame({"origin": demand["geoid"].to_numpy()[origins],
                          "dest": supply["geoid"].to_numpy()[dests],
                          "cost": np.sqrt(dx * dx + dy * dy)})
    cost_seconds = time.perf_counter() - started

    zones = len(zone_weights)
    steps = {}
    for i, w in enumerate(zone_weights):
        limit = catchment if i == zones - 1 else catchment * (i + 1) / zones
        steps[limit] = w

    started = time.perf_counter()
    model = Access(demand_df=demand, demand_index="geoid", demand_value="population",
                   supply_df=supply, supply_index="geoid", supply_value="capacity",
                   cost_df=costs, cost_origin="origin", cost_dest="dest", cost_name="cost")
    result = model.enhanced_two_stage_fca(name="e2sfca", max_cost=catchment,
                                          weight_fn=weights.step_fn(steps))
    pysal_seconds = time.perf_counter() - started

    pysal = result["e2sfca_capacity"].reindex(demand["geoid"]).to_numpy()
    ours = cells["accessibility"].to_numpy(dtype=float)
    both = ~np.isnan(pysal) & ~np.isnan(ours)
    only_one = int(np.count_nonzero(np.isnan(pysal) != np.isnan(ours)))
    relative = np.abs(ours[both] - pysal[both]) / np.maximum(np.abs(pysal[both]), 1e-300)
    print(f"demand_points {len(demand)}")
    print(f"supply_sites {len(supply)}")
    print(f"pairs_within_catchment {int(np.count_nonzero(costs['cost'] <= catchment))}")
    print(f"compared_values {int(np.count_nonzero(both))}")
    print(f"no_site_in_reach_disagreements {only_one}")
    print(f"max_relative_difference {relative.max() if relative.size else 0.0:.3e}")
    print(f"pysal_cost_table_seconds {cost_seconds:.3f}")
    print(f"pysal_e2sfca_seconds {pysal_seconds:.3f}")


def main(argv):
    if len(argv) == 7 and argv[1] == "inputs":
        make_inputs(argv[2], argv[3], argv[4], int(argv[5]), argv[6])
    elif len(argv) == 6 and argv[1] == "compare":
        compare(argv[2], argv[3], float(argv[4]), [float(w) for w in argv[5].split(",")])
    else:
        print(__doc__, file=sys.stderr)
        return 64
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
