import Foundation
import YJICore

/// Horizontal bar charts of scores as inline SVG: one bar per score, its percentage written beside it, so the chart
/// reads without colour and the table beside it carries the same figures for screen readers.
enum ScoreChart {
    static func svg(_ scores: [Score], title: String) -> String {
        let shown = scores.filter { $0.percent != nil }
        guard !shown.isEmpty else { return "" }
        let rowHeight = 26, labelWidth = 70, barWidth = 400, top = 8
        let height = top + shown.count * rowHeight + 20
        var parts = [
            #"<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 \#(labelWidth + barWidth + 60) \#(height)" role="img" aria-labelledby="chart-\#(escape(title.lowercased().replacingOccurrences(of: " ", with: "-")))">"#,
            #"<title id="chart-\#(escape(title.lowercased().replacingOccurrences(of: " ", with: "-")))">\#(escape(title))</title>"#,
        ]
        for (index, score) in shown.enumerated() {
            let y = top + index * rowHeight
            let percent = score.percent ?? 0
            let width = barWidth * percent / 100
            parts.append(#"<text x="0" y="\#(y + 17)" class="chart-label">\#(escape(score.id))</text>"#)
            parts.append(#"<rect x="\#(labelWidth)" y="\#(y + 4)" width="\#(barWidth)" height="18" class="chart-track"/>"#)
            parts.append(#"<rect x="\#(labelWidth)" y="\#(y + 4)" width="\#(width)" height="18" class="chart-bar \#(bandClass(score.band))"><title>\#(escape(score.name)): \#(percent)%</title></rect>"#)
            parts.append(#"<text x="\#(labelWidth + barWidth + 6)" y="\#(y + 17)" class="chart-value">\#(percent)%</text>"#)
        }
        for mark in stride(from: 0, through: 100, by: 25) {
            let x = labelWidth + barWidth * mark / 100
            parts.append(#"<text x="\#(x)" y="\#(height - 4)" class="chart-axis" text-anchor="middle">\#(mark)</text>"#)
        }
        parts.append("</svg>")
        return parts.joined(separator: "\n")
    }

    /// A stylesheet class per band word, so colours live in the CSS, not in the data.
    static func bandClass(_ band: String?) -> String {
        let word = (band ?? "none").lowercased().split(separator: " ").first.map(String.init) ?? "none"
        return "band-" + word.filter { $0.isLetter }
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
