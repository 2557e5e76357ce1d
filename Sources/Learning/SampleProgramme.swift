import Foundation
import Storage

/// How big a sample programme to make, and from which seed.
public struct SampleOptions: Sendable {
    public var seed: UInt64
    public var learners: Int
    /// The programme covers the year up to this day: classes that ended before it are
    /// closed, classes under way have attendance up to it, later ones only enrollments.
    public var until: LocalDate
    /// Remove an earlier sample first (else an earlier sample is refused).
    public var replace: Bool

    public init(seed: UInt64 = 1, learners: Int = 2000, until: LocalDate, replace: Bool = false) {
        self.seed = seed
        self.learners = learners
        self.until = until
        self.replace = replace
    }

    /// The most learners one sample makes.
    public static let largest = 1_000_000
}

/// What `make` created.
public struct SampleReport: Sendable, Equatable {
    public var trainers = 0
    public var classes = 0
    public var classesClosed = 0
    public var classesCancelled = 0
    public var learners = 0
    public var enrollments: [EnrollmentState: Int] = [:]
    public var attendanceMarks = 0
    /// Sample records removed first (with `replace`).
    public var removedLearners = 0
}

/// A deterministic, clearly labelled sample programme for demos and benchmarks.
///
/// Every trainer, class and learner it makes has `sample = 1`, and the run is recorded in
/// `sample_programmes`, so reports can show a banner and `--replace` can remove them. The
/// same seed, size and `until` day give the same records, codes and timestamps. Sample
/// learners have no phone numbers, so no real person's number is ever in a sample.
public struct SampleProgramme {
    let db: Database

    public init(_ db: Database) {
        self.db = db
    }

    /// How many courses learners take, with their odds.
    static let coursesPerLearner: [(count: Int, weight: Double)] = [(1, 68), (2, 24), (3, 8)]
    /// How popular each course of `curricula/` is; others weigh 1.
    static let popularity: [String: Double] = [
        "PHONE-101": 5, "SAFE-201": 4, "GOV-201": 4, "PAY-201": 3, "CALL-101": 3,
        "WIFI-101": 2, "SHOP-201": 2, "FARM-201": 2, "AI-301": 1,
    ]

    struct HotspotSite {
        let code: String
        let venue: String
        let areaCode: String
        let areaName: String
        let capacity: Int
    }

    struct CourseInfo {
        let code: String
        let sessions: Int
        let rule: CompletionRule
        let weight: Double
    }

    struct PlannedClass {
        let code: String
        let course: Int
        let site: Int
        let trainer: Int
        let capacity: Int
        let dates: [LocalDate]
        var cancelled = false
        var enrolled: [Int] = []
        var waitlist: [Int] = []
        var withdrawn: [Int] = []
        var arrival: [Int: Int] = [:]
    }

    struct PlannedLearner {
        let name: String
        let birthYear: Int?
        let gender: Gender
        let disability: Answer
        let lowIncome: Answer
        let area: String
        let reliability: Double
        let ability: Double
    }

    /// Makes the sample in one transaction; throws when the database has no areas,
    /// hotspots or courses, or already has a sample and `replace` is false.
    public func make(_ options: SampleOptions) throws -> SampleReport {
        guard (1...SampleOptions.largest).contains(options.learners) else {
            throw LearningError(.invalid, "learners: \(options.learners) is not from 1 to "
                + "\(SampleOptions.largest)")
        }
        let sites = try db.query("""
            SELECT h.code, h.name, h.address, h.area_code, h.capacity, a.name AS area_name
            FROM hotspots h JOIN areas a ON a.code = h.area_code ORDER BY h.code
            """).map { row in
            let address: String? = try row.get("address")
            let name: String = try row.get("name")
            return HotspotSite(
                code: try row.get("code"), venue: name + (address.map { ", \($0)" } ?? ""),
                areaCode: try row.get("area_code"), areaName: try row.get("area_name"),
                capacity: try row.get("capacity", as: Int?.self) ?? 50)
        }
        let areas = try db.query("SELECT code FROM areas ORDER BY code")
            .map { try $0.get(0, as: String.self) }
        guard !areas.isEmpty, !sites.isEmpty else {
            throw LearningError(.notFound, "the sample needs wards and hotspots placed in them: "
                + "run 'ketnoi areas import hotspots/cantho/wards.csv' and 'ketnoi hotspots "
                + "import hotspots/cantho/hotspots.csv' first")
        }
        let courses = try CourseStore(db).all().map {
            CourseInfo(
                code: $0.code, sessions: $0.sessions, rule: $0.completion,
                weight: Self.popularity[$0.code] ?? 1)
        }
        guard !courses.isEmpty else {
            throw LearningError(.notFound, "the sample needs courses: run 'ketnoi courses "
                + "import curricula' first")
        }

        // A 50,000-learner sample writes some 30 MB of tables and indexes; a larger page
        // cache keeps index inserts from rereading pages. Set back afterwards.
        let cacheSize = try db.scalar(Int.self, "PRAGMA cache_size") ?? -2000
        try db.executeScript("PRAGMA cache_size = -65536")
        defer { try? db.executeScript("PRAGMA cache_size = \(cacheSize)") }

        return try db.transaction {
            var report = SampleReport()
            let existing = try db.scalar(
                Int.self, "SELECT count(*) FROM learners WHERE sample = 1") ?? 0
            let existingClasses = try db.scalar(
                Int.self, "SELECT count(*) FROM classes WHERE sample = 1") ?? 0
            if existing + existingClasses > 0 {
                guard options.replace else {
                    throw LearningError(.invalid, "the database already holds a sample "
                        + "programme (\(existing) learners); give --replace to make it again")
                }
                report.removedLearners = existing
                try removeSample()
            }
            var random = SampleRandom(seed: options.seed)
            let plan = planProgramme(
                options, sites: sites, areas: areas, courses: courses, random: &random)
            try write(plan, options: options, sites: sites, courses: courses,
                      random: &random, report: &report)
            try db.execute(
                "INSERT INTO sample_programmes (seed, learners, until, created_at) "
                    + "VALUES (?, ?, ?, ?)",
                [Int64(bitPattern: options.seed), options.learners, options.until.description,
                 options.until.instant(atLocalHour: 20)])
            return report
        }
    }

    /// Deletes every sample record: classes (their sessions, enrollments, attendance and
    /// certificates go with them), then sample learners' other records, learners, trainers.
    func removeSample() throws {
        try db.executeScript("""
            DELETE FROM classes WHERE sample = 1;
            DELETE FROM attendance WHERE learner_id IN (SELECT id FROM learners WHERE sample = 1);
            DELETE FROM enrollments WHERE learner_id IN (SELECT id FROM learners WHERE sample = 1);
            DELETE FROM learners WHERE sample = 1;
            DELETE FROM trainers WHERE sample = 1
                AND id NOT IN (SELECT trainer_id FROM classes);
            """)
    }

    // MARK: - Planning (no database)

    struct Plan {
        var trainers: [String] = []
        var trainerSites: [Int] = []
        var classes: [PlannedClass] = []
        var learners: [PlannedLearner] = []
    }

    func planProgramme(
        _ options: SampleOptions, sites: [HotspotSite], areas: [String], courses: [CourseInfo],
        random: inout SampleRandom
    ) -> Plan {
        var plan = Plan()
        let firstDay = options.until.adding(days: -364)
        let lastStart = options.until.adding(days: 45)

        // Learners: a ward near a hotspot for most, any ward for the rest.
        let siteWards = sites.map(\.areaCode)
        for _ in 0..<options.learners {
            plan.learners.append(SampleNames.learner(
                random: &random, until: options.until,
                area: random.chance(0.75) ? random.pick(siteWards) : random.pick(areas)))
        }

        // Wishes: which courses each learner takes.
        let courseWeights = courses.map(\.weight)
        var wishes: [(learner: Int, course: Int)] = []
        for index in plan.learners.indices {
            let count = Self.coursesPerLearner[
                random.weighted(Self.coursesPerLearner.map(\.weight))].count
            var chosen: [Int] = []
            while chosen.count < min(count, courses.count) {
                let course = random.weighted(courseWeights)
                if !chosen.contains(course) { chosen.append(course) }
            }
            for course in chosen { wishes.append((index, course)) }
        }

        // Classes: enough seats for the wishes at about 90 % fill, spread over the hotspots
        // by their capacity and over the courses by demand.
        var demand = Array(repeating: 0, count: courses.count)
        for wish in wishes { demand[wish.course] += 1 }
        let siteWeights = sites.map { Double(max(10, min($0.capacity, 300))) }
        let trainerCount = max(3, (wishes.count / 25 + 11) / 12)
        for number in 0..<trainerCount {
            plan.trainers.append(SampleNames.person(random: &random, female: random.chance(0.6)))
            plan.trainerSites.append(
                number < sites.count ? number : random.weighted(siteWeights))
        }
        var perCourse: [String: Int] = [:]
        for (course, wanted) in demand.enumerated() where wanted > 0 {
            let classCount = max(1, Int((Double(wanted) / 22.5).rounded(.up)))
            for _ in 0..<classCount {
                let site = random.weighted(siteWeights)
                let capacity = sites[site].capacity >= 150 ? 30 : sites[site].capacity >= 80
                    ? 25 : 20
                let start = firstDay.adding(days: random.below(firstDay.days(to: lastStart) + 1))
                let gap = random.pick([2, 3, 7, 7, 7])
                let dates = ClassPlan.dates(
                    start: start, count: courses[course].sessions, everyDays: gap)
                let trainers = plan.trainerSites.indices.filter { plan.trainerSites[$0] == site }
                let trainer = trainers.isEmpty
                    ? random.below(plan.trainers.count) : random.pick(trainers)
                let number = (perCourse[courses[course].code] ?? 0) + 1
                perCourse[courses[course].code] = number
                plan.classes.append(PlannedClass(
                    code: courses[course].code + String(format: "-S%03d", number),
                    course: course, site: site, trainer: trainer, capacity: capacity,
                    dates: dates))
            }
        }

        // Seats: a class in the learner's ward when the course has one there, else any; a
        // full class is retried twice, then the learner joins its waitlist.
        var byCourse = Array(repeating: [Int](), count: courses.count)
        var byCourseAndWard: [String: [Int]] = [:]
        for (index, planned) in plan.classes.enumerated() {
            byCourse[planned.course].append(index)
            byCourseAndWard["\(planned.course)|\(sites[planned.site].areaCode)", default: []]
                .append(index)
        }
        for wish in wishes {
            let local = byCourseAndWard["\(wish.course)|\(plan.learners[wish.learner].area)"]
            let candidates = local.flatMap { random.chance(0.8) ? $0 : nil }
                ?? byCourse[wish.course]
            guard !candidates.isEmpty else { continue }
            var chosen = random.pick(candidates)
            for _ in 0..<2 where plan.classes[chosen].enrolled.count
                >= plan.classes[chosen].capacity
            {
                chosen = random.pick(candidates)
            }
            var planned = plan.classes[chosen]
            planned.arrival[wish.learner] = planned.arrival.count + 1
            if planned.enrolled.count < planned.capacity {
                planned.enrolled.append(wish.learner)
            } else {
                planned.waitlist.append(wish.learner)
            }
            plan.classes[chosen] = planned
        }

        // Withdrawals free seats for the waitlist in arrival order; a few classes are
        // cancelled.
        for index in plan.classes.indices {
            var planned = plan.classes[index]
            if random.chance(0.015) {
                planned.cancelled = true
            } else {
                var kept: [Int] = []
                for learner in planned.enrolled {
                    if random.chance(0.06) {
                        planned.withdrawn.append(learner)
                    } else {
                        kept.append(learner)
                    }
                }
                while kept.count < planned.capacity, !planned.waitlist.isEmpty {
                    kept.append(planned.waitlist.removeFirst())
                }
                planned.enrolled = kept
            }
            plan.classes[index] = planned
        }
        return plan
    }

    // MARK: - Writing

    private func write(
        _ plan: Plan, options: SampleOptions, sites: [HotspotSite], courses: [CourseInfo],
        random: inout SampleRandom, report: inout SampleReport
    ) throws {
        // Timestamps as the text Storage writes for a Date, made once per instant.
        var stamps: [Date: String] = [:]
        func stamp(_ day: LocalDate, hour: Int) -> String {
            let instant = day.instant(atLocalHour: hour)
            if let text = stamps[instant] { return text }
            guard case .text(let text) = instant.databaseValue else { return "" }
            stamps[instant] = text
            return text
        }
        let created = stamp(options.until.adding(days: -400), hour: 8)
        var trainerIDs: [Int64] = []
        let highestTrainer = try db.scalar(Int.self, """
            SELECT max(CAST(substr(code, 2) AS INTEGER)) FROM trainers
            WHERE code GLOB 'T[0-9][0-9][0-9][0-9]*'
            """) ?? 0
        let insertTrainer = try db.prepare("""
            INSERT INTO trainers (code, name, organisation, sample, created_at)
            VALUES (?, ?, ?, 1, ?)
            """)
        for (index, name) in plan.trainers.enumerated() {
            let site = sites[plan.trainerSites[index]]
            try insertTrainer.execute([
                String(format: "T%04d", highestTrainer + 1 + index), name,
                "Tổ công nghệ số cộng đồng \(site.areaName)", created,
            ])
            trainerIDs.append(db.lastInsertRowID)
        }
        report.trainers = plan.trainers.count

        let codes = try LearnerStore(db).nextCodes(plan.learners.count)
        let insertLearner = try db.prepare("""
            INSERT INTO learners (code, name, name_key, birth_year, gender, disability,
                low_income, area_code, sample, source, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, 'sample', ?)
            """)
        var learnerIDs: [Int64] = []
        learnerIDs.reserveCapacity(plan.learners.count)
        var keys: [String: String] = [:]
        for (index, learner) in plan.learners.enumerated() {
            let key = keys[learner.name] ?? Words.key(learner.name)
            keys[learner.name] = key
            try insertLearner.execute([
                codes[index], learner.name, key, learner.birthYear, learner.gender.rawValue,
                learner.disability.rawValue, learner.lowIncome.rawValue, learner.area, created,
            ])
            learnerIDs.append(db.lastInsertRowID)
        }
        report.learners = plan.learners.count

        let insertClass = try db.prepare("""
            INSERT INTO classes (code, course_code, trainer_id, hotspot_code, venue, area_code,
                capacity, status, note, sample, created_at, closed_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)
            """)
        let insertSession = try db.prepare(
            "INSERT INTO class_sessions (class_id, number, date) VALUES (?, ?, ?)")
        let insertEnrollment = try db.prepare("""
            INSERT INTO enrollments (class_id, learner_id, state, arrival, score, reason,
                requested_at, changed_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """)
        let insertMark = try db.prepare("""
            INSERT INTO attendance (class_id, session_number, learner_id, present, recorded_at)
            VALUES (?, ?, ?, ?, ?)
            """)
        for state in EnrollmentState.allCases { report.enrollments[state] = 0 }

        for planned in plan.classes {
            let course = courses[planned.course]
            let site = sites[planned.site]
            guard let first = planned.dates.first, let last = planned.dates.last else { continue }
            let closes = !planned.cancelled && last < options.until
            let status: ClassStatus = planned.cancelled ? .cancelled : closes ? .closed : .open
            let opened = stamp(first.adding(days: -21), hour: 9)
            let ended = stamp(last, hour: 18)
            try insertClass.execute([
                planned.code, course.code, trainerIDs[planned.trainer], site.code, site.venue,
                site.areaCode, planned.capacity, status.rawValue,
                planned.cancelled ? "sample: trainer unavailable" : nil, opened,
                status == .open ? nil : ended,
            ])
            let classID = db.lastInsertRowID
            for (index, date) in planned.dates.enumerated() {
                try insertSession.execute([classID, index + 1, date.description])
            }
            report.classes += 1
            if planned.cancelled { report.classesCancelled += 1 }
            if closes { report.classesClosed += 1 }

            let held = planned.dates.enumerated().filter { $0.element <= options.until }
                .map { $0.offset + 1 }
            func enrollment(
                _ learner: Int, _ state: EnrollmentState, score: Double? = nil,
                reason: String? = nil
            ) throws {
                let arrival = planned.arrival[learner] ?? 0
                try insertEnrollment.execute([
                    classID, learnerIDs[learner], state.rawValue, arrival, score, reason,
                    stamp(first.adding(days: -20 + min(arrival / 4, 18)), hour: 10),
                    status == .closed ? ended : opened,
                ])
                report.enrollments[state, default: 0] += 1
            }

            for learner in planned.withdrawn {
                try enrollment(learner, .withdrawn, reason: "withdrew")
            }
            if planned.cancelled {
                for learner in planned.enrolled + planned.waitlist {
                    try enrollment(learner, .withdrawn, reason: "class cancelled")
                }
                continue
            }
            for learner in planned.waitlist {
                try enrollment(learner, .waitlisted)
            }
            for learner in planned.enrolled {
                let person = plan.learners[learner]
                var attended = 0
                for session in held {
                    let present = random.chance(person.reliability)
                    if present { attended += 1 }
                    try insertMark.execute([
                        classID, session, learnerIDs[learner], present,
                        stamp(planned.dates[session - 1], hour: 11),
                    ])
                    report.attendanceMarks += 1
                }
                var score: Double?
                if course.rule.passMark != nil, closes, attended > 0,
                    random.chance(0.92)
                {
                    let drawn = random.normal(mean: person.ability, deviation: 9)
                    score = min(100, max(0, drawn.rounded()))
                }
                if closes {
                    let outcome = course.rule.outcome(
                        attended: attended, sessions: planned.dates.count, score: score)
                    try enrollment(learner, outcome.state, score: score, reason: outcome.reason)
                } else {
                    try enrollment(learner, .enrolled, score: score)
                }
            }
        }
    }
}

/// SplitMix64 (Steele, Lea & Flood 2014): small, fast, and the same on every platform,
/// which the standard library's generators do not promise.
struct SampleRandom {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in [0, 1).
    mutating func unit() -> Double {
        Double(next() >> 11) / Double(UInt64(1) << 53)
    }

    /// A number in 0..<bound (bound > 0).
    mutating func below(_ bound: Int) -> Int {
        Int(next() % UInt64(max(1, bound)))
    }

    mutating func chance(_ probability: Double) -> Bool {
        unit() < probability
    }

    mutating func pick<T>(_ items: [T]) -> T {
        items[below(items.count)]
    }

    /// An index drawn with the given weights.
    mutating func weighted(_ weights: [Double]) -> Int {
        let total = weights.reduce(0, +)
        var target = unit() * total
        for (index, weight) in weights.enumerated() {
            target -= weight
            if target < 0 { return index }
        }
        return weights.count - 1
    }

    /// A normal draw (Box–Muller).
    mutating func normal(mean: Double, deviation: Double) -> Double {
        let u1 = max(unit(), 1e-12)
        let u2 = unit()
        return mean + deviation * (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }
}

/// Vietnamese names and group mixes for sample learners and trainers.
enum SampleNames {
    static let families: [(String, Double)] = [
        ("Nguyễn", 38), ("Trần", 11), ("Lê", 9), ("Phạm", 7), ("Huỳnh", 5), ("Phan", 4),
        ("Võ", 4), ("Hoàng", 2), ("Đặng", 2), ("Bùi", 2), ("Đỗ", 2), ("Hồ", 2), ("Ngô", 2),
        ("Trương", 2), ("Lâm", 2), ("Dương", 1), ("Lý", 1), ("Châu", 1), ("Thạch", 1),
        ("Danh", 1),
    ]
    static let femaleMiddles = ["Thị", "Thị", "Thị", "Thị", "Ngọc", "Thanh", "Kim", "Mỹ",
        "Hồng", "Thu", "Bích"]
    static let maleMiddles = ["Văn", "Văn", "Văn", "Minh", "Hoàng", "Quốc", "Thanh", "Hữu",
        "Công", "Đức"]
    static let femaleNames = ["Lan", "Hoa", "Hương", "Mai", "Thảo", "Trang", "Ngân", "Hạnh",
        "Diễm", "Yến", "Nhung", "Tuyết", "Loan", "Phượng", "Liên", "Thúy", "Vân", "Hằng",
        "Linh", "Ánh", "Nga", "Hiền", "My", "Trinh", "Xuân", "Cúc", "Kiều"]
    static let maleNames = ["Hùng", "Dũng", "Tuấn", "Phúc", "Nam", "Long", "Tâm", "Khoa",
        "Sơn", "Thành", "Hải", "Tài", "Lộc", "Bảo", "Duy", "Trí", "Nghĩa", "Quang", "Hiếu",
        "Toàn", "Thắng", "Vinh", "Phong", "Đạt"]

    static func person(random: inout SampleRandom, female: Bool) -> String {
        let family = families[random.weighted(families.map(\.1))].0
        let middle = random.pick(female ? femaleMiddles : maleMiddles)
        let given = random.pick(female ? femaleNames : maleNames)
        return "\(family) \(middle) \(given)"
    }

    /// Age bands weighted toward the older learners the programme aims at.
    static let ages: [(ClosedRange<Int>, Double)] = [
        (12...14, 1), (15...24, 10), (25...34, 12), (35...44, 16), (45...54, 20),
        (55...64, 22), (65...84, 18),
    ]

    static func learner(
        random: inout SampleRandom, until: LocalDate, area: String
    ) -> SampleProgramme.PlannedLearner {
        let gender: Gender = switch random.unit() {
        case ..<0.56: .female
        case ..<0.98: .male
        case ..<0.985: .other
        default: .notSpecified
        }
        let female = gender == .female || (gender != .male && random.chance(0.5))
        var birthYear: Int?
        if !random.chance(0.01) {
            let range = ages[random.weighted(ages.map(\.1))].0
            birthYear = until.year - (range.lowerBound + random.below(range.count))
        }
        let disability: Answer = switch random.unit() {
        case ..<0.06: .yes
        case ..<0.91: .no
        default: .notSpecified
        }
        let lowIncome: Answer = switch random.unit() {
        case ..<0.14: .yes
        case ..<0.84: .no
        default: .notSpecified
        }
        let reliability: Double = switch random.unit() {
        case ..<0.70: 0.93
        case ..<0.90: 0.75
        default: 0.45
        }
        return SampleProgramme.PlannedLearner(
            name: person(random: &random, female: female), birthYear: birthYear, gender: gender,
            disability: disability, lowIncome: lowIncome, area: area, reliability: reliability,
            ability: 70 + random.normal(mean: 8, deviation: 8))
    }
}
