import ArgumentParser
import Foundation
import YJICore
import YJIStore

/// `yji score`: the scorecard of an inspection, from its interchange files or from the store.
struct ScoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "score",
        abstract: "Score an inspection: from cases.csv and judgements.csv, or a stored inspection (--inspection).",
        discussion: "Bad input is reported as FILE:LINE: field: message (up to 100 problems) with exit code 65; nothing is scored from files with problems."
    )

    @Option(help: "A shipped framework id (cci, sqs, fji) or the path of a framework YAML file.")
    var framework: String?

    @Option(help: "The cases file (cases.csv format).")
    var cases: String?

    @Option(help: "The judgements file (judgements.csv format).")
    var judgements: String?

    @Option(help: "A stored inspection's id, instead of the three files.")
    var inspection: Int?

    @Option(help: "text (the scoring summary table), json or csv.")
    var format: OutputFormat = .text

    @OptionGroup var store: StoreOptions

    func validate() throws {
        let files = [framework, cases, judgements].compactMap { $0 }.count
        if inspection != nil, files > 0 {
            throw ValidationError("give either --inspection or --framework, --cases and --judgements, not both")
        }
        if inspection == nil, files < 3 {
            throw ValidationError("give --framework, --cases and --judgements (or --inspection for a stored inspection)")
        }
    }

    func run() async throws {
        if let inspection {
            let (framework, card) = try await store.withStore { try await $0.scorecard(inspection: inspection) }
            print(try ScoreOutput.render(card, framework: framework, format: format), terminator: "")
            return
        }
        guard let cases, let judgements, let frameworkName = self.framework else { return }
        let framework = try Terminal.framework(frameworkName)
        let card: Scorecard
        do {
            card = try InspectionFiles.score(
                framework: framework, casesText: try Terminal.readText(cases), casesFile: cases,
                judgementsText: try Terminal.readText(judgements), judgementsFile: judgements)
        } catch let problems as ProblemList {
            Terminal.report(problems)
            throw ExitStatus.dataError
        }
        print(try ScoreOutput.render(card, framework: framework, format: format), terminator: "")
    }
}

/// Renders a scorecard in the chosen format.
enum ScoreOutput {
    static func render(_ card: Scorecard, framework: Framework, format: OutputFormat) throws -> String {
        switch format {
        case .text: return ScorecardTable.render(card, framework: framework)
        case .json: return String(decoding: try ScorecardDocument(card, framework: framework).jsonData(), as: UTF8.self) + "\n"
        case .csv: return ScorecardDocument(card, framework: framework).csv()
        }
    }
}

/// The scoring summary table of the reports (Harrow's "Scoring and Summary Table"), then every section and criterion.
enum ScorecardTable {
    static func render(_ card: Scorecard, framework: Framework) -> String {
        var lines = [
            "\(framework.name) (\(card.frameworkID) \(card.frameworkVersion))",
            "\(card.cases) cases: \(card.custodyCases) custody, \(card.communityCases) community",
        ]
        /// The comment column: the band, or why there is none.
        func comment(for score: Score) -> String {
            if let band = score.band { return band + (score.override != nil && !score.judged ? " (inspector's rating)" : "") }
            if score.judged { return framework.ratingScale(for: score.level) == nil ? "judged by inspectors" : "not yet rated" }
            return score.percent == nil ? "no applicable cases" : ""
        }
        func block(_ title: String, _ scores: [Score], label: (Score) -> String) {
            guard !scores.isEmpty else { return }
            let rows = scores.map { score in
                [label(score), score.percent.map { "\($0)%" } ?? (score.judged ? "judged" : "n/a"),
                 score.judged ? "" : "\(score.sufficient) of \(score.applicable)",
                 comment(for: score)]
            }
            let widths = (0..<3).map { column in rows.map { $0[column].count }.max() ?? 0 }
            lines.append("")
            lines.append(title)
            for row in rows {
                let padded = row.prefix(3).enumerated().map { index, text in
                    index == 0 ? text.padding(toLength: widths[0], withPad: " ", startingAt: 0)
                               : String(repeating: " ", count: widths[index] - text.count) + text
                }
                let line = "  " + padded.joined(separator: "  ") + "  " + row[3]
                lines.append(String(line.reversed().drop { $0 == " " }.reversed()))
            }
        }
        block("Scoring summary", card.headlines) { $0.name }
        block("Sections", card.sections) { "\($0.id) \($0.name)" }
        block("Criteria", card.criteria) { "\($0.id) \($0.name)" }
        let unanswered = card.questions.reduce(0) { $0 + $1.all.unanswered }
        if unanswered > 0 {
            lines.append("")
            lines.append("\(unanswered) applicable answers are still to be recorded.")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
