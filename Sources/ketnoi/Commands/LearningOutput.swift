import Foundation
import Learning
import Places

/// What the learning commands share: error mapping, date options, JSON shapes.
enum LearningOutput {
    /// Runs a handler, turning the module's errors into exit statuses: a missing record or
    /// file is 66, a refused request 65, a file or folder that cannot be written 73.
    static func run(_ body: () throws -> Void) throws {
        do {
            try body()
        } catch let error as LearningError {
            switch error.kind {
            case .notFound: throw CommandFailure(.noInput, error.message)
            case .invalid: throw CommandFailure(.dataError, error.message)
            case .cannotCreate: throw CommandFailure(.cannotCreate, error.message)
            }
        }
    }

    /// The value of a `YYYY-MM-DD` option, or nil when not given.
    static func date(_ context: Context, _ name: String) throws -> LocalDate? {
        guard let text = context.invocation.value(name) else { return nil }
        guard let date = LocalDate(text) else {
            throw CommandFailure(.usage, "option --\(name): '\(text)' is not a date (YYYY-MM-DD)")
        }
        return date
    }

    /// Prints a value as a `--json` document.
    static func json<T: Encodable>(_ context: Context, _ kind: String, _ value: T) throws {
        context.terminal.out(try JSONOutput.render(JSONDocument(kind, value)))
    }

    // MARK: - JSON shapes

    struct CourseJSON: Encodable {
        let code: String
        let title: BilingualText
        let description: BilingualText
        let audience: BilingualText
        let hours: Double
        let sessions: Int
        let level: Int
        let competences: [String]
        let minAttendance: Double
        let passMark: Double?
        let prerequisites: [String]
        let outline: [BilingualText]
        let source: String

        init(_ course: Course) {
            code = course.code
            title = course.title
            description = course.description
            audience = course.audience
            hours = course.hours
            sessions = course.sessions
            level = course.level
            competences = course.competences
            minAttendance = course.completion.minimumAttendance
            passMark = course.completion.passMark
            prerequisites = course.prerequisites
            outline = course.outline
            source = course.source
        }
    }

    struct ClassJSON: Encodable {
        let code: String
        let course: String
        let trainer: String
        let hotspot: String?
        let venue: String
        let areaCode: String?
        let capacity: Int
        let status: String
        let note: String?
        let sample: Bool
        let sessions: [String]
        var enrolled: Int?
        var waitlisted: Int?
        var completed: Int?
        var notCompleted: Int?
        var withdrawn: Int?

        init(_ trainingClass: TrainingClass) {
            code = trainingClass.code
            course = trainingClass.courseCode
            trainer = trainingClass.trainerCode
            hotspot = trainingClass.hotspotCode
            venue = trainingClass.venue
            areaCode = trainingClass.areaCode
            capacity = trainingClass.capacity
            status = trainingClass.status.rawValue
            note = trainingClass.note
            sample = trainingClass.sample
            sessions = trainingClass.sessions.map(\.description)
        }

        init(_ summary: ClassSummary) {
            self.init(summary.trainingClass)
            enrolled = summary.enrolled
            waitlisted = summary.waitlisted
            completed = summary.completed
            notCompleted = summary.notCompleted
            withdrawn = summary.withdrawn
        }
    }

    struct LearnerJSON: Encodable {
        let code: String
        let name: String?
        let phone: String?
        let birthYear: Int?
        let ageBand: String
        let gender: String
        let disability: String
        let lowIncome: String
        let areaCode: String?
        let forgotten: Bool
        let sample: Bool
        let source: String

        /// `personal` adds the phone and birth year (one learner's page, not lists).
        init(_ learner: Learner, referenceYear: Int, personal: Bool) {
            code = learner.code
            name = learner.name
            phone = personal ? learner.phone : nil
            birthYear = personal ? learner.birthYear : nil
            ageBand = learner.ageBand(referenceYear: referenceYear).rawValue
            gender = learner.gender.rawValue
            disability = learner.disability.rawValue
            lowIncome = learner.lowIncome.rawValue
            areaCode = learner.areaCode
            forgotten = learner.isForgotten
            sample = learner.sample
            source = learner.source
        }
    }

    /// `3.5` or `4` for hours and scores.
    static func number(_ value: Double?) -> String {
        guard let value else { return "" }
        return value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value)
    }

    /// The learner's name, or a mark for a forgotten one.
    static func name(_ name: String?) -> String {
        name ?? "(forgotten)"
    }
}
