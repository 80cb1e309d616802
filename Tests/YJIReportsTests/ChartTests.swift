import Foundation
import Testing
@testable import YJIReports

#if canImport(FoundationXML)
import FoundationXML
#endif

/// One SVG element as the tests see it: its name, attributes and the text directly inside it.
struct SVGElement {
    let name: String
    let attributes: [String: String]
    /// Index of the enclosing element in the reader's list.
    let parent: Int?
    var text: String
    var classes: [String] { (attributes["class"] ?? "").split(separator: " ").map(String.init) }
    func number(_ attribute: String) -> Double? { attributes[attribute].flatMap(Double.init) }
}

/// Parses SVG with a real XML parser, so a chart that is not well-formed fails here rather than in a browser or PDF.
final class SVGReader: NSObject, XMLParserDelegate {
    private(set) var elements: [SVGElement] = []
    private var open: [Int] = []

    static func read(_ svg: String) -> [SVGElement]? {
        let reader = SVGReader()
        let parser = XMLParser(data: Data(svg.utf8))
        parser.delegate = reader
        return parser.parse() ? reader.elements : nil
    }

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String]) {
        let index = elements.count
        elements.append(SVGElement(name: elementName, attributes: attributes, parent: open.last, text: ""))
        open.append(index)
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        open.removeLast()
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if let index = open.last { elements[index].text += string }
    }
}

@Suite("Report charts")
struct ChartTests {
    static let harrowLike = [
        ScoreBarRow(label: "1.1", name: "Assessment and planning", percent: 72, band: "MODERATE improvement required",
                    benchmark: BenchmarkRange(lowest: 45, highest: 85, average: 66)),
        ScoreBarRow(label: "1.2", name: "Risk of harm", percent: 58, band: "SUBSTANTIAL improvement required",
                    benchmark: BenchmarkRange(lowest: 30, highest: 90, average: 62)),
        ScoreBarRow(label: "2.1", name: "Interventions", percent: 81, band: "MINIMUM improvement required"),
        ScoreBarRow(label: "3.1", name: "Outcomes", percent: 40, band: "DRASTIC improvement required"),
    ]

    static func parsed(_ svg: String) throws -> [SVGElement] {
        try #require(SVGReader.read(svg), "chart is not well-formed XML:\n\(svg)")
    }

    static func elements(_ svg: String, withClass name: String) throws -> [SVGElement] {
        try parsed(svg).filter { $0.classes.contains(name) }
    }

    /// WCAG relative luminance of a "#rrggbb" colour.
    static func luminance(_ hex: String) -> Double {
        let value = Int(hex.dropFirst(), radix: 16) ?? 0
        let channels = [(value >> 16) & 0xff, (value >> 8) & 0xff, value & 0xff].map { channel -> Double in
            let c = Double(channel) / 255
            return c <= 0.03928 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4)
        }
        return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2]
    }

    static func contrast(_ first: String, _ second: String) -> Double {
        let (a, b) = (luminance(first), luminance(second))
        return (max(a, b) + 0.05) / (min(a, b) + 0.05)
    }

    // MARK: - Score bars

    @Test func barWidthsAreProportionalAndClamped() throws {
        let percents = [0, 25, 50, 73, 100, 130, -5]
        let rows = percents.map { ScoreBarRow(label: "q\($0)", name: "", percent: $0) }
        let bars = try Self.elements(ReportCharts.scoreBars(rows, title: "Widths"), withClass: "chart-bar")
        #expect(bars.count == percents.count)
        #expect(bars.compactMap { $0.number("width") } == [0, 100, 200, 292, 400, 400, 0])
        #expect(Set(bars.compactMap { $0.number("x") }) == [Double(ReportCharts.scorePlotX)])
        // The figure is written as given even where the bar is clamped, so the chart never hides a data error.
        let values = try Self.elements(ReportCharts.scoreBars(rows, title: "Widths"), withClass: "chart-value").map(\.text)
        #expect(values == ["0%", "25%", "50%", "73%", "100%", "130%", "-5%"])
    }

    @Test func bandsAreColouredByTheirWord() throws {
        let expected: [(String?, String)] = [
            ("MINIMUM improvement required", BandPalette.Tier.best.colour),
            ("MODERATE improvement required", BandPalette.Tier.second.colour),
            ("SUBSTANTIAL improvement required", BandPalette.Tier.third.colour),
            ("DRASTIC improvement required", BandPalette.Tier.worst.colour),
            ("good", BandPalette.Tier.best.colour),
            ("satisfactory", BandPalette.Tier.second.colour),
            ("unsatisfactory", BandPalette.Tier.third.colour),
            ("poor", BandPalette.Tier.worst.colour),
            ("Requires improvement", BandPalette.Tier.third.colour),
            ("something else", BandPalette.neutral),
            (nil, BandPalette.neutral),
        ]
        let rows = expected.enumerated().map { ScoreBarRow(label: "\($0.offset)", name: "", percent: 50, band: $0.element.0) }
        let bars = try Self.elements(ReportCharts.scoreBars(rows, title: "Bands"), withClass: "chart-bar")
        #expect(bars.map { $0.attributes["fill"] } == expected.map(\.1))
        #expect(bars[0].classes.contains("band-minimum"))
        #expect(bars[4].classes.contains("band-good"))
        #expect(bars[10].classes.contains("band-none"))
        #expect(Set(BandPalette.Tier.allCases.map(\.colour)).count == 4)
    }

    @Test func everyBarColourStandsOutFromPageAndTrack() {
        for colour in BandPalette.Tier.allCases.map(\.colour) + [BandPalette.neutral] {
            #expect(Self.contrast(colour, "#ffffff") >= 3, "\(colour) on white")
            #expect(Self.contrast(colour, ReportCharts.track) >= 3, "\(colour) on the track")
        }
        // Counts are written in white on the data summary's segments: normal-text contrast is needed there.
        for colour in [ReportCharts.sufficientColour, ReportCharts.insufficientColour] {
            #expect(Self.contrast(colour, ReportCharts.onBar) >= 4.5, "white on \(colour)")
        }
    }

    @Test func benchmarkWhiskerRunsFromLowestToHighestWithTheAverageTick() throws {
        let svg = ReportCharts.scoreBars(Self.harrowLike, title: "Benchmark")
        let elements = try Self.parsed(svg)
        let whiskers = elements.filter { $0.classes.contains("chart-benchmark") }
        #expect(whiskers.count == 2)
        let lines = elements.filter { line in line.parent.map { elements[$0].classes.contains("chart-benchmark") } ?? false }
        // First whisker: lowest 45 → 260 + 4 × 45, highest 85, average 66.
        let spans = lines.filter { $0.number("y1") == $0.number("y2") }
        #expect(spans.count == 2)
        #expect(spans.prefix(2).map { [$0.number("x1"), $0.number("x2")] } == [[440, 600], [380, 620]])
        let averages = elements.filter { $0.classes.contains("chart-benchmark-average") }
        #expect(averages.map { $0.number("x1") } == [524, 508])
        #expect(averages.allSatisfy { $0.number("x1") == $0.number("x2") })
        // The whisker sits under its bar, not over it, so it stays visible whatever the bar's colour.
        let bars = elements.filter { $0.classes.contains("chart-bar") }
        let barBottom = try #require(bars.first.flatMap { bar in bar.number("y").map { $0 + (bar.number("height") ?? 0) } })
        #expect(try #require(spans.first?.number("y1")) > barBottom)
        #expect(svg.contains("Benchmark: lowest to highest"))
        #expect(svg.contains("benchmark lowest 45%, highest 85%, average 66%"))
    }

    @Test func legendNamesEachBandOnceBestFirstAndExplainsTheBenchmarkOnlyWhenThereIsOne() throws {
        let withBenchmark = try Self.elements(ReportCharts.scoreBars(Self.harrowLike, title: "Legend"), withClass: "chart-legend")
        #expect(withBenchmark.map(\.text) == [
            "MINIMUM improvement required", "MODERATE improvement required", "SUBSTANTIAL improvement required",
            "DRASTIC improvement required", "Benchmark: lowest to highest score of inspections to date; the tall tick is the average",
        ])
        let plain = [ScoreBarRow(label: "1", name: "", percent: 10), ScoreBarRow(label: "2", name: "", percent: 20)]
        let svg = ReportCharts.scoreBars(plain, title: "No legend")
        #expect(try Self.elements(svg, withClass: "chart-legend").isEmpty)
        #expect(!svg.contains("Benchmark"))
    }

    @Test func chartIsAccessibleAndStandalone() throws {
        let svg = ReportCharts.scoreBars(Self.harrowLike, title: "Criterion scores")
        let elements = try Self.parsed(svg)
        let root = try #require(elements.first)
        #expect(root.name == "svg")
        #expect(root.attributes["xmlns"] == "http://www.w3.org/2000/svg")
        #expect(root.attributes["role"] == "img")
        #expect(root.attributes["aria-labelledby"] == "chart-criterion-scores-title chart-criterion-scores-desc")
        #expect(root.attributes["viewBox"] != nil && root.attributes["font-family"] != nil)
        #expect(elements[1].name == "title" && elements[1].text == "Criterion scores")
        #expect(elements[2].name == "desc")
        for figure in ["1.1 Assessment and planning: 72%, MODERATE improvement required", "2.1 Interventions: 81%", "3.1 Outcomes: 40%"] {
            #expect(elements[2].text.contains(figure))
        }
        // Colours are attributes, so the chart needs no stylesheet in a PDF or a file of its own.
        #expect(!svg.contains("style"))
        #expect(elements.filter { $0.name == "rect" }.allSatisfy { $0.attributes["fill"] != nil })
    }

    @Test func aRowWithoutAnIDIsNamedAlone() throws {
        let svg = ReportCharts.scoreBars([ScoreBarRow(label: "", name: "Safeguarding", percent: 70, band: "MODERATE improvement required")],
                                         title: "Headline scores")
        let elements = try Self.parsed(svg)
        #expect(elements.first { $0.name == "desc" }?.text.contains(" Safeguarding: 70%, MODERATE improvement required.") == true)
        #expect(elements.filter { $0.name == "tspan" }.map(\.text) == ["Safeguarding"])
    }

    @Test func textIsEscaped() throws {
        let rows = [ScoreBarRow(label: "1<2", name: #"Tom & "Jerry" <script>alert('x')</script>"#, percent: 50, band: "good")]
        let svg = ReportCharts.scoreBars(rows, title: #"Scores <b>&</b> "quotes""#)
        #expect(!svg.contains("<script>"))
        #expect(!svg.contains("<b>"))
        #expect(svg.contains("Tom &amp; &quot;Jerry&quot; &lt;script&gt;alert(&apos;x&apos;)&lt;/script&gt;"))
        let elements = try Self.parsed(svg)
        #expect(elements.first { $0.name == "title" }?.text == #"Scores <b>&</b> "quotes""#)
        let summary = ReportCharts.dataSummary([DataSummaryRow(label: "A < B & C", sufficient: 3, insufficient: 1)],
                                               title: "Q&A", casesInspected: 4)
        #expect(try Self.parsed(summary).contains { $0.name == "tspan" && $0.text == "A < B & C" })
    }

    @Test func sameInputGivesSameBytesAndIDsComeFromTheTitle() {
        let first = ReportCharts.scoreBars(Self.harrowLike, title: "Scores: Harrow, 2011")
        let second = ReportCharts.scoreBars(Self.harrowLike, title: "Scores: Harrow, 2011")
        #expect(first == second)
        #expect(first.contains(#"id="chart-scores-harrow-2011-title""#))
        #expect(ReportCharts.scoreBars(Self.harrowLike, title: "Scores", id: "headline").contains(#"id="headline-title""#))
        #expect(ReportCharts.scoreBars(Self.harrowLike, title: "¿¿??").contains(#"id="chart-title""#))
        let rows = [DataSummaryRow(label: "Assessment", sufficient: 48, insufficient: 6)]
        #expect(ReportCharts.dataSummary(rows, title: "Theme 1", casesInspected: 57)
            == ReportCharts.dataSummary(rows, title: "Theme 1", casesInspected: 57))
    }

    @Test func emptyInputDrawsNothing() {
        #expect(ReportCharts.scoreBars([], title: "Nothing") == "")
        #expect(ReportCharts.dataSummary([], title: "Nothing", casesInspected: 57) == "")
    }

    @Test func longNamesWrapAndStayBesideTheirBars() throws {
        let name = "Assessment and planning to reduce the likelihood of reoffending and the risk of harm to others"
        let svg = ReportCharts.scoreBars([ScoreBarRow(label: "1.1", name: name, percent: 60),
                                          ScoreBarRow(label: "1.2", name: "Short", percent: 70)], title: "Wrapping")
        let labels = try Self.elements(svg, withClass: "chart-label")
        let elements = try Self.parsed(svg)
        let spans = elements.filter { $0.name == "tspan" }
        #expect(spans.first?.text == "1.1")
        #expect(spans.first?.attributes["font-weight"] == "700")
        #expect(labels.count == 2)
        #expect(spans.filter { $0.attributes["dy"] != nil }.count == 2)
        #expect(spans.allSatisfy { $0.text.count <= ReportCharts.scoreLabelChars })
        let bars = try Self.elements(svg, withClass: "chart-bar")
        // Three lines of 16 units push the second bar below the end of the first label.
        #expect(try #require(bars.last?.number("y")) - #require(bars.first?.number("y")) >= 48)
    }

    // MARK: - Data summary

    @Test func dataSummaryStacksSufficientThenInsufficientScaledToCasesInspected() throws {
        let rows = [
            DataSummaryRow(label: "Was the assessment of the likelihood of reoffending sufficient?", sufficient: 48, insufficient: 6),
            DataSummaryRow(label: "Planning", sufficient: 57, insufficient: 0),
        ]
        let svg = ReportCharts.dataSummary(rows, title: "Reducing reoffending", casesInspected: 57)
        let elements = try Self.parsed(svg)
        let sufficient = elements.filter { $0.classes.contains("chart-sufficient") }
        let insufficient = elements.filter { $0.classes.contains("chart-insufficient") }
        #expect(sufficient.count == 2 && insufficient.count == 1)
        // 48 of 57 on a 320-unit plot is 269.47…, written to one decimal place; the second segment starts where it ends.
        #expect(sufficient[0].attributes["width"] == "269.5")
        #expect(insufficient[0].attributes["x"] == "539.5")
        #expect(sufficient[1].attributes["width"] == "320")
        #expect(elements.filter { $0.classes.contains("chart-count") }.map(\.text) == ["48", "6", "57"])
        #expect(elements.filter { $0.name == "desc" }.first?.text.contains("57 cases inspected") == true)
        #expect(svg.contains("48 sufficient, 6 insufficient, of 54"))
        #expect(elements.filter { $0.name == "tspan" }.count >= 3, "the long question wraps onto two lines or more")
        // 57 is not a multiple of the gridline step, so a dashed line marks where a question that applied to every case ends.
        #expect(elements.contains { $0.classes.contains("chart-total") && $0.attributes["x1"] == "590" })
    }

    @Test func countsTooNarrowForTheirSegmentAreWrittenAfterTheBar() throws {
        let rows = [DataSummaryRow(label: "Rare", sufficient: 1, insufficient: 2)]
        let counts = try Self.elements(ReportCharts.dataSummary(rows, title: "Narrow", casesInspected: 57), withClass: "chart-count")
        #expect(counts.map(\.text) == ["1 sufficient, 2 insufficient"])
        #expect(counts.first?.attributes["fill"] == ReportCharts.ink)
    }

    @Test func axisGrowsWhenAnswersExceedTheCasesAndNumbersHaveNoGrouping() throws {
        let rows = [DataSummaryRow(label: "Many", sufficient: 1200, insufficient: 300)]
        let svg = ReportCharts.dataSummary(rows, title: "Large", casesInspected: 1000)
        let axis = try Self.elements(svg, withClass: "chart-axis").map(\.text)
        #expect(axis.contains("1500"))
        #expect(!svg.contains("1,"))
        let bar = try Self.elements(svg, withClass: "chart-sufficient")
        #expect(bar.first?.attributes["width"] == "256")
    }

    @Test func textHelpersAreLocaleFree() {
        #expect(SVGText.tenths(2695) == "269.5")
        #expect(SVGText.tenths(40) == "4")
        #expect(SVGText.tenths(-15) == "-1.5")
        #expect(SVGText.slug("  Theme 2: Protecting the Public! ") == "theme-2-protecting-the-public")
        #expect(SVGText.wrap("one two three four", width: 9, maxLines: 5) == ["one two", "three", "four"])
        #expect(SVGText.wrap("abcdefghijkl", width: 5, maxLines: 5) == ["abcde", "fghij", "kl"])
        #expect(SVGText.wrap("aa bb cc dd ee", width: 5, maxLines: 2) == ["aa bb", "cc d…"])
        #expect(ReportCharts.tickStep(for: 57) == 10)
        #expect(ReportCharts.tickStep(for: 6) == 1)
        #expect(ReportCharts.tickStep(for: 1500) == 500)
    }
}
