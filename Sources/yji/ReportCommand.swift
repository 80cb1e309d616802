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
        it exists. PDF is printed from the HTML by headless Chromium (set YJI_CHROMIUM to choose one). With --check-names \
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
        let input = try await store.withStore { try await ReportInput.load(from: $0, inspection: inspection) }
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
        let data: Data
        do {
            data = try Reports.data(document, format: format)
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
