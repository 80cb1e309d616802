/// Small text helpers shared by the report's SVG charts; all of them are locale-free so the same data gives the same bytes.
enum SVGText {
    /// Escapes text for use in XML character data and in double- or single-quoted attributes.
    static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.count)
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&apos;"
            default: escaped.append(character)
            }
        }
        return escaped
    }

    /// A stable element id from a chart title: ASCII letters and digits, runs of anything else collapsed to one hyphen.
    static func slug(_ text: String) -> String {
        var slug = ""
        var pendingHyphen = false
        for scalar in text.lowercased().unicodeScalars {
            if scalar.isASCII, scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) {
                if pendingHyphen, !slug.isEmpty { slug += "-" }
                slug.unicodeScalars.append(scalar)
                pendingHyphen = false
            } else {
                pendingHyphen = true
            }
        }
        return slug
    }

    /// A decimal with one place from a count of tenths ("12.5", "40"): string interpolation of a Double could vary by platform.
    static func tenths(_ tenths: Int) -> String {
        let sign = tenths < 0 ? "-" : ""
        let magnitude = abs(tenths)
        return magnitude % 10 == 0 ? "\(sign)\(magnitude / 10)" : "\(sign)\(magnitude / 10).\(magnitude % 10)"
    }

    /// `numerator / denominator` of `length`, rounded half up to tenths of a unit.
    static func scaledTenths(_ numerator: Int, of denominator: Int, length: Int) -> Int {
        guard denominator > 0 else { return 0 }
        return (20 * length * numerator + denominator) / (2 * denominator)
    }

    /// Splits text into lines of at most `width` characters at spaces, breaking over-long words, and keeps at most
    /// `maxLines`, ending the last kept line with an ellipsis when text was dropped. SVG has no text wrapping of its own.
    static func wrap(_ text: String, width: Int, maxLines: Int) -> [String] {
        let width = max(width, 2)
        var lines: [String] = []
        var current = ""
        for word in text.split(whereSeparator: \.isWhitespace).map(String.init) {
            var word = word
            while word.count > width {
                if !current.isEmpty { lines.append(current); current = "" }
                lines.append(String(word.prefix(width)))
                word = String(word.dropFirst(width))
            }
            if current.isEmpty {
                current = word
            } else if current.count + 1 + word.count <= width {
                current += " " + word
            } else {
                lines.append(current)
                current = word
            }
        }
        if !current.isEmpty { lines.append(current) }
        guard lines.count > maxLines, maxLines > 0 else { return lines }
        var kept = Array(lines.prefix(maxLines))
        let last = kept[maxLines - 1]
        kept[maxLines - 1] = (last.count < width ? last : String(last.prefix(width - 1))) + "…"
        return kept
    }

    /// A rough width in pixels for text at the charts' font size, used only to decide whether a figure fits inside a bar.
    static func estimatedWidth(_ text: String, fontSize: Int = 13) -> Int {
        (text.count * fontSize * 6 + 9) / 10
    }
}
