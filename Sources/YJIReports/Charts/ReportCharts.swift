/// One bar of a score chart: a criterion, section or headline score with its band and, where known, the benchmark range.
public struct ScoreBarRow: Sendable, Hashable {
    /// Short id printed first, e.g. "1.1".
    public var label: String
    /// Name printed after the label, e.g. "Assessment and planning".
    public var name: String
    /// Whole percentage, 0-100; values outside are drawn clamped but written as given.
    public var percent: Int
    /// The band or judgement label as printed, e.g. "MODERATE improvement required" or "good".
    public var band: String?
    /// Lowest, highest and average score of inspections to date.
    public var benchmark: BenchmarkRange?

    /// Creates a row.
    public init(label: String, name: String, percent: Int, band: String? = nil, benchmark: BenchmarkRange? = nil) {
        self.label = label
        self.name = name
        self.percent = percent
        self.band = band
        self.benchmark = benchmark
    }
}

/// The spread of one score over inspections to date, in whole percentages.
public struct BenchmarkRange: Sendable, Hashable {
    /// Lowest score seen.
    public var lowest: Int
    /// Highest score seen.
    public var highest: Int
    /// Average score.
    public var average: Int

    /// Creates a range.
    public init(lowest: Int, highest: Int, average: Int) {
        self.lowest = lowest
        self.highest = highest
        self.average = average
    }
}

/// One question of a data summary chart: how many cases were judged sufficient and insufficient.
public struct DataSummaryRow: Sendable, Hashable {
    /// The key question, short enough to read beside a bar; wrapped over several lines when long.
    public var label: String
    /// Cases judged sufficient.
    public var sufficient: Int
    /// Cases judged insufficient.
    public var insufficient: Int

    /// Creates a row.
    public init(label: String, sufficient: Int, insufficient: Int) {
        self.label = label
        self.sufficient = sufficient
        self.insufficient = insufficient
    }
}

/// The report's charts as standalone SVG: every colour and font is an attribute, so they render the same inline in a
/// web page, in a file of their own and in a PDF printed by Chromium, with no stylesheet. Same input, same bytes.
public enum ReportCharts {
    static let fontFamily = "Arial, Helvetica, sans-serif"
    static let fontSize = 13
    static let lineHeight = 16
    static let ink = "#0b0c0c"
    static let track = "#f3f2f1"
    static let onBar = "#ffffff"
    static let grid = "#b1b4b6"
    static let sufficientColour = "#1d70b8"
    static let insufficientColour = "#b35400"

    // Score bars: the plot is 400 units wide so one percentage point is exactly four units and coordinates stay whole.
    static let scoreLabelChars = 36
    static let scorePlotX = 260
    static let scorePlotWidth = 400
    static let scoreWidth = 720
    static let barHeight = 18
    static let whiskerGap = 7

    // Data summary: room on the right for counts too narrow to sit inside their segment.
    static let summaryLabelChars = 38
    static let summaryPlotX = 270
    static let summaryPlotWidth = 320
    static let summaryWidth = 800
    static let segmentHeight = 20

    /// Horizontal score bars on a 0-100 axis, coloured by band, each with its percentage written beside it and the
    /// benchmark range drawn as a whisker below it; a legend explains the colours and the whisker. Empty input gives "".
    public static func scoreBars(_ rows: [ScoreBarRow], title: String, id: String? = nil) -> String {
        guard !rows.isEmpty else { return "" }
        let chartID = elementID(title: title, id: id)
        let top = 8
        let hasBenchmark = rows.contains { $0.benchmark != nil }

        struct Placed { let row: ScoreBarRow; let lines: [String]; let y: Int }
        var placed: [Placed] = []
        var y = top
        for row in rows {
            let lines = SVGText.wrap(heading(row), width: scoreLabelChars, maxLines: 3)
            placed.append(Placed(row: row, lines: lines, y: y))
            let barBlock = barHeight + (row.benchmark == nil ? 0 : whiskerGap + 7)
            y += max(lines.count * lineHeight, barBlock) + 10
        }
        let plotBottom = y - 4

        var body: [String] = []
        for item in placed {
            body.append(#"<rect class="chart-track" x="\#(scorePlotX)" y="\#(item.y)" width="\#(scorePlotWidth)" height="\#(barHeight)" fill="\#(track)"/>"#)
        }
        for mark in stride(from: 0, through: 100, by: 25) {
            let x = scoreX(mark)
            body.append(#"<line class="chart-grid" x1="\#(x)" y1="\#(top - 4)" x2="\#(x)" y2="\#(plotBottom)" stroke="\#(grid)" stroke-width="1"/>"#)
        }
        for item in placed {
            let row = item.row
            let width = scoreX(row.percent) - scorePlotX
            let spoken = SVGText.escape(spokenScore(row))
            body.append(#"<rect class="chart-bar band-\#(BandPalette.key(row.band))" x="\#(scorePlotX)" y="\#(item.y)" width="\#(width)" height="\#(barHeight)" fill="\#(BandPalette.colour(row.band))"><title>\#(spoken)</title></rect>"#)
            if let benchmark = row.benchmark {
                body.append(whisker(benchmark, y: item.y + barHeight + whiskerGap))
            }
        }
        for item in placed {
            body.append(labelText(item.row, lines: item.lines, y: item.y))
            body.append(#"<text class="chart-value" x="\#(scorePlotX + scorePlotWidth + 8)" y="\#(item.y + 14)" fill="\#(ink)">\#(item.row.percent)%</text>"#)
        }
        for mark in stride(from: 0, through: 100, by: 25) {
            body.append(#"<text class="chart-axis" x="\#(scoreX(mark))" y="\#(plotBottom + 16)" text-anchor="middle" fill="\#(ink)">\#(mark)</text>"#)
        }

        var legendY = plotBottom + 30
        for (band, colour) in legendBands(rows) {
            body.append(#"<rect class="chart-legend-swatch" x="0" y="\#(legendY)" width="14" height="14" fill="\#(colour)"/>"#)
            body.append(#"<text class="chart-legend" x="20" y="\#(legendY + 12)" fill="\#(ink)">\#(SVGText.escape(band))</text>"#)
            legendY += 20
        }
        if hasBenchmark {
            let mid = legendY + 7
            body.append(#"<g class="chart-legend-benchmark" stroke="\#(ink)"><line x1="0" y1="\#(mid)" x2="14" y2="\#(mid)" stroke-width="1.5"/><line x1="0" y1="\#(mid - 4)" x2="0" y2="\#(mid + 4)" stroke-width="1.5"/><line x1="14" y1="\#(mid - 4)" x2="14" y2="\#(mid + 4)" stroke-width="1.5"/><line x1="7" y1="\#(mid - 6)" x2="7" y2="\#(mid + 6)" stroke-width="3"/></g>"#)
            body.append(#"<text class="chart-legend" x="20" y="\#(legendY + 12)" fill="\#(ink)">Benchmark: lowest to highest score of inspections to date; the tall tick is the average</text>"#)
            legendY += 20
        }

        let description = "Bars show each score from 0 to 100 per cent. "
            + rows.map { spokenScore($0) + "." }.joined(separator: " ")
        return document(id: chartID, className: "chart chart-score-bars", width: scoreWidth, height: legendY + 4,
                        title: title, description: description, body: body)
    }

    /// A stacked bar per key question, cases judged sufficient then insufficient, with the counts written on the bars and
    /// scaled to the cases inspected, so a question that did not apply to every case shows a shorter bar. Empty input gives "".
    public static func dataSummary(_ rows: [DataSummaryRow], title: String, casesInspected: Int, id: String? = nil) -> String {
        guard !rows.isEmpty else { return "" }
        let chartID = elementID(title: title, id: id)
        let top = 8
        let scale = max(casesInspected, rows.map { max($0.sufficient, 0) + max($0.insufficient, 0) }.max() ?? 0, 1)
        let step = tickStep(for: scale)
        let ticks = Array(stride(from: 0, through: scale, by: step))

        struct Placed { let row: DataSummaryRow; let lines: [String]; let y: Int }
        var placed: [Placed] = []
        var y = top
        for row in rows {
            let lines = SVGText.wrap(row.label, width: summaryLabelChars, maxLines: 4)
            placed.append(Placed(row: row, lines: lines, y: y))
            y += max(lines.count * lineHeight, segmentHeight) + 10
        }
        let plotBottom = y - 4

        var body: [String] = []
        for tick in ticks {
            let x = SVGText.tenths(summaryXTenths(tick, scale: scale))
            body.append(#"<line class="chart-grid" x1="\#(x)" y1="\#(top - 4)" x2="\#(x)" y2="\#(plotBottom)" stroke="\#(grid)" stroke-width="1"/>"#)
        }
        // The full count of cases inspected marks where a question that applied to every case would end.
        let markTotal = casesInspected > 0 && casesInspected % step != 0
        if markTotal {
            let x = SVGText.tenths(summaryXTenths(casesInspected, scale: scale))
            body.append(#"<line class="chart-grid chart-total" x1="\#(x)" y1="\#(top - 4)" x2="\#(x)" y2="\#(plotBottom)" stroke="\#(ink)" stroke-width="1" stroke-dasharray="4 3"/>"#)
        }
        for item in placed {
            // A bar beside a label of several lines sits level with the middle of the label, where the eye looks for it.
            let lift = max(item.lines.count * lineHeight - segmentHeight, 0) / 2
            body.append(contentsOf: summaryBar(item.row, y: item.y + lift, scale: scale))
        }
        for item in placed {
            body.append(labelText(nil, lines: item.lines, y: item.y))
        }
        for tick in ticks {
            body.append(#"<text class="chart-axis" x="\#(SVGText.tenths(summaryXTenths(tick, scale: scale)))" y="\#(plotBottom + 16)" text-anchor="middle" fill="\#(ink)">\#(tick)</text>"#)
        }
        let lastTickX = summaryXTenths(ticks.last ?? 0, scale: scale)
        if markTotal, summaryXTenths(casesInspected, scale: scale) - lastTickX >= 240 {
            body.append(#"<text class="chart-axis" x="\#(SVGText.tenths(summaryXTenths(casesInspected, scale: scale)))" y="\#(plotBottom + 16)" text-anchor="middle" font-weight="700" fill="\#(ink)">\#(casesInspected)</text>"#)
        }
        body.append(#"<text class="chart-axis" x="\#(summaryPlotX + summaryPlotWidth / 2)" y="\#(plotBottom + 32)" text-anchor="middle" fill="\#(ink)">Cases</text>"#)

        let legendY = plotBottom + 46
        body.append(#"<rect class="chart-legend-swatch" x="0" y="\#(legendY)" width="14" height="14" fill="\#(sufficientColour)"/>"#)
        body.append(#"<text class="chart-legend" x="20" y="\#(legendY + 12)" fill="\#(ink)">Sufficient</text>"#)
        body.append(#"<rect class="chart-legend-swatch" x="110" y="\#(legendY)" width="14" height="14" fill="\#(insufficientColour)"/>"#)
        body.append(#"<text class="chart-legend" x="130" y="\#(legendY + 12)" fill="\#(ink)">Insufficient</text>"#)
        let note = casesNote(casesInspected)
        body.append(#"<text class="chart-legend chart-note" x="0" y="\#(legendY + 34)" fill="\#(ink)">\#(SVGText.escape(note))</text>"#)

        let description = note + " " + rows.map { spokenCounts($0) + "." }.joined(separator: " ")
        return document(id: chartID, className: "chart chart-data-summary", width: summaryWidth, height: legendY + 42,
                        title: title, description: description, body: body)
    }

    /// The key word of a band, lower case ("minimum", "good"), or "none"; used for class names such as "band-minimum".
    public static func bandKey(_ band: String?) -> String { BandPalette.key(band) }

    // MARK: - Pieces

    static func document(id: String, className: String, width: Int, height: Int, title: String, description: String,
                         body: [String]) -> String {
        var parts = [
            #"<svg xmlns="http://www.w3.org/2000/svg" class="\#(className)" width="\#(width)" height="\#(height)" viewBox="0 0 \#(width) \#(height)" role="img" aria-labelledby="\#(id)-title \#(id)-desc" font-family="\#(fontFamily)" font-size="\#(fontSize)">"#,
            #"<title id="\#(id)-title">\#(SVGText.escape(title))</title>"#,
            #"<desc id="\#(id)-desc">\#(SVGText.escape(description))</desc>"#,
        ]
        parts += body
        parts.append("</svg>")
        return parts.joined(separator: "\n")
    }

    /// The caller's id when given, otherwise one derived from the title, so two renders of the same chart match byte for byte.
    static func elementID(title: String, id: String?) -> String {
        if let id, !SVGText.slug(id).isEmpty { return SVGText.slug(id) }
        let slug = SVGText.slug(title)
        return slug.isEmpty ? "chart" : "chart-" + slug
    }

    static func scoreX(_ percent: Int) -> Int {
        scorePlotX + scorePlotWidth * min(max(percent, 0), 100) / 100
    }

    static func whisker(_ benchmark: BenchmarkRange, y: Int) -> String {
        let low = scoreX(min(benchmark.lowest, benchmark.highest))
        let high = scoreX(max(benchmark.lowest, benchmark.highest))
        let average = scoreX(benchmark.average)
        return #"<g class="chart-benchmark" stroke="\#(ink)"><line x1="\#(low)" y1="\#(y)" x2="\#(high)" y2="\#(y)" stroke-width="1.5"/><line x1="\#(low)" y1="\#(y - 4)" x2="\#(low)" y2="\#(y + 4)" stroke-width="1.5"/><line x1="\#(high)" y1="\#(y - 4)" x2="\#(high)" y2="\#(y + 4)" stroke-width="1.5"/><line class="chart-benchmark-average" x1="\#(average)" y1="\#(y - 6)" x2="\#(average)" y2="\#(y + 6)" stroke-width="3"/></g>"#
    }

    /// The wrapped label; a score's id is set bold so the eye finds it where the name runs over several lines.
    static func labelText(_ row: ScoreBarRow?, lines: [String], y: Int) -> String {
        var spans: [String] = []
        for (index, line) in lines.enumerated() {
            let position = index == 0 ? #"x="0" y="\#(y + 14)""# : #"x="0" dy="\#(lineHeight)""#
            if index == 0, let row, !row.label.isEmpty, line.hasPrefix(row.label) {
                let rest = line.dropFirst(row.label.count)
                spans.append(#"<tspan \#(position) font-weight="700">\#(SVGText.escape(row.label))</tspan>\#(SVGText.escape(String(rest)))"#)
            } else {
                spans.append(#"<tspan \#(position)>\#(SVGText.escape(line))</tspan>"#)
            }
        }
        return #"<text class="chart-label" fill="\#(ink)">\#(spans.joined())</text>"#
    }

    /// Each band that appears, once, best first, so the legend reads in the order of the scale.
    static func legendBands(_ rows: [ScoreBarRow]) -> [(String, String)] {
        var seen = Set<String>()
        var bands: [(label: String, order: Int, first: Int)] = []
        for (index, row) in rows.enumerated() {
            guard let band = row.band, !band.isEmpty, seen.insert(band).inserted else { continue }
            bands.append((band, BandPalette.tier(band)?.rawValue ?? BandPalette.Tier.allCases.count, index))
        }
        return bands.sorted { ($0.order, $0.first) < ($1.order, $1.first) }.map { ($0.label, BandPalette.colour($0.label)) }
    }

    /// "1.1 Assessment", or whichever of label and name is present.
    static func heading(_ row: ScoreBarRow) -> String {
        [row.label, row.name].filter { !$0.isEmpty }.joined(separator: " ")
    }

    static func spokenScore(_ row: ScoreBarRow) -> String {
        var text = heading(row) + ": \(row.percent)%"
        if let band = row.band, !band.isEmpty { text += ", " + band }
        if let benchmark = row.benchmark {
            text += "; benchmark lowest \(benchmark.lowest)%, highest \(benchmark.highest)%, average \(benchmark.average)%"
        }
        return text
    }

    // MARK: - Data summary pieces

    static func summaryXTenths(_ count: Int, scale: Int) -> Int {
        summaryPlotX * 10 + SVGText.scaledTenths(count, of: scale, length: summaryPlotWidth)
    }

    static func summaryBar(_ row: DataSummaryRow, y: Int, scale: Int) -> [String] {
        let sufficient = max(row.sufficient, 0), insufficient = max(row.insufficient, 0)
        // Segment ends come from running totals, so the two segments meet exactly with no hairline gap.
        let start = summaryXTenths(0, scale: scale)
        let middle = summaryXTenths(sufficient, scale: scale)
        let end = summaryXTenths(sufficient + insufficient, scale: scale)
        var parts: [String] = []
        var outside: [String] = []
        let segments = [("sufficient", sufficient, start, middle, sufficientColour),
                        ("insufficient", insufficient, middle, end, insufficientColour)]
        for (kind, count, from, to, colour) in segments where count > 0 {
            let tooltip = SVGText.escape("\(row.label): \(count) \(kind)")
            parts.append(#"<rect class="chart-segment chart-\#(kind)" x="\#(SVGText.tenths(from))" y="\#(y)" width="\#(SVGText.tenths(to - from))" height="\#(segmentHeight)" fill="\#(colour)"><title>\#(tooltip)</title></rect>"#)
            if SVGText.estimatedWidth("\(count)") + 6 <= (to - from) / 10 {
                parts.append(#"<text class="chart-count" x="\#(SVGText.tenths((from + to) / 2))" y="\#(y + 15)" text-anchor="middle" font-weight="700" fill="\#(onBar)">\#(count)</text>"#)
            } else {
                outside.append("\(count) \(kind)")
            }
        }
        if !outside.isEmpty {
            parts.append(#"<text class="chart-count chart-count-outside" x="\#(SVGText.tenths(end + 60))" y="\#(y + 15)" fill="\#(ink)">\#(outside.joined(separator: ", "))</text>"#)
        }
        return parts
    }

    static func spokenCounts(_ row: DataSummaryRow) -> String {
        "\(row.label): \(row.sufficient) sufficient, \(row.insufficient) insufficient, of \(row.sufficient + row.insufficient) where it applied"
    }

    static func casesNote(_ cases: Int) -> String {
        "\(cases) \(cases == 1 ? "case" : "cases") inspected; a question's bar is shorter where it did not apply to every case."
    }

    /// A round step giving at most six gridlines across the axis.
    static func tickStep(for scale: Int) -> Int {
        var magnitude = 1
        while true {
            for factor in [1, 2, 5] where scale / (factor * magnitude) <= 6 {
                return factor * magnitude
            }
            magnitude *= 10
        }
    }
}
