import Foundation
import Testing
@testable import YJICore

/// A date a person gives is read in yyyy-mm-dd only, and a day the calendar lacks is told apart from text that is
/// not a date at all, with the field named.
@Suite("Calendar dates as given")
struct CalendarDatesAsGivenTests {
    static func refusal(_ text: String) -> String? {
        do {
            _ = try CalendarDate.iso(text, field: "fieldwork start")
            return nil
        } catch {
            return error.description
        }
    }

    @Test func daysTheCalendarLacksAreRefusedWithTheReason() {
        #expect(Self.refusal("2026-02-31") == "fieldwork start: '2026-02-31' is not a date: February 2026 has 28 days")
        #expect(Self.refusal("2026-13-01") == "fieldwork start: '2026-13-01' is not a date: there is no month 13")
        #expect(Self.refusal("2026-00-10") == "fieldwork start: '2026-00-10' is not a date: there is no month 0")
        #expect(Self.refusal("2026-04-31") == "fieldwork start: '2026-04-31' is not a date: April 2026 has 30 days")
        #expect(Self.refusal("2026-04-00") == "fieldwork start: '2026-04-00' is not a date: there is no day 0")
        #expect(Self.refusal("0000-01-01") == "fieldwork start: '0000-01-01' is not a date: the year must be from 0001 to 9999")
    }

    @Test func leapDaysFollowTheGregorianRule() throws {
        #expect(try CalendarDate.iso("2028-02-29", field: "f") == CalendarDate(year: 2028, month: 2, day: 29))
        #expect(try CalendarDate.iso("2000-02-29", field: "f") == CalendarDate(year: 2000, month: 2, day: 29))
        #expect(Self.refusal("2027-02-29") == "fieldwork start: '2027-02-29' is not a date: February 2027 has 28 days")
        #expect(Self.refusal("2100-02-29") == "fieldwork start: '2100-02-29' is not a date: February 2100 has 28 days")
    }

    @Test func onlyTheFormYJIStoresIsRead() {
        for text in ["09/03/2026", "9/3/2026", "2026-3-9", "2026-03-09T10:00", " 2026-03-09", "20260309", "next week", ""] {
            #expect(Self.refusal(text) == "fieldwork start: '\(text)' is not a date: write it as yyyy-mm-dd, e.g. 2026-03-09", "\(text)")
        }
        #expect(Self.refusal("2026-03-09") == nil)
    }

    @Test func aTimestampsDayIsItsFirstTenCharacters() {
        #expect(CalendarDate(dayOfTimestamp: "2026-12-07T21:13:22.123Z") == CalendarDate(year: 2026, month: 12, day: 7))
        #expect(CalendarDate(dayOfTimestamp: "2026-02-31T00:00:00Z") == nil)
        #expect(CalendarDate(dayOfTimestamp: "07/12/2026 21:13") == nil)
    }

    @Test func datesCompareByTheCalendarNotByTheirText() throws {
        // Text order and calendar order agree only for the padded form; the comparison must not depend on it.
        let dates = try ["2026-12-30", "2027-01-02", "2026-02-28", "2028-02-29"].map { try CalendarDate.iso($0, field: "f") }
        #expect(dates.sorted().map(\.description) == ["2026-02-28", "2026-12-30", "2027-01-02", "2028-02-29"])
        #expect(CalendarDate(year: 999, month: 1, day: 1)! < CalendarDate(year: 2026, month: 1, day: 1)!)
    }
}
