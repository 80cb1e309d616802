import Foundation

/// One block of an inspection's report as people left it: their words (or none, keeping the draft) and the figures last read.
public struct ReportText: Sendable, Hashable, Codable {
    /// The block, e.g. "finding:1.1:roh-screening-done", "commentary:1", "summary:3".
    public let key: String
    /// The edited text with its figure tokens; nil while the drafted text stands.
    public let text: String?
    /// Each figure token with the value its last reader saw, so a reviewer can be shown which figures moved since.
    public let seenFigures: [String: String]
    /// Starts at 1 and goes up by one with every saved change; a save names the version it edits.
    public let version: Int
    public let updatedAt: String
    public let updatedBy: String

    /// A block as stored (the store sets version and timestamps when it saves one).
    public init(key: String, text: String?, seenFigures: [String: String], version: Int, updatedAt: String, updatedBy: String) {
        self.key = key
        self.text = text
        self.seenFigures = seenFigures
        self.version = version
        self.updatedAt = updatedAt
        self.updatedBy = updatedBy
    }
}

/// One of the report's recommendations, with the body primarily responsible for acting on it.
public struct ReportRecommendation: Sendable, Hashable, Codable {
    /// Its number in the report, from 1.
    public var position: Int
    public var text: String
    /// The body primarily responsible, e.g. "YOT Manager".
    public var responsible: String

    /// A recommendation as written.
    public init(position: Int, text: String, responsible: String) {
        self.position = position
        self.text = text
        self.responsible = responsible
    }
}
