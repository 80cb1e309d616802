import Foundation
import YJICore

/// The formats a report is written in.
public enum ReportFormat: String, Sendable, CaseIterable {
    /// One self-contained HTML file for screen and print.
    case html
    /// Markdown, for pasting into other documents.
    case md
    /// PDF printed from the HTML by headless Chromium.
    case pdf

    /// The file name extension.
    public var fileExtension: String { rawValue }

    /// The media type sent with a download.
    public var mediaType: String {
        switch self {
        case .html: return "text/html; charset=utf-8"
        case .md: return "text/markdown; charset=utf-8"
        case .pdf: return "application/pdf"
        }
    }
}

/// Drafts an inspection's report in its programme's shape and writes it out. The same input always gives the same
/// bytes, so a report can be checked into a golden test or compared between runs.
public enum Reports {
    /// The report for the input's programme.
    public static func draft(_ input: ReportInput) throws -> ReportDocument {
        let drafting = Drafting(input: input)
        switch input.framework.programme {
        case "cci": return CCIReport.draft(drafting)
        case "sqs": return SQSLetter.draft(drafting)
        case "fji": return FJIReport.draft(drafting)
        default: throw ReportError.unknownProgramme(input.framework.programme)
        }
    }

    /// The report as text in HTML or Markdown; PDF is made from the HTML by `pdf(_:)`.
    public static func text(_ document: ReportDocument, format: ReportFormat) -> String {
        switch format {
        case .html, .pdf: return HTMLReportRenderer.render(document)
        case .md: return MarkdownReportRenderer.render(document)
        }
    }

    /// The report's bytes in any format; PDF needs headless Chromium (`ReportError.chromiumMissing` says so).
    public static func data(_ document: ReportDocument, format: ReportFormat, chromium: String? = nil) throws -> Data {
        switch format {
        case .html, .md: return Data(text(document, format: format).utf8)
        case .pdf: return try pdf(html: HTMLReportRenderer.render(document), chromium: chromium)
        }
    }

    /// Every name the anonymisation check looks for: children's aliases and case managers from the caseload, the
    /// inspection team, and names users added.
    public static func protectedNames(_ input: ReportInput) -> [ProtectedName] {
        var names: [ProtectedName] = []
        for entry in input.caseload {
            if !entry.alias.isEmpty { names.append(ProtectedName(name: entry.alias, source: "alias of case \(entry.id)")) }
        }
        for manager in Set(input.caseload.map(\.caseManager)).sorted() where !manager.isEmpty {
            names.append(ProtectedName(name: manager, source: "case manager"))
        }
        for member in input.team { names.append(ProtectedName(name: member.name, source: "inspection team")) }
        for name in input.protectedNames { names.append(ProtectedName(name: name, source: "added to the report's list")) }
        return names
    }

    /// Protected names found in the report's free text: findings and commentary as drafted or edited, practice
    /// examples, quotes, respondents' quoted comments and inspectors' structured findings. Publishing is refused while
    /// any remain.
    public static func anonymisationMatches(_ input: ReportInput, document: ReportDocument) -> [NameMatch] {
        var texts: [(location: String, text: String)] = document.editableItems.compactMap { item in
            item.key.map { (location: ReportLocations.describe(key: $0), text: item.text) }
        }
        for (index, example) in input.examples.enumerated() {
            let kind = example.kind == .quote ? "Quote" : "Practice example"
            texts.append(("\(kind) \(index + 1) (\(example.area))", example.text))
        }
        for (index, quote) in input.quotedComments.enumerated() {
            let title = (try? QuestionnaireCatalog.shipped(quote.questionnaireID).title) ?? quote.questionnaireID
            texts.append(("Quoted comment \(index + 1) (\(title))", quote.text))
        }
        for finding in input.findings {
            let text = (finding.keyFindings + finding.explanation + finding.notablePractice).joined(separator: "\n")
            texts.append(("Inspectors' findings (\(finding.area))", text))
        }
        return AnonymisationCheck.matches(in: texts, names: protectedNames(input))
    }
}

/// Where an editable block sits, in words a person can find it by.
public enum ReportLocations {
    /// "Finding for roh-screening-done", "Commentary on section 2", "Foreword".
    public static func describe(key: String) -> String {
        let parts = key.split(separator: ":", maxSplits: 1).map(String.init)
        let detail = parts.count > 1 ? parts[1] : ""
        switch parts.first ?? "" {
        case "finding": return "Finding for question \(detail)"
        case "commentary": return "Commentary on section \(detail)"
        case "summary": return detail.isEmpty ? "Summary" : "Summary of theme \(detail)"
        case "score": return "Case assessment score of theme \(detail)"
        default: return key.replacingOccurrences(of: "-", with: " ").capitalisedFirst
        }
    }
}
