// libFuzzer entry point for the Usage frame decoders. Build and run (see the README's
// development section):
//
//   swift build --product FuzzDecoders -c release --sanitize fuzzer --sanitize address \
//       -Xswiftc -parse-as-library \
//       -Xswiftc -sanitize-coverage=edge,trace-cmp,inline-8bit-counters,pc-table \
//       --scratch-path /tmp/fuzz-build
//
// The explicit -sanitize-coverage matters: with `--sanitize fuzzer` alone, SwiftPM 6.3's
// whole-module release build passes only -sanitize=address to the frontend, so the decoders
// get no coverage counters and libFuzzer reports "no interesting inputs".
//   Tests/Fuzz/seed-decoders.sh /tmp/fuzz-seeds
//   SWIFT_BACKTRACE=enable=no /tmp/fuzz-build/release/FuzzDecoders -max_total_time=600 \
//       /tmp/fuzz-seeds
//
// Input: one selector byte, then the packet. The selector's low 4 bits pick the link type
// (0 NULL, 1 Ethernet, 2 RAW, 3 802.11, 4 SLL, 5 Prism, 6 radiotap, 7 IPv4, 8 IPv6, 9 SLL2;
// 10–15 an unknown one); bit 7 says the capture was cut by the snap length, so the packet is
// decoded as if it had been 1000 bytes longer on the wire.

import Usage

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let selector = data[0]
    // No globals: libFuzzer owns `main`, so nothing here may rely on top-level code.
    let linkType: LinkType
    switch selector & 0x0F {
    case 0: linkType = .null
    case 1: linkType = .ethernet
    case 2: linkType = .raw
    case 3: linkType = .ieee80211
    case 4: linkType = .linuxSLL
    case 5: linkType = .prism
    case 6: linkType = .radiotap
    case 7: linkType = .ipv4
    case 8: linkType = .ipv6
    case 9: linkType = .linuxSLL2
    default: linkType = LinkType(rawValue: 200 + UInt32(selector & 0x0F))
    }
    let bytes = UnsafeRawBufferPointer(start: data + 1, count: size - 1)
    let cutBySnapLength = selector & 0x80 != 0
    let packet = PacketView(timestampNanoseconds: 0, linkType: linkType,
                            originalLength: bytes.count + (cutBySnapLength ? 1000 : 0),
                            bytes: bytes)
    let frame = FrameDecoder.decode(packet)

    // Keep the result observable so the optimiser cannot drop the decode.
    if frame.status == .ok && frame.isProbeRequest && frame.source == MAC48(value: 1) {
        return 1
    }
    return 0
}
