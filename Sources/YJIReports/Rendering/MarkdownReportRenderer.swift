/// Writes a report as Markdown: headings with their numbers, labelled lists, pipe tables. Charts are not drawn in
/// Markdown; their caption stays, and the figures they show are in the tables.
public enum MarkdownReportRenderer {
    /// The report as Markdown.
    public static func render(_ document: ReportDocument) -> String {
        var out = "# \(document.title)\n\n"
        for line in document.subtitle { out += "\(line)\n\n" }
        out += blocks(document.front)
        for section in document.sections { out += self.section(section, depth: 2) }
        return out
    }

    private static func section(_ section: ReportSection, depth: Int) -> String {
        var out = String(repeating: "#", count: min(depth, 6)) + " \(section.fullHeading)\n\n"
        out += blocks(section.blocks)
        for sub in section.subsections { out += self.section(sub, depth: depth + 1) }
        return out
    }

    private static func blocks(_ blocks: [ReportBlock]) -> String {
        blocks.map { block in
            switch block {
            case .paragraph(let item):
                return "\(inline(item.text))\n\n"
            case .list(let style, let items):
                return items.map { item in
                    let marker = style == .bullets ? "-" : "-"
                    let label = item.label.map { "**\(inline($0))** " } ?? ""
                    return "\(marker) \(label)\(inline(item.text))\n"
                }.joined() + "\n"
            case .lines(let item):
                let lines = item.text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
                return lines.isEmpty ? "" : lines.map { "- \(inline($0))\n" }.joined() + "\n"
            case .subheading(let heading):
                return "**\(inline(heading))**\n\n"
            case .table(let table):
                var out = "*\(inline(table.caption))*\n\n| " + table.header.map(cell).joined(separator: " | ") + " |\n|"
                out += table.header.indices.map { table.numericColumns.contains($0) ? " ---: |" : " --- |" }.joined() + "\n"
                for row in table.rows { out += "| " + row.map(cell).joined(separator: " | ") + " |\n" }
                return out + "\n"
            case .figure(_, let caption):
                return "*Figure: \(inline(caption)) (drawn in the HTML and PDF versions).*\n\n"
            case .score(let label, let value, let band):
                return "**\(inline(label)): \(inline(value))**" + (band.map { " — \(inline($0))" } ?? "") + "\n\n"
            case .fields(let fields):
                return fields.map { "**\(inline($0.label)):** \(inline($0.value))  \n" }.joined() + "\n"
            case .note(let note):
                return "*\(inline(note))*\n\n"
            }
        }.joined()
    }

    /// Text safe in running Markdown: characters that would start emphasis, links or HTML are escaped.
    private static func inline(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count + 8)
        for character in text {
            if character == "\n" {
                out.append(" ")
                continue
            }
            if special.contains(character) { out.append("\\") }
            out.append(character)
        }
        return out
    }

    private static let special: Set<Character> = ["\\", "`", "*", "_", "[", "]", "<", ">", "#", "|"]

    private static func cell(_ text: String) -> String { inline(text) }
}
