import ArgumentParser
import Foundation
import YJICore
import YJIReports
import YJIStore

extension ReportFormat: ExpressibleByArgument {}

/// `yji report`: the drafted report of a stored inspection, as HTML, Markdown or PDF.
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write a stored inspection's report (the programme's own shape: SQS letter, CCI or FJI report).",
        discussion: """
        Figures are drafted from the judgements and evidence; text people edited in the web application is used where \
        it exists. A published inspection's report is written exactly as it was published. PDF is printed from the HTML by headless Chromium (set YJI_CHROMIUM to choose one). With --check-names \
        the command lists protected names found in the report's free text and exits 65 if there are any.
        """
    )

    @Option(help: "The stored inspection's id.")
    var inspection: Int

    @Option(help: "html, md or pdf.")
    var format: ReportFormat = .html

    @Option(help: "The file to write; standard output when left out (not for pdf).")
    var out: String?

    @Flag(help: "Run the anonymisation check instead of writing the report.")
    var checkNames = false

    @OptionGroup var store: StoreOptions

    func validate() throws {
        if format == .pdf, out == nil, !checkNames { throw ValidationError("a PDF needs --out FILE") }
    }

    func run() async throws {
        // A published report is written as it was published, never drafted afresh; the names check reads the draft.
        let (published, input) = try await store.withStore { store -> (PublishedReport?, ReportInput?) in
            let published = checkNames ? nil : try await store.reports.publishedReport(inspection: inspection)
            return (published, published == nil ? try await store.reports.input(inspection: inspection) : nil)
        }
        let data: Data
        do {
            if let published {
                data = try ReportPublication.data(published, format: format)
            } else {
                let input = input!
                let document = try Reports.draft(input)
                if checkNames {
                    let matches = Reports.anonymisationMatches(input, document: document)
                    for match in matches {
                        print("\(match.location): \(match.name.name) (\(match.name.source)): \(match.excerpt)")
                    }
                    print(matches.isEmpty ? "no protected names found" : "\(matches.count) protected name(s) found: the report cannot be published")
                    if !matches.isEmpty { throw ExitStatus.dataError }
                    return
                }
                data = try Reports.data(document, format: format)
            }
        } catch let error as ReportError {
            Terminal.fail(error.description)
            throw ExitCode.failure
        }
        guard let out else {
            FileHandle.standardOutput.write(data)
            return
        }
        do {
            try data.write(to: URL(fileURLWithPath: out), options: .atomic)
        } catch {
            Terminal.fail("\(out): cannot be written (\(error.localizedDescription))")
            throw ExitStatus.cannotCreate
        }
        let pages = format == .pdf ? ", \(PDFRenderer.pageCount(of: data)) pages" : ""
        FileHandle.standardError.write(Data("yji: wrote \(out) (\(format.rawValue), \(data.count) bytes\(pages))\n".utf8))
    }
}

/// `yji publish`: publishes a stored inspection through the same gate as the report page.
struct PublishCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "publish",
        abstract: "Publish a stored inspection once it is ready, or list what it is waiting for.",
        discussion: """
        Publication waits until the inspection has reached factual accuracy, every sampled case is assessed, no figure \
        in the report moved since it was last read, and the anonymisation check finds no protected name. Each condition \
        not met is printed with the page where it is put right, and the command exits 65 having changed nothing. Once \
        published, the inspection is read-only; `yji reopen` reopens it with a reason.
        """
    )

    @Option(help: "The stored inspection's id.")
    var inspection: Int

    @Flag(help: "Only list what publication is waiting for; publish nothing.")
    var check = false

    @OptionGroup var store: StoreOptions

    func run() async throws {
        let blockers: [PublicationGate.Blocker] = try await store.withStore { store in
            if check { return try await store.reports.blockers(inspection: inspection) }
            do {
                try await store.reports.publish(inspection: inspection, actor: self.store.actorName)
                return []
            } catch StoreError.notReady(let blockers) {
                return blockers
            }
        }
        for blocker in blockers { print("not ready: \(blocker.message) (\(blocker.link))") }
        if !blockers.isEmpty { throw ExitStatus.dataError }
        print(check ? "inspection \(inspection) is ready to publish" : "inspection \(inspection) is published")
    }
}

/// `yji reopen`: reopens a published inspection for a correction, with the reason the report's history keeps.
struct ReopenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reopen",
        abstract: "Reopen a published inspection to correct it (the reason is kept in the report's history).")

    @Option(help: "The stored inspection's id.")
    var inspection: Int

    @Option(help: "Why the published report must be corrected.")
    var reason: String

    @OptionGroup var store: StoreOptions

    func run() async throws {
        let reopened = try await store.withStore { try await $0.reports.reopen(inspection: inspection, reason: reason, actor: self.store.actorName) }
        print("inspection \(inspection) is reopened at \(reopened.status.displayName.lowercased()); publish it again with yji publish")
    }
}
