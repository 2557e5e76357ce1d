/// A request the programme's records cannot satisfy, as one plain sentence.
public struct LearningError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// A course, class, trainer, learner or file that does not exist.
        case notFound
        /// Something the records refuse: a closed class, a bad date, a second enrollment.
        case invalid
        /// A file or folder that cannot be created or written.
        case cannotCreate
    }

    public let kind: Kind
    public let message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}
