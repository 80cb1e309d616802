/// A drafted report as a tree of numbered sections and blocks, independent of its output format: the programme
/// builders fill it, the HTML and Markdown renderers print it.
public struct ReportDocument: Sendable, Hashable {
    /// The programme it reports on ("cci", "sqs", "fji").
    public let programme: String
    /// The title as printed on the first page.
    public let title: String
    /// Lines under the title (area, date).
    public let subtitle: [String]
    /// The short title printed at the top of every page.
    public let runningHeader: String
    /// What comes before the first numbered section (a letter's address block, a title page).
    public let front: [ReportBlock]
    /// The sections in the programme's order.
    public let sections: [ReportSection]

    public init(programme: String, title: String, subtitle: [String], runningHeader: String, front: [ReportBlock],
                sections: [ReportSection]) {
        self.programme = programme
        self.title = title
        self.subtitle = subtitle
        self.runningHeader = runningHeader
        self.front = front
        self.sections = sections
    }

    /// Every section heading in order, depth first, for contents pages and tests.
    public var outline: [String] {
        func walk(_ sections: [ReportSection]) -> [String] {
            sections.flatMap { [$0.fullHeading] + walk($0.subsections) }
        }
        return walk(sections)
    }

    /// Every editable block, in document order.
    public var editableItems: [ReportItem] {
        func items(_ blocks: [ReportBlock]) -> [ReportItem] {
            blocks.flatMap { block -> [ReportItem] in
                switch block {
                case .paragraph(let item), .lines(let item): return item.key == nil ? [] : [item]
                case .list(_, let entries): return entries.filter { $0.key != nil }
                default: return []
                }
            }
        }
        func walk(_ sections: [ReportSection]) -> [ReportItem] {
            sections.flatMap { items($0.blocks) + walk($0.subsections) }
        }
        return items(front) + walk(sections)
    }
}

/// A numbered or unnumbered section with its blocks and subsections.
public struct ReportSection: Sendable, Hashable {
    /// Anchor for links within the document ("section-1", "appendix-5").
    public let anchor: String
    /// The number as printed ("1", "1.1", "Appendix 2"), or nil.
    public let number: String?
    /// The heading.
    public let heading: String
    /// Content under the heading, before any subsection.
    public let blocks: [ReportBlock]
    /// Subsections, in order.
    public let subsections: [ReportSection]
    /// Whether print starts it on a new page.
    public let startsPage: Bool

    public init(anchor: String, number: String? = nil, heading: String, blocks: [ReportBlock] = [],
                subsections: [ReportSection] = [], startsPage: Bool = false) {
        self.anchor = anchor
        self.number = number
        self.heading = heading
        self.blocks = blocks
        self.subsections = subsections
        self.startsPage = startsPage
    }

    /// Number and heading together, as a contents page shows them.
    public var fullHeading: String {
        guard let number else { return heading }
        // "Appendix 2: Contextual information" and "Theme 1: Reducing reoffending", but "1.1 Risk of Harm to others".
        return number.first?.isLetter == true ? "\(number): \(heading)" : "\(number) \(heading)"
    }
}

/// One block of report content.
public enum ReportBlock: Sendable, Hashable {
    /// A paragraph of text.
    case paragraph(ReportItem)
    /// A list; numbered lists print their own labels ("(1)", "1.1").
    case list(ListStyle, [ReportItem])
    /// One editable text printed as bullets, a bullet per line (key strengths, a copy list).
    case lines(ReportItem)
    /// A small heading inside a section ("Strengths", "Areas for improvement").
    case subheading(String)
    /// A table.
    case table(ReportTable)
    /// An SVG chart with its caption.
    case figure(svg: String, caption: String)
    /// A score printed large with its band, as the reports print each criterion's score.
    case score(label: String, value: String, band: String?)
    /// Label and value lines, such as a letter's To/From block.
    case fields([ReportField])
    /// A note in small print ("All names have been altered").
    case note(String)
}

/// How a list is printed.
public enum ListStyle: Sendable, Hashable {
    /// Bullets.
    case bullets
    /// Each item's own label.
    case labelled
}

/// A piece of text in the report, drafted from the data or written by a person. An item with a key can be edited,
/// and its figures are tracked: `changedSentences` says which sentences hold a figure that moved since it was read.
public struct ReportItem: Sendable, Hashable {
    /// The key its edits are saved under; nil for text that is not edited (headings, fixed explanations).
    public let key: String?
    /// The label printed before it in a labelled list ("(1)", "2.3").
    public let label: String?
    /// The text as the reader sees it, figures filled in.
    public let text: String
    /// The text with its figure tokens, as an editor sees it.
    public let source: String
    /// Whether a person edited it (otherwise it is yji's draft).
    public let edited: Bool
    /// Indexes of its sentences whose figures changed since a reader last saw them.
    public let changedSentences: [Int]
    /// Figures in it (token → value), so a reader can mark them seen.
    public let figures: [String: String]

    public init(key: String? = nil, label: String? = nil, text: String, source: String? = nil, edited: Bool = false,
                changedSentences: [Int] = [], figures: [String: String] = [:]) {
        self.key = key
        self.label = label
        self.text = text
        self.source = source ?? text
        self.edited = edited
        self.changedSentences = changedSentences
        self.figures = figures
    }

    /// Fixed text: not edited and not tracked.
    public static func plain(_ text: String, label: String? = nil) -> ReportItem { ReportItem(label: label, text: text) }
}

/// A table with a caption; numeric columns print right-aligned.
public struct ReportTable: Sendable, Hashable {
    /// What the table shows.
    public let caption: String
    /// Column headings.
    public let header: [String]
    /// Rows of cells, each as long as the header.
    public let rows: [[String]]
    /// Indexes of columns holding figures.
    public let numericColumns: Set<Int>

    public init(caption: String, header: [String], rows: [[String]], numericColumns: Set<Int> = []) {
        self.caption = caption
        self.header = header
        self.rows = rows
        self.numericColumns = numericColumns
    }
}

/// A label and its value.
public struct ReportField: Sendable, Hashable {
    /// The label ("To", "Copy to").
    public let label: String
    /// The value.
    public let value: String

    public init(_ label: String, _ value: String) {
        self.label = label
        self.value = value
    }
}
