import Foundation

/// Files a command is asked to write (`--out`, `--geojson` …), checked before any work, so a
/// mistyped path fails at once with its reason and leaves no stored run or half the files.
enum OutputFile {
    /// Why `path` cannot be written as a file, or nil when it looks writable.
    static func problem(_ path: String) -> String? {
        let files = FileManager.default
        var isFolder: ObjCBool = false
        if files.fileExists(atPath: path, isDirectory: &isFolder) {
            if isFolder.boolValue { return "it is a folder" }
            return files.isWritableFile(atPath: path) ? nil : "it is not writable"
        }
        let parent = (path as NSString).deletingLastPathComponent
        let folder = parent.isEmpty ? "." : parent
        guard files.fileExists(atPath: folder, isDirectory: &isFolder) else {
            return "no folder \(folder)"
        }
        guard isFolder.boolValue else { return "\(folder) is not a folder" }
        return files.isWritableFile(atPath: folder) ? nil : "the folder \(folder) is not writable"
    }

    /// Throws exit 73 when `path` cannot be written.
    static func check(_ path: String) throws {
        if let problem = problem(path) {
            throw CommandFailure(.cannotCreate, "cannot write \(path): \(problem)")
        }
    }
}
