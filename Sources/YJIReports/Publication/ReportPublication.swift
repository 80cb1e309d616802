import Foundation
import YJICore

/// The report's part of publishing: its checks (figures that moved, protected names found) and the renderings kept
/// at publication. The store's `ReportRepository.publish` drafts, checks and publishes in one call, applying
/// `PublicationGate` in the same transaction as the move.
public enum ReportPublication {
    /// The report as drafted now, with the checks the gate needs and the audit mark they were made at.
    public struct Checked: Sendable {
        /// What the report was drafted from.
        public let input: ReportInput
        /// The drafted report.
        public let document: ReportDocument
        /// The protected names the anonymisation check found, with where.
        public let matches: [NameMatch]
        /// The checks' outcome.
        public let checks: ReportChecks
    }

    /// Drafts the report from `input` and runs its checks; `auditMark` is the inspection's audit mark read before
    /// `input` was, so a change made while drafting makes the store's publication refuse.
    public static func check(_ input: ReportInput, auditMark: Int) throws -> Checked {
        let document = try Reports.draft(input)
        let matches = Reports.anonymisationMatches(input, document: document)
        let moved = Reports.movedItems(document).reduce(0) { $0 + $1.changedSentences.count }
        return Checked(input: input, document: document, matches: matches,
                       checks: ReportChecks(movedSentences: moved, protectedNamesFound: matches.count, auditMark: auditMark))
    }

    /// The three renderings kept at publication: the standalone HTML (downloads and the PDF), the body the report page
    /// shows, and Markdown. None carries the team's review marks.
    public static func rendered(_ document: ReportDocument) -> PublishedReport {
        PublishedReport(
            html: HTMLReportRenderer.render(document),
            body: HTMLReportRenderer.render(document, options: .init(markChangedFigures: false, standalone: false)),
            markdown: MarkdownReportRenderer.render(document))
    }

    /// The published report's bytes in a format: HTML and Markdown as stored, PDF printed from the stored HTML, so a
    /// download never drafts anything afresh.
    public static func data(_ report: PublishedReport, format: ReportFormat, chromium: String? = nil) throws -> Data {
        switch format {
        case .html: return Data(report.html.utf8)
        case .md: return Data(report.markdown.utf8)
        case .pdf: return try Reports.pdf(html: report.html, chromium: chromium)
        }
    }
}

extension Reports {
    /// The editable blocks holding figures that moved since they were last read, each block once (a letter can print
    /// one block under two themes).
    public static func movedItems(_ document: ReportDocument) -> [ReportItem] {
        var listed = Set<String>()
        return document.editableItems.filter { !$0.changedSentences.isEmpty && listed.insert($0.key ?? "").inserted }
    }

    /// A PDF printed from report HTML by headless Chromium, in a scratch folder removed afterwards.
    public static func pdf(html: String, chromium: String? = nil) throws -> Data {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("yji-report-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let output = directory.appendingPathComponent("report.pdf")
        try PDFRenderer.render(html: html, to: output, chromium: chromium)
        return try Data(contentsOf: output)
    }
}
