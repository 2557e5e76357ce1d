#!/usr/bin/env bash
# Inventory of N lab access points: ketnoi (libssh, one session per AP, worker pool) against
# OpenSSH's ssh client driven by xargs -P, running the same commands on the same lab in one run.
#
#   Benchmarks/inventory-vs-openssh.sh [APS] [CONCURRENCY]     (defaults: 200 32)
#
# Both sides log in with the same key, check the host key (ketnoi against its pins, ssh against
# a known_hosts file written from the lab's keys) and run the OpenWrt driver's commands; OpenSSH
# reuses one connection per AP (ControlMaster), as ketnoi reuses one session.
set -euo pipefail

APS=${1:-200}
CONCURRENCY=${2:-32}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d /tmp/ketnoi-bench.XXXXXX)
trap '"$KETNOI" lab down --dir "$WORK/lab" >/dev/null 2>&1 || true; rm -rf "$WORK"' EXIT

cd "$ROOT"
# The release build with the Swift runtime linked in, as 'make install' makes it. The lab's
# forced command is ketnoi-lab-answer from the same folder (asking the lab's answer server), so
# both clients meet the same server cost per command.
SCRATCH="$ROOT/.build-release-static"
swift build -c release --static-swift-stdlib --scratch-path "$SCRATCH" --product ketnoi >/dev/null
swift build -c release --static-swift-stdlib --scratch-path "$SCRATCH" \
    --product ketnoi-lab-answer >/dev/null
KETNOI="$SCRATCH/release/ketnoi"
export KETNOI_DB="$WORK/bench.db"

"$KETNOI" lab up --aps "$APS" --dir "$WORK/lab" >/dev/null
"$KETNOI" aps import "$WORK/lab/access-points.csv" >/dev/null
# Pin the host keys first (first contact), so both timed runs verify known keys.
"$KETNOI" -q inventory --concurrency "$CONCURRENCY" >/dev/null || true

# OpenSSH side: known_hosts from the lab's host keys, one line per AP and port.
: > "$WORK/known_hosts"
tail -n +2 "$WORK/lab/access-points.csv" | while IFS=, read -r name _ address port _; do
    printf '[%s]:%s %s\n' "$address" "$port" "$(cut -d' ' -f1,2 "$WORK/lab/aps/$name/host_ed25519_key.pub")" \
        >> "$WORK/known_hosts"
done
cat > "$WORK/one-ap.sh" <<SCRIPT
#!/usr/bin/env bash
# One AP: the commands of the OpenWrt driver over one multiplexed OpenSSH connection.
set -u
name=\$1 port=\$2
opts=(-q -i "$WORK/lab/client_ed25519" -p "\$port" -o BatchMode=yes
      -o UserKnownHostsFile="$WORK/known_hosts" -o StrictHostKeyChecking=yes
      -o ControlMaster=auto -o ControlPath="$WORK/cm-%C" -o ControlPersist=30 -o ConnectTimeout=5)
target="\$(id -un)@127.0.0.1"
ssh "\${opts[@]}" "\$target" 'ubus call system board' >/dev/null
ssh "\${opts[@]}" "\$target" 'ubus call system info' >/dev/null
ssh "\${opts[@]}" "\$target" 'ubus call network.wireless status' >/dev/null
for object in \$(ssh "\${opts[@]}" "\$target" 'ubus list hostapd.*'); do
    interface=\${object#hostapd.}
    ssh "\${opts[@]}" "\$target" "ubus call hostapd.\$interface get_clients" >/dev/null
    ssh "\${opts[@]}" "\$target" "iw dev \$interface station dump" >/dev/null
done
ssh "\${opts[@]}" "\$target" 'cat /proc/net/dev' >/dev/null
ssh "\${opts[@]}" -O exit "\$target" 2>/dev/null || true
SCRIPT
chmod +x "$WORK/one-ap.sh"

now() { date +%s.%N; }

# Wall time, and the CPU time of the client side (the process and its children; the lab's sshd
# processes are not children, so the server's share is left out of both).
start=$(now)
/usr/bin/time -f '%U %S' -o "$WORK/ketnoi.cpu" "$KETNOI" -q inventory --concurrency "$CONCURRENCY" \
    > "$WORK/ketnoi.out" || true
ketnoi_seconds=$(echo "$(now) - $start" | bc)
answered=$(tail -n 1 "$WORK/ketnoi.out")

start=$(now)
tail -n +2 "$WORK/lab/access-points.csv" | cut -d, -f1,4 | tr , ' ' \
    | /usr/bin/time -f '%U %S' -o "$WORK/openssh.cpu" xargs -P "$CONCURRENCY" -n 2 "$WORK/one-ap.sh"
openssh_seconds=$(echo "$(now) - $start" | bc)

cpu() { awk '{ print $1 + $2 }' "$1"; }
ratio=$(echo "scale=3; $ketnoi_seconds / $openssh_seconds" | bc)
cpu_ratio=$(echo "scale=3; $(cpu "$WORK/ketnoi.cpu") / $(cpu "$WORK/openssh.cpu")" | bc)
printf 'inventory of %s lab APs at concurrency %s (%s cores)\n' "$APS" "$CONCURRENCY" "$(nproc)"
printf '  ketnoi (libssh, worker pool):   wall %6.2f s   client CPU %6.2f s   [%s]\n' \
    "$ketnoi_seconds" "$(cpu "$WORK/ketnoi.cpu")" "$answered"
printf '  OpenSSH ssh + xargs -P %-3s:     wall %6.2f s   client CPU %6.2f s\n' \
    "$CONCURRENCY" "$openssh_seconds" "$(cpu "$WORK/openssh.cpu")"
printf '  ratio ketnoi / OpenSSH:         wall %6.3f (target: at most 0.5)   client CPU %6.3f\n' \
    "$ratio" "$cpu_ratio"
