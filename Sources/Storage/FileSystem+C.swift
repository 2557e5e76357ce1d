// The POSIX calls the backup needs, kept thin and alone like SQLite+C.swift.

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// File operations for writing a file so that a crash leaves either the old or the new one.
enum FileSystem {
    /// The canonical absolute path with symlinks resolved, or nil when `path` does not
    /// exist; wraps `realpath(3)`.
    static func canonicalPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// Device and inode of `path`, or nil when it does not exist; wraps `stat(2)`.
    static func identity(_ path: String) -> FileIdentity? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return FileIdentity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
    }

    /// True when `path` exists (any kind of file); wraps `access(2)`.
    static func exists(_ path: String) -> Bool {
        access(path, F_OK) == 0
    }

    /// Flushes a file or directory to stable storage; wraps `open(2)` and `fsync(2)`.
    static func sync(_ path: String) throws(DatabaseError) {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw error("cannot open '\(path)' to sync it") }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw error("cannot fsync '\(path)'") }
    }

    /// Atomically replaces `destination` with `source`; wraps `rename(2)`.
    static func replace(_ destination: String, with source: String) throws(DatabaseError) {
        guard rename(source, destination) == 0 else {
            throw error("cannot rename '\(source)' to '\(destination)'")
        }
    }

    /// Deletes `path` if present; wraps `unlink(2)`.
    static func remove(_ path: String) throws(DatabaseError) {
        guard unlink(path) == 0 || errno == ENOENT else {
            throw error("cannot remove '\(path)'")
        }
    }

    /// A process-unique suffix for temporary names; wraps `getpid(2)` with a random tail.
    static func uniqueSuffix() -> String {
        "\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    }

    /// `SQLITE_IOERR` (10) with the `strerror` text of the current `errno`.
    private static func error(_ what: String) -> DatabaseError {
        let reason = String(cString: strerror(errno))
        return DatabaseError(code: 10, message: "\(what): \(reason)")
    }
}

/// Which file a path names, so two paths to one file (hard links, symlinks) compare equal.
struct FileIdentity: Equatable {
    let device: UInt64
    let inode: UInt64
}

/// Blocks the calling thread for a short while; wraps `usleep(3)`.
func pauseThread(milliseconds: UInt32) {
    usleep(milliseconds * 1000)
}
