import Foundation
import Storage

/// A certificate of completion: who, which course, where, when, and its verification code.
public struct Certificate: Sendable, Equatable {
    /// Random, stored, printed on the certificate: `7KQ2-M9XD-4TRA`.
    public var code: String
    public var learnerCode: String
    /// Nil once the learner was forgotten; no certificate is written then.
    public var learnerName: String?
    public var classCode: String
    public var course: Course
    public var venue: String
    public var trainerName: String
    public var firstDate: LocalDate
    public var lastDate: LocalDate
    public var attended: Int
    public var sessions: Int
    public var score: Double?
    public var issuedAt: Date
}

/// What `certificates` wrote.
public struct CertificateRun: Sendable {
    public var written: [(certificate: Certificate, path: String)] = []
    /// Completers with no certificate written, and why (forgotten learners).
    public var skipped: [String] = []
}

/// Issues certificates to completers and renders them as self-contained HTML.
public struct CertificateDesk {
    let db: Database

    public init(_ db: Database) {
        self.db = db
    }

    /// Letters of the verification code: Crockford's base 32 (no I, L, O, U).
    static let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ")

    /// A new random code of 12 letters (60 bits) in three groups.
    static func newCode() -> String {
        var generator = SystemRandomNumberGenerator()
        let letters = (0..<12).map { _ in alphabet[Int(generator.next(upperBound: UInt64(32)))] }
        return String(letters[0..<4]) + "-" + String(letters[4..<8]) + "-"
            + String(letters[8..<12])
    }

    /// Issues (once; a second run reuses the codes) a certificate to every completer of a
    /// closed class and writes one HTML file each into `folder`.
    public func write(
        classCode: String, folder: String, now: Date = Date()
    ) throws -> CertificateRun {
        guard let found = try ClassStore(db).find(code: classCode) else {
            throw LearningError(.notFound, "no class with code '\(classCode)'")
        }
        guard found.status == .closed else {
            throw LearningError(.invalid, "class \(classCode) is \(found.status.rawValue); "
                + "certificates come after 'ketnoi classes close \(classCode)'")
        }
        // The folder first: a folder that cannot be made must not leave codes issued for
        // certificates nobody received.
        try Self.makeFolder(folder)
        let certificates = try issue(classCode: classCode, now: now)
        var run = CertificateRun()
        for certificate in certificates {
            guard certificate.learnerName != nil else {
                run.skipped.append("\(certificate.learnerCode) was forgotten; no certificate "
                    + "is written (code \(certificate.code) stays valid)")
                continue
            }
            let path = (folder.hasSuffix("/") ? folder : folder + "/")
                + "\(classCode)-\(certificate.learnerCode).html"
            guard FileManager.default.createFile(
                atPath: path, contents: Data(Self.html(certificate).utf8))
            else {
                throw LearningError(.cannotCreate, "cannot write \(path)")
            }
            run.written.append((certificate, path))
        }
        return run
    }

    /// Creates `folder` (and its parents) unless it is a folder already; says why it cannot.
    static func makeFolder(_ folder: String) throws {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder) {
            guard isFolder.boolValue else {
                throw LearningError(.cannotCreate, "--out \(folder): a file, not a folder")
            }
            return
        }
        // mkdir -p by hand, so the message carries the system's reason (ENOTDIR, EACCES …).
        var path = folder.hasPrefix("/") ? "" : "."
        for part in folder.split(separator: "/") {
            path += "/" + part
            if mkdir(path, 0o755) != 0 && errno != EEXIST {
                let reason = String(cString: strerror(errno))
                throw LearningError(.cannotCreate, "--out \(folder): cannot create the folder "
                    + "\(path) (\(reason))")
            }
        }
    }

    /// Stores a code for every completer of the class that has none; returns them all.
    func issue(classCode: String, now: Date) throws -> [Certificate] {
        try db.transaction {
            let pending = try db.query("""
                SELECT e.id FROM enrollments e JOIN classes c ON c.id = e.class_id
                LEFT JOIN certificates cert ON cert.enrollment_id = e.id
                WHERE c.code = ? AND e.state = 'completed' AND cert.code IS NULL
                """, [classCode])
            for row in pending {
                // A clash of 60 random bits is unlikely; the UNIQUE constraint would catch it.
                try db.execute(
                    "INSERT INTO certificates (enrollment_id, code, issued_at) VALUES (?, ?, ?)",
                    [try row.get("id", as: Int64.self), Self.newCode(), now])
            }
            return try certificates(where: "c.code = ?", [classCode])
        }
    }

    /// The certificate with this verification code (any case, with or without hyphens).
    public func verify(code: String) throws -> Certificate? {
        let letters = code.uppercased().filter { $0 != "-" && $0 != " " }
        guard letters.count == 12 else { return nil }
        let normalized = String(letters.prefix(4)) + "-"
            + String(letters.dropFirst(4).prefix(4)) + "-" + String(letters.suffix(4))
        return try certificates(where: "cert.code = ?", [normalized]).first
    }

    private func certificates(
        where condition: String, _ arguments: [any DatabaseValueConvertible]
    ) throws -> [Certificate] {
        let rows = try db.query("""
            SELECT cert.code, cert.issued_at, l.code AS learner_code, l.name, c.code AS class_code,
                c.course_code, c.venue, t.name AS trainer_name, e.score,
                (SELECT min(date) FROM class_sessions s WHERE s.class_id = c.id) AS first_date,
                (SELECT max(date) FROM class_sessions s WHERE s.class_id = c.id) AS last_date,
                (SELECT count(*) FROM class_sessions s WHERE s.class_id = c.id) AS sessions,
                (SELECT count(*) FROM attendance a WHERE a.class_id = c.id
                    AND a.learner_id = l.id AND a.present = 1) AS attended
            FROM certificates cert JOIN enrollments e ON e.id = cert.enrollment_id
            JOIN learners l ON l.id = e.learner_id JOIN classes c ON c.id = e.class_id
            JOIN trainers t ON t.id = c.trainer_id
            WHERE \(condition) ORDER BY l.code
            """, arguments)
        var courses: [String: Course] = [:]
        return try rows.compactMap { row in
            let courseCode: String = try row.get("course_code")
            if courses[courseCode] == nil {
                courses[courseCode] = try CourseStore(db).find(code: courseCode)
            }
            guard let course = courses[courseCode],
                let first = LocalDate(try row.get("first_date", as: String.self)),
                let last = LocalDate(try row.get("last_date", as: String.self))
            else { return nil }
            return Certificate(
                code: try row.get("code"), learnerCode: try row.get("learner_code"),
                learnerName: try row.get("name"), classCode: try row.get("class_code"),
                course: course, venue: try row.get("venue"),
                trainerName: try row.get("trainer_name"), firstDate: first, lastDate: last,
                attended: try row.get("attended"), sessions: try row.get("sessions"),
                score: try row.get("score"), issuedAt: try row.get("issued_at"))
        }
    }

    // MARK: - HTML

    /// Escapes text for HTML element content and attribute values.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }

    /// A printable A4 landscape page: Vietnamese first, English second; no external files.
    public static func html(_ certificate: Certificate) -> String {
        let e = escape
        let name = e(certificate.learnerName ?? certificate.learnerCode)
        let course = certificate.course
        let hours = CompletionRule.number(course.hours)
        let dates: (vi: String, en: String) = certificate.firstDate == certificate.lastDate
            ? (certificate.firstDate.vietnamese, certificate.firstDate.english)
            : ("từ \(certificate.firstDate.vietnamese) đến \(certificate.lastDate.vietnamese)",
               "from \(certificate.firstDate.english) to \(certificate.lastDate.english)")
        let issued = LocalDate.of(certificate.issuedAt)
        let competences = course.competences.map(e).joined(separator: " · ")
        return """
            <!DOCTYPE html>
            <html lang="vi">
            <head>
            <meta charset="utf-8">
            <title>Giấy chứng nhận – \(e(course.title.vi)) – \(name)</title>
            <style>
            @page { size: A4 landscape; margin: 12mm; }
            body { font-family: "Noto Serif", "Times New Roman", serif; color: #1d2b36;
              margin: 0; }
            .sheet { border: 3px double #1f6f8b; padding: 14mm 18mm; min-height: 160mm;
              box-sizing: border-box; text-align: center; }
            .programme { font-size: 11pt; letter-spacing: 0.06em; text-transform: uppercase; }
            h1 { font-size: 24pt; margin: 8mm 0 1mm; color: #1f6f8b; }
            h2 { font-size: 14pt; margin: 0 0 8mm; font-weight: normal; font-style: italic; }
            .name { font-size: 26pt; font-weight: bold; margin: 4mm 0; }
            .course { font-size: 16pt; font-weight: bold; margin: 2mm 0 0; }
            .en { color: #4a5a66; font-style: italic; }
            .facts { margin-top: 8mm; font-size: 11pt; line-height: 1.5; }
            .code { margin-top: 10mm; font-family: "DejaVu Sans Mono", monospace;
              font-size: 12pt; }
            .small { font-size: 9pt; color: #4a5a66; }
            </style>
            </head>
            <body>
            <div class="sheet">
            <p class="programme">Chương trình kỹ năng số cộng đồng – Cần Thơ<br>
            <span class="en">Community digital skills programme – Cần Thơ</span></p>
            <h1>GIẤY CHỨNG NHẬN HOÀN THÀNH KHÓA HỌC</h1>
            <h2>Certificate of completion</h2>
            <p>Chứng nhận học viên <span class="en">This certifies that</span></p>
            <p class="name">\(name)</p>
            <p>đã hoàn thành khóa học <span class="en">has completed the course</span></p>
            <p class="course">\(e(course.title.vi))</p>
            <p class="en">\(e(course.title.en))</p>
            <div class="facts">
            <p>\(hours) giờ, \(course.sessions) buổi, \(dates.vi), tại \(e(certificate.venue))<br>
            <span class="en">\(hours) hours in \(course.sessions) sessions, \(dates.en), at
            \(e(certificate.venue))</span></p>
            <p>Giảng viên / Trainer: \(e(certificate.trainerName)) · Lớp / Class:
            \(e(certificate.classCode)) · Mã học viên / Learner: \(e(certificate.learnerCode))</p>
            <p class="small">Năng lực / Competences: \(competences) · Mức / Level \(course.level)
            (DigComp 2.2)</p>
            </div>
            <p class="code">Mã xác minh / Verification code: <b>\(e(certificate.code))</b></p>
            <p class="small">Cấp ngày \(issued.vietnamese) · Issued \(issued.english) ·
            Kiểm tra / Verify: ketnoi certificates --verify \(e(certificate.code))</p>
            </div>
            </body>
            </html>

            """
    }
}
