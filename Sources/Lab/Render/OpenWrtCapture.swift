// `tcpdump -i IF -U -s 128 -w -` on a simulated OpenWrt access point: a short classic pcap
// (LINKTYPE_ETHERNET, as tcpdump on an AP-mode interface such as `phy0-ap0` writes it) built
// from the same seeded stations as `iwinfo` and `get_clients`.
//
// Savefile layout: https://www.tcpdump.org/manpages/pcap-savefile.5.html. Frames are
// Ethernet II with IPv4 (RFC 791), UDP (RFC 768) and TCP (RFC 9293) headers; DNS (RFC 1035),
// DHCP (RFC 2131) and mDNS (RFC 6762) bodies are written far enough for the snap length.

enum OpenWrtCapture {
    /// The snap length tcpdump uses when `-s` is not given.
    static let defaultSnapLength = 262_144
    /// Seconds of capture time the packets spread over.
    static let captureSeconds = 3

    /// Answers a `tcpdump` command line; nil when `words` is not one.
    static func answer(_ words: [String], device: LabDevice) -> LabAnswer? {
        guard words.first == "tcpdump" else { return nil }

        var interface: String?
        var snapLength = defaultSnapLength
        var toStdout = false
        var index = 1
        while index < words.count {
            let word = words[index]
            let value = index + 1 < words.count ? words[index + 1] : nil
            switch word {
            case "-i":
                interface = value
                index += 1
            case "-s":
                guard let value, let number = Int(value), number >= 0 else {
                    return failure("tcpdump: invalid snaplen \(value ?? "")\n")
                }
                // tcpdump(1): -s 0 means the default.
                snapLength = number == 0 ? defaultSnapLength : min(number, defaultSnapLength)
                index += 1
            case "-w":
                toStdout = value == "-"
                index += 1
            default:
                break  // -U, -n and other flags change nothing in a finished answer.
            }
            index += 1
        }

        // Only the interface named in the access-points CSV exists on a lab AP.
        let name = interface ?? "any"
        guard let ssidIndex = device.ssids.firstIndex(where: {
            $0.interfaceName == name && name == device.firmware.defaultInterface
        }) else {
            return failure("tcpdump: \(name): No such device exists\n(No such device exists)\n")
        }
        guard toStdout else {
            return failure("lab: only 'tcpdump … -w -' is simulated\n")
        }

        let packets = capture(device, ssid: ssidIndex)
        var stdout = fileHeader(snapLength: snapLength)
        for packet in packets {
            stdout += record(packet, snapLength: snapLength)
        }
        let count = packets.count
        let stderr = """
            tcpdump: listening on \(name), link-type EN10MB (Ethernet), snapshot length \
            \(snapLength) bytes
            \(count) packets captured
            \(count) packets received by filter
            0 packets dropped by kernel

            """
        return LabAnswer(stdout: stdout, stderr: Array(stderr.utf8))
    }

    static func failure(_ text: String) -> LabAnswer {
        LabAnswer(stderr: Array(text.utf8), exitStatus: 1)
    }

    // MARK: - Packets

    /// One captured frame: when, its length on the wire, and its bytes (at least the snap
    /// length's worth, or all of it when shorter).
    struct Packet {
        let microseconds: Int64
        let wireLength: Int
        let bytes: [UInt8]
    }

    /// The frames on the SSID's interface in the minute of `device.now`: per station TCP
    /// data up (station → BSSID) and down (BSSID → station), DNS queries to the AP and their
    /// answers; DHCP discover and request from the newest station; one mDNS announcement.
    /// The same seed, AP and minute give the same bytes.
    static func capture(_ device: LabDevice, ssid ssidIndex: Int) -> [Packet] {
        let minute = device.now / 60
        let bssid = device.ssids[ssidIndex].bssid
        let stations = device.stations(on: ssidIndex)
        let start = minute * 60 * 1_000_000
        func random(_ values: UInt64...) -> UInt64 {
            var value = LabRandom.hash(device.seed, UInt64(device.index), Salt.capture.rawValue,
                                       UInt64(bitPattern: minute))
            for extra in values { value = LabRandom.hash(value, extra) }
            return value
        }
        func at(_ hash: UInt64) -> Int64 {
            start + Int64(hash % UInt64(captureSeconds * 1_000_000))
        }

        var packets: [Packet] = []
        let accessPointIP: [UInt8] = [10, 20, 0, 1]
        for (number, station) in stations.enumerated() {
            let slot = UInt64(number)
            let stationIP: [UInt8] = [10, 20, 0, UInt8(truncatingIfNeeded: 100 + number)]
            let plan = random(slot)
            let server: [UInt8] = [
                142, 250, UInt8(truncatingIfNeeded: plan >> 32),
                UInt8(truncatingIfNeeded: plan >> 40),
            ]
            let port = UInt16(truncatingIfNeeded: 40_000 + (plan >> 48) % 20_000)

            for burst in 0..<(2 + Int(plan % 5)) {
                let hash = random(slot, 1, UInt64(burst))
                let length = 66 + Int((hash >> 24) % 535)
                packets.append(Packet(
                    microseconds: at(hash), wireLength: length,
                    bytes: tcp(from: station.mac, to: bssid, source: stationIP, destination: server,
                               ports: (port, 443), length: length)))
            }
            for burst in 0..<(4 + Int((plan >> 8) % 9)) {
                let hash = random(slot, 2, UInt64(burst))
                let length = 600 + Int((hash >> 24) % 915)
                packets.append(Packet(
                    microseconds: at(hash), wireLength: length,
                    bytes: tcp(from: bssid, to: station.mac, source: server, destination: stationIP,
                               ports: (443, port), length: length)))
            }
            for query in 0..<(1 + Int((plan >> 16) % 2)) {
                let hash = random(slot, 3, UInt64(query))
                let queryLength = 74 + Int((hash >> 24) % 20)
                let time = at(hash)
                packets.append(Packet(
                    microseconds: time, wireLength: queryLength,
                    bytes: dns(from: station.mac, to: bssid, source: stationIP,
                               destination: accessPointIP, ports: (port &+ 1 &+ UInt16(query), 53),
                               length: queryLength, response: false)))
                packets.append(Packet(
                    microseconds: time + 900, wireLength: queryLength + 16,
                    bytes: dns(from: bssid, to: station.mac, source: accessPointIP,
                               destination: stationIP, ports: (53, port &+ 1 &+ UInt16(query)),
                               length: queryLength + 16, response: true)))
            }
        }

        // The newest station asks for its lease while the capture runs; one device announces
        // itself over mDNS.
        if let newest = stations.indices.min(by: {
            stations[$0].connectedSeconds < stations[$1].connectedSeconds
        }) {
            let hash = random(99, 1)
            let time = at(hash)
            for (offset, type) in [(0, UInt8(1)), (4_000, UInt8(3))] {
                packets.append(Packet(
                    microseconds: time + Int64(offset), wireLength: 342,
                    bytes: dhcp(from: stations[newest].mac, type: type, transaction: UInt32(
                        truncatingIfNeeded: hash >> 16))))
            }
            let announcer = Int(random(99, 2) % UInt64(stations.count))
            let address: [UInt8] = [10, 20, 0, UInt8(truncatingIfNeeded: 100 + announcer)]
            packets.append(Packet(
                microseconds: at(random(99, 3)), wireLength: 118,
                bytes: mdns(from: stations[announcer].mac, source: address, length: 118)))
        }

        // Sorting by time keeps the output in capture order; equal times keep creation order.
        return packets.enumerated()
            .sorted { ($0.element.microseconds, $0.offset) < ($1.element.microseconds, $1.offset) }
            .map(\.element)
    }

    // MARK: - Frames

    static func ethernet(_ destination: [UInt8], _ source: [UInt8]) -> [UInt8] {
        destination + source + [0x08, 0x00]
    }

    /// An IPv4 header (RFC 791 §3.1) with no options and its header checksum.
    static func ipv4(
        source: [UInt8], destination: [UInt8], protocolNumber: UInt8, totalLength: Int,
        ttl: UInt8 = 64
    ) -> [UInt8] {
        var header: [UInt8] = [
            0x45, 0x00, UInt8(totalLength >> 8 & 0xFF), UInt8(totalLength & 0xFF),
            0x00, 0x00, 0x40, 0x00, ttl, protocolNumber, 0x00, 0x00,
        ] + source + destination
        var sum: UInt32 = 0
        for index in stride(from: 0, to: header.count, by: 2) {
            sum += UInt32(header[index]) << 8 | UInt32(header[index + 1])
        }
        while sum > 0xFFFF { sum = (sum & 0xFFFF) + (sum >> 16) }
        let checksum = ~UInt16(sum)
        header[10] = UInt8(checksum >> 8)
        header[11] = UInt8(checksum & 0xFF)
        return header
    }

    static func be16(_ value: UInt16) -> [UInt8] { [UInt8(value >> 8), UInt8(value & 0xFF)] }

    static func udp(ports: (UInt16, UInt16), length: Int) -> [UInt8] {
        be16(ports.0) + be16(ports.1) + be16(UInt16(truncatingIfNeeded: length)) + [0, 0]
    }

    /// A TCP segment with ACK and PSH set and a zero body, `length` bytes on the wire.
    static func tcp(
        from sourceMAC: [UInt8], to destinationMAC: [UInt8], source: [UInt8],
        destination: [UInt8], ports: (UInt16, UInt16), length: Int
    ) -> [UInt8] {
        var frame = ethernet(destinationMAC, sourceMAC)
        frame += ipv4(source: source, destination: destination, protocolNumber: 6,
                      totalLength: length - 14)
        frame += be16(ports.0) + be16(ports.1) + [0, 0, 0x10, 0x01, 0, 0, 0x20, 0x01]
        frame += [0x50, 0x18, 0x01, 0xF5, 0x00, 0x00, 0x00, 0x00]
        return padded(frame, to: length)
    }

    /// A DNS query (QR 0, RD 1) for an A record, or its response (QR 1), over UDP.
    static func dns(
        from sourceMAC: [UInt8], to destinationMAC: [UInt8], source: [UInt8],
        destination: [UInt8], ports: (UInt16, UInt16), length: Int, response: Bool
    ) -> [UInt8] {
        var frame = ethernet(destinationMAC, sourceMAC)
        frame += ipv4(source: source, destination: destination, protocolNumber: 17,
                      totalLength: length - 14)
        frame += udp(ports: ports, length: length - 34)
        frame += [0x4B, 0x1D, response ? 0x81 : 0x01, response ? 0x80 : 0x00]
        frame += [0x00, 0x01, 0x00, response ? 0x01 : 0x00, 0x00, 0x00, 0x00, 0x00]
        frame += [17] + Array("connectivitycheck".utf8) + [7] + Array("gstatic".utf8)
        frame += [3] + Array("com".utf8) + [0, 0x00, 0x01, 0x00, 0x01]
        return padded(frame, to: length)
    }

    /// A DHCPDISCOVER (1) or DHCPREQUEST (3) broadcast by a client (RFC 2131 §4.4.1). The
    /// message type option sits after the 236 fixed bytes and the cookie, beyond a 128-byte
    /// snap length: a capture keeps the headers and cuts the rest, as on a real AP.
    static func dhcp(from client: [UInt8], type: UInt8, transaction: UInt32) -> [UInt8] {
        let length = 342
        var frame = ethernet([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF], client)
        frame += ipv4(source: [0, 0, 0, 0], destination: [255, 255, 255, 255],
                      protocolNumber: 17, totalLength: length - 14)
        frame += udp(ports: (68, 67), length: length - 34)
        frame += [1, 1, 6, 0]
        frame += [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: transaction >> $0) }
        frame += [UInt8](repeating: 0, count: 20)  // secs, flags, ciaddr, yiaddr, siaddr, giaddr
        frame += client + [UInt8](repeating: 0, count: 10 + 64 + 128)  // chaddr, sname, file
        frame += [0x63, 0x82, 0x53, 0x63, 53, 1, type, 255]
        return padded(frame, to: length)
    }

    /// An mDNS response announcing a host, to 224.0.0.251:5353 (RFC 6762 §5).
    static func mdns(from sourceMAC: [UInt8], source: [UInt8], length: Int) -> [UInt8] {
        var frame = ethernet([0x01, 0x00, 0x5E, 0x00, 0x00, 0xFB], sourceMAC)
        frame += ipv4(source: source, destination: [224, 0, 0, 251], protocolNumber: 17,
                      totalLength: length - 14, ttl: 255)
        frame += udp(ports: (5353, 5353), length: length - 34)
        frame += [0x00, 0x00, 0x84, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00]
        frame += [5] + Array("phone".utf8) + [5] + Array("local".utf8) + [0]
        return padded(frame, to: length)
    }

    static func padded(_ frame: [UInt8], to length: Int) -> [UInt8] {
        frame.count >= length ? Array(frame.prefix(length))
            : frame + [UInt8](repeating: 0, count: length - frame.count)
    }

    // MARK: - Savefile

    static func le32(_ value: UInt32) -> [UInt8] {
        [0, 8, 16, 24].map { UInt8(truncatingIfNeeded: value >> $0) }
    }

    /// The 24-byte file header: microsecond magic in little-endian order (the byte order of
    /// the MIPS and ARM OpenWrt targets the lab claims), version 2.4, LINKTYPE_ETHERNET.
    static func fileHeader(snapLength: Int) -> [UInt8] {
        le32(0xA1B2_C3D4) + [2, 0, 4, 0] + le32(0) + le32(0)
            + le32(UInt32(snapLength)) + le32(1)
    }

    /// One record: seconds, microseconds, captured length, wire length, captured bytes.
    static func record(_ packet: Packet, snapLength: Int) -> [UInt8] {
        let captured = min(snapLength, packet.bytes.count)
        return le32(UInt32(truncatingIfNeeded: packet.microseconds / 1_000_000))
            + le32(UInt32(truncatingIfNeeded: packet.microseconds % 1_000_000))
            + le32(UInt32(captured)) + le32(UInt32(packet.wireLength))
            + packet.bytes.prefix(captured)
    }
}
