import Foundation

/// The published figures that set an inspected area in context: reoffending, first-time entrants, custody, population.
///
/// Rates and shares given as percentages hold the percentage (46.2 means 46.2%). First-time entrants are per 100,000
/// children aged 10 to 17 and the use of custody per 1,000 children aged 10 to 17, as the national indicators are
/// published. Any figure may be missing; sentences then leave out what they cannot say.
public struct ContextualIndicators: Sendable, Hashable, Codable {
    /// The area, as the report names it ("St Helens").
    public var area: String
    /// When the figures were published or the period they describe ("January 2015").
    public var period: String
    /// The area's published reoffending rate, percent.
    public var reoffendingRate: Double?
    /// The area's rate a year earlier, percent.
    public var previousReoffendingRate: Double?
    /// The England and Wales average reoffending rate, percent.
    public var englandWalesReoffendingRate: Double?
    /// The cohort the reoffending rate follows ("April 2012 to March 2013").
    public var cohort: String
    /// Who published the figures ("Ministry of Justice").
    public var source: String
    /// First-time entrants to the youth justice system per 100,000 children aged 10 to 17.
    public var firstTimeEntrants: Double?
    /// The England and Wales average of the same.
    public var englandWalesFirstTimeEntrants: Double?
    /// Custodial sentences per 1,000 children aged 10 to 17.
    public var custodyRate: Double?
    /// The England and Wales average of the same.
    public var englandWalesCustodyRate: Double?
    /// The area's whole population.
    public var population: Int?
    /// The share of the population aged 10 to 17, percent.
    public var shareAged10To17: Double?
    /// The England and Wales share aged 10 to 17, percent.
    public var englandWalesShareAged10To17: Double?
    /// The share of the population from black and minority ethnic groups, percent.
    public var minorityEthnicShare: Double?
    /// The England and Wales share from black and minority ethnic groups, percent.
    public var englandWalesMinorityEthnicShare: Double?

    public init(
        area: String, period: String, reoffendingRate: Double? = nil, previousReoffendingRate: Double? = nil,
        englandWalesReoffendingRate: Double? = nil, cohort: String = "", source: String = "",
        firstTimeEntrants: Double? = nil, englandWalesFirstTimeEntrants: Double? = nil,
        custodyRate: Double? = nil, englandWalesCustodyRate: Double? = nil, population: Int? = nil,
        shareAged10To17: Double? = nil, englandWalesShareAged10To17: Double? = nil,
        minorityEthnicShare: Double? = nil, englandWalesMinorityEthnicShare: Double? = nil
    ) {
        self.area = area
        self.period = period
        self.reoffendingRate = reoffendingRate
        self.previousReoffendingRate = previousReoffendingRate
        self.englandWalesReoffendingRate = englandWalesReoffendingRate
        self.cohort = cohort
        self.source = source
        self.firstTimeEntrants = firstTimeEntrants
        self.englandWalesFirstTimeEntrants = englandWalesFirstTimeEntrants
        self.custodyRate = custodyRate
        self.englandWalesCustodyRate = englandWalesCustodyRate
        self.population = population
        self.shareAged10To17 = shareAged10To17
        self.englandWalesShareAged10To17 = englandWalesShareAged10To17
        self.minorityEthnicShare = minorityEthnicShare
        self.englandWalesMinorityEthnicShare = englandWalesMinorityEthnicShare
    }
}

/// Contextual indicators as CSV: one row per area and period, header-based, any column order.
public enum ContextualIndicatorFile {
    /// The figures that are percentages, by column.
    // Computed, because key paths are not Sendable and so cannot be kept in a static constant.
    static var percentColumns: [(name: String, path: WritableKeyPath<ContextualIndicators, Double?>)] { [
        ("reoffending_rate", \.reoffendingRate),
        ("previous_reoffending_rate", \.previousReoffendingRate),
        ("england_wales_reoffending_rate", \.englandWalesReoffendingRate),
        ("share_aged_10_to_17", \.shareAged10To17),
        ("england_wales_share_aged_10_to_17", \.englandWalesShareAged10To17),
        ("minority_ethnic_share", \.minorityEthnicShare),
        ("england_wales_minority_ethnic_share", \.englandWalesMinorityEthnicShare),
    ] }

    /// The figures that are rates per head of the 10-17 population, by column.
    // Computed, because key paths are not Sendable and so cannot be kept in a static constant.
    static var rateColumns: [(name: String, path: WritableKeyPath<ContextualIndicators, Double?>)] { [
        ("first_time_entrants", \.firstTimeEntrants),
        ("england_wales_first_time_entrants", \.englandWalesFirstTimeEntrants),
        ("custody_rate", \.custodyRate),
        ("england_wales_custody_rate", \.englandWalesCustodyRate),
    ] }

    /// The columns, in the order yji writes them; only area and period are required.
    public static let columns = [
        "area", "period", "reoffending_rate", "previous_reoffending_rate", "england_wales_reoffending_rate", "cohort",
        "source", "first_time_entrants", "england_wales_first_time_entrants", "custody_rate",
        "england_wales_custody_rate", "population", "share_aged_10_to_17", "england_wales_share_aged_10_to_17",
        "minority_ethnic_share", "england_wales_minority_ethnic_share",
    ]

    /// Reads indicators, reporting every problem as FILE:LINE: column: message; nothing is returned from a file with problems.
    ///
    /// A blank cell is a missing figure. Percentages may carry a "%" and must lie from 0 to 100; the population and
    /// rates may use thousands separators ("230,100").
    public static func read(_ text: String, file: String) throws(ProblemList) -> [ContextualIndicators] {
        let table = try CSVTable.parse(text, file: file)
        var problems = ProblemCollector(file: file)
        let columns = CSVColumns(table: table, required: ["area", "period"], optional: Array(Self.columns.dropFirst(2)),
                                 problems: &problems)
        try problems.throwIfAny()

        var result: [ContextualIndicators] = []
        var firstLines: [String: Int] = [:]
        for row in table.wellFormedRows(reporting: &problems) {
            if problems.isFull { break }
            var reader = FieldReader(row: row, columns: columns, problems: problems)
            let area = reader.required("area")
            let period = reader.required("period")
            problems = reader.problems
            var indicators = ContextualIndicators(
                area: area ?? "", period: period ?? "",
                cohort: columns.value("cohort", in: row), source: columns.value("source", in: row))
            var valid = area != nil && period != nil
            let percents = Dictionary(uniqueKeysWithValues: percentColumns.map { ($0.name, $0.path) })
            let rates = Dictionary(uniqueKeysWithValues: rateColumns.map { ($0.name, $0.path) })
            // In the order yji writes the columns, so that a row's problems read left to right.
            for name in Self.columns {
                let text = columns.value(name, in: row)
                guard !text.isEmpty else { continue }
                if let path = percents[name] {
                    let number = text.hasSuffix("%") ? String(text.dropLast()) : text
                    if let value = Double(trimmingSpaces(number)), value.isFinite, (0...100).contains(value) {
                        indicators[keyPath: path] = value
                    } else {
                        problems.add(line: row.line, name, "'\(text)' is not a percentage from 0 to 100")
                        valid = false
                    }
                } else if let path = rates[name] {
                    if let value = Double(text.replacingOccurrences(of: ",", with: "")), value.isFinite, value >= 0 {
                        indicators[keyPath: path] = value
                    } else {
                        problems.add(line: row.line, name, "'\(text)' is not a number of 0 or more")
                        valid = false
                    }
                } else if name == "population" {
                    if let value = Int(text.replacingOccurrences(of: ",", with: "")), value > 0 {
                        indicators.population = value
                    } else {
                        problems.add(line: row.line, name, "'\(text)' is not a whole number above 0")
                        valid = false
                    }
                }
            }
            if let area, let period {
                let key = "\(area)\u{0}\(period)"
                if let first = firstLines[key] {
                    problems.add(line: row.line, "area", "'\(area)' for period '\(period)' is already given on line \(first)")
                    valid = false
                } else {
                    firstLines[key] = row.line
                }
            }
            if valid { result.append(indicators) }
        }
        try problems.throwIfAny()
        return result
    }

    /// Writes indicators with every column, in `columns` order; missing figures are blank.
    public static func write(_ indicators: [ContextualIndicators]) -> String {
        var out = columns.joined(separator: ",") + "\n"
        for i in indicators {
            func number(_ value: Double?) -> String { value.map(plain) ?? "" }
            let fields = [
                i.area, i.period, number(i.reoffendingRate), number(i.previousReoffendingRate),
                number(i.englandWalesReoffendingRate), i.cohort, i.source, number(i.firstTimeEntrants),
                number(i.englandWalesFirstTimeEntrants), number(i.custodyRate), number(i.englandWalesCustodyRate),
                i.population.map(String.init) ?? "", number(i.shareAged10To17), number(i.englandWalesShareAged10To17),
                number(i.minorityEthnicShare), number(i.englandWalesMinorityEthnicShare),
            ]
            out += fields.map(csvEscaped).joined(separator: ",") + "\n"
        }
        return out
    }

    /// The shortest text that reads back as the same number: "38" rather than "38.0", "46.2" as it is.
    static func plain(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
        return String(value)
    }
}

/// The reports' sentences comparing an area's figures with the year before and with England and Wales, in yji's words.
///
/// For reoffending, first-time entrants and custody lower is better, so a higher figure is "worse". A difference the
/// reader could not see in the figures as printed is "the same as"; one under a percentage point (for rates per
/// head, under one per cent of the figure compared with) is "slightly" better, worse, higher or lower.
public enum ContextualComparison {
    /// How a figure stands against the one it is compared with.
    public enum Relation: Sendable, Hashable {
        case lower, slightlyLower, same, slightlyHigher, higher

        /// Whether the figure is below the other at all.
        var isLower: Bool { self == .lower || self == .slightlyLower }
        var isHigher: Bool { self == .higher || self == .slightlyHigher }
        var isSlight: Bool { self == .slightlyLower || self == .slightlyHigher }

        /// "worse than", "slightly better than", "the same as" when lower is better; "higher than" etc. otherwise.
        public func words(lowerIsBetter: Bool?) -> String {
            let slight = isSlight ? "slightly " : ""
            switch self {
            case .same: return "the same as"
            case .lower, .slightlyLower:
                switch lowerIsBetter {
                case true?: return "\(slight)better than"
                case false?: return "\(slight)worse than"
                case nil: return "\(slight)lower than"
                }
            case .higher, .slightlyHigher:
                switch lowerIsBetter {
                case true?: return "\(slight)worse than"
                case false?: return "\(slight)better than"
                case nil: return "\(slight)higher than"
                }
            }
        }
    }

    /// Compares two percentages at the one decimal place they are printed with; under one point apart is slight.
    public static func comparePercentages(_ value: Double, with other: Double) -> Relation {
        let tenths = Int((value * 10).rounded()) - Int((other * 10).rounded())
        return relation(tenths, slight: abs(tenths) < 10)
    }

    /// Compares two rates per head at the two decimal places they are printed with; under 1% of `other` apart is slight.
    public static func compareRates(_ value: Double, with other: Double) -> Relation {
        let hundredths = Int((value * 100).rounded()) - Int((other * 100).rounded())
        // |difference| < other / 100, with the difference counted in hundredths.
        return relation(hundredths, slight: Double(abs(hundredths)) < other)
    }

    private static func relation(_ difference: Int, slight: Bool) -> Relation {
        if difference == 0 { return .same }
        if difference < 0 { return slight ? .slightlyLower : .lower }
        return slight ? .slightlyHigher : .higher
    }

    /// "The reoffending rate published for St Helens was 46.2%. It was worse than the year before and worse than the
    /// England and Wales average of 36.1%." nil without a rate; a missing previous year or average drops its clause.
    public static func reoffending(_ indicators: ContextualIndicators) -> String? {
        guard let rate = indicators.reoffendingRate else { return nil }
        var text = "The reoffending rate published for \(indicators.area) was \(percent(rate, decimals: 1))."
        var clauses: [(relation: Relation, words: String)] = []
        if let previous = indicators.previousReoffendingRate {
            let relation = comparePercentages(rate, with: previous)
            clauses.append((relation, "\(relation.words(lowerIsBetter: true)) the year before"))
        }
        if let average = indicators.englandWalesReoffendingRate {
            let relation = comparePercentages(rate, with: average)
            clauses.append((relation, "\(relation.words(lowerIsBetter: true)) the England and Wales average of \(percent(average, decimals: 1))"))
        }
        if !clauses.isEmpty { text += " It was " + joined(clauses) + "." }
        return text
    }

    /// "First-time entrants to the youth justice system in St Helens numbered 412 per 100,000 children aged 10 to 17,
    /// better than the England and Wales average of 464." nil without the area's figure.
    public static func firstTimeEntrants(_ indicators: ContextualIndicators) -> String? {
        guard let rate = indicators.firstTimeEntrants else { return nil }
        var text = "First-time entrants to the youth justice system in \(indicators.area) numbered \(number(rate, decimals: 2)) "
            + "per 100,000 children aged 10 to 17"
        if let average = indicators.englandWalesFirstTimeEntrants {
            text += ", \(compareRates(rate, with: average).words(lowerIsBetter: true)) the England and Wales average of "
                + number(average, decimals: 2)
        }
        return text + "."
    }

    /// "The use of custody in St Helens was 0.41 per 1,000 children aged 10 to 17, worse than the England and Wales
    /// average of 0.37." nil without the area's figure.
    public static func custody(_ indicators: ContextualIndicators) -> String? {
        guard let rate = indicators.custodyRate else { return nil }
        var text = "The use of custody in \(indicators.area) was \(number(rate, decimals: 2)) per 1,000 children aged 10 to 17"
        if let average = indicators.englandWalesCustodyRate {
            text += ", \(compareRates(rate, with: average).words(lowerIsBetter: true)) the England and Wales average of "
                + number(average, decimals: 2)
        }
        return text + "."
    }

    /// "Harrow had a population of 230,100, of whom 10.9% were aged 10 to 17, slightly higher than the England and
    /// Wales average of 10.4%." followed by the minority ethnic share compared likewise; nil when no figure is given.
    public static func population(_ indicators: ContextualIndicators) -> String? {
        var sentences: [String] = []
        var ageFigure: String?
        var ageComparison = ""
        if let share = indicators.shareAged10To17 {
            ageFigure = percent(share, decimals: 1, trimmed: true)
            if let average = indicators.englandWalesShareAged10To17 {
                ageComparison = ", \(comparePercentages(share, with: average).words(lowerIsBetter: nil)) the England and Wales "
                    + "average of \(percent(average, decimals: 1, trimmed: true))"
            }
        }
        if let population = indicators.population {
            var sentence = "\(indicators.area) had a population of \(number(Double(population), decimals: 0))"
            if let ageFigure { sentence += ", of whom \(ageFigure) were aged 10 to 17\(ageComparison)" }
            sentences.append(sentence + ".")
        } else if let ageFigure {
            sentences.append("In \(indicators.area), \(ageFigure) of the population were aged 10 to 17\(ageComparison).")
        }
        if let share = indicators.minorityEthnicShare {
            var sentence = "People from black and minority ethnic groups made up \(percent(share, decimals: 1, trimmed: true)) "
                + "of the population"
            if let average = indicators.englandWalesMinorityEthnicShare {
                sentence += ", \(comparePercentages(share, with: average).words(lowerIsBetter: nil)) the England and Wales "
                    + "average of \(percent(average, decimals: 1, trimmed: true))"
            }
            sentences.append(sentence + ".")
        }
        return sentences.isEmpty ? nil : sentences.joined(separator: " ")
    }

    /// Where the reoffending figures come from: "Published January 2015 for the April 2012 to March 2013 cohort.
    /// Source: Ministry of Justice." nil when nothing is known.
    public static func sourceNote(_ indicators: ContextualIndicators) -> String? {
        var parts: [String] = []
        switch (indicators.period.isEmpty, indicators.cohort.isEmpty) {
        case (false, false): parts.append("Published \(indicators.period) for the \(indicators.cohort) cohort.")
        case (false, true): parts.append("Published \(indicators.period).")
        case (true, false): parts.append("For the \(indicators.cohort) cohort.")
        case (true, true): break
        }
        if !indicators.source.isEmpty { parts.append("Source: \(indicators.source).") }
        return parts.isEmpty ? nil : parts.joined(separator: " ")
    }

    /// Every sentence the figures allow, in the order the reports give them.
    public static func sentences(_ indicators: ContextualIndicators) -> [String] {
        [reoffending(indicators), firstTimeEntrants(indicators), custody(indicators), population(indicators)].compactMap { $0 }
    }

    /// Two comparisons joined as the reports do: "but" when one is better and the other worse, "and" otherwise.
    private static func joined(_ clauses: [(relation: Relation, words: String)]) -> String {
        guard clauses.count == 2 else { return clauses.map(\.words).joined(separator: " and ") }
        let opposite = (clauses[0].relation.isLower && clauses[1].relation.isHigher)
            || (clauses[0].relation.isHigher && clauses[1].relation.isLower)
        return clauses[0].words + (opposite ? " but " : " and ") + clauses[1].words
    }

    /// "46.2%", "38.0%"; with `trimmed`, "40%" for a whole number.
    static func percent(_ value: Double, decimals: Int, trimmed: Bool = false) -> String {
        number(value, decimals: decimals, trimmed: trimmed) + "%"
    }

    /// A number rounded to `decimals` places with thousands separators ("230,100", "0.41"), trailing zeros dropped
    /// when `trimmed` (always for rates, which are printed as published). Written out by hand so that no locale changes it.
    static func number(_ value: Double, decimals: Int, trimmed: Bool = true) -> String {
        var scale = 1
        for _ in 0..<decimals { scale *= 10 }
        let scaled = Int((abs(value) * Double(scale)).rounded())
        let whole = String(scaled / scale)
        var grouped = ""
        for (offset, character) in whole.enumerated() {
            if offset > 0, (whole.count - offset) % 3 == 0 { grouped.append(",") }
            grouped.append(character)
        }
        var fraction = ""
        if decimals > 0 {
            fraction = String(scaled % scale)
            fraction = String(repeating: "0", count: decimals - fraction.count) + fraction
            if trimmed { while fraction.hasSuffix("0") { fraction.removeLast() } }
        }
        return (value < 0 && scaled != 0 ? "-" : "") + grouped + (fraction.isEmpty ? "" : "." + fraction)
    }
}
