import Foundation

/// One edition of a published report: who published it and when, and, once a lead reopened it to correct it, who,
/// when and why.
public struct Publication: Sendable, Hashable, Codable {
    /// 1 for the first publication, 2 for the first republication after a correction, and so on.
    public let edition: Int
    /// The day it was published.
    public let publishedOn: CalendarDate
    /// When it was stored (store timestamp, UTC).
    public let publishedAt: String
    /// Who published it.
    public let publishedBy: String
    /// When it was reopened for a correction; nil while it stands.
    public let reopenedAt: String?
    /// Who reopened it.
    public let reopenedBy: String?
    /// Why it was reopened.
    public let reopenReason: String?

    /// Whether this edition is withdrawn for a correction.
    public var isReopened: Bool { reopenedAt != nil }

    public init(edition: Int, publishedOn: CalendarDate, publishedAt: String, publishedBy: String, reopenedAt: String?, reopenedBy: String?, reopenReason: String?) {
        self.edition = edition
        self.publishedOn = publishedOn
        self.publishedAt = publishedAt
        self.publishedBy = publishedBy
        self.reopenedAt = reopenedAt
        self.reopenedBy = reopenedBy
        self.reopenReason = reopenReason
    }
}

/// The report as it was published: the bytes every download and page serves, and the scorecard they were drafted from.
public struct PublishedReport: Sendable, Hashable {
    /// The whole report as a standalone HTML document (downloads, and the PDF printed from it).
    public let html: String
    /// The report's body as the report page shows it, without the team's review marks.
    public let body: String
    /// The report in Markdown.
    public let markdown: String

    /// The three renderings of one drafted report.
    public init(html: String, body: String, markdown: String) {
        self.html = html
        self.body = body
        self.markdown = markdown
    }
}

/// What the report layer checked just before asking the store to publish: the checks the store cannot run itself.
public struct ReportChecks: Sendable, Hashable {
    /// Sentences whose figures moved since they were last read.
    public let movedSentences: Int
    /// Protected names the anonymisation check found.
    public let protectedNamesFound: Int
    /// The newest audit row of the inspection when the report was drafted: publication is refused if anything changed
    /// after it, since the checks and the stored report would no longer describe what is published.
    public let auditMark: Int

    /// The outcome of the report's checks, drafted as of `auditMark`.
    public init(movedSentences: Int, protectedNamesFound: Int, auditMark: Int) {
        self.movedSentences = movedSentences
        self.protectedNamesFound = protectedNamesFound
        self.auditMark = auditMark
    }
}
