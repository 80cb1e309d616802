extension Array where Element == String {
    /// The items as a list in a sentence, the way the reports write one: "a", "a and b", "a, b and c" (or "or" for a
    /// choice).
    public func listedInWords(_ conjunction: String = "and") -> String {
        guard count > 1 else { return first ?? "" }
        return dropLast().joined(separator: ", ") + " \(conjunction) " + self[count - 1]
    }
}

extension CalendarDate {
    /// The months by name, January first.
    public static let monthNames = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                                    "October", "November", "December"]

    /// The day as the reports print a date: "14 March 2016".
    public var longDescription: String { "\(day) \(Self.monthNames[month - 1]) \(year)" }
}
