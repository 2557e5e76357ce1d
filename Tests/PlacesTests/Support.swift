import Foundation
import Places
import Storage

/// Paths the tests read: the package's own files and the shared corpus beside the checkout.
enum Paths {
    static let package = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let corpus = package.deletingLastPathComponent().appendingPathComponent("shared/corpus")
    static let fixtures = package.appendingPathComponent("Tests/Fixtures")

    static var corpusPresent: Bool {
        FileManager.default.fileExists(atPath: corpus.appendingPathComponent("geo").path)
    }

    static func corpus(_ relative: String) -> String {
        corpus.appendingPathComponent(relative).path
    }
    static func fixture(_ name: String) -> String { fixtures.appendingPathComponent(name).path }
    static func bundled(_ relative: String) -> String {
        package.appendingPathComponent(relative).path
    }
}

/// A fresh database file in its own temporary folder, with the Places schema.
final class TemporaryDatabase {
    let folder: URL
    let db: Database

    init() throws {
        folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("ketnoi-places-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        db = try Database(path: folder.appendingPathComponent("test.db").path)
        _ = try Migrator(modules: [PlacesSchema.module]).migrate(db)
    }

    /// Writes a file in the folder and returns its path.
    func write(_ name: String, _ text: String) throws -> String {
        let url = folder.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    deinit {
        db.close()
        try? FileManager.default.removeItem(at: folder)
    }
}

extension ImportMode {
    var options: HotspotImportOptions {
        var options = HotspotImportOptions()
        options.mode = self
        return options
    }
}
