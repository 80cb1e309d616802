import ArgumentParser
import Foundation
import YJICore

/// `yji framework`: check framework files and look at the shipped frameworks.
struct FrameworkCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "framework",
        abstract: "Validate framework files and show the shipped frameworks.",
        subcommands: [Validate.self, Show.self, List.self]
    )

    /// `yji framework validate FILE...`
    struct Validate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check framework YAML files; every problem is printed as FILE:LINE: id: message.")

        @Argument(help: "Framework YAML files, or ids of shipped frameworks.")
        var files: [String]

        func run() throws {
            var failed = false
            for file in files {
                do {
                    let framework = try FrameworkCatalog.resolve(file)
                    let scored = framework.questions.filter(\.isScored).count
                    print("\(file): ok: \(framework.id) \(framework.version), \(framework.sections.count) sections, "
                          + "\(framework.criteria.count) criteria, \(framework.questions.count) questions (\(scored) scored)")
                } catch {
                    Terminal.report(error)
                    failed = true
                }
            }
            if failed { throw ExitStatus.dataError }
        }
    }

    /// `yji framework show ID`
    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print a framework: its structure and every question.")

        @Argument(help: "A shipped framework id (cci, sqs, fji) or a framework file.")
        var framework: String

        @Option(help: "text or json.")
        var format: OutputFormat = .text

        func validate() throws {
            if format == .csv { throw ValidationError("framework show prints text or json") }
        }

        func run() throws {
            let framework = try Terminal.framework(self.framework)
            switch format {
            case .json:
                print(try FrameworkJSON.render(framework))
            case .text, .csv:
                print(try FrameworkText.render(framework))
            }
        }
    }

    /// `yji framework list`
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the frameworks shipped with yji.")

        func run() throws {
            for id in FrameworkCatalog.shippedIDs {
                let framework = try Terminal.framework(id)
                print("\(id)\t\(framework.version)\t\(framework.questions.count) questions\t\(framework.name)")
            }
        }
    }
}

/// A framework as JSON in which every rule states its provenance flat, as the YAML does: `"provenance": "inferred",
/// "source": "..."` beside the rule's other keys, and `null` for both on a bottom band, whose 0 is no cut-off.
enum FrameworkJSON {
    static func render(_ framework: Framework) throws -> String {
        let output = try JSONSerialization.data(withJSONObject: try tree(framework),
                                                options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        return String(decoding: output, as: UTF8.self)
    }

    /// The framework's JSON as Foundation objects with provenance flattened.
    static func tree(_ framework: Framework) throws -> Any {
        let encoded = try JSONEncoder().encode(framework)
        var root = flattened(try JSONSerialization.jsonObject(with: encoded))
        if var object = root as? [String: Any], let scales = object["ratingScales"] as? [[String: Any]] {
            object["ratingScales"] = scales.map { scale -> [String: Any] in
                var scale = scale
                scale["bands"] = (scale["bands"] as? [[String: Any]])?.map { band -> [String: Any] in
                    var band = band
                    if band["provenance"] == nil { band["provenance"] = NSNull(); band["source"] = NSNull() }
                    return band
                }
                return scale
            }
            root = object
        }
        return root
    }

    /// Replaces every `provenance` (or `somethingProvenance`) object `{kind, source}` by the kind under the same key
    /// and its source under `source` (or `somethingSource`), and a rule that is nothing but a provenance by
    /// `{provenance, source}`, however deep, so rules added later are covered too.
    static func flattened(_ value: Any) -> Any {
        if let array = value as? [Any] { return array.map(flattened) }
        guard let object = value as? [String: Any] else { return value }
        if object.count == 2, let kind = object["kind"] as? String, ProvenanceKind(rawValue: kind) != nil,
           let source = object["source"] as? String {
            return ["provenance": kind, "source": source]
        }
        var result: [String: Any] = [:]
        for (key, child) in object {
            if let sourceKey = sourceKey(for: key), let rule = child as? [String: Any],
               let kind = rule["kind"] as? String, let source = rule["source"] as? String, object[sourceKey] == nil {
                result[key] = kind
                result[sourceKey] = source
            } else {
                result[key] = flattened(child)
            }
        }
        return result
    }

    /// `provenance` → `source`, `defaultProvenance` → `defaultSource`; nil for any other key.
    static func sourceKey(for key: String) -> String? {
        if key == "provenance" { return "source" }
        guard key.hasSuffix("Provenance") else { return nil }
        return String(key.dropLast("Provenance".count)) + "Source"
    }

    /// Names a reader would look for, for the rules whose JSON path says little on its own.
    static let readableNames = ["criterionNumbering": "Criterion numbers", "report": "Strengths proposed in the draft"]

    /// Every inferred rule in the framework's JSON outside the rating scales and lifecycle (which `FrameworkText`
    /// names itself): its path, such as "sampling.size.default", and what it rests on.
    static func otherInferredRules(_ framework: Framework) throws -> [(rule: String, source: String)] {
        guard let object = try tree(framework) as? [String: Any] else { return [] }
        var found: [(String, String)] = []
        func walk(_ value: Any, _ path: [String]) {
            if let array = value as? [Any] {
                for (index, element) in array.enumerated() {
                    let name = (element as? [String: Any]).flatMap { ($0["id"] ?? $0["label"] ?? $0["group"]) as? String }
                    walk(element, path + [name ?? String(index + 1)])
                }
                return
            }
            guard let object = value as? [String: Any] else { return }
            for key in object.keys.sorted() {
                if let sourceKey = sourceKey(for: key), object[key] as? String == ProvenanceKind.inferred.rawValue,
                   let source = object[sourceKey] as? String {
                    let rule = key == "provenance" ? path : path + [String(key.dropLast("Provenance".count))]
                    let path = rule.joined(separator: ".")
                    found.append((readableNames[path] ?? path, source))
                } else {
                    walk(object[key] as Any, path + [key])
                }
            }
        }
        for key in object.keys.sorted() where !["ratingScales", "lifecycle"].contains(key) {
            walk(object[key] as Any, [key])
        }
        return found
    }
}

/// A framework laid out for reading in a terminal.
enum FrameworkText {
    static func render(_ framework: Framework) throws -> String {
        var lines = ["\(framework.name) (\(framework.id) \(framework.version), programme \(framework.programme))",
                     "Source: \(framework.source)", ""]
        if !framework.headlines.isEmpty {
            lines.append("Headline themes: " + framework.headlines.map { "\($0.name) [\($0.id)]" }.joined(separator: "; "))
            lines.append("")
        }
        for section in framework.sections {
            let judged = section.assessment == .judged ? " (judged by inspectors, not scored)" : ""
            lines.append("\(section.id) \(section.name)\(judged)")
            for criterion in framework.criteria(inSection: section.id) {
                lines.append("  \(criterion.id) \(criterion.name)")
                for question in framework.questions(inCriterion: criterion.id) {
                    var facts = [question.applicability.summary]
                    if question.kind == .fact { facts.append("fact: " + question.options.joined(separator: "/")) }
                    if !question.headlines.isEmpty { facts.append("feeds " + question.headlines.joined(separator: ", ")) }
                    lines.append("    \(question.id): \(question.text) [\(facts.joined(separator: "; "))]")
                }
            }
        }
        for scale in framework.ratingScales {
            lines.append("")
            let levels = scale.levels.map(\.rawValue).joined(separator: ", ")
            lines.append("Rating \(scale.name) (\(levels)\(scale.overridable ? "; inspectors may override with a reason" : "")):")
            lines.append("  labels: \(scale.provenance)")
            for band in scale.bands.reversed() {
                lines.append("  \(band.from)-\(band.to)%: \(band.label)")
                if let cutOff = band.provenance { lines.append("    cut-off at \(band.from)%: \(cutOff)") }
            }
        }
        if !framework.lifecycle.isEmpty {
            lines += ["", "Lifecycle (a milestone not yet done is flagged \(framework.lifecycle.dueSoonDays) days before it is due):"]
            for rule in framework.lifecycle.milestones {
                let days = rule.isWindow ? "\(rule.fromDays)-\(rule.toDays)" : "\(rule.toDays)"
                lines.append("  \(rule.displayName): \(days) days after \(rule.after)")
                lines.append("    \(rule.provenance)")
            }
        }
        let inferred = inferredRules(framework) + (try FrameworkJSON.otherInferredRules(framework))
        lines += ["", inferred.isEmpty ? "Inferred rules: none." : "Inferred rules (reconstructed by yji, not stated by a report):"]
        lines += inferred.map { "  - \($0.rule): \($0.source)" }
        return lines.joined(separator: "\n")
    }

    /// The inferred rules of the rating scales and lifecycle, named as a reader would look for them.
    static func inferredRules(_ framework: Framework) -> [(rule: String, source: String)] {
        var rules: [(String, String)] = []
        for scale in framework.ratingScales {
            if scale.provenance.kind == .inferred { rules.append(("\(scale.name) labels", scale.provenance.source)) }
            for band in scale.cutOffs where band.provenance?.kind == .inferred {
                rules.append(("\(scale.name): \(band.label) from \(band.from)%", band.provenance?.source ?? ""))
            }
        }
        for rule in framework.lifecycle.milestones where rule.provenance.kind == .inferred {
            rules.append(("\(rule.displayName) milestone", rule.provenance.source))
        }
        return rules
    }
}
