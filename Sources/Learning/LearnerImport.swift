import Foundation
import Places
import Storage
import Tabular

/// A row that looks like a learner already stored or already read, so it was not created.
public struct DuplicateRow: Sendable, Equatable, CustomStringConvertible {
    public let file: String
    public let place: InputPlace
    /// The stored learner's code, or nil when the match is an earlier row of the file.
    public let learnerCode: String?
    /// The earlier row, when the match is within the file.
    public let earlierPlace: InputPlace?
    /// `same name, birth year and phone` or `… and ward`.
    public let why: String

    public var description: String {
        let other = learnerCode ?? earlierPlace.map(\.phrase) ?? "another row"
        return "\(file)\(place.suffix): likely the same person as \(other) (\(why)); "
            + "not created"
    }
}

/// What a learner import did, or would do with `--dry-run`.
public struct LearnerImportReport: Sendable {
    public var report: ImportReport
    /// Rows not created because they look like someone already known.
    public var duplicates: [DuplicateRow] = []
    /// The class every learner of the file was enrolled in, if one was given.
    public var classCode: String?
    public var enrolled = 0
    public var waitlisted = 0
    /// Learners of the file who were already in the class.
    public var alreadyInClass = 0
}

/// The columns of a roster file and the header names (folded) tried for each.
enum LearnerColumn: String, CaseIterable {
    case code, name, phone, birthYear, gender, disability, lowIncome, ward

    var headers: [String] {
        switch self {
        case .code: ["code", "ma", "ma hoc vien", "ma hv", "learner code", "learner"]
        case .name: ["name", "ho va ten", "ho ten", "full name", "ten", "hoc vien"]
        case .phone: ["phone", "so dien thoai", "dien thoai", "sdt", "so dt", "phone number"]
        case .birthYear: ["birth year", "nam sinh", "year of birth", "ngay sinh", "birth date"]
        case .gender: ["gender", "gioi tinh", "sex"]
        case .disability: ["disability", "khuyet tat", "nguoi khuyet tat"]
        case .lowIncome:
            [
                "low income", "ho ngheo", "ho ngheo can ngheo", "thu nhap thap",
                "low income household",
            ]
        case .ward:
            ["ward", "ward code", "phuong xa", "phuong", "xa", "dia ban", "area code", "ma phuong"]
        }
    }

    /// The name used in messages.
    var label: String {
        switch self {
        case .birthYear: "birth_year"
        case .lowIncome: "low_income"
        default: rawValue
        }
    }

    /// A header folded for matching: no tone marks, lower case, `_ / -` as spaces.
    static func key(_ header: String) -> String {
        Words.key(header.replacingOccurrences(of: "_", with: " ")
            .replacingOccurrences(of: "/", with: " ").replacingOccurrences(of: "-", with: " "))
    }
}

/// Imports learners from the roster files trainers keep (spreadsheets saved as CSV, with
/// Vietnamese or English headers), all or nothing, flagging likely duplicates.
public struct LearnerImporter {
    let db: Database
    let now: Date

    public init(_ db: Database, now: Date = Date()) {
        self.db = db
        self.now = now
    }

    /// A row that passed its checks.
    struct Candidate {
        let place: InputPlace
        var learner: Learner
        /// The stored learner this row updates (a code was given).
        var existingCode: String?
    }

    /// Reads, checks and (unless a dry run or a bad row) writes the learners of `path`;
    /// with `classCode`, enrolls each in that class in file order (waitlisted when full).
    public func importFile(
        _ path: String, csv: CSVReadOptions = .init(), mode: ImportMode = .allOrNothing,
        classCode: String? = nil, today: LocalDate = .today()
    ) throws -> LearnerImportReport {
        if let classCode {
            guard let found = try ClassStore(db).find(code: classCode) else {
                throw LearningError(.notFound, "no class with code '\(classCode)'")
            }
            guard found.status == .open else {
                throw LearningError(.invalid, "class \(classCode) is "
                    + "\(found.status.rawValue); it takes no enrollments")
            }
        }
        let table = try ImportTable.read(path: path, csv: csv)
        var columns: [LearnerColumn: String] = [:]
        for column in LearnerColumn.allCases {
            columns[column] = table.columns.first { header in
                column.headers.contains(LearnerColumn.key(header))
            }
        }
        guard columns[.name] != nil || columns[.code] != nil else {
            throw ImportFailure(.badData, "\(table.file): no name column (looked for "
                + "name, họ và tên, họ tên; columns: \(table.columns.joined(separator: ", ")))")
        }

        var result = LearnerImportReport(
            report: ImportReport(file: table.file, mode: mode), classCode: classCode)
        result.report.rowsRead = table.rows.count
        func problem(_ place: InputPlace, _ field: LearnerColumn?, _ reason: String) {
            result.report.problems.append(RowProblem(
                file: table.file, place: place, field: field?.label, reason: reason))
        }

        let wards = try WardLookup(db)
        let existingCodes = Set(try db.query("SELECT code FROM learners WHERE name IS NOT NULL")
            .map { try $0.get(0, as: String.self) })
        var candidates: [Candidate] = []
        for row in table.rows {
            func cell(_ column: LearnerColumn) -> String {
                guard let header = columns[column] else { return "" }
                return (row.cells[header] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            }
            let before = result.report.problems.count
            let candidate = check(
                cell: cell, place: row.place, wards: wards, existingCodes: existingCodes,
                today: today, source: URL(fileURLWithPath: path).lastPathComponent
            ) { problem(row.place, $0, $1) }
            if result.report.problems.count == before, let candidate {
                candidates.append(candidate)
            }
        }

        // Likely duplicates: of a stored learner, or of an earlier row of the file.
        let known = try KnownLearners(db)
        var seenInFile = KnownLearners()
        var accepted: [Candidate] = []
        var learnerOfRow: [(InputPlace, String?)] = []
        for candidate in candidates {
            if candidate.existingCode == nil {
                if let match = known.match(candidate.learner) {
                    result.duplicates.append(DuplicateRow(
                        file: table.file, place: candidate.place, learnerCode: match.entry.code,
                        earlierPlace: nil, why: match.why))
                    learnerOfRow.append((candidate.place, match.entry.code))
                    continue
                }
                if let match = seenInFile.match(candidate.learner) {
                    result.duplicates.append(DuplicateRow(
                        file: table.file, place: candidate.place, learnerCode: nil,
                        earlierPlace: match.entry.place, why: match.why))
                    continue
                }
                seenInFile.add(candidate.learner, place: candidate.place)
            }
            accepted.append(candidate)
            learnerOfRow.append((candidate.place, candidate.existingCode))
        }

        guard result.report.settle() else { return result }
        try db.transaction {
            let codes = try LearnerStore(db).nextCodes(accepted.count)
            var newCode: [InputPlace: String] = [:]
            for (index, candidate) in accepted.enumerated() {
                if let code = candidate.existingCode {
                    try update(code: code, with: candidate.learner)
                    result.report.updated += 1
                } else {
                    var learner = candidate.learner
                    learner.code = codes[index]
                    try LearnerStore(db).insert(learner, now: now)
                    newCode[candidate.place] = learner.code
                    result.report.created += 1
                }
            }
            result.report.wrote = !accepted.isEmpty

            guard let classCode else { return }
            let desk = EnrollmentDesk(db)
            for (place, code) in learnerOfRow {
                guard let code = code ?? newCode[place] else { continue }
                do {
                    let enrolled = try desk.enroll(
                        learnerCode: code, classCode: classCode, today: today, now: now)
                    if enrolled.state == .enrolled {
                        result.enrolled += 1
                    } else {
                        result.waitlisted += 1
                    }
                } catch let error as LearningError where error.kind == .invalid {
                    result.alreadyInClass += 1
                }
            }
            if result.enrolled + result.waitlisted > 0 { result.report.wrote = true }
        }
        return result
    }

    /// Checks one row; reports each problem with its column.
    private func check(
        cell: (LearnerColumn) -> String, place: InputPlace, wards: WardLookup,
        existingCodes: Set<String>, today: LocalDate, source: String,
        problem: (LearnerColumn?, String) -> Void
    ) -> Candidate? {
        var existing: String?
        let code = cell(.code)
        if !code.isEmpty {
            if existingCodes.contains(code) {
                existing = code
            } else {
                problem(.code, "\(Text.quoted(code)) is not a learner (leave it empty for "
                    + "new learners)")
            }
        }
        let name = cell(.name)
        if let reason = LearnerCheck.nameProblem(name) {
            problem(.name, reason)
        }
        var birthYear: Int?
        let yearText = cell(.birthYear)
        if !yearText.isEmpty {
            if let year = Self.year(yearText) {
                if let reason = LearnerCheck.birthYearProblem(year, today: today) {
                    problem(.birthYear, reason)
                } else {
                    birthYear = year
                }
            } else {
                problem(.birthYear, "\(Text.quoted(yearText)) is not a year (1958) or a date "
                    + "(12/03/1958)")
            }
        }
        var phone: String?
        let phoneText = cell(.phone)
        if !phoneText.isEmpty {
            phone = Phone.normalized(phoneText)
            if phone == nil {
                problem(.phone, "\(Text.quoted(phoneText)) is not a phone number (10 digits "
                    + "starting with 0, or +84…)")
            }
        }
        let gender = Gender(cell: cell(.gender))
        if gender == nil {
            problem(.gender, "\(Text.quoted(cell(.gender))) is not one of nữ, nam, khác "
                + "(female, male, other) or empty")
        }
        let disability = Answer(cell: cell(.disability))
        if disability == nil {
            problem(.disability, "\(Text.quoted(cell(.disability))) is not có or không (yes, "
                + "no) or empty")
        }
        let lowIncome = Answer(cell: cell(.lowIncome))
        if lowIncome == nil {
            problem(.lowIncome, "\(Text.quoted(cell(.lowIncome))) is not có or không (yes, "
                + "no) or empty")
        }
        var areaCode: String?
        let wardText = cell(.ward)
        if !wardText.isEmpty {
            switch wards.find(wardText) {
            case .found(let code): areaCode = code
            case .none(let reason): problem(.ward, reason)
            }
        }
        guard LearnerCheck.nameProblem(name) == nil, let gender, let disability, let lowIncome
        else { return nil }
        let learner = Learner(
            name: name, phone: phone, birthYear: birthYear, gender: gender,
            disability: disability, lowIncome: lowIncome, areaCode: areaCode, source: source)
        return Candidate(place: place, learner: learner, existingCode: existing)
    }

    /// The year of `1958`, `12/03/1958`, `12-03-1958` or `1958-03-12`; only the year is kept.
    static func year(_ text: String) -> Int? {
        if text.count == 4, let year = Int(text) { return year }
        if let date = LocalDate(text) { return date.year }
        let parts = text.split(whereSeparator: { $0 == "/" || $0 == "-" || $0 == "." })
        guard parts.count == 3, let day = Int(parts[0]), let month = Int(parts[1]),
            parts[2].count == 4, let year = Int(parts[2]),
            LocalDate(year: year, month: month, day: day) != nil
        else { return nil }
        return year
    }

    private func update(code: String, with learner: Learner) throws {
        try db.execute("""
            UPDATE learners SET name = ?, name_key = ?, phone = coalesce(?, phone),
                birth_year = coalesce(?, birth_year), gender = ?, disability = ?,
                low_income = ?, area_code = coalesce(?, area_code)
            WHERE code = ?
            """, [
                learner.name, learner.name.map(Words.key), learner.phone, learner.birthYear,
                learner.gender.rawValue, learner.disability.rawValue, learner.lowIncome.rawValue,
                learner.areaCode, code,
            ])
    }
}

/// Finds a ward by code or by name as trainers write it (`Ninh Kiều`, `P. Ninh Kiều`,
/// `Phường Ninh Kiều`, without tone marks too).
struct WardLookup {
    enum Result { case found(String), none(String) }

    private var codes: Set<String> = []
    private var byName: [String: [String]] = [:]

    init(_ db: Database) throws {
        for area in try AreaStore(db).all() {
            codes.insert(area.code)
            for key in Self.keys(area.name) {
                byName[key, default: []].append(area.code)
            }
        }
    }

    func find(_ text: String) -> Result {
        if codes.contains(text) { return .found(text) }
        var matches: [String] = []
        for key in Self.keys(text) {
            for code in byName[key] ?? [] where !matches.contains(code) { matches.append(code) }
        }
        if matches.count == 1 { return .found(matches[0]) }
        if matches.count > 1 {
            return .none("\(Text.quoted(text)) names several areas ("
                + matches.joined(separator: ", ") + "); give the code")
        }
        if codes.isEmpty {
            return .none("\(Text.quoted(text)) is not an imported area (no areas are imported "
                + "yet: run 'ketnoi areas import' first)")
        }
        return .none("\(Text.quoted(text)) is not an imported area (give its code or name)")
    }

    /// The folded name with and without its kind (`phuong ninh kieu`, `ninh kieu`).
    static func keys(_ name: String) -> [String] {
        let key = Words.key(name.replacingOccurrences(of: ".", with: ". "))
        var keys = [key]
        for prefix in ["phuong ", "xa ", "p. ", "x. ", "thi tran ", "tt. "]
        where key.hasPrefix(prefix) {
            keys.append(String(key.dropFirst(prefix.count)))
        }
        return keys
    }
}

/// Learners indexed for the likely-duplicate rule: same name and birth year, and the same
/// phone or ward. Entries are stored learners (by code) or earlier rows of a file.
struct KnownLearners {
    struct Entry {
        /// The stored learner's code, for stored learners.
        var code: String?
        /// The row, for rows of the file being read.
        var place: InputPlace?
        let phone: String?
        let ward: String?
    }

    private var entries: [String: [Entry]] = [:]

    init() {}

    init(_ db: Database) throws {
        try db.prepare("""
            SELECT code, name_key, birth_year, phone, area_code FROM learners
            WHERE name_key IS NOT NULL AND birth_year IS NOT NULL
            """).forEachRow { row in
            let index = "\(try row.get("name_key", as: String.self))\u{0}"
                + "\(try row.get("birth_year", as: Int.self))"
            entries[index, default: []].append(Entry(
                code: try row.get("code"), place: nil, phone: try row.get("phone"),
                ward: try row.get("area_code")))
        }
    }

    mutating func add(_ learner: Learner, place: InputPlace) {
        guard let name = learner.name, let year = learner.birthYear else { return }
        entries["\(Words.key(name))\u{0}\(year)", default: []].append(
            Entry(code: nil, place: place, phone: learner.phone, ward: learner.areaCode))
    }

    func match(_ learner: Learner) -> (entry: Entry, why: String)? {
        guard let name = learner.name, let year = learner.birthYear else { return nil }
        for entry in entries["\(Words.key(name))\u{0}\(year)"] ?? [] {
            if let phone = learner.phone, phone == entry.phone {
                return (entry, "same name, birth year and phone")
            }
            if let ward = learner.areaCode, ward == entry.ward {
                return (entry, "same name, birth year and ward")
            }
        }
        return nil
    }
}
