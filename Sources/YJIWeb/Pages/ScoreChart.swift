import YJICore
import YJIReports

/// The scores page's bar chart, drawn by the report's own chart so screen and published report show the same picture.
enum ScoreChart {
    /// Scores with a percentage as band-coloured bars; judged scores carry no percentage and are left to the table.
    static func svg(_ scores: [Score], title: String) -> String {
        let rows = scores.compactMap { score in
            score.percent.map { ScoreBarRow(label: score.id, name: score.name, percent: $0, band: score.band) }
        }
        return ReportCharts.scoreBars(rows, title: title)
    }
}
