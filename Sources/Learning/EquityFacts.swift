import Foundation
import Storage

extension LearningStore {
    /// Distinct learners per home ward (nil: no ward given) with at least one enrollment that
    /// had a seat (any state but waitlisted), in the classes `filter` selects.
    public func learnersByArea(
        _ filter: EnrollmentFactFilter = .init()
    ) throws -> [String?: Int] {
        let rows = try db.query("""
            SELECT l.area_code, count(DISTINCT l.id) AS n
            FROM enrollments e JOIN learners l ON l.id = e.learner_id
            JOIN classes c ON c.id = e.class_id
            WHERE e.state <> 'waitlisted'
                AND (?1 IS NULL OR c.course_code = ?1)
                AND (?2 OR c.sample = 0)
                AND (?3 IS NULL OR (SELECT min(date) FROM class_sessions s
                    WHERE s.class_id = c.id) >= ?3)
                AND (?4 IS NULL OR (SELECT min(date) FROM class_sessions s
                    WHERE s.class_id = c.id) <= ?4)
            GROUP BY 1 ORDER BY 1
            """, [
                filter.courseCode, filter.includeSample, filter.from?.description,
                filter.through?.description,
            ])
        var result: [String?: Int] = [:]
        for row in rows {
            result[try row.get("area_code", as: String?.self)] = try row.get("n")
        }
        return result
    }
}
