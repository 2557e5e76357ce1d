// The forced command's side: which firmware answers, and how a fault bends the answer.

import Foundation

extension Lab {
    /// What access point `ap` of the lab in `directory` prints for `command` (the value of
    /// `SSH_ORIGINAL_COMMAND`) at `now`. Never throws: a broken lab answers on stderr.
    public static func answer(
        directory: String, ap: String, command: String?,
        now: Date = Date()
    ) -> LabAnswer {
        let state: LabState
        do {
            state = try LabStore.load(directory: directory)
        } catch {
            return LabAnswer(stderr: Array("lab: \(error)\n".utf8), exitStatus: 1)
        }
        return answer(state: state, ap: ap, command: command, now: now)
    }

    /// The same as `answer(directory:ap:command:now:)` for a state already in memory.
    public static func answer(
        state: LabState, ap: String, command: String?,
        now: Date = Date()
    ) -> LabAnswer {
        let now = state.clock ?? now
        guard let index = state.aps.firstIndex(where: { $0.name == ap }) else {
            let message = "lab: no access point \(ap) in \(state.directory)\n"
            return LabAnswer(stderr: Array(message.utf8), exitStatus: 1)
        }
        let words = (command ?? "").split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" })
            .map(String.init)
        guard !words.isEmpty else {
            let message = "lab: \(ap) answers commands only, it has no interactive shell\n"
            return LabAnswer(stderr: Array(message.utf8), exitStatus: 1)
        }

        switch state.aps[index].fault {
        case .garbage:
            return LabAnswer(stdout: garbage(seed: state.seed, index: index, now: now))
        case .huge:
            return huge(state: state, index: index, words: words, now: now)
        case .slow(let seconds):
            var answer = firmwareAnswer(state: state, index: index, words: words, now: now)
            answer.delaySeconds = Double(seconds)
            return answer
        case .none, .hang, .hostKeyChanged, .wrongKey:
            return firmwareAnswer(state: state, index: index, words: words, now: now)
        }
    }

    /// The answer of a well-behaved access point.
    static func firmwareAnswer(
        state: LabState, index: Int, words: [String], now: Date,
        huge: Bool = false
    ) -> LabAnswer {
        let device = LabDevice(state: state, index: index, now: now, huge: huge)
        switch device.firmware {
        case .openwrt, .mixed:
            return OpenWrtAnswers.answer(words, device: device) ?? notFound(words[0])
        case .routeros:
            return RouterOSAnswers.answer(words, device: device)
        case .unifi:
            return UniFiAnswers.answer(words, device: device) ?? notFound(words[0])
        }
    }

    /// BusyBox ash's answer to a command it cannot find (RouterOS and UniFi APs have no
    /// `tcpdump`; OpenWrt APs stream a capture, see `OpenWrtCapture`).
    static func notFound(_ command: String) -> LabAnswer {
        LabAnswer(stderr: Array("sh: \(command): not found\n".utf8), exitStatus: 127)
    }

    /// The smallest output the `huge` fault produces.
    public static let hugeOutputBytes = 2 * 1_048_576

    /// At least 2 MiB: thousands of stations where the command lists stations, otherwise
    /// the normal answer printed again and again (a firmware stuck in a loop).
    static func huge(state: LabState, index: Int, words: [String], now: Date) -> LabAnswer {
        var answer = firmwareAnswer(state: state, index: index, words: words, now: now, huge: true)
        // A capture is a pcap stream: repeated, it would no longer be one; thousands of
        // stations already make it large.
        guard answer.exitStatus == 0, !answer.stdout.isEmpty, words.first != "tcpdump" else {
            return answer
        }
        let once = answer.stdout
        answer.stdout.reserveCapacity(hugeOutputBytes + once.count)
        while answer.stdout.count < hugeOutputBytes {
            answer.stdout += once
        }
        return answer
    }

    /// 16 KiB of seeded noise with NULs, 0xFF 0xFE and a cut UTF-8 sequence in it.
    static func garbage(seed: UInt64, index: Int, now: Date) -> [UInt8] {
        let second = UInt64(max(0, now.timeIntervalSince1970))
        var out: [UInt8] = []
        out.reserveCapacity(16_384)
        var block: UInt64 = 0
        while out.count < 16_384 - 8 {
            let value = LabRandom.hash(seed, UInt64(index), Salt.garbage.rawValue, second, block)
            withUnsafeBytes(of: value) { out += $0 }
            block += 1
        }
        out += [0x00, 0xFF, 0xFE, 0x00, 0xC3, 0x28, 0xE2, 0x82]
        return out
    }
}
