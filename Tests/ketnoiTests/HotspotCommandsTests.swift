import Foundation
import Testing

// Mirrors Sources/ketnoi/Commands/HotspotCommands.swift and ImportOutput.swift:
// `ketnoi hotspots …` through the binary.

@Suite("ketnoi hotspots import")
struct HotspotImportTests {
    @Test func bundledHotspotsImportIntoTheBundledWards() throws {
        let sandbox = try Sandbox()
        _ = try sandbox.run(["areas", "import", Paths.wardsCSV])
        let outcome = try sandbox.run(["hotspots", "import", Paths.hotspotsCSV])

        #expect(outcome.status == 0, "\(outcome)")
        #expect(outcome.stdout
            == "\(Paths.hotspotsCSV): 56 rows read; hotspots 56 created, 0 updated\n")
        #expect(outcome.stderr == "")
        let hotspots = try sandbox.json(["hotspots", "list"]).list
        #expect(hotspots.count == 56)
        #expect(Set(hotspots.compactMap { $0["areaCode"] as? String }).count >= 12)
    }

    @Test func listPrintsATableAndACount() throws {
        let sandbox = try Sandbox()
        _ = try sandbox.run(["areas", "import", Paths.wardsCSV])
        _ = try sandbox.run(["hotspots", "import", Paths.hotspotsCSV])
        let outcome = try sandbox.run(["hotspots", "list"])

        #expect(outcome.status == 0)
        #expect(outcome.stdoutLines.count == 58)
        #expect(outcome.stdoutLines.first?.hasPrefix("code ") == true)
        #expect(outcome.stdoutLines.last == "56 hotspots")
    }

    @Test func missingFileExits66AndNamesIt() throws {
        let sandbox = try Sandbox()
        let path = sandbox.path("nowhere.csv")
        let outcome = try sandbox.run(["hotspots", "import", path])

        #expect(outcome.status == 66, "\(outcome)")
        #expect(outcome.stdout == "")
        #expect(outcome.stderrLines == ["ketnoi: error: \(path): no such file"])
    }

    @Test func missingFileExits66EvenForADryRun() throws {
        let sandbox = try Sandbox()
        let outcome = try sandbox.run(["areas", "import", "--dry-run", "nowhere.geojson"])

        #expect(outcome.status == 66, "\(outcome)")
        #expect(outcome.stderrLines == ["ketnoi: error: nowhere.geojson: no such file"])
    }

    @Test(arguments: [["hotspots", "import"], ["areas", "import"], ["areas", "population"]])
    func folderGivenAsFileExits66(command: [String]) throws {
        let sandbox = try Sandbox()
        try FileManager.default.createDirectory(
            atPath: sandbox.path("inputs.csv"), withIntermediateDirectories: true)
        let outcome = try sandbox.run(command + ["inputs.csv"])

        #expect(outcome.status == 66, "\(outcome)")
        #expect(outcome.stdout == "")
        #expect(outcome.stderrLines == ["ketnoi: error: inputs.csv: is a folder, not a file"])
    }

    /// Files that are not text at all, under names that promise text.
    static let garbage: [(name: String, bytes: Data, message: String)] = [
        ("random.csv", pseudoRandomBytes(count: 4096, seed: 1),
         "ketnoi: error: random.csv:1: invalid UTF-8 at byte 0 (0xC1); give --encoding if the "
            + "file is not UTF-8"),
        ("image.json", Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D]),
         "ketnoi: error: image.json:1: invalid UTF-8 at byte 0 (0x89); give --encoding if the "
            + "file is not UTF-8"),
        ("zeros.geojson", Data(count: 3000), "ketnoi: error: zeros.geojson:1: NUL byte at byte 0"),
    ]

    @Test(arguments: [["hotspots", "import"], ["areas", "import"]])
    func binaryFileExits65WithoutACrash(command: [String]) throws {
        let sandbox = try Sandbox()
        for file in Self.garbage {
            try sandbox.write(file.name, file.bytes)
            let outcome = try sandbox.run(command + [file.name])

            #expect(outcome.status == 65, "\(outcome)")
            #expect(outcome.stdout == "")
            #expect(outcome.stderrLines == [file.message])
        }
        #expect(try sandbox.hotspotCount() == 0)
    }

    @Test func truncatedJSONExits65() throws {
        let sandbox = try Sandbox()
        try sandbox.write("cut.geojson", #"{"type": "FeatureCollection", "features": ["#)
        let outcome = try sandbox.run(["areas", "import", "cut.geojson"])

        #expect(outcome.status == 65, "\(outcome)")
        #expect(outcome.stderrLines == [
            "ketnoi: error: cut.geojson: not valid JSON: unexpected end of input at line 1, "
                + "column 44",
        ])
    }

    /// A JSON list of hotspots says where it goes wrong, as a GeoJSON file does.
    @Test func badJSONListNamesLineAndColumn() throws {
        let sandbox = try Sandbox()
        try sandbox.write("list.json", "[{\"code\": \"A\"},\n {\"code\": \"B\" \"name\": 1}]")
        let outcome = try sandbox.run(["hotspots", "import", "list.json"])
        #expect(outcome.status == 65, "\(outcome)")
        #expect(outcome.stderrLines == [
            "ketnoi: error: list.json: not valid JSON: expected ',' or '}', found '\"' at "
                + "line 2, column 15",
        ])
        #expect(try sandbox.hotspotCount() == 0)
    }

    @Test func emptyFileExits65() throws {
        let sandbox = try Sandbox()
        try sandbox.write("empty.csv", "")
        let outcome = try sandbox.run(["hotspots", "import", "empty.csv"])

        #expect(outcome.status == 65, "\(outcome)")
        #expect(outcome.stderrLines == ["ketnoi: error: empty.csv: empty file, no header"])
    }

    @Test func badRowsAreListedAndNothingIsWritten() throws {
        let sandbox = try Sandbox()
        let path = try sandbox.write("sites.csv", """
            code,name,lat,lon
            S-1,Bến Ninh Kiều,10.0339,105.7876
            S-2,Null island,0,0
            S-3,Sai,abc,105.78
            S-4,Chợ cổ,10.0324,105.7869

            """)
        let strict = try sandbox.run(["hotspots", "import", path])

        #expect(strict.status == 65, "\(strict)")
        #expect(strict.stdout == "\(path): 4 rows read, 2 invalid; nothing written (fix them, or "
            + "--skip-invalid to import the 2 valid rows)\n")
        #expect(strict.stderrLines == [
            "\(path):3: latitude, longitude: 0, 0 is 'null island', a placeholder for a missing "
                + "location",
            "\(path):4: latitude: 'abc' is not a number",
            "ketnoi: error: 2 invalid row(s) in \(path); nothing written",
        ])
        #expect(try sandbox.hotspotCount() == 0)

        let dryRun = try sandbox.run(["hotspots", "import", "--dry-run", path])
        #expect(dryRun.status == 65)
        #expect(dryRun.stdout
            == "\(path): 4 rows read, 2 valid, 2 invalid; dry run, nothing written\n")
        #expect(try sandbox.hotspotCount() == 0)

        let skipping = try sandbox.run(["hotspots", "import", "--skip-invalid", path])
        #expect(skipping.status == 0, "\(skipping)")
        #expect(skipping.stdout == "\(path): 4 rows read; hotspots 2 created, 0 updated, "
            + "2 invalid rows skipped\n")
        #expect(skipping.stderrLines == Array(strict.stderrLines.prefix(2)))
        #expect(try sandbox.json(["hotspots", "list"]).list.map { $0["code"] as? String }
            == ["S-1", "S-4"])
    }

    @Test func noValidRowSaysOnlyNothingWritten() throws {
        let sandbox = try Sandbox()
        let path = try sandbox.write("sites.csv", """
            code,name,lat,lon
            S-1,Null island,0,0
            S-2,Sai,abc,105.78

            """)
        let outcome = try sandbox.run(["hotspots", "import", path])

        #expect(outcome.status == 65, "\(outcome)")
        #expect(outcome.stdout == "\(path): 2 rows read, 2 invalid; nothing written\n")
        #expect(outcome.stderrLines.last
            == "ketnoi: error: 2 invalid row(s) in \(path); nothing written")
        #expect(try sandbox.hotspotCount() == 0)
    }

    @Test func nameWithAControlCharacterIsRefused() throws {
        let sandbox = try Sandbox()
        let path = try sandbox.write("sites.csv", """
            code,name,lat,lon
            S-1,Bến \u{1B}[2JNinh Kiều,10.0339,105.7876
            S-2,Chợ cổ,10.0324,105.7869
            S-3\u{7},Chuông,10.0325,105.7868

            """)
        let outcome = try sandbox.run(["hotspots", "import", path])

        #expect(outcome.status == 65, "\(outcome)")
        #expect(outcome.stdout == "\(path): 3 rows read, 2 invalid; nothing written (fix them, or "
            + "--skip-invalid to import the 1 valid rows)\n")
        #expect(outcome.stderrLines == [
            "\(path):2: name: contains a control character (U+001B); names are kept as written, "
                + "so fix it in the file",
            "\(path):4: code: contains a control character (U+0007)",
            "ketnoi: error: 2 invalid row(s) in \(path); nothing written",
        ])
        #expect(!outcome.stderr.contains(escape))
        #expect(try sandbox.hotspotCount() == 0)
    }

    @Test(arguments: ["1.000", "1,000", "1 000", "150.0"])
    func capacityWithSeparatorsIsRefusedNotMisread(capacity: String) throws {
        let sandbox = try Sandbox()
        let path = try sandbox.write("sites.csv", """
            code,name,lat,lon,capacity
            S-1,Bến Ninh Kiều,10.0339,105.7876,"\(capacity)"

            """)
        let outcome = try sandbox.run(["hotspots", "import", path])

        #expect(outcome.status == 65, "\(outcome)")
        #expect(outcome.stdout == "\(path): 1 rows read, 1 invalid; nothing written\n")
        #expect(outcome.stderrLines == [
            "\(path):2: capacity: '\(capacity)' is not a number of concurrent users (1 to 100000)",
            "ketnoi: error: 1 invalid row(s) in \(path); nothing written",
        ])
        #expect(try sandbox.hotspotCount() == 0)
    }

    @Test func moreThanAThousandProblemsListsTheFirstThousandAndCountsTheRest() throws {
        let sandbox = try Sandbox()
        var text = "code,name,lat,lon\n"
        for row in 1...1005 {
            text += "B-\(row),Site \(row),abc,105.78\n"
        }
        let path = try sandbox.write("many.csv", text)
        let outcome = try sandbox.run(["hotspots", "import", path])

        #expect(outcome.status == 65, "\(outcome.status)")
        #expect(outcome.stdout == "\(path): 1005 rows read, 1005 invalid; nothing written\n")
        let lines = outcome.stderrLines
        #expect(lines.count == 1002)
        #expect(Array(lines.prefix(1000))
            == (2...1001).map { "\(path):\($0): latitude: 'abc' is not a number" })
        #expect(Array(lines.suffix(2)) == [
            "… and 5 more problems (--json lists them all)",
            "ketnoi: error: 1005 invalid row(s) in \(path); nothing written",
        ])

        let json = try sandbox.run(["--json", "hotspots", "import", path])
        #expect(json.status == 65)
        let problems = try #require(
            JSONObject.parse(json.stdout).data["problems"] as? [[String: Any]])
        #expect(problems.count == 1005)
        #expect(
            problems.last?["message"] as? String == "\(path):1006: latitude: 'abc' is not a number")
        #expect(
            json.stderrLines == ["ketnoi: error: 1005 invalid row(s) in \(path); nothing written"])
    }

    @Test func exactlyAThousandProblemsAreAllListed() throws {
        let sandbox = try Sandbox()
        var text = "code,name,lat,lon\n"
        for row in 1...1000 {
            text += "B-\(row),Site \(row),abc,105.78\n"
        }
        let path = try sandbox.write("many.csv", text)
        let outcome = try sandbox.run(["hotspots", "import", path])

        #expect(outcome.status == 65)
        #expect(outcome.stderrLines.count == 1001)
        #expect(!outcome.stderr.contains("more problems"))
    }

    @Test func mapToAMissingColumnIsAUsageMistake() throws {
        let sandbox = try Sandbox()
        let path = try sandbox.write("sites.csv", "code,name,y,x\nS-1,Chợ,10.03,105.78\n")
        let outcome = try sandbox.run(["hotspots", "import", "--map", "lat=Lat,lon=x", path])

        #expect(outcome.status == 64, "\(outcome)")
        #expect(outcome.stdout == "")
        #expect(outcome.stderrLines == [
            "ketnoi: \(path): --map lat=Lat: no such column (columns: code, name, y, x)",
        ] + Tree.hotspotsImportUsage)
        #expect(try sandbox.hotspotCount() == 0)

        let mapped = try sandbox.run(["hotspots", "import", "--map", "lat=y,lon=x", path])
        #expect(mapped.status == 0, "\(mapped)")
        #expect(try sandbox.hotspotCount() == 1)
    }

    @Test func dryRunOfAGoodFileWritesNothing() throws {
        let sandbox = try Sandbox()
        _ = try sandbox.run(["areas", "import", Paths.wardsCSV])
        let outcome = try sandbox.run(["hotspots", "import", "--dry-run", Paths.hotspotsCSV])

        #expect(outcome.status == 0, "\(outcome)")
        #expect(outcome.stdout
            == "\(Paths.hotspotsCSV): 56 rows read, 56 valid, 0 invalid; dry run, "
                + "nothing written\n")
        #expect(try sandbox.hotspotCount() == 0)
    }

    @Test func windows1258SpreadsheetGivesTheNamesOfItsUTF8Twin() throws {
        let twin = try Sandbox()
        _ = try twin.run(["areas", "import", Paths.wardsCSV])
        let utf8 = try twin.run(["hotspots", "import", Paths.fixture("hotspots-utf8.csv")])

        let excel = try Sandbox()
        _ = try excel.run(["areas", "import", Paths.wardsCSV])
        let cp1258 = try excel.run([
            "hotspots", "import", "--encoding", "windows-1258",
            Paths.fixture("hotspots-excel-cp1258.csv"),
        ])

        #expect(utf8.status == 0, "\(utf8)")
        #expect(cp1258.status == 0, "\(cp1258)")
        let names = try twin.json(["hotspots", "list"]).list.compactMap { $0["name"] as? String }
        let excelNames = try excel.json(["hotspots", "list"]).list
            .compactMap { $0["name"] as? String }
        #expect(names.count == 6)
        #expect(excelNames == names)
        // Compared as bytes: NFC-normalised, not merely canonically equal.
        #expect(excelNames.map { Array($0.utf8) } == names.map { Array($0.utf8) })
        #expect(names.first == "Bến Ninh Kiều")
    }

    @Test func windows1258FileReadAsUTF8NamesTheByte() throws {
        let sandbox = try Sandbox()
        let path = Paths.fixture("hotspots-excel-cp1258.csv")
        let outcome = try sandbox.run(["hotspots", "import", path])

        #expect(outcome.status == 65, "\(outcome)")
        #expect(outcome.stderrLines == [
            "ketnoi: error: \(path):2: invalid UTF-8 at byte 84 (0xEA); give --encoding if the "
                + "file is not UTF-8",
        ])
    }
}

@Suite(
    "ketnoi hotspots import of the Boston list",
    .enabled(if: corpusPresent, "needs ../shared/corpus/hotspots beside the checkout"))
struct BostonImportTests {
    static let map = "code=device_serial,name=device_connectedto,lat=device_lat,lon=device_long,"
        + "address=device_address"
    static let nullIslandLines = [
        4, 191, 193, 195, 196, 197, 198, 200, 201, 202, 204, 205, 208, 209,
    ]
    static let farLines = [3, 44, 189, 190, 192, 203, 206, 207]

    static func expectedProblems() -> [String] {
        let path = Paths.bostonCSV
        let nullIsland = nullIslandLines.map {
            ($0, "\(path):\($0): latitude, longitude: 0, 0 is 'null island', a placeholder for a "
                + "missing location")
        }
        let far = farLines.map {
            ($0, "\(path):\($0): latitude, longitude: 37.418095, -122.098532 is 4333 km from the "
                + "median of the file's points (42.32352, -71.07677); more than 50.0 km")
        }
        return (nullIsland + far).sorted { $0.0 < $1.0 }.map(\.1)
    }

    @Test func withoutSkipInvalidNothingIsWrittenAndEveryBadRowIsListed() throws {
        let sandbox = try Sandbox()
        let outcome = try sandbox.run(["hotspots", "import", "--map", Self.map, Paths.bostonCSV])

        #expect(outcome.status == 65, "\(outcome)")
        #expect(outcome.stdout == "\(Paths.bostonCSV): 245 rows read, 22 invalid; nothing written "
            + "(fix them, or --skip-invalid to import the 223 valid rows)\n")
        let lines = outcome.stderrLines
        #expect(lines.count == 23)
        #expect(Array(lines.dropLast()) == Self.expectedProblems())
        #expect(lines.last
            == "ketnoi: error: 22 invalid row(s) in \(Paths.bostonCSV); nothing written")
        #expect(try sandbox.hotspotCount() == 0)
    }

    @Test func failedImportLeavesTheDatabaseAsItWas() throws {
        let sandbox = try Sandbox()
        _ = try sandbox.run(["hotspots", "add", "--code", "K-1", "--name", "Kept", "--lat",
                             "42.35", "--lon", "-71.06"])
        let before = try sandbox.run(["--json", "hotspots", "list"]).stdout
        let outcome = try sandbox.run(["hotspots", "import", "--map", Self.map, Paths.bostonCSV])

        #expect(outcome.status == 65)
        #expect(try sandbox.run(["--json", "hotspots", "list"]).stdout == before)
    }

    @Test func withSkipInvalidTheOthersAreWritten() throws {
        let sandbox = try Sandbox()
        let outcome = try sandbox.run([
            "hotspots", "import", "--skip-invalid", "--map", Self.map, Paths.bostonCSV,
        ])

        #expect(outcome.status == 0, "\(outcome)")
        #expect(outcome.stdout == "\(Paths.bostonCSV): 245 rows read; hotspots 223 created, "
            + "0 updated, 22 invalid rows skipped\n")
        #expect(outcome.stderrLines == Self.expectedProblems())
        #expect(try sandbox.hotspotCount() == 223)
    }

    @Test func dryRunWritesNothing() throws {
        let sandbox = try Sandbox()
        let outcome = try sandbox.run([
            "hotspots", "import", "--dry-run", "--map", Self.map, Paths.bostonCSV,
        ])

        #expect(outcome.status == 65, "\(outcome)")
        #expect(outcome.stdout == "\(Paths.bostonCSV): 245 rows read, 223 valid, 22 invalid; "
            + "dry run, nothing written\n")
        #expect(try sandbox.hotspotCount() == 0)
    }

    @Test func withoutMapTheMissingColumnIsNamed() throws {
        let sandbox = try Sandbox()
        let outcome = try sandbox.run(["hotspots", "import", Paths.bostonCSV])

        #expect(outcome.status == 65)
        #expect(outcome.stderrLines.count == 1)
        #expect(outcome.stderrLines.first?.hasPrefix(
            "ketnoi: error: \(Paths.bostonCSV): no latitude column (looked for latitude, lat; ")
            == true, "\(outcome)")
        #expect(outcome.stderrLines.first?.hasSuffix("; name it with --map lat=COLUMN") == true)
    }
}

@Suite("ketnoi hotspots add, show, remove")
struct HotspotEditTests {
    @Test func addPrintsTheGeneratedCode() throws {
        let sandbox = try Sandbox()
        _ = try sandbox.run(["areas", "import", Paths.wardsCSV])
        let outcome = try sandbox.run([
            "hotspots", "add", "--name", "Bến Ninh Kiều", "--lat", "10.0341",
            "--lon", "105.7885",
            "--environment", "dense-urban", "--capacity", "150",
        ])

        #expect(outcome.status == 0, "\(outcome)")
        #expect(outcome.stdout == "added H00001 Bến Ninh Kiều\n")
        #expect(outcome.stderr == "")
    }

    @Test func addWithACodeThenShowIt() throws {
        let sandbox = try Sandbox()
        _ = try sandbox.run(["areas", "import", Paths.wardsCSV])
        let added = try sandbox.run([
            "hotspots", "add", "--code", "CT-900", "--name", "Thư viện thành phố",
            "--lat", "10.0341", "--lon", "105.7885", "--environment", "urban", "--capacity", "60",
            "--address", "Đường Hòa Bình",
        ])
        let shown = try sandbox.run(["hotspots", "show", "CT-900"])

        #expect(added.stdout == "added CT-900 Thư viện thành phố\n")
        #expect(shown.status == 0, "\(shown)")
        #expect(shown.stdoutLines == [
            "code:         CT-900",
            "name:         Thư viện thành phố",
            "location:     10.034100, 105.788500",
            "area:         31135 Phường Ninh Kiều (approximate: nearest centre point)",
            "environment:  urban",
            "capacity:     60 concurrent users",
            "address:      Đường Hòa Bình",
            "source:       manual",
        ])
    }

    @Test func addAgainWithTheSameCodeUpdates() throws {
        let sandbox = try Sandbox()
        _ = try sandbox.run(["hotspots", "add", "--code", "T-1", "--name", "Cũ", "--lat", "10.03",
                             "--lon", "105.78"])
        let outcome = try sandbox.run(["hotspots", "add", "--code", "T-1", "--name", "Mới",
                                       "--lat", "10.03", "--lon", "105.78"])

        #expect(outcome.status == 0, "\(outcome)")
        #expect(outcome.stdout == "updated T-1 Mới\n")
        #expect(try sandbox.hotspotCount() == 1)
    }

    @Test func addWithAnExistingCodeChangesOnlyTheGivenFields() throws {
        let sandbox = try Sandbox()
        _ = try sandbox.run(["areas", "import", Paths.wardsCSV])
        _ = try sandbox.run([
            "hotspots", "add", "--code", "CT-900", "--name", "Thư viện thành phố",
            "--lat", "10.0341", "--lon", "105.7885", "--environment", "urban", "--capacity", "60",
            "--address", "Đường Hòa Bình",
        ])
        let outcome = try sandbox.run(["hotspots", "add", "--code", "CT-900", "--capacity", "50"])
        let shown = try sandbox.run(["hotspots", "show", "CT-900"])

        #expect(outcome.status == 0, "\(outcome)")
        #expect(outcome.stdout == "updated CT-900 Thư viện thành phố\n")
        #expect(outcome.stderr == "")
        #expect(shown.stdoutLines == [
            "code:         CT-900",
            "name:         Thư viện thành phố",
            "location:     10.034100, 105.788500",
            "area:         31135 Phường Ninh Kiều (approximate: nearest centre point)",
            "environment:  urban",
            "capacity:     50 concurrent users",
            "address:      Đường Hòa Bình",
            "source:       manual",
        ])
        #expect(try sandbox.hotspotCount() == 1)
    }

    @Test func addWithAnExistingCodeKeepsTheSourceOfAnImport() throws {
        let sandbox = try Sandbox()
        let path = try sandbox.write("sites.csv", """
            code,name,lat,lon,environment,capacity,source
            S-1,Bến Ninh Kiều,10.0339,105.7876,dense-urban,150,city list 2025

            """)
        _ = try sandbox.run(["hotspots", "import", path])
        let outcome = try sandbox.run([
            "--json", "hotspots", "add", "--code", "S-1", "--lat", "10.034",
        ])

        #expect(outcome.status == 0, "\(outcome)")
        let saved = try JSONObject.parse(outcome.stdout).data
        #expect(saved["name"] as? String == "Bến Ninh Kiều")
        #expect(saved["latitude"] as? Double == 10.034)
        #expect(saved["longitude"] as? Double == 105.7876)
        #expect(saved["environment"] as? String == "dense-urban")
        #expect(saved["capacity"] as? Int == 150)
        #expect(saved["source"] as? String == "city list 2025")
    }

    @Test func addWithANewCodeStillNeedsAPlace() throws {
        let sandbox = try Sandbox()
        let outcome = try sandbox.run(["hotspots", "add", "--code", "T-9", "--capacity", "50"])

        #expect(outcome.status == 65, "\(outcome)")
        #expect(outcome.stdout == "")
        #expect(outcome.stderrLines == [
            "command line: latitude: missing",
            "command line: longitude: missing",
            "ketnoi: error: hotspot not added",
        ])
        #expect(try sandbox.hotspotCount() == 0)
    }

    @Test func addWithAnExistingCodeChecksTheChangedField() throws {
        let sandbox = try Sandbox()
        _ = try sandbox.run([
            "hotspots", "add", "--code", "T-1", "--name", "Chợ", "--lat", "10.03",
            "--lon", "105.78", "--capacity", "40"])
        let outcome = try sandbox.run(["hotspots", "add", "--code", "T-1", "--capacity", "1.000"])

        #expect(outcome.status == 65, "\(outcome)")
        #expect(outcome.stderrLines == [
            "command line: capacity: '1.000' is not a number of concurrent users (1 to 100000)",
            "ketnoi: error: hotspot not added",
        ])
        #expect(try sandbox.json(["hotspots", "show", "T-1"]).data["capacity"] as? Int == 40)
    }

    /// Text from a file or the command line never drives the terminal: control characters in
    /// what is printed are shown escaped; --json keeps the text as it is.
    @Test func textOutputEscapesControlCharacters() throws {
        let sandbox = try Sandbox()
        let address = "Đường \u{1B}[2J\u{1B}]0;pwned\u{7}Hòa Bình"
        let added = try sandbox.run(["hotspots", "add", "--code", "T-1", "--name", "Chợ",
                                     "--lat", "10.03", "--lon", "105.78", "--address", address])
        let shown = try sandbox.run(["hotspots", "show", "T-1"])
        let json = try sandbox.json(["hotspots", "show", "T-1"])

        #expect(added.status == 0, "\(added)")
        #expect(shown.status == 0, "\(shown)")
        #expect(!shown.stdout.contains(escape))
        #expect(shown.stdoutLines.contains(
            "address:      Đường \\u{1B}[2J\\u{1B}]0;pwned\\u{7}Hòa Bình"), "\(shown)")
        #expect(json.data["address"] as? String == address)
    }

    @Test func tableCellsEscapeControlCharacters() throws {
        let sandbox = try Sandbox()
        let path = try sandbox.write("sites.csv", """
            code,name,lat,lon,source
            S-1,Chợ,10.03,105.78,"list\u{1B}[31m 2025"

            """)
        #expect(try sandbox.run(["hotspots", "import", path]).status == 0)
        let outcome = try sandbox.run(["hotspots", "list"])

        #expect(outcome.status == 0, "\(outcome)")
        #expect(outcome.stdoutLines == [
            "code  name  area   latitude   longitude  environment  capacity  source",
            "S-1   Chợ   –     10.030000  105.780000                         "
                + "list\\u{1B}[31m 2025",
            "1 hotspots",
        ])
    }

    @Test(arguments: [
        ("91", "command line: latitude: 91 is out of range (-90 to 90)"),
        ("abc", "command line: latitude: 'abc' is not a number"),
    ])
    func invalidLatitudeExits65(latitude: String, problem: String) throws {
        let sandbox = try Sandbox()
        let outcome = try sandbox.run(["hotspots", "add", "--name", "X", "--lat", latitude,
                                       "--lon", "105.78"])

        #expect(outcome.status == 65, "\(outcome)")
        #expect(outcome.stdout == "")
        #expect(outcome.stderrLines == [problem, "ketnoi: error: hotspot not added"])
        #expect(try sandbox.hotspotCount() == 0)
    }

    @Test func showOfAnUnknownCodeExits66() throws {
        let sandbox = try Sandbox()
        try sandbox.createDatabase()
        let outcome = try sandbox.run(["hotspots", "show", "NOPE"])

        #expect(outcome.status == 66)
        #expect(outcome.stdout == "")
        #expect(outcome.stderrLines == ["ketnoi: error: no hotspot with code 'NOPE'"])
    }

    @Test func removeDeletesOnceThenExits66() throws {
        let sandbox = try Sandbox()
        _ = try sandbox.run([
            "hotspots", "add", "--code", "T-1", "--name", "Chợ", "--lat", "10.03",
            "--lon", "105.78"])
        let first = try sandbox.run(["hotspots", "remove", "T-1"])
        let second = try sandbox.run(["hotspots", "remove", "T-1"])

        #expect(first.status == 0, "\(first)")
        #expect(first.stdout == "removed T-1\n")
        #expect(first.stderr == "")
        #expect(second.status == 66)
        #expect(second.stdout == "")
        #expect(second.stderrLines == ["ketnoi: error: no hotspot with code 'T-1'"])
        #expect(try sandbox.hotspotCount() == 0)
    }
}
