import Foundation
import Storage

/// A community trainer who runs classes.
public struct Trainer: Sendable, Equatable {
    public var code: String
    public var name: String
    public var phone: String?
    /// The team or body the trainer works for, e.g. a ward's community digital team.
    public var organisation: String?
    /// True for trainers made by `learning sample`.
    public var sample: Bool

    public init(
        code: String, name: String, phone: String? = nil, organisation: String? = nil,
        sample: Bool = false
    ) {
        self.code = code
        self.name = name
        self.phone = phone
        self.organisation = organisation
        self.sample = sample
    }
}

/// Reads and writes trainers.
public struct TrainerStore {
    let db: Database

    public init(_ db: Database) {
        self.db = db
    }

    /// Adds a trainer; an empty `code` gets the next free `T0001`… code. Returns the trainer
    /// as stored.
    public func add(_ trainer: Trainer, now: Date = Date()) throws -> Trainer {
        var trainer = trainer
        trainer.name = trainer.name.trimmingCharacters(in: .whitespacesAndNewlines)
            .precomposedStringWithCanonicalMapping
        guard !trainer.name.isEmpty else {
            throw LearningError(.invalid, "name: empty")
        }
        // The same limit as a learner's name: it is printed on every certificate.
        guard trainer.name.count <= 120 else {
            throw LearningError(.invalid, "name: longer than 120 characters")
        }
        if let control = Text.controlCharacter(in: trainer.name) {
            throw LearningError(.invalid, "name: contains a control character (\(control))")
        }
        if let phone = trainer.phone {
            guard let normalized = Phone.normalized(phone) else {
                throw LearningError(.invalid, "phone: \(Text.quoted(phone)) is not a phone "
                    + "number (10 digits starting with 0, or +84…)")
            }
            trainer.phone = normalized
        }
        if trainer.code.isEmpty {
            trainer.code = try nextCode()
        } else if try find(code: trainer.code) != nil {
            throw LearningError(.invalid, "a trainer with code '\(trainer.code)' exists")
        }
        try db.execute("""
            INSERT INTO trainers (code, name, phone, organisation, sample, created_at)
            VALUES (?, ?, ?, ?, ?, ?)
            """, [trainer.code, trainer.name, trainer.phone, trainer.organisation,
                  trainer.sample, now])
        return trainer
    }

    /// All trainers, ordered by code.
    public func all() throws -> [Trainer] {
        try db.query("SELECT * FROM trainers ORDER BY code").map(Self.trainer)
    }

    /// The trainer with this code, if any.
    public func find(code: String) throws -> Trainer? {
        try db.queryFirst("SELECT * FROM trainers WHERE code = ?", [code]).map(Self.trainer)
    }

    /// The next free generated code.
    func nextCode() throws -> String {
        let highest = try db.scalar(Int.self, """
            SELECT max(CAST(substr(code, 2) AS INTEGER)) FROM trainers
            WHERE code GLOB 'T[0-9][0-9][0-9][0-9]*'
            """) ?? 0
        return String(format: "T%04d", highest + 1)
    }

    static func trainer(_ row: Row) throws -> Trainer {
        Trainer(
            code: try row.get("code"), name: try row.get("name"), phone: try row.get("phone"),
            organisation: try row.get("organisation"), sample: try row.get("sample"))
    }
}

/// Vietnamese phone numbers as people write them: spaces, dots, `+84`.
public enum Phone {
    /// The number as ten (or eleven) digits starting with 0, or nil when it is not one.
    public static func normalized(_ text: String) -> String? {
        var digits = ""
        var plus = false
        for (offset, character) in text.trimmingCharacters(in: .whitespaces).enumerated() {
            if character.isASCII, character.isNumber {
                digits.append(character)
            } else if character == "+" && offset == 0 {
                plus = true
            } else if !" .-()".contains(character) {
                return nil
            }
        }
        if plus || digits.hasPrefix("84") && digits.count == 11 {
            guard digits.hasPrefix("84") else { return nil }
            digits = "0" + digits.dropFirst(2)
        }
        guard digits.hasPrefix("0"), (10...11).contains(digits.count) else { return nil }
        return digits
    }
}

/// Checks of typed text shared by the commands and the imports.
enum Text {
    /// The first control character in the text, as `U+001B`; nil when none.
    static func controlCharacter(in text: String) -> String? {
        for scalar in text.unicodeScalars
        where scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) {
            return String(format: "U+%04X", scalar.value)
        }
        return nil
    }

    /// A cell quoted for a message, shortened when long.
    static func quoted(_ text: String) -> String {
        let shown = text.count > 40 ? String(text.prefix(40)) + "…" : text
        return "'\(shown)'"
    }
}
