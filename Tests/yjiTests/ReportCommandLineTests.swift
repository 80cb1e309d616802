import Foundation
import Testing
import YJICore
import YJIReports

/// `yji report` as a user runs it: the demo database's three inspections in every text format, the anonymisation
/// check, and PDF when headless Chromium is installed (or the message saying what to install when it is not).
@Suite("yji report")
struct ReportCommandLineTests {
    @Test func theDemoInspectionsReportInTheirProgrammesShape() throws {
        let folder = try TemporaryFolder()
        let database = folder.path("demo.sqlite")
        let demo = try YJIProcess.run(["demo", "--no-serve", "--database", database])
        #expect(demo.status == 0, "\(demo.stderr)")
        func report(_ arguments: [String]) throws -> YJIProcess.Result {
            try YJIProcess.run(["report"] + arguments + ["--database", database])
        }
        let expected = ["Short Quality Screening of youth offending work in", "Full Joint Inspection of youth offending work in",
                        "Core Case Inspection of youth offending work in"]
        var titles: [String] = []
        for id in 1...3 {
            let markdown = try report(["--inspection", String(id), "--format", "md"])
            #expect(markdown.status == 0, "\(markdown.stderr)")
            titles.append(String(markdown.stdout.prefix { $0 != "\n" }))
            let out = folder.path("report-\(id).html")
            let html = try report(["--inspection", String(id), "--out", out])
            #expect(html.status == 0 && html.stderr.contains("wrote \(out) (html,"), "\(html.stderr)")
            #expect(try String(contentsOfFile: out, encoding: .utf8).hasPrefix("<!DOCTYPE html>"))
            // The same data gives the same bytes.
            #expect(try report(["--inspection", String(id), "--format", "md"]).stdout == markdown.stdout)
            #expect(try report(["--inspection", String(id), "--check-names"]).stdout.contains("no protected names found"))
        }
        for title in expected { #expect(titles.contains { $0.contains(title) }, "\(titles)") }

        let missing = try report(["--inspection", "99", "--format", "md"])
        #expect(missing.status != 0)
        #expect(try report(["--inspection", "1", "--format", "pdf"]).stderr.contains("a PDF needs --out FILE"))

        let pdf = folder.path("report.pdf")
        if PDFRenderer.locateChromium() != nil {
            let printed = try report(["--inspection", "3", "--format", "pdf", "--out", pdf])
            #expect(printed.status == 0, "\(printed.stderr)")
            #expect(printed.stderr.contains("pages)"))
            #expect(PDFRenderer.pageCount(of: try Data(contentsOf: URL(fileURLWithPath: pdf))) > 5)
        } else {
            let refused = try YJIProcess.run(["report", "--inspection", "3", "--format", "pdf", "--out", pdf, "--database", database])
            #expect(refused.status != 0)
            #expect(refused.stderr.contains("PDF needs headless Chromium"))
        }
    }
}
