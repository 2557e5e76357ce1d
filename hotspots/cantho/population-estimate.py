#!/usr/bin/env python3
"""Writes population-estimate.csv: an ESTIMATE of residents per ward, for demonstration only.

No per-ward population is published in the files we have (see README.md). This spreads the
published city total over the 103 wards by area and a density class, and splits each ward
into groups by national shares. It is not a census figure and must not be used for planning.

Rule (documented in README.md):
  weight = area_km2 x density class: phường under 15 km² (the dense core) 12, other phường 4,
  xã 1; residents = 4,199,824 x weight / sum of weights, rounded by largest remainder so the
  wards add up to the city total exactly.
  Groups per ward = residents x share, rounded: female 50.2 %, male 49.8 %; age bands
  0-14 24.3, 15-24 14.2, 25-34 16.6, 35-44 15.4, 45-54 12.5, 55-64 9.3, 65+ 7.7 %
  (2019 census, rounded); disability 7.1 % (2016 national disability survey, age 2+);
  residents of poor households 2 % in phường, 7 % in xã (assumed; the multidimensional
  poverty rate is about 4 % nationally and higher in rural Sóc Trăng and Hậu Giang).

Run from the repository root: python3 hotspots/cantho/population-estimate.py
"""
import csv
import os

CITY_TOTAL = 4_199_824
SOURCE = ("ESTIMATE for demonstration, not a census figure: city total 4,199,824 "
          "(Resolution 1668/NQ-UBTVQH15) spread by area x density class; national shares")
YEAR = 2025
SHARES = [
    ("female", 0.502), ("male", 0.498),
    ("age:0-14", 0.243), ("age:15-24", 0.142), ("age:25-34", 0.166), ("age:35-44", 0.154),
    ("age:45-54", 0.125), ("age:55-64", 0.093), ("age:65+", 0.077),
    ("disability", 0.071),
]
POOR = {"phường": 0.02, "xã": 0.07}

here = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(here, "wards.csv"), encoding="utf-8") as f:
    wards = list(csv.DictReader(f))


def weight(ward):
    area = float(ward["area_km2"])
    if ward["kind"] == "phường":
        return area * (12 if area < 15 else 4)
    return area


weights = [weight(w) for w in wards]
exact = [CITY_TOTAL * w / sum(weights) for w in weights]
people = [int(x) for x in exact]
left = CITY_TOTAL - sum(people)
for i in sorted(range(len(wards)), key=lambda i: (people[i] - exact[i], wards[i]["code"]))[:left]:
    people[i] += 1
assert sum(people) == CITY_TOTAL

with open(os.path.join(here, "population-estimate.csv"), "w", encoding="utf-8",
          newline="") as f:
    out = csv.writer(f, lineterminator="\n")
    out.writerow(["code", "group", "value", "source", "year"])
    for ward, total in zip(wards, people):
        out.writerow([ward["code"], "total", total, SOURCE, YEAR])
        for group, share in SHARES:
            out.writerow([ward["code"], group, round(total * share), SOURCE, YEAR])
        out.writerow([ward["code"], "poor-household", round(total * POOR[ward["kind"]]),
                      SOURCE, YEAR])
