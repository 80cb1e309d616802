import Foundation

/// The scoring summary table of the reports (Harrow's "Scoring and Summary Table"), then every section and criterion.
public enum ScorecardTable {
    /// The table as `yji score` prints it.
    public static func render(_ card: Scorecard, framework: Framework) -> String {
        var lines = [
            "\(framework.name) (\(card.frameworkID) \(card.frameworkVersion))",
            "\(card.cases) cases: \(card.custodyCases) custody, \(card.communityCases) community",
        ]
        /// The comment column: the band, or why there is none.
        func comment(for score: Score) -> String {
            // A label a person set is the inspectors' judgement; a decision says what it replaced, who and why.
            if let band = score.band, let rating = score.override {
                guard rating.source == .decision else { return "judged \(band)" }
                let who = rating.by.isEmpty ? "" : " by \(rating.by)"
                return "judged \(band) (inspectors' judgement\(who), proposed \(score.computedBand ?? "none"): \(rating.reason))"
            }
            if let band = score.band { return band }
            if score.judged { return framework.ratingScale(for: score.level) == nil ? "judged by inspectors" : "not yet judged" }
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
