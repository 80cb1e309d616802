/// One thing wrong with an input file, located precisely enough for a person to fix it.
///
/// Framework files name the offending id ("FILE:LINE: id: message"); CSV files name the column
/// ("FILE:LINE: field: message"). Both read the same, so every importer reports problems one way.
public struct Problem: Error, Sendable, Hashable, Codable, CustomStringConvertible {
    /// The file the problem was found in, as the user named it.
    public let file: String
    /// The 1-based line, when the problem has one.
    public let line: Int?
    /// The id, field or column the problem is about.
    public let subject: String
    /// What is wrong, in plain words.
    public let message: String

    public init(file: String, line: Int?, subject: String, message: String) {
        self.file = file
        self.line = line
        self.subject = subject
        self.message = message
    }

    public var description: String {
        let place = line.map { "\(file):\($0)" } ?? file
        return "\(place): \(subject): \(message)"
    }
}

/// Every problem found in one or more input files; nothing is used from a file that has any.
public struct ProblemList: Error, Sendable, CustomStringConvertible {
    /// How many problems a report lists before it stops counting; beyond this the input is badly wrong anyway.
    public static let reportLimit = 100

    /// The problems, in file and line order, at most `reportLimit` of them.
    public let problems: [Problem]
    /// True when more problems were found than `problems` holds.
    public let truncated: Bool

    public init(_ problems: [Problem]) {
        // By file and line; problems on one line keep the order they were found in (column order).
        let sorted = problems.enumerated()
            .sorted { ($0.element.file, $0.element.line ?? 0, $0.offset) < ($1.element.file, $1.element.line ?? 0, $1.offset) }
            .map(\.element)
        self.problems = Array(sorted.prefix(Self.reportLimit))
        self.truncated = sorted.count > Self.reportLimit
    }

    public var description: String {
        var lines = problems.map(\.description)
        if truncated { lines.append("(stopped after \(Self.reportLimit) problems)") }
        return lines.joined(separator: "\n")
    }
}

/// Collects problems while a file is read, so that all of them are reported at once.
struct ProblemCollector {
    let file: String
    private(set) var problems: [Problem] = []

    init(file: String) { self.file = file }

    mutating func add(line: Int?, _ subject: String, _ message: String) {
        problems.append(Problem(file: file, line: line, subject: subject, message: message))
    }

    var isFull: Bool { problems.count > ProblemList.reportLimit }

    func throwIfAny() throws(ProblemList) {
        if !problems.isEmpty { throw ProblemList(problems) }
    }
}
