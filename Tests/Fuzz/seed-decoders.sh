#!/bin/sh
# Builds a seed folder for the FuzzDecoders libFuzzer target from the shared pcap corpus.
# Each seed file is one selector byte (the link type's index in Sources/FuzzDecoders/main.swift)
# followed by one captured frame. Classic pcap only; pcapng and unknown link types are skipped.
#
#   Tests/Fuzz/seed-decoders.sh SEEDDIR [CORPUSDIR] [FRAMES_PER_FILE]
set -eu

seeds=${1:?usage: seed-decoders.sh SEEDDIR [CORPUSDIR] [FRAMES_PER_FILE]}
here=$(cd "$(dirname "$0")" && pwd)
corpus=${2:-$here/../../../shared/corpus/pcap}
per_file=${3:-40}
mkdir -p "$seeds"

python3 - "$corpus" "$seeds" "$per_file" <<'PY'
import os, struct, sys

corpus, seeds, per_file = sys.argv[1], sys.argv[2], int(sys.argv[3])
# Selector byte per link type: must match the switch in Sources/FuzzDecoders/main.swift.
selector = {0: 0, 1: 1, 101: 2, 105: 3, 113: 4, 119: 5, 127: 6, 228: 7, 229: 8, 276: 9}
written = 0
for name in sorted(os.listdir(corpus)):
    with open(os.path.join(corpus, name), "rb") as f:
        data = f.read()
    if len(data) < 24:
        continue
    magic = data[:4]
    if magic in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1"):
        order = "<"
    elif magic in (b"\xa1\xb2\xc3\xd4", b"\xa1\xb2\x3c\x4d"):
        order = ">"
    else:
        continue  # pcapng or unknown
    link = struct.unpack(order + "I", data[20:24])[0] & 0xFFFF
    if link not in selector:
        continue
    offset, count = 24, 0
    while offset + 16 <= len(data) and count < per_file:
        caplen = struct.unpack(order + "I", data[offset + 8:offset + 12])[0]
        frame = data[offset + 16:offset + 16 + caplen]
        if len(frame) < caplen:
            break
        with open(os.path.join(seeds, "%s-%04d" % (name, count)), "wb") as out:
            out.write(bytes([selector[link]]) + frame)
        offset += 16 + caplen
        count += 1
        written += 1
print("wrote %d seeds to %s" % (written, seeds))
PY
