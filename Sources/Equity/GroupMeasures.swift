/// How well one group of people (women, 60+, people with a disability, poor households) is
/// represented among the learners enrolled, against its share of the residents.
public struct GroupRepresentation: Sendable, Equatable {
    /// The group, e.g. `women`.
    public var group: String
    public var enrolled: Int
    public var enrolledTotal: Int
    public var population: Double
    public var populationTotal: Double
    /// enrolled ÷ enrolled total, as a percentage.
    public var enrollmentShare: Indicator
    /// group population ÷ total population, as a percentage.
    public var populationShare: Indicator
    /// Representation ratio RR = enrollment share ÷ population share; below 1 the group is
    /// under-represented. Numerator and denominator are the two shares (fractions).
    public var ratio: Indicator
}

/// A group's completion rate and its gap to the rate of everyone.
public struct CompletionGap: Sendable, Equatable {
    public var group: String
    /// Completed ÷ finished enrollments, as a percentage.
    public var rate: Indicator
    /// The same for everyone the group is compared with (the city, or the ward).
    public var reference: Indicator
    /// rate − reference, in percentage points; negative when the group is behind.
    public var gap: Indicator
}

/// Measures of groups of people: representation and completion.
public enum GroupMeasures {
    /// The representation ratio of a group (coverage-equity notes, §2.1):
    /// RR = (enrolled ÷ enrolled total) ÷ (group population ÷ total population).
    ///
    /// Women with 120 of 200 enrollments and 51 % of the residents give 0.6 ÷ 0.51 = 1.176.
    public static func representation(
        group: String, enrolled: Int, enrolledTotal: Int, population: Double,
        populationTotal: Double, source: String
    ) throws(EquityInputError) -> GroupRepresentation {
        guard enrolled >= 0, enrolledTotal >= enrolled else {
            throw EquityInputError(
                key: group, field: "enrolled",
                reason: "must be 0 or more and at most the total (\(enrolled) of \(enrolledTotal))")
        }
        guard population.isFinite, populationTotal.isFinite, population >= 0,
              populationTotal >= population
        else {
            throw EquityInputError(
                key: group, field: "population",
                reason: "must be 0 or more and at most the total "
                    + "(\(population) of \(populationTotal))")
        }

        let enrollmentShare = Indicator(
            name: "enrollment-share", numerator: Double(enrolled),
            denominator: Double(enrolledTotal), unit: .percent, source: source)
        let populationShare = Indicator(
            name: "population-share", numerator: population, denominator: populationTotal,
            unit: .percent, source: source)
        let ratio: Indicator
        if let enrolled = enrollmentShare.value, let residents = populationShare.value,
           residents > 0 {
            ratio = Indicator(
                name: "representation-ratio", numerator: enrolled / 100,
                denominator: residents / 100, unit: .ratio, source: source)
        } else {
            ratio = .undefined(
                name: "representation-ratio", unit: .ratio, source: source,
                reason: enrolledTotal == 0 ? "no one is enrolled" : "the group has no residents")
        }
        return GroupRepresentation(
            group: group, enrolled: enrolled, enrolledTotal: enrolledTotal,
            population: population, populationTotal: populationTotal,
            enrollmentShare: enrollmentShare, populationShare: populationShare, ratio: ratio)
    }

    /// A group's completion rate (completed ÷ finished) and its gap to a reference rate.
    ///
    /// `finished` counts the enrollments that have ended: completed, failed or withdrawn.
    public static func completion(
        group: String, completed: Int, finished: Int, referenceCompleted: Int,
        referenceFinished: Int, source: String
    ) throws(EquityInputError) -> CompletionGap {
        for (field, part, whole) in [
            ("completed", completed, finished),
            ("reference completed", referenceCompleted, referenceFinished),
        ] where part < 0 || whole < part {
            throw EquityInputError(
                key: group, field: field,
                reason: "must be 0 or more and at most those finished (\(part) of \(whole))")
        }

        let rate = Indicator(
            name: "completion-rate", numerator: Double(completed), denominator: Double(finished),
            unit: .percent, source: source)
        let reference = Indicator(
            name: "completion-rate-reference", numerator: Double(referenceCompleted),
            denominator: Double(referenceFinished), unit: .percent, source: source)
        let gap: Indicator
        if let own = rate.value, let other = reference.value {
            gap = Indicator(
                name: "completion-gap", numerator: own - other, denominator: 1,
                unit: .percentagePoints, source: source)
        } else {
            gap = .undefined(
                name: "completion-gap", unit: .percentagePoints, source: source,
                reason: rate.value == nil
                    ? "no enrollment of the group has finished" : "no enrollment has finished")
        }
        return CompletionGap(group: group, rate: rate, reference: reference, gap: gap)
    }
}
