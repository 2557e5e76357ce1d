import Foundation
import Places
import Storage
import Tabular

/// A roll sheet typed up from paper: one row per learner, a mark per session.
///
/// Learners are found by a `code` column (mã học viên), else by `name` (họ và tên) among
/// the class's enrolled learners. Marks are read from `buổi N` / `session N` columns, or
/// from one `present` (có mặt) column for the session given. `x`, `1`, `có`, `v`, `✓`
/// mean present; `-`, `0`, `vắng`, `không` and an empty cell mean absent. A session column
/// left entirely empty is a session not yet held and is skipped.
public struct RollSheet: Sendable {
    /// Marks by session, then by learner code (true: present).
    public var marks: [Int: [String: Bool]] = [:]
    /// Every row that could not be read, `file:line: field: reason`.
    public var problems: [RowProblem] = []
    /// Enrolled learners not on the sheet (marked absent) and similar notes.
    public var warnings: [String] = []
    public var file = ""

    /// Reads a roll sheet for `classCode`; `session` picks the one session a `present`
    /// column stands for, or the one session column to read.
    public static func read(
        path: String, csv: CSVReadOptions = .init(), classCode: String, session: Int?,
        db: Database
    ) throws -> RollSheet {
        let desk = EnrollmentDesk(db)
        let record = try desk.classRecord(classCode)
        let table = try ImportTable.read(path: path, csv: csv)
        var sheet = RollSheet(file: table.file)

        // Which columns hold what.
        var sessionColumns: [Int: String] = [:]
        var presentColumn: String?
        var codeColumn: String?
        var nameColumn: String?
        for header in table.columns {
            let key = LearnerColumn.key(header)
            if let number = sessionNumber(key) {
                sessionColumns[number] = header
            } else if ["present", "co mat", "diem danh", "attended", "mark"].contains(key) {
                presentColumn = header
            } else if LearnerColumn.code.headers.contains(key) {
                codeColumn = codeColumn ?? header
            } else if LearnerColumn.name.headers.contains(key) {
                nameColumn = nameColumn ?? header
            }
        }
        guard codeColumn != nil || nameColumn != nil else {
            throw ImportFailure(.badData, "\(table.file): no code or name column (columns: "
                + table.columns.joined(separator: ", ") + ")")
        }
        var columns: [Int: String] = [:]
        if let session {
            if let column = sessionColumns[session] ?? presentColumn {
                columns[session] = column
            } else {
                throw ImportFailure(.badData, "\(table.file): no column for session \(session) "
                    + "(looked for 'buổi \(session)', 'session \(session)', 'present', 'có mặt')")
            }
        } else {
            guard !sessionColumns.isEmpty else {
                throw ImportFailure(.usage, "\(table.file): no 'buổi N' or 'session N' columns; "
                    + "give --session N for its present column")
            }
            columns = sessionColumns
        }
        for number in columns.keys.sorted() where !(1...record.sessions.count).contains(number) {
            throw ImportFailure(.badData, "\(table.file): column '\(columns[number] ?? "")': "
                + "class \(classCode) has sessions 1 to \(record.sessions.count)")
        }
        // A session column with no mark at all is a session not yet held.
        for (number, header) in columns where table.rows.allSatisfy({
            ($0.cells[header] ?? "").trimmingCharacters(in: .whitespaces).isEmpty
        }) {
            columns[number] = nil
        }

        let enrolled = try desk.enrolledCodes(classID: record.id)
        var byName: [String: [String]] = [:]
        for row in try db.query("""
            SELECT l.code, l.name FROM enrollments e JOIN learners l ON l.id = e.learner_id
            WHERE e.class_id = ? AND e.state = 'enrolled' AND l.name IS NOT NULL
            """, [record.id])
        {
            byName[Words.key(try row.get("name")), default: []].append(try row.get("code"))
        }

        func problem(_ place: InputPlace, _ field: String?, _ reason: String) {
            sheet.problems.append(
                RowProblem(file: table.file, place: place, field: field, reason: reason))
        }
        var seen: [String: InputPlace] = [:]
        for row in table.rows {
            var rowMarks: [Int: Bool] = [:]
            var bad = false
            for (number, header) in columns {
                let text = (row.cells[header] ?? "").trimmingCharacters(in: .whitespaces)
                if let mark = Self.mark(text) {
                    rowMarks[number] = mark
                } else {
                    problem(row.place, header, "\(Text.quoted(text)) is not a mark (x, 1, có "
                        + "for present; -, 0, vắng or empty for absent)")
                    bad = true
                }
            }
            let code = codeColumn.map {
                (row.cells[$0] ?? "").trimmingCharacters(in: .whitespaces)
            } ?? ""
            let name = nameColumn.map {
                (row.cells[$0] ?? "").trimmingCharacters(in: .whitespaces)
            } ?? ""
            let anyPresent = rowMarks.values.contains(true)
            var learner: String?
            if !code.isEmpty {
                if enrolled[code] != nil {
                    learner = code
                } else if anyPresent {
                    problem(row.place, codeColumn, "\(code) is not enrolled in \(classCode)")
                    bad = true
                }
            } else if !name.isEmpty {
                let matches = byName[Words.key(name)] ?? []
                if matches.count == 1 {
                    learner = matches[0]
                } else if matches.count > 1 {
                    problem(row.place, nameColumn, "\(Text.quoted(name)) matches "
                        + "\(matches.joined(separator: ", ")); write the code")
                    bad = true
                } else if anyPresent {
                    problem(row.place, nameColumn, "\(Text.quoted(name)) is not enrolled in "
                        + classCode)
                    bad = true
                }
            } else if anyPresent {
                problem(row.place, nil, "a mark without a code or a name")
                bad = true
            }
            guard !bad, let learner else { continue }
            if let first = seen[learner] {
                problem(row.place, codeColumn ?? nameColumn, "\(learner) is already on "
                    + first.phrase)
                continue
            }
            seen[learner] = row.place
            for (number, mark) in rowMarks {
                sheet.marks[number, default: [:]][learner] = mark
            }
        }
        sheet.problems = RowProblem.sortedByPlace(sheet.problems)
        let missing = enrolled.keys.filter { seen[$0] == nil }.sorted()
        if !missing.isEmpty && !sheet.marks.isEmpty {
            sheet.warnings.append("\(table.file): not on the sheet, marked absent: "
                + missing.joined(separator: ", "))
        }
        return sheet
    }

    /// The session number of a folded header such as `buoi 3`, `session 3`, `b3`.
    static func sessionNumber(_ key: String) -> Int? {
        for prefix in ["buoi ", "buoi", "session ", "session", "b", "s"] where key.hasPrefix(prefix)
        {
            if let number = Int(key.dropFirst(prefix.count)), number > 0 { return number }
        }
        return nil
    }

    /// True present, false absent, nil not a mark.
    static func mark(_ text: String) -> Bool? {
        switch Words.key(text) {
        case "x", "1", "co", "v", "✓", "✔", "yes", "y", "p", "present", "co mat": true
        case "", "-", "0", "vang", "khong", "no", "n", "a", "absent", "k": false
        default: nil
        }
    }
}
