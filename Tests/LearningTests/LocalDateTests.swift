import Foundation
import Learning
import Testing

// Mirrors Sources/Learning/LocalDate.swift and Groups.swift.

@Suite("local dates and groups")
struct LocalDateTests {
    @Test(arguments: ["2026-02-29", "2026-13-01", "2026-1-01", "26-01-01", "2026-01-01T", ""])
    func invalidDatesAreRefused(text: String) {
        #expect(LocalDate(text) == nil)
    }

    @Test func daysRoundTripAcrossMonthsAndLeapYears() {
        let day = LocalDate.day("2028-02-28")
        #expect(day.adding(days: 1).description == "2028-02-29")
        #expect(day.adding(days: 2).description == "2028-03-01")
        #expect(LocalDate.day("1970-01-01").dayNumber == 0)
        #expect(LocalDate(dayNumber: LocalDate.day("2026-12-03").dayNumber)
            == LocalDate.day("2026-12-03"))
        #expect(LocalDate.day("2026-03-02").days(to: .day("2026-03-09")) == 7)
    }

    @Test func todayIsInCanThoTime() {
        // 17:30 UTC on 3 December is already 00:30 on 4 December in Cần Thơ (UTC+7).
        let instant = Date(timeIntervalSince1970: 1_796_319_000)
        #expect(LocalDate.of(instant).description == "2026-12-04")
        #expect(LocalDate.day("2026-12-04").instant(atLocalHour: 0).timeIntervalSince1970
            == 1_796_317_200)
    }

    @Test(arguments: [
        (2011, AgeBand.from15to24), (2012, .under15), (2002, .from15to24), (2001, .from25to34),
        (1962, .from55to64), (1961, .from65),
    ])
    func ageBandsFromTheBirthYearAtTheReferenceYear(year: Int, band: AgeBand) {
        #expect(AgeBand(birthYear: year, referenceYear: 2026) == band)
    }

    @Test func wordsTrainersTypeAreUnderstood() {
        #expect(Gender(cell: "Nữ") == .female)
        #expect(Gender(cell: " NAM ") == .male)
        #expect(Gender(cell: "") == .notSpecified)
        #expect(Gender(cell: "bà") == nil)
        #expect(Answer(cell: "Có") == .yes)
        #expect(Answer(cell: "không") == .no)
        #expect(Answer(cell: "x") == .yes)
        #expect(Phone.normalized("+84 912 345 678") == "0912345678")
        #expect(Phone.normalized("0292.3821.234") == "02923821234")
        #expect(Phone.normalized("12345") == nil)
    }
}
