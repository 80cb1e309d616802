import Foundation

/// How much evidence beyond case files an inspection has, for its task list.
public struct EvidenceSummary: Sendable, Hashable {
    public let responses: Int
    public let findings: Int
    public let examples: Int
    public var total: Int { responses + findings + examples }

    public init(responses: Int, findings: Int, examples: Int) {
        self.responses = responses
        self.findings = findings
        self.examples = examples
    }
}
