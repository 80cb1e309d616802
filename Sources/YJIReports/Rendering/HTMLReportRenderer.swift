/// Writes a report as one self-contained HTML file: styles and charts inline, print rules for A4 with page breaks
/// before major sections, running headers and page numbers, and numbered headings.
public enum HTMLReportRenderer {
    /// Options for the screen preview in the web application.
    public struct Options: Sendable, Hashable {
        /// Highlight sentences whose figures moved since a reader last saw them.
        public var markChangedFigures: Bool
        /// Print the whole HTML document, or only the body content for embedding in a page.
        public var standalone: Bool

        public init(markChangedFigures: Bool = false, standalone: Bool = true) {
            self.markChangedFigures = markChangedFigures
            self.standalone = standalone
        }
    }

    /// The report as HTML.
    public static func render(_ document: ReportDocument, options: Options = Options()) -> String {
        var out = ""
        if options.standalone {
            out += "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n"
            out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            out += "<title>\(escape(document.title))</title>\n<style>\n\(ReportStyle.css(runningHeader: document.runningHeader))</style>\n</head>\n"
            out += "<body>\n"
        }
        out += "<article class=\"report report-\(escape(document.programme))\">\n"
        out += "<header class=\"report-title\">\n<h1>\(escape(document.title))</h1>\n"
        for line in document.subtitle { out += "<p class=\"report-subtitle\">\(escape(line))</p>\n" }
        out += "</header>\n"
        out += blocks(document.front, options: options)
        if document.programme != "sqs" {
            out += "<nav class=\"report-contents\" aria-label=\"Contents\">\n<h2>Contents</h2>\n<ol>\n"
            for section in document.sections {
                out += "<li><a href=\"#\(escape(section.anchor))\">\(escape(section.fullHeading))</a></li>\n"
            }
            out += "</ol>\n</nav>\n"
        }
        for section in document.sections { out += self.section(section, depth: 2, options: options) }
        out += "</article>\n"
        if options.standalone { out += "</body>\n</html>\n" }
        return out
    }

    private static func section(_ section: ReportSection, depth: Int, options: Options) -> String {
        let level = min(depth, 6)
        var out = "<section id=\"\(escape(section.anchor))\"\(section.startsPage ? " class=\"starts-page\"" : "")>\n"
        out += "<h\(level)>"
        if let number = section.number { out += "<span class=\"section-number\">\(escape(number))</span> " }
        out += "\(escape(section.heading))</h\(level)>\n"
        out += blocks(section.blocks, options: options)
        for sub in section.subsections { out += self.section(sub, depth: depth + 1, options: options) }
        out += "</section>\n"
        return out
    }

    private static func blocks(_ blocks: [ReportBlock], options: Options) -> String {
        blocks.map { block in
            switch block {
            case .paragraph(let item):
                return "<p\(keyAttribute(item))>\(text(item, options: options))</p>\n"
            case .list(let style, let items):
                let tag = style == .bullets ? "ul" : "ol"
                let rows = items.map { item in
                    let label = item.label.map { "<span class=\"item-label\">\(escape($0))</span> " } ?? ""
                    return "<li\(keyAttribute(item))>\(label)\(text(item, options: options))</li>\n"
                }
                return "<\(tag) class=\"report-list \(style == .bullets ? "bullets" : "labelled")\">\n\(rows.joined())</\(tag)>\n"
            case .lines(let item):
                let lines = item.text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
                guard !lines.isEmpty else { return "" }
                let moved = options.markChangedFigures && !item.changedSentences.isEmpty
                return "<ul class=\"report-list bullets\(moved ? " figures-moved" : "")\"\(keyAttribute(item))>\n"
                    + lines.map { "<li>\(escape($0))</li>\n" }.joined() + "</ul>\n"
            case .subheading(let heading):
                return "<p class=\"report-subheading\"><strong>\(escape(heading))</strong></p>\n"
            case .table(let table):
                return self.table(table)
            case .figure(let svg, let caption):
                return "<figure class=\"report-figure\">\n\(svg)\n<figcaption>\(escape(caption))</figcaption>\n</figure>\n"
            case .score(let label, let value, let band):
                let bandHTML = band.map { "<span class=\"score-band\">\(escape($0))</span>" } ?? ""
                return "<p class=\"report-score\"><span class=\"score-label\">\(escape(label)):</span> <span class=\"score-value\">\(escape(value))</span> \(bandHTML)</p>\n"
            case .fields(let fields):
                return "<dl class=\"report-fields\">\n" + fields.map {
                    "<dt>\(escape($0.label))</dt><dd>\(escape($0.value))</dd>\n"
                }.joined() + "</dl>\n"
            case .note(let note):
                return "<p class=\"report-note\">\(escape(note))</p>\n"
            }
        }.joined()
    }

    private static func keyAttribute(_ item: ReportItem) -> String {
        item.key.map { " data-key=\"\(escape($0))\"" } ?? ""
    }

    /// An item's text; in the preview, sentences whose figures moved are marked so a reviewer can find them.
    private static func text(_ item: ReportItem, options: Options) -> String {
        guard options.markChangedFigures, !item.changedSentences.isEmpty else { return escape(item.text) }
        let moved = Set(item.changedSentences)
        return BoundText.sentences(of: item.text).enumerated().map { index, sentence in
            moved.contains(index)
                ? "<mark class=\"figures-moved\" title=\"Figures changed since this was last read\">\(escape(sentence))</mark>"
                : escape(sentence)
        }.joined(separator: " ")
    }

    private static func table(_ table: ReportTable) -> String {
        var out = "<table class=\"report-table\">\n<caption>\(escape(table.caption))</caption>\n<thead><tr>"
        for (index, heading) in table.header.enumerated() {
            out += "<th scope=\"col\"\(table.numericColumns.contains(index) ? " class=\"numeric\"" : "")>\(escape(heading))</th>"
        }
        out += "</tr></thead>\n<tbody>\n"
        for row in table.rows {
            out += "<tr>"
            for (index, cell) in row.enumerated() {
                if index == 0 {
                    out += "<th scope=\"row\">\(escape(cell))</th>"
                } else {
                    out += "<td\(table.numericColumns.contains(index) ? " class=\"numeric\"" : "")>\(escape(cell))</td>"
                }
            }
            out += "</tr>\n"
        }
        return out + "</tbody>\n</table>\n"
    }

    /// Text escaped for HTML content and quoted attributes, exactly as the renderer writes it.
    public static func escape(_ text: String) -> String { SVGText.escape(text) }
}

import YJICore
