import Foundation
import Testing
@testable import YJIReports

@Suite("PDF renderer")
struct PDFRendererTests {
    static let twoPages = """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>Two pages</title>
        <style>@page { size: A4; margin: 20mm; } .next { break-before: page; }</style></head>
        <body><h1>First page</h1><p>Scores.</p><h1 class="next">Second page</h1><p>Appendix.</p></body></html>
        """

    /// A scratch directory removed by the caller; stub browsers live here so no test depends on what is installed.
    static func scratch() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("yji-pdf-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    /// An executable shell script standing in for Chromium.
    @discardableResult
    static func stub(_ name: String, in directory: URL, script: String) throws -> String {
        let path = directory.appendingPathComponent(name).path
        try Data(("#!/bin/sh\n" + script + "\n").utf8).write(to: URL(fileURLWithPath: path))
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
        return path
    }

    /// A stub that writes `content` to the file named by --print-to-pdf=, as Chromium would.
    static func printingStub(_ content: String, in directory: URL) throws -> String {
        try stub("fake-chromium", in: directory, script: """
            for argument in "$@"; do
              case "$argument" in --print-to-pdf=*) printf '%s' '\(content)' > "${argument#--print-to-pdf=}";; esac
            done
            """)
    }

    // MARK: - Finding Chromium

    @Test func nothingIsFoundOnAnEmptyPath() {
        #expect(PDFRenderer.locateChromium(environment: ["PATH": ""]) == nil)
        #expect(PDFRenderer.locateChromium(environment: [:]) == nil)
    }

    @Test func candidatesAreTriedInOrderAndTheEnvironmentVariableWins() throws {
        let first = try Self.scratch(), second = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: first); try? FileManager.default.removeItem(at: second) }
        let chrome = try Self.stub("google-chrome", in: first, script: "exit 0")
        let chromium = try Self.stub("chromium", in: second, script: "exit 0")
        // A file that is not executable is no browser.
        FileManager.default.createFile(atPath: first.appendingPathComponent("chromium-browser").path, contents: Data())
        let path = first.path + ":" + second.path
        #expect(PDFRenderer.locateChromium(environment: ["PATH": path]) == chromium)
        #expect(PDFRenderer.locateChromium(environment: ["PATH": first.path]) == chrome)
        #expect(PDFRenderer.locateChromium(environment: ["PATH": path, "YJI_CHROMIUM": chrome]) == chrome)
        #expect(PDFRenderer.locateChromium(environment: ["PATH": path, "YJI_CHROMIUM": "google-chrome"]) == chrome)
        // A wrong explicit choice is not papered over with whatever else is installed.
        #expect(PDFRenderer.locateChromium(environment: ["PATH": path, "YJI_CHROMIUM": "/nonexistent/chromium"]) == nil)
        #expect(PDFRenderer.locateChromium(environment: ["PATH": path, "YJI_CHROMIUM": ""]) == chromium)
    }

    // MARK: - Failures say what to do

    @Test func missingChromiumSaysWhatToInstall() throws {
        let directory = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let output = directory.appendingPathComponent("report.pdf")
        let error = #expect(throws: ReportError.self) {
            try PDFRenderer.render(html: Self.twoPages, to: output, chromium: "/nonexistent/chromium")
        }
        guard case .chromiumMissing = error else {
            Issue.record("expected chromiumMissing, got \(String(describing: error))")
            return
        }
        let message = String(describing: try #require(error))
        #expect(message.contains("apt-get install chromium"))
        #expect(message.contains("YJI_CHROMIUM"))
        #expect(message.contains("HTML and Markdown need nothing"))
        #expect(!FileManager.default.fileExists(atPath: output.path))
    }

    @Test func aBrowserThatFailsIsReportedWithItsLastWords() throws {
        let directory = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let failing = try Self.stub("broken-chromium", in: directory, script: """
            echo "Failed to connect to the bus: dbus noise" >&2
            echo "cannot open display" >&2
            exit 3
            """)
        let output = directory.appendingPathComponent("report.pdf")
        let error = #expect(throws: ReportError.self) {
            try PDFRenderer.render(html: Self.twoPages, to: output, chromium: failing)
        }
        guard case .pdfFailed(let reason) = error else {
            Issue.record("expected pdfFailed, got \(String(describing: error))")
            return
        }
        #expect(reason.contains("status 3"))
        #expect(reason.contains("cannot open display"))
        #expect(!reason.contains("dbus"))
        #expect(!FileManager.default.fileExists(atPath: output.path))
    }

    @Test func outputThatIsNotAPDFIsRejectedAndTheOldFileKept() throws {
        let directory = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let output = directory.appendingPathComponent("report.pdf")
        try Data("%PDF-previous".utf8).write(to: output)
        let error = #expect(throws: ReportError.self) {
            try PDFRenderer.render(html: Self.twoPages, to: output, chromium: try Self.printingStub("<html>oops", in: directory))
        }
        guard case .pdfFailed(let reason) = error else {
            Issue.record("expected pdfFailed, got \(String(describing: error))")
            return
        }
        #expect(reason.contains("no PDF"))
        #expect(try Data(contentsOf: output) == Data("%PDF-previous".utf8))
    }

    @Test func aHungBrowserIsStoppedAtTheTimeout() throws {
        let directory = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let hanging = try Self.stub("hanging-chromium", in: directory, script: "exec sleep 30")
        let started = Date()
        let error = #expect(throws: ReportError.self) {
            try PDFRenderer.render(html: Self.twoPages, to: directory.appendingPathComponent("report.pdf"), chromium: hanging,
                                   timeout: 1)
        }
        #expect(Date().timeIntervalSince(started) < 15)
        guard case .pdfFailed(let reason) = error else {
            Issue.record("expected pdfFailed, got \(String(describing: error))")
            return
        }
        #expect(reason.contains("did not finish within 1 seconds"))
    }

    @Test func aStubbedPDFIsWrittenAndTheTemporaryFilesRemoved() throws {
        let directory = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let stub = try Self.printingStub("%PDF-1.4 /Type /Page /Type /Pages", in: directory)
        let output = directory.appendingPathComponent("report.pdf")
        try PDFRenderer.render(html: Self.twoPages, to: output, chromium: stub, timeout: 30, scratchParent: directory)
        #expect(try Data(contentsOf: output) == Data("%PDF-1.4 /Type /Page /Type /Pages".utf8))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() == ["fake-chromium", "report.pdf"])
    }

    // MARK: - Counting pages

    @Test func pagesAreCountedWithoutTheirTreeNodes() {
        let pdf = """
            %PDF-1.7
            1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj
            2 0 obj << /Type /Pages /Kids [3 0 R 4 0 R 5 0 R] /Count 3 >> endobj
            3 0 obj << /Type /Page /Parent 2 0 R >> endobj
            4 0 obj <</Type/Page/Parent 2 0 R>> endobj
            5 0 obj <<
            /Type
            /Page>> endobj
            6 0 obj << /Type /PageLabel >> endobj
            """
        #expect(PDFRenderer.pageCount(of: Data(pdf.utf8)) == 3)
        #expect(PDFRenderer.pageCount(of: Data()) == 0)
        #expect(PDFRenderer.pageCount(of: Data("/Type /Page".utf8)) == 1)
    }

    // MARK: - Real Chromium

    @Test func printsTwoPagesWithChromiumOrSaysWhatToInstall() throws {
        let directory = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let output = directory.appendingPathComponent("two-pages.pdf")
        guard PDFRenderer.locateChromium() != nil else {
            // Without Chromium the command must still tell people what to install.
            let error = #expect(throws: ReportError.self) { try PDFRenderer.render(html: Self.twoPages, to: output) }
            #expect(String(describing: try #require(error)).contains("apt-get install chromium"))
            return
        }
        try PDFRenderer.render(html: Self.twoPages, to: output)
        let pdf = try Data(contentsOf: output)
        #expect(pdf.starts(with: Array("%PDF".utf8)))
        #expect(PDFRenderer.pageCount(of: pdf) == 2)
    }
}
