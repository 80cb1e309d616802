/// Numbers written the reports' way.
public enum NumberWords {
    private static let units = [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
        "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
        "eighteen", "nineteen",
    ]
    private static let tens = [
        "", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
    ]

    /// Lower-case British words for 0...999 ("one hundred and fifteen"); callers keep larger numbers in figures.
    public static func spelledOut(_ n: Int) -> String {
        precondition((0...999).contains(n), "NumberWords.spelledOut covers 0...999, got \(n)")
        if n < 20 { return units[n] }
        if n < 100 {
            let rest = n % 10
            return rest == 0 ? tens[n / 10] : "\(tens[n / 10])-\(units[rest])"
        }
        let hundreds = "\(units[n / 100]) hundred"
        let rest = n % 100
        // British usage puts "and" between the hundreds and the rest.
        return rest == 0 ? hundreds : "\(hundreds) and \(spelledOut(rest))"
    }

    /// Words up to ten and figures above, as the reports do mid-sentence; zero is included for "a scale of zero to ten".
    public static func inText(_ n: Int) -> String {
        (0...10).contains(n) ? spelledOut(n) : String(n)
    }

    /// A sentence never opens with figures in the reports, so spell out anything we can and capitalise it.
    public static func sentenceStart(_ n: Int) -> String {
        guard (0...999).contains(n) else { return String(n) }
        let words = spelledOut(n)
        return words.prefix(1).uppercased() + words.dropFirst()
    }
}
