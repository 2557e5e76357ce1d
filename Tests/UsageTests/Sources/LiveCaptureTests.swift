// Live capture on the loopback interface (needs root or CAP_NET_RAW) and its error paths.

import Foundation
import Testing
@testable import Usage

@Suite("LiveCapture", .serialized)
struct LiveCaptureTests {
    static var isRoot: Bool { getuid() == 0 }

    @Test("lo for one second sees the UDP packets sent to 127.0.0.1 during it",
          .enabled(if: isRoot, "live capture needs root or CAP_NET_RAW"))
    func loopback() throws {
        let port: UInt16 = 47_999
        let sender = Thread {
            usleep(200_000)
            Self.sendUDP(count: 5, port: port)
        }
        sender.start()

        let clock = ContinuousClock()
        let started = clock.now
        var payloadsSeen = 0
        let report = try LiveCapture.capture(interface: "lo", duration: .seconds(1),
                                             filter: "udp and dst port \(port)") { packet in
            #expect(packet.bytes.count <= 128)
            #expect(packet.originalLength == 14 + 20 + 8 + 6)
            payloadsSeen += 1
        }
        let elapsed = started.duration(to: clock.now)

        #expect(report.name == "lo")
        #expect(report.format == "live")
        #expect(report.packets == 5)
        #expect(payloadsSeen == 5)
        #expect(report.linkTypes == [.ethernet: 5])
        #expect(elapsed >= .seconds(1) && elapsed < .seconds(2), "took \(elapsed)")
    }

    @Test("an interface that does not exist is refused by name")
    func missingInterface() {
        do {
            _ = try LiveCapture.capture(interface: "nosuchif0", duration: .milliseconds(100),
                                        filter: nil) { _ in }
            Issue.record("capture on a missing interface succeeded")
        } catch let error as SourceError {
            let expected: SourceError.Kind = Self.isRoot ? .notFound : .permission
            #expect(error.kind == expected)
            #expect(error.message.hasPrefix("nosuchif0: "))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test("a filter that does not compile is refused naming the filter",
          .enabled(if: isRoot, "live capture needs root or CAP_NET_RAW"))
    func badFilter() {
        #expect {
            try LiveCapture.capture(interface: "lo", duration: .milliseconds(100),
                                    filter: "udp and nonsense") { _ in }
        } throws: { error in
            guard let error = error as? SourceError else { return false }
            return error.kind == .unavailable
                && error.message.hasPrefix("lo: filter \"udp and nonsense\" rejected (")
        }
    }

    @Test("permission denied from pcap_activate reads as a permission error")
    func permissionMapping() {
        let denied = LiveCapture.activationError(
            interface: "wlan0", status: PcapStatus.permissionDenied,
            text: "socket: Operation not permitted")
        #expect(denied == SourceError(.permission, """
            wlan0: capture is not permitted; run as root or give the program CAP_NET_RAW and \
            CAP_NET_ADMIN (setcap cap_net_raw,cap_net_admin=eip) (socket: Operation not permitted)
            """))
        let plainEPERM = LiveCapture.activationError(
            interface: "wlan0", status: PcapStatus.error,
            text: "wlan0: You don't have permission to perform this capture on that device "
                + "(socket: Operation not permitted)")
        #expect(plainEPERM.kind == .permission)
        let missing = LiveCapture.activationError(
            interface: "eth9", status: PcapStatus.noSuchDevice, text: "")
        #expect(missing.kind == .notFound)
        #expect(missing.message.hasPrefix("eth9: no such interface ("))
        let down = LiveCapture.activationError(
            interface: "eth1", status: PcapStatus.interfaceNotUp,
            text: "eth1: That device is not up")
        #expect(down.kind == .unavailable)
    }

    /// Sends `count` 6-byte UDP datagrams to 127.0.0.1:`port`.
    static func sendUDP(count: Int, port: UInt16) {
        let socketDescriptor = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        guard socketDescriptor >= 0 else { return }
        defer { close(socketDescriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        let payload: [UInt8] = Array("ketnoi".utf8)
        for _ in 0..<count {
            _ = withUnsafePointer(to: &address) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    sendto(socketDescriptor, payload, payload.count, 0, $0,
                           socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            usleep(20_000)
        }
    }
}
