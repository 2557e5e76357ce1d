import Equity
import Foundation
import Geo
import Testing
@testable import Reports

// Renders an index.html built from real ward polygons in headless Chromium (Debian's
// `chromium`, installed by `make test`) and checks the screenshot is not blank. On CI
// (CI=true) a missing browser, python3 or corpus is a failure, elsewhere the test is skipped.

/// `…/wt-x/Tests/ReportsTests/X.swift` → `…/shared/corpus/geo`.
private let wardsGeoJSON = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("shared/corpus/geo/cantho-2025-wards.geojson")

private let onCI = ProcessInfo.processInfo.environment["CI"] == "true"

/// The first executable of these names on PATH or in /usr/bin.
private func executable(_ names: [String]) -> String? {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
    let folders = path.split(separator: ":").map(String.init) + ["/usr/bin", "/bin"]
    for name in names {
        for folder in folders {
            let candidate = folder + "/" + name
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
    }
    return nil
}

private let chromium = executable(["chromium", "chromium-browser"])
private let python = executable(["python3"])
private let corpusPresent = FileManager.default.fileExists(atPath: wardsGeoJSON.path)

@Suite(.enabled(if: onCI || (chromium != nil && python != nil && corpusPresent)))
struct BrowserRenderTests {
    /// Seven central wards of Cần Thơ, one status each in turn.
    static let wardCodes = ["31120", "31135", "31147", "31150", "31168", "31183", "31186"]

    @Test(.timeLimit(.minutes(3)))
    func reportRendersInHeadlessChromiumAndIsNotBlank() throws {
        guard let chromium else {
            Issue.record("chromium is not installed: run `make test`, or apt-get install chromium")
            return
        }
        guard let python else {
            Issue.record("python3 is needed to read the screenshot")
            return
        }
        guard corpusPresent else {
            Issue.record("the ward boundaries are missing at \(wardsGeoJSON.path)")
            return
        }

        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("ketnoi-browser-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }

        let model = try Self.model()
        try ReportFiles.write(model, to: folder)
        let page = folder.appendingPathComponent("index.html")
        let screenshot = folder.appendingPathComponent("screenshot.png")

        let status = try run(
            chromium,
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                "--no-first-run",
                "--user-data-dir=" + folder.appendingPathComponent("profile").path,
                "--screenshot=" + screenshot.path, "--window-size=1200,2000",
                page.absoluteString,
            ],
            timeout: 120)
        #expect(status == 0, "chromium exited with \(status)")
        try #require(FileManager.default.fileExists(atPath: screenshot.path))
        if let copy = ProcessInfo.processInfo.environment["KETNOI_KEEP_SCREENSHOT"] {
            try? FileManager.default.removeItem(atPath: copy)
            try FileManager.default.copyItem(atPath: screenshot.path, toPath: copy)
        }

        let script = folder.appendingPathComponent("pngstats.py")
        try Data(Self.pngStatistics.utf8).write(to: script)
        let report = folder.appendingPathComponent("stats.json")
        let colours = UnderservedStatus.allCases.map(StatusColour.fill)
        let pythonStatus = try run(
            python, [script.path, screenshot.path] + colours, timeout: 120, stdout: report)
        try #require(pythonStatus == 0, "the screenshot could not be decoded")

        let stats = try JSONDecoder().decode(
            ScreenshotStatistics.self, from: Data(contentsOf: report))
        #expect(stats.width == 1200)
        #expect(stats.height == 2000)
        // A blank page is one colour; text, map and tables give hundreds.
        #expect(stats.distinctColours > 50)
        #expect(stats.nonWhitePixels > 1200 * 2000 / 20)
        // Every status colour fills a visible part of the map.
        for colour in colours {
            #expect((stats.colours[colour] ?? 0) > 300, "too little \(colour) on the page")
        }
    }

    /// A report model over real boundaries, with a hotspot at each ward's centroid.
    static func model() throws -> ReportModel {
        let features = try GeoJSON.readFeatures(
            data: Data(contentsOf: wardsGeoJSON), source: wardsGeoJSON.path)
        var wards: [WardRow] = []
        var hotspots: [HotspotRow] = []
        let statuses = UnderservedStatus.allCases
        for (index, code) in wardCodes.enumerated() {
            let feature = try #require(
                features.first { $0.properties["code"]?.stringValue == code })
            guard case .multiPolygon(let shape)? = feature.geometry else {
                throw GeoJSONError(source: code, message: "no boundary")
            }
            let name = feature.properties["fullName"]?.stringValue ?? code
            wards.append(WardRow(
                code: code, name: name, kind: .phuong, shape: .boundary(shape),
                population: .number(Double(20_000 + 5_000 * index)), hotspots: index % 3,
                coverage: .number(Double(10 * index), decimals: 1),
                status: statuses[index % statuses.count], rank: index + 1))
            hotspots.append(HotspotRow(
                code: "CT-\(100 + index)", name: "Hotspot <\(index)>", location: shape.centroid,
                wardCode: code, dailyDevices: Double(50 * (index + 1)),
                ssids: ["<script>alert(\(index))</script>"]))
        }
        var model = hostileModel()
        model.wards = wards
        model.hotspots = hotspots
        model.lorenz = [
            LorenzPoint(populationShare: 0, quantityShare: 0),
            LorenzPoint(populationShare: 0.4, quantityShare: 0.1),
            LorenzPoint(populationShare: 0.8, quantityShare: 0.45),
            LorenzPoint(populationShare: 1, quantityShare: 1),
        ]
        return model
    }

    /// Runs a program to its end or the timeout, output to `stdout` (or nowhere).
    func run(
        _ program: String, _ arguments: [String], timeout: Double, stdout: URL? = nil
    ) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        if let stdout {
            _ = FileManager.default.createFile(atPath: stdout.path, contents: nil)
            process.standardOutput = try FileHandle(forWritingTo: stdout)
        } else {
            process.standardOutput = FileHandle.nullDevice
        }
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning, Date() < deadline { usleep(50_000) }
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
            Issue.record("\(program) did not finish within \(Int(timeout)) s")
        }
        return process.terminationStatus
    }

    struct ScreenshotStatistics: Decodable {
        let width: Int
        let height: Int
        let distinctColours: Int
        let nonWhitePixels: Int
        let colours: [String: Int]
    }

    /// Reads an 8-bit RGB or RGBA, non-interlaced PNG with the standard library only (zlib,
    /// the five row filters of PNG §9) and prints its size, colour count, non-white pixels and
    /// the pixel count of each colour asked for, as JSON.
    static let pngStatistics = #"""
        import json, struct, sys, zlib

        data = open(sys.argv[1], "rb").read()
        if data[:8] != b"\x89PNG\r\n\x1a\n":
            sys.exit("not a PNG")
        pos, idat, header = 8, [], None
        while pos < len(data):
            length, kind = struct.unpack(">I4s", data[pos:pos + 8])
            body = data[pos + 8:pos + 8 + length]
            if kind == b"IHDR":
                header = struct.unpack(">IIBBBBB", body)
            elif kind == b"IDAT":
                idat.append(body)
            pos += 12 + length
        width, height, depth, colour, _, _, interlace = header
        channels = {2: 3, 6: 4}.get(colour)
        if depth != 8 or channels is None or interlace != 0:
            sys.exit("unsupported PNG: depth %d, colour type %d" % (depth, colour))
        raw = zlib.decompress(b"".join(idat))
        stride = width * channels
        previous = bytearray(stride)
        counts = {}
        for y in range(height):
            start = y * (stride + 1)
            kind = raw[start]
            row = bytearray(raw[start + 1:start + 1 + stride])
            if kind == 1:
                for i in range(channels, stride):
                    row[i] = (row[i] + row[i - channels]) & 255
            elif kind == 2:
                row = bytearray((a + b) & 255 for a, b in zip(row, previous))
            elif kind == 3:
                for i in range(stride):
                    left = row[i - channels] if i >= channels else 0
                    row[i] = (row[i] + ((left + previous[i]) >> 1)) & 255
            elif kind == 4:
                for i in range(stride):
                    a = row[i - channels] if i >= channels else 0
                    b = previous[i]
                    c = previous[i - channels] if i >= channels else 0
                    p = a + b - c
                    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                    predictor = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                    row[i] = (row[i] + predictor) & 255
            for x in range(0, stride, channels):
                key = bytes(row[x:x + 3])
                counts[key] = counts.get(key, 0) + 1
            previous = row
        wanted = {name.lower(): counts.get(bytes.fromhex(name[1:]), 0) for name in sys.argv[2:]}
        print(json.dumps({
            "width": width, "height": height, "distinctColours": len(counts),
            "nonWhitePixels": width * height - counts.get(b"\xff\xff\xff", 0),
            "colours": wanted}))
        """#
}
