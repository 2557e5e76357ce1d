#!/usr/bin/env python3
"""Makes the sampling benchmark's input files from the shared corpus (standard library only).

    Benchmarks/make-sample-pcaps.py CORPUSDIR OUTDIR [ETH_PACKETS] [RADIOTAP_PACKETS] [DEVICES]

Writes OUTDIR/eth.pcap (Ethernet, default 2,000,000 packets) and OUTDIR/radiotap.pcap
(radiotap + 802.11, default 1,000,000 packets), little-endian microsecond classic pcap.
Packets are taken round-robin from the corpus's classic pcap files of that link type (up to
PER_FILE packets from each, skipping the corrupt_ and trunc_ files), and their addresses are
rewritten from a counter so the files hold many devices (default 50,000 distinct client MACs,
half of them locally administered): Ethernet source = the packet's client, destination = one
of 16 gateways; 802.11 addr2 (the transmitter) = the client, and addr1 = one of 16 APs unless
it is a group address (probe requests keep their broadcast). Timestamps run evenly over one
hour, so a 300 s window holds one twelfth of the file.
"""
import os
import struct
import sys

PER_FILE = 400
START = 1_767_600_000  # 2026-01-05 08:00:00 UTC
SPAN_SECONDS = 3600


def records(path, want_link):
    """Yields (captured bytes, original length) of a classic pcap file of link type want_link."""
    with open(path, "rb") as f:
        data = f.read()
    if len(data) < 24:
        return
    magic = data[:4]
    if magic in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1"):
        order = "<"
    elif magic in (b"\xa1\xb2\xc3\xd4", b"\xa1\xb2\x3c\x4d"):
        order = ">"
    else:
        return  # pcapng or unknown: skipped
    if struct.unpack(order + "I", data[20:24])[0] & 0xFFFF != want_link:
        return
    offset, count = 24, 0
    while offset + 16 <= len(data) and count < PER_FILE:
        caplen, origlen = struct.unpack(order + "II", data[offset + 8:offset + 16])
        frame = data[offset + 16:offset + 16 + caplen]
        if len(frame) < caplen:
            break
        yield bytes(frame), origlen
        offset += 16 + caplen
        count += 1


def corpus_packets(corpus, link):
    """Packets of one link type, interleaved across files so no file dominates."""
    per_file = []
    for name in sorted(os.listdir(corpus)):
        if name.startswith(("corrupt_", "trunc_")):
            continue
        packets = list(records(os.path.join(corpus, name), link))
        if packets:
            per_file.append(packets)
    mixed = []
    for index in range(max(len(p) for p in per_file)):
        for packets in per_file:
            if index < len(packets):
                mixed.append(packets[index])
    return mixed, len(per_file)


def client_mac(device):
    # Half globally unique (an OUI-like prefix), half locally administered (0x02 bit).
    first = 0x02 if device % 2 else 0x00
    return bytes([first, 0x1B, 0x44]) + (device & 0xFFFFFF).to_bytes(3, "big")


def infrastructure_mac(index, kind):
    return bytes([0x00, 0x0C, 0x42, kind, 0x00, index])


def rewrite_ethernet(frame, counter, devices):
    if len(frame) < 12:
        return frame
    out = bytearray(frame)
    out[0:6] = infrastructure_mac(counter % 16, 0x01)
    out[6:12] = client_mac(counter % devices)
    return bytes(out)


def rewrite_radiotap(frame, counter, devices):
    if len(frame) < 4:
        return frame
    header = struct.unpack("<H", frame[2:4])[0]
    if len(frame) < header + 16:
        return frame
    fc = frame[header]
    if (fc >> 2) & 0x03 == 1:  # control frames: short headers, leave them alone
        return frame
    out = bytearray(frame)
    if not out[header + 4] & 0x01:  # addr1 not a group address
        out[header + 4:header + 10] = infrastructure_mac(counter % 16, 0x02)
    out[header + 10:header + 16] = client_mac(counter % devices)
    return bytes(out)


def write(path, link, packets, count, rewrite, devices):
    step_us = SPAN_SECONDS * 1_000_000 // count
    with open(path, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, link))
        chunk = []
        for counter in range(count):
            frame, origlen = packets[counter % len(packets)]
            frame = rewrite(frame, counter, devices)
            stamp = counter * step_us
            chunk.append(struct.pack("<IIII", START + stamp // 1_000_000, stamp % 1_000_000,
                                     len(frame), max(origlen, len(frame))))
            chunk.append(frame)
            if len(chunk) >= 65536:
                f.write(b"".join(chunk))
                chunk = []
        f.write(b"".join(chunk))


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    corpus, out = sys.argv[1], sys.argv[2]
    eth_count = int(sys.argv[3]) if len(sys.argv) > 3 else 2_000_000
    radiotap_count = int(sys.argv[4]) if len(sys.argv) > 4 else 1_000_000
    devices = int(sys.argv[5]) if len(sys.argv) > 5 else 50_000
    os.makedirs(out, exist_ok=True)
    for name, link, count, rewrite in (("eth.pcap", 1, eth_count, rewrite_ethernet),
                                       ("radiotap.pcap", 127, radiotap_count, rewrite_radiotap)):
        packets, files = corpus_packets(corpus, link)
        path = os.path.join(out, name)
        write(path, link, packets, count, rewrite, devices)
        print("%s: %d packets from %d corpus packets in %d files, %d devices, %.1f MB"
              % (path, count, len(packets), files, devices, os.path.getsize(path) / 1e6))


if __name__ == "__main__":
    main()
