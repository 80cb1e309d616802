/// One area's score on a strip chart.
public struct StripPoint: Sendable, Hashable {
    /// Who the dot is, for the chart's description and the highlighted dot's label ("Syntheticshire 004").
    public var label: String
    /// Whole percentage, 0-100.
    public var percent: Int
    /// The area the reader is looking at, drawn larger and named.
    public var highlighted: Bool

    /// Creates a point.
    public init(label: String, percent: Int, highlighted: Bool = false) {
        self.label = label
        self.percent = percent
        self.highlighted = highlighted
    }
}

extension ReportCharts {
    static let stripHeight = 64
    static let stripMiddle = 24
    static let dotColour = "#1d70b8"
    static let highlightColour = "#d4351c"

    /// One score across every area as a strip of dots on a 0-100 axis, on the same axis as `scoreBars`: each area a dot,
    /// dots on the same percentage stacked so none hides another, the average as a tick and the highlighted area larger
    /// and named. Empty input gives "".
    public static func strip(_ points: [StripPoint], title: String, heading: String, average: Int?, id: String? = nil) -> String {
        guard !points.isEmpty else { return "" }
        let chartID = elementID(title: title, id: id)
        let lines = SVGText.wrap(heading, width: scoreLabelChars, maxLines: 2)
        var body = [labelText(nil, lines: lines, y: stripMiddle - 14 - (lines.count - 1) * lineHeight / 2)]
        body.append(#"<line class="chart-axis" x1="\#(scorePlotX)" y1="\#(stripMiddle)" x2="\#(scorePlotX + scorePlotWidth)" y2="\#(stripMiddle)" stroke="\#(grid)" stroke-width="1"/>"#)
        for tick in stride(from: 0, through: 100, by: 25) {
            let x = scoreX(tick)
            body.append(#"<line x1="\#(x)" y1="\#(stripMiddle + 20)" x2="\#(x)" y2="\#(stripMiddle + 24)" stroke="\#(grid)" stroke-width="1"/><text x="\#(x)" y="\#(stripMiddle + 37)" text-anchor="middle" fill="\#(ink)">\#(tick)%</text>"#)
        }
        if let average {
            body.append(#"<line class="chart-strip-average" x1="\#(scoreX(average))" y1="\#(stripMiddle - 18)" x2="\#(scoreX(average))" y2="\#(stripMiddle + 18)" stroke="\#(ink)" stroke-width="2"/>"#)
        }
        // Dots on one percentage alternate above and below the axis, three units apart, folding back after six each
        // way: beyond that, the count is in the description and the table, not in the picture.
        var onPercent: [Int: Int] = [:]
        var highlighted: [(StripPoint, Int)] = []
        for point in points {
            let index = onPercent[point.percent, default: 0]
            onPercent[point.percent] = index + 1
            let step = (index + 1) / 2 % 7
            let y = stripMiddle + (index % 2 == 0 ? step : -step) * 3
            if point.highlighted { highlighted.append((point, y)); continue }
            body.append(#"<circle cx="\#(scoreX(point.percent))" cy="\#(y)" r="3" fill="\#(dotColour)" fill-opacity="0.55"/>"#)
        }
        // Drawn last so no other dot covers them.
        for (point, _) in highlighted {
            let x = scoreX(point.percent)
            body.append(#"<circle class="chart-strip-highlight" cx="\#(x)" cy="\#(stripMiddle)" r="6" fill="\#(highlightColour)" stroke="\#(ink)" stroke-width="1.5"/>"#)
            let anchor = point.percent > 70 ? "end" : "start"
            let textX = point.percent > 70 ? x - 10 : x + 10
            body.append(#"<text x="\#(textX)" y="\#(stripMiddle - 10)" text-anchor="\#(anchor)" font-weight="700" fill="\#(ink)">\#(SVGText.escape("\(point.label) \(point.percent)%"))</text>"#)
        }
        let percents = points.map(\.percent)
        var description = "\(heading): \(points.count) area\(points.count == 1 ? "" : "s"), lowest \(percents.min()!)%, highest \(percents.max()!)%"
        if let average { description += ", average \(average)%" }
        description += "." + highlighted.map { " \($0.0.label): \($0.0.percent)%." }.joined()
        return document(id: chartID, className: "chart chart-strip", width: scoreWidth, height: stripHeight,
                        title: title, description: description, body: body)
    }
}
