#!/usr/bin/env bash
# `ketnoi report` at city scale: the 103 wards (polygons from ../shared/corpus/geo when
# present), the population estimate, 2,000 hotspots (the 56 samples plus seeded ones near
# ward centres), one access point each with 24 hourly usage windows and daily devices,
# a coverage run and 50,000 sample learners. Times `ketnoi report --out` (best of 3, release
# build) against the 2 s target. Not a test: it prints figures.
#
#   Benchmarks/report-scale.sh            # work folder in /tmp, removed afterwards
#   KEEP=1 Benchmarks/report-scale.sh     # keep it (path printed) for profiling
set -euo pipefail
cd "$(dirname "$0")/.."

swift build -c release --product ketnoi >/dev/null
ketnoi="$(swift build -c release --show-bin-path)/ketnoi"
work=$(mktemp -d /tmp/ketnoi-report-scale.XXXXXX)
[ "${KEEP:-}" = 1 ] || trap 'rm -rf "$work"' EXIT
db="$work/ketnoi.db"
geo=../shared/corpus/geo/cantho-2025-wards.geojson

"$ketnoi" --db "$db" areas import hotspots/cantho/wards.csv >/dev/null
if [ -f "$geo" ]; then
    "$ketnoi" --db "$db" areas import --name-field fullName "$geo" >/dev/null 2>&1
fi
"$ketnoi" --db "$db" areas population hotspots/cantho/population-estimate.csv >/dev/null

# 1,944 more hotspots, seeded: each within about 300 m of a ward's centre point, spread over
# the wards in turn, ward left blank: the importer places each in the polygon holding it.
python3 - hotspots/cantho/hotspots.csv hotspots/cantho/wards.csv "$work/hotspots.csv" <<'EOF'
import csv, random, sys
sample, wards_file, out = sys.argv[1:4]
rng = random.Random(20260701)
rows = list(csv.DictReader(open(sample, encoding="utf-8")))
wards = list(csv.DictReader(open(wards_file, encoding="utf-8")))
environments = ["dense-urban", "urban", "suburban", "rural"]
for n in range(2000 - len(rows)):
    ward = wards[n % len(wards)]
    lat = float(ward["centroid_lat"]) + rng.uniform(-0.0027, 0.0027)
    lon = float(ward["centroid_lon"]) + rng.uniform(-0.0027, 0.0027)
    rows.append({
        "code": f"GEN-{n + 1:04d}", "name": f"Điểm phát sóng thử {n + 1}",
        "ward_code": "", "latitude": f"{lat:.6f}", "longitude": f"{lon:.6f}",
        "environment": environments[rng.randrange(4)],
        "capacity": str(rng.choice([40, 60, 80, 120, 200])),
        "address": ward["name"], "source": "sample"})
with open(out, "w", encoding="utf-8", newline="") as f:
    writer = csv.DictWriter(f, fieldnames=list(rows[0].keys()), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
EOF
"$ketnoi" --db "$db" hotspots import --skip-invalid "$work/hotspots.csv" | tail -n 1

# One access point per hotspot, 24 hourly windows each and a day of distinct devices: the
# rows `ketnoi sample` would store (counters and pseudonyms only), written in one go.
sqlite3 "$db" <<'EOF'
BEGIN;
INSERT INTO access_points (name, hotspot_code, address, port, user, firmware, credential,
    capture_interface, enabled, source, created_at, updated_at)
SELECT lower(code) || '-ap1', code, lower(code) || '.wifi.cantho.example', 22, 'root',
    'openwrt', '', 'phy0-ap0', 0, 'benchmark', '2026-06-30T00:00:00Z', '2026-06-30T00:00:00Z'
FROM hotspots;
WITH RECURSIVE hour(h) AS (SELECT 0 UNION ALL SELECT h + 1 FROM hour WHERE h < 23)
INSERT INTO usage_windows (source, ap_id, window_start, window_seconds, packets, bytes,
    bytes_up, bytes_down, bytes_unclassified, clients, probe_requests, probe_sources,
    probe_sources_global, probe_sources_local, dhcp_discovers, dhcp_requests, dns_queries,
    malformed, truncated, unknown_link_type, sampled_at)
SELECT 'ap:' || a.name, a.id, printf('2026-06-30T%02d:00:00Z', h), 3600,
    1000 + (a.id * 7 + h * 13) % 900, 600000, 200000, 400000, 0,
    5 + (a.id * 3 + h * 5) % 40, 20, 10, 8, 2, 3, 3, 150, 0, 0, 0, '2026-06-30T23:59:00Z'
FROM access_points a, hour;
WITH RECURSIVE device(d) AS (SELECT 1 UNION ALL SELECT d + 1 FROM device WHERE d < 60)
INSERT INTO usage_day_devices (day, source, ap_id, pseudonym)
SELECT '2026-06-30', 'ap:' || a.name, a.id, printf('%016x', a.id * 1000 + d)
FROM access_points a, device WHERE d <= 10 + a.id % 50;
COMMIT;
EOF

"$ketnoi" --db "$db" coverage --unserved-below 0.2 >/dev/null 2>&1
"$ketnoi" --db "$db" learning sample --seed 1 --learners 50000 --until 2026-06-29 \
    --curricula curricula >/dev/null

echo "database: $(sqlite3 "$db" 'SELECT count(*) FROM areas') areas, \
$(sqlite3 "$db" 'SELECT count(*) FROM hotspots') hotspots, \
$(sqlite3 "$db" 'SELECT count(*) FROM learners') learners, \
$(sqlite3 "$db" 'SELECT count(*) FROM enrollments') enrollments, \
$(sqlite3 "$db" 'SELECT count(*) FROM usage_windows') usage windows"

best=""
for run in 1 2 3; do
    start=$(date +%s.%N)
    "$ketnoi" --db "$db" report --out "$work/report" >/dev/null 2>&1
    end=$(date +%s.%N)
    seconds=$(printf "%.3f" "$(echo "$end - $start" | bc)")
    echo "run $run: ${seconds} s"
    if [ -z "$best" ] || [ "$(echo "$seconds < $best" | bc)" = 1 ]; then best=$seconds; fi
done
verdict=$([ "$(echo "$best < 2" | bc)" = 1 ] && echo "within" || echo "OVER")
echo "ketnoi report, best of 3: ${best} s ($verdict the 2 s target)"
ls -l "$work/report" | awk 'NR > 1 { print "  " $5 "  " $9 }'
[ "${KEEP:-}" = 1 ] && echo "kept: $work"
true
