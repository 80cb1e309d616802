import Foundation

/// A calendar day without time zone: order start and end dates.
///
/// Orders are dated by day in case management extracts; a time zone would only let a date slip across midnight
/// between the file and the eligibility window, so there is none. Arithmetic is on the proleptic Gregorian calendar.
public struct CalendarDate: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// Years yji accepts; four digits keep the ISO form unambiguous.
    static let years = 1...9999

    /// A date, or nil when there is no such day (30 February, month 13, 29 February outside a leap year).
    public init?(year: Int, month: Int, day: Int) {
        guard Self.years.contains(year), (1...12).contains(month),
              day >= 1, day <= Self.daysIn(month: month, year: year) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Arithmetic results are always real days, so they skip the checks.
    private init(unchecked year: Int, _ month: Int, _ day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    static func isLeap(_ year: Int) -> Bool { year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Reads ISO "2026-03-01" or UK day-first "01/03/2026" and "1/3/2026"; nil for anything else or a day that does not exist.
    public static func parse(_ text: String) -> CalendarDate? {
        guard let parts = parts(of: text) else { return nil }
        return CalendarDate(year: parts.year, month: parts.month, day: parts.day)
    }

    /// Only the ISO form, which is what yji writes; used where a second spelling would only hide a mistake.
    static func parseISO(_ text: String) -> CalendarDate? {
        guard text.utf8.count == 10, text.utf8.contains(UInt8(ascii: "-")), let parts = parts(of: text) else { return nil }
        return CalendarDate(year: parts.year, month: parts.month, day: parts.day)
    }

    /// The numbers of a date-shaped text, before checking that the day exists, so an importer can tell
    /// "not a date" from "no such day" (an American month-first date usually lands in the second).
    static func parts(of text: String) -> (year: Int, month: Int, day: Int)? {
        // Three numbers and their digit counts, kept in tuples: this runs for every row of a 100,000-row caseload.
        var numbers = (0, 0, 0)
        var digits = (0, 0, 0)
        var separator: UInt8 = 0
        var part = 0
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                let digit = Int(byte - UInt8(ascii: "0"))
                switch part {
                case 0: numbers.0 = numbers.0 * 10 + digit; digits.0 += 1
                case 1: numbers.1 = numbers.1 * 10 + digit; digits.1 += 1
                default: numbers.2 = numbers.2 * 10 + digit; digits.2 += 1
                }
                if digits.0 > 4 || digits.1 > 4 || digits.2 > 4 { return nil }
            case UInt8(ascii: "-"), UInt8(ascii: "/"):
                let length = part == 0 ? digits.0 : digits.1
                guard part < 2, length > 0, separator == 0 || separator == byte else { return nil }
                separator = byte
                part += 1
            default:
                return nil
            }
        }
        guard part == 2, digits.2 > 0 else { return nil }
        if separator == UInt8(ascii: "-") {
            guard digits == (4, 2, 2) else { return nil }
            return (numbers.0, numbers.1, numbers.2)
        }
        guard digits.0 <= 2, digits.1 <= 2, digits.2 == 4 else { return nil }
        return (numbers.2, numbers.1, numbers.0)
    }

    /// The date `days` later (earlier when negative).
    public func adding(days: Int) -> CalendarDate {
        let (y, m, d) = Self.civil(fromDays: dayNumber + days)
        return CalendarDate(unchecked: y, m, d)
    }

    /// Whole days from `other` to this date: positive when this date is later.
    public func days(since other: CalendarDate) -> Int { dayNumber - other.dayNumber }

    /// Days since 1970-01-01 (Howard Hinnant's civil calendar algorithm: exact, no Foundation calendar or time zone).
    var dayNumber: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let monthFromMarch = (month + 9) % 12
        let dayOfYear = (153 * monthFromMarch + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func civil(fromDays number: Int) -> (Int, Int, Int) {
        let z = number + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthFromMarch = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthFromMarch + 2) / 5 + 1
        let month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    public static func < (lhs: CalendarDate, rhs: CalendarDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    /// ISO 8601, "2026-03-01".
    public var description: String {
        func padded(_ value: Int, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(padded(year, 4))-\(padded(month, 2))-\(padded(day, 2))"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let date = Self.parseISO(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "'\(text)' is not a date in yyyy-mm-dd form")
        }
        self = date
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// Why a date someone gave for a named field was refused: not written as yyyy-mm-dd, or no such day.
public struct CalendarDateProblem: Error, Sendable, Hashable, CustomStringConvertible {
    /// The field as the person filling it in knows it, e.g. "fieldwork start".
    public let field: String
    /// What was given.
    public let text: String
    /// Why it is not a date, e.g. "February 2026 has 28 days".
    public let reason: String

    public var description: String { "\(field): '\(text)' is not a date: \(reason)" }
}

extension CalendarDate {
    /// Reads a date given for `field` in the only form yji stores, yyyy-mm-dd, or says why it is not one, naming the
    /// field: an impossible day (2026-02-31, 2026-13-01, 2027-02-29) is told apart from text that is not a date.
    public static func iso(_ text: String, field: String) throws(CalendarDateProblem) -> CalendarDate {
        if let date = parseISO(text) { return date }
        guard text.utf8.count == 10, text.utf8.contains(UInt8(ascii: "-")), let parts = parts(of: text) else {
            throw CalendarDateProblem(field: field, text: text, reason: "write it as yyyy-mm-dd, e.g. 2026-03-09")
        }
        guard years.contains(parts.year) else {
            throw CalendarDateProblem(field: field, text: text, reason: "the year must be from 0001 to 9999")
        }
        guard (1...12).contains(parts.month) else {
            throw CalendarDateProblem(field: field, text: text, reason: "there is no month \(parts.month)")
        }
        guard parts.day > 0 else { throw CalendarDateProblem(field: field, text: text, reason: "there is no day 0") }
        let days = daysIn(month: parts.month, year: parts.year)
        throw CalendarDateProblem(field: field, text: text,
                                  reason: "\(monthNames[parts.month - 1]) \(parts.year) has \(days) days")
    }

    /// The day (UTC) of a store timestamp, "2026-12-07T21:13:22.123Z": the one way a recorded time becomes a date.
    public init?(dayOfTimestamp timestamp: String) {
        guard let date = Self.parseISO(String(timestamp.prefix(10))) else { return nil }
        self = date
    }

    /// Today's date in the machine's time zone, for commands whose as-of date defaults to today.
    public static var today: CalendarDate {
        let parts = Calendar.current.dateComponents([.year, .month, .day], from: Date())
        return CalendarDate(year: parts.year!, month: parts.month!, day: parts.day!)!
    }
}
