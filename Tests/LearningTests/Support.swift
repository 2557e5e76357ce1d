import Foundation
import Learning
import Places
import Storage

/// Paths the tests read: the package's own files and fixtures.
enum Paths {
    static let package = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let fixtures = package.appendingPathComponent("Tests/Fixtures/learning")

    static func fixture(_ name: String) -> String { fixtures.appendingPathComponent(name).path }
    static func bundled(_ relative: String) -> String {
        package.appendingPathComponent(relative).path
    }

    static let curricula = bundled("curricula")
    static let wardsCSV = bundled("hotspots/cantho/wards.csv")
    static let hotspotsCSV = bundled("hotspots/cantho/hotspots.csv")
}

/// A fresh database file in its own temporary folder, with the Places and Learning schemas;
/// optionally with Cần Thơ's wards, the sample hotspots and the curricula imported.
final class ProgrammeDatabase {
    let folder: URL
    let path: String
    let db: Database

    init(withPlaces: Bool = true, withCourses: Bool = true) throws {
        folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("ketnoi-learning-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        path = folder.appendingPathComponent("test.db").path
        db = try Database(path: path)
        _ = try Migrator(modules: [PlacesSchema.module, LearningSchema.module]).migrate(db)
        if withPlaces {
            var options = AreaImportOptions()
            options.csv = .init()
            _ = try AreaImporter(db).importFile(Paths.wardsCSV, options: options)
            _ = try HotspotImporter(db).importFile(Paths.hotspotsCSV, options: .init())
        }
        if withCourses {
            let check = try CourseCatalog.check(path: Paths.curricula)
            precondition(check.isValid, "curricula: \(check.problems)")
            try db.transaction {
                for course in check.courses { try CourseStore(db).save(course) }
            }
        }
    }

    /// Writes a file in the folder and returns its path.
    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        let url = folder.appendingPathComponent(name)
        try FileManager.default.createDirectory(
            at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    func file(_ name: String) -> String {
        folder.appendingPathComponent(name).path
    }

    /// Adds a trainer and returns its code.
    func trainer(_ name: String = "Nguyễn Thị Lan") throws -> String {
        try TrainerStore(db).add(Trainer(code: "", name: name)).code
    }

    /// Adds a learner and returns its code.
    func learner(
        _ name: String, birthYear: Int? = nil, gender: Gender = .notSpecified,
        ward: String? = "31135", phone: String? = nil
    ) throws -> String {
        try LearnerStore(db).add(Learner(
            name: name, phone: phone, birthYear: birthYear, gender: gender, areaCode: ward)).code
    }

    deinit {
        db.close()
        try? FileManager.default.removeItem(at: folder)
    }
}

extension LocalDate {
    /// A date the tests write literally; traps on a typo, which is a bug in the test.
    static func day(_ text: String) -> LocalDate {
        guard let date = LocalDate(text) else { preconditionFailure("not a date: \(text)") }
        return date
    }
}
