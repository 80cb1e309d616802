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
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                print(String(decoding: try encoder.encode(framework), as: UTF8.self))
            case .text, .csv:
                print(FrameworkText.render(framework))
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

/// A framework laid out for reading in a terminal.
enum FrameworkText {
    static func render(_ framework: Framework) -> String {
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
            for band in scale.bands.reversed() { lines.append("  \(band.from)-\(band.to)%: \(band.label)") }
        }
        return lines.joined(separator: "\n")
    }
}
