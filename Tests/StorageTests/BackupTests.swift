import Foundation
import Synchronization
import Testing

@testable import Storage

@Suite struct BackupTests {
    /// What the writer thread reports to the test.
    private final class WriterProgress: Sendable {
        let inserted = Atomic<Int>(0)
        let stop = Atomic<Bool>(false)
        let failure = Mutex<String?>(nil)
        let finished = DispatchSemaphore(value: 0)
    }

    private static let schema = """
        CREATE TABLE areas(id INTEGER PRIMARY KEY);
        CREATE TABLE hotspots(id INTEGER PRIMARY KEY,
            area_id INTEGER NOT NULL REFERENCES areas(id));
        CREATE TABLE padding(bytes BLOB);
        """

    /// Inserts one area and one hotspot per transaction on its own connection, at most
    /// `limit` times or until told to stop.
    private static func startWriter(path: String, limit: Int, progress: WriterProgress) {
        let thread = Thread {
            defer { progress.finished.signal() }
            do {
                let db = try Database(path: path)
                for id in 1...limit where !progress.stop.load(ordering: .relaxed) {
                    try db.transaction {
                        try db.execute("INSERT INTO areas(id) VALUES (?)", [id])
                        try db.execute("INSERT INTO hotspots(area_id) VALUES (?)", [id])
                    }
                    progress.inserted.store(id, ordering: .relaxed)
                }
            } catch {
                progress.failure.withLock { $0 = "\(error)" }
            }
        }
        thread.start()
    }

    @Test func backupWhileAnotherConnectionWritesIsOneConsistentSnapshot() throws {
        try withTemporaryFolder { folder in
            let sourcePath = folder.path("ketnoi.db")
            let backupPath = folder.path("backup.db")
            let db = try Database(path: sourcePath)
            try db.executeScript(Self.schema)
            // About 4 MB, so the copy takes long enough to overlap the writer.
            try db.transaction {
                let insert = try db.prepare("INSERT INTO padding(bytes) VALUES (?)")
                for index in 0..<2000 {
                    try insert.execute([[UInt8](repeating: UInt8(index % 251), count: 2000)])
                }
            }

            let progress = WriterProgress()
            Self.startWriter(path: sourcePath, limit: 20_000, progress: progress)
            let deadline = Date().addingTimeInterval(20)
            while progress.inserted.load(ordering: .relaxed) < 50 && Date() < deadline
                && progress.failure.withLock({ $0 }) == nil {
                Thread.sleep(forTimeInterval: 0.005)
            }
            let before = progress.inserted.load(ordering: .relaxed)

            try db.backup(to: backupPath)

            progress.stop.store(true, ordering: .relaxed)
            #expect(progress.finished.wait(timeout: .now() + 60) == .success)
            #expect(progress.failure.withLock { $0 } == nil)
            let final = progress.inserted.load(ordering: .relaxed)
            #expect(before >= 50)

            let copy = try Database(path: backupPath, readOnly: true)
            #expect(try copy.scalar(String.self, "PRAGMA journal_mode") == "delete")
            #expect(try copy.integrityCheck() == [])
            #expect(try copy.foreignKeyCheck() == [])
            let areas = try #require(try copy.scalar(Int.self, "SELECT count(*) FROM areas"))
            #expect(try copy.scalar(Int.self, "SELECT count(*) FROM hotspots") == areas)
            #expect(try copy.scalar(Int.self, "SELECT max(id) FROM areas") == areas)
            #expect(try copy.scalar(Int.self, "SELECT count(*) FROM padding") == 2000)
            #expect(areas >= before && areas <= final)
            #expect(try db.scalar(Int.self, "SELECT count(*) FROM areas") == final)

            let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.url.path)
                .filter { $0.hasPrefix(".") || $0.hasPrefix("backup.db-") }
            #expect(leftovers == [])
        }
    }

    @Test func backupRefusesItsOwnPathAndSideFiles() throws {
        try withTemporaryFolder { folder in
            let path = folder.path("ketnoi.db")
            let db = try Database(path: path)
            try db.execute("CREATE TABLE areas(id INTEGER PRIMARY KEY)")
            try FileManager.default.createSymbolicLink(
                atPath: folder.path("link"), withDestinationPath: folder.url.path)

            for destination in [path, folder.path("link") + "/ketnoi.db", path + "-wal"] {
                let error = try #require(databaseError { try db.backup(to: destination) })
                #expect(error.code == 21)
                #expect(error.message
                    == "backup destination '\(destination)' is the database itself")
            }
            #expect(try db.integrityCheck() == [])
        }
    }

    @Test func backupReplacesAnExistingFileAndItsStaleSideFiles() throws {
        try withTemporaryFolder { folder in
            let backupPath = folder.path("backup.db")
            do {
                let old = try Database(path: backupPath)
                try old.execute("CREATE TABLE old_things(x)")
            }
            try Data([1, 2, 3]).write(to: URL(fileURLWithPath: backupPath + "-journal"))

            let db = try memoryDatabase()
            try db.executeScript(
                "CREATE TABLE areas(name TEXT); INSERT INTO areas VALUES ('Cái Khế');")
            try db.backup(to: backupPath)

            #expect(!FileManager.default.fileExists(atPath: backupPath + "-journal"))
            let copy = try Database(path: backupPath)
            #expect(try copy.scalar(String.self, "SELECT name FROM areas") == "Cái Khế")
            #expect(try copy.scalar(Int.self,
                "SELECT count(*) FROM sqlite_master WHERE name = 'old_things'") == 0)
        }
    }

    @Test func backupRefusesToRunInsideATransaction() throws {
        try withTemporaryFolder { folder in
            let db = try memoryDatabase()
            let error = try #require(databaseError {
                try db.transaction { try db.backup(to: folder.path("backup.db")) }
            })
            #expect(error.code == 21)
            #expect(error.message == "cannot back up ':memory:' inside a transaction")
            #expect(!FileManager.default.fileExists(atPath: folder.path("backup.db")))
        }
    }

    @Test func backupIntoAMissingFolderFails() throws {
        let db = try memoryDatabase()
        let folder = "/nonexistent-\(UUID().uuidString)"
        let error = try #require(databaseError { try db.backup(to: folder + "/backup.db") })
        #expect(error.code == 14)
        #expect(error.message == "backup destination folder '\(folder)' does not exist")
    }
}
