/// A problem found while reading a table, located as `file:line: message`.
///
/// Every error names the file it came from and, when the problem has a place in the file, the
/// 1-based physical line. `description` is the text shown to operators, for example
/// `hotspots.csv:12: expected 29 fields, found 28`.
public struct TabularError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The file name used in messages (the `source` given to the reader).
    public let file: String
    /// The 1-based physical line of the problem, or nil when it concerns the whole file.
    public let line: Int?
    /// One plain sentence, without the file and line prefix.
    public let message: String

    /// Creates an error; other modules use this for problems found in the same files.
    public init(file: String, line: Int?, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    /// `file:12: message`, or `file: message` when the line is unknown.
    public var description: String {
        if let line {
            return "\(file):\(line): \(message)"
        }
        return "\(file): \(message)"
    }
}
