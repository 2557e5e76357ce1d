import Foundation
import Privacy

/// Keeps the day's pseudonym key in a file of its own (mode 0600) beside the database, never in
/// it: a copy of the database cannot be used to link pseudonyms back to devices. The key is made
/// on first use in a UTC day, and every other day's key file is deleted at the same time, so a
/// key lives only while its day lasts.
public struct PseudonymKeyStore: Sendable {
    public let directory: String

    public init(directory: String) {
        self.directory = directory
    }

    /// The key folder for a database file: `<database>.keys/`.
    public init(databasePath: String) {
        self.directory = databasePath + ".keys"
    }

    /// `YYYY-MM-DD` of a moment, in UTC.
    public static func day(of date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year!, parts.month!, parts.day!)
    }

    /// The key of the day `date` falls in, made now if it does not exist yet.
    public func key(for date: Date) throws -> PseudonymKey {
        let day = Self.day(of: date)
        let files = FileManager.default
        try files.createDirectory(
            atPath: directory, withIntermediateDirectories: true,
            attributes: [.posixPermissions: 0o700])
        for name in (try? files.contentsOfDirectory(atPath: directory)) ?? []
        where name.hasSuffix(".key") && name != "\(day).key" {
            try? files.removeItem(atPath: directory + "/" + name)
        }
        let path = directory + "/\(day).key"
        if let data = files.contents(atPath: path),
            let key = PseudonymKey(day: day, bytes: Array(data))
        {
            return key
        }
        // Write beside, then rename: two processes starting the day at once keep one key.
        let key = PseudonymKey.generate(day: day)
        let temporary = path + ".\(ProcessInfo.processInfo.processIdentifier).tmp"
        guard files.createFile(atPath: temporary, contents: Data(key.bytes),
                               attributes: [.posixPermissions: 0o600]) else {
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: temporary])
        }
        if files.fileExists(atPath: path) {
            try? files.removeItem(atPath: temporary)
            if let data = files.contents(atPath: path),
                let existing = PseudonymKey(day: day, bytes: Array(data))
            {
                return existing
            }
        }
        guard rename(temporary, path) == 0 else {
            try? files.removeItem(atPath: temporary)
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
        }
        return key
    }
}
