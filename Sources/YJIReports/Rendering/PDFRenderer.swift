import Dispatch
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Prints report HTML to PDF with headless Chromium, the one external program reports need and only for PDF.
public enum PDFRenderer {
    /// Program names tried on PATH, in order, after YJI_CHROMIUM.
    public static let candidateNames = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "headless_shell"]

    /// How long Chromium may take before it is killed; a report prints in about a second, so this only stops a hang.
    public static let defaultTimeout: TimeInterval = 60

    /// The Chromium to use: YJI_CHROMIUM when set (a path, or a name looked up on PATH), else the first candidate on PATH.
    public static func locateChromium(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        let path = environment["PATH"] ?? ""
        if let chosen = environment["YJI_CHROMIUM"], !chosen.isEmpty {
            // An explicit choice that does not work is reported, not silently replaced by another browser.
            return executable(named: chosen, path: path)
        }
        for name in candidateNames {
            if let found = executable(named: name, path: path) { return found }
        }
        return nil
    }

    /// Renders `html` to a PDF at `output` (replaced atomically only when Chromium succeeds); blocks until done, so call it
    /// off the cooperative thread pool in servers. Throws `ReportError.chromiumMissing` or `.pdfFailed`.
    public static func render(html: String, to output: URL, chromium: String? = nil,
                              timeout: TimeInterval = defaultTimeout) throws {
        try render(html: html, to: output, chromium: chromium, timeout: timeout,
                   scratchParent: FileManager.default.temporaryDirectory)
    }

    /// The work of `render`, with the parent of its scratch directory given so tests can see that nothing is left behind.
    static func render(html: String, to output: URL, chromium: String?, timeout: TimeInterval, scratchParent: URL) throws {
        let browser: String
        if let chromium {
            guard let found = executable(named: chromium, path: ProcessInfo.processInfo.environment["PATH"] ?? "") else {
                throw ReportError.chromiumMissing
            }
            browser = found
        } else {
            guard let found = locateChromium() else { throw ReportError.chromiumMissing }
            browser = found
        }

        let files = FileManager.default
        let workspace = scratchParent.appendingPathComponent("yji-pdf-\(UUID().uuidString)", isDirectory: true)
        do {
            try files.createDirectory(at: workspace, withIntermediateDirectories: true)
        } catch {
            throw ReportError.pdfFailed("cannot create a temporary directory: \(error)")
        }
        defer { try? files.removeItem(at: workspace) }

        let page = workspace.appendingPathComponent("report.html")
        let printed = workspace.appendingPathComponent("report.pdf")
        let log = workspace.appendingPathComponent("chromium.log")
        do {
            try Data(html.utf8).write(to: page)
            _ = files.createFile(atPath: log.path, contents: nil)
        } catch {
            throw ReportError.pdfFailed("cannot write the HTML to \(page.path): \(error)")
        }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: browser)
        process.arguments = [
            "--headless",
            "--disable-gpu",
            "--no-sandbox",  // Chromium refuses to start as root without it, which is how CI and containers run.
            "--disable-dev-shm-usage",  // containers give /dev/shm 64 MB, too little for a long report.
            "--no-first-run",
            "--no-pdf-header-footer",
            // A profile of its own: two renders at once would otherwise fight over the default profile's lock.
            "--user-data-dir=\(workspace.appendingPathComponent("profile").path)",
            "--print-to-pdf=\(printed.path)",
            page.absoluteString,
        ]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        // A file rather than a pipe: Chromium is chatty (dbus warnings) and an unread pipe would fill and stall it.
        guard let logHandle = try? FileHandle(forWritingTo: log) else {
            throw ReportError.pdfFailed("cannot open a log file in \(workspace.path)")
        }
        defer { try? logHandle.close() }
        process.standardError = logHandle

        let finished = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in finished.signal() }
        do {
            try process.run()
        } catch {
            throw ReportError.pdfFailed("cannot start \(browser): \(error)")
        }
        if finished.wait(timeout: .now() + timeout) == .timedOut {
            process.terminate()
            if finished.wait(timeout: .now() + 2) == .timedOut {
                forceKill(process.processIdentifier)
                _ = finished.wait(timeout: .now() + 5)
            }
            throw ReportError.pdfFailed("Chromium did not finish within \(Int(timeout)) seconds and was stopped")
        }

        let status = process.terminationStatus
        let pdf = (try? Data(contentsOf: printed)) ?? Data()
        guard status == 0, pdf.starts(with: Array("%PDF".utf8)) else {
            let detail = status == 0 ? "no PDF was written" : "Chromium exited with status \(status)"
            throw ReportError.pdfFailed(detail + lastLines(of: log))
        }
        do {
            try pdf.write(to: output, options: .atomic)
        } catch {
            throw ReportError.pdfFailed("cannot write \(output.path): \(error)")
        }
    }

    /// The number of pages in a PDF: page objects are the ones whose `/Type` is `/Page`, not the `/Pages` tree nodes.
    public static func pageCount(of pdf: Data) -> Int {
        let bytes = [UInt8](pdf)
        let key = Array("/Type".utf8)
        let value = Array("/Page".utf8)
        var count = 0
        var index = 0
        while let found = firstIndex(of: key, in: bytes, from: index) {
            var cursor = found + key.count
            while cursor < bytes.count, isWhitespace(bytes[cursor]) { cursor += 1 }
            if matches(value, in: bytes, at: cursor) {
                let after = cursor + value.count
                if after == bytes.count || isDelimiterOrWhitespace(bytes[after]) { count += 1 }
            }
            index = found + key.count
        }
        return count
    }

    // MARK: - Helpers

    /// An executable file for a path (anything with a slash) or a name searched on PATH.
    static func executable(named name: String, path: String) -> String? {
        let files = FileManager.default
        func usable(_ candidate: String) -> Bool {
            var isDirectory: ObjCBool = false
            return files.fileExists(atPath: candidate, isDirectory: &isDirectory) && !isDirectory.boolValue
                && files.isExecutableFile(atPath: candidate)
        }
        if name.contains("/") { return usable(name) ? name : nil }
        for directory in path.split(separator: ":") where !directory.isEmpty {
            let candidate = String(directory) + "/" + name
            if usable(candidate) { return candidate }
        }
        return nil
    }

    /// Kills a process that ignored SIGTERM, with its whole process group when it leads one (Foundation starts children
    /// in a group of their own), so Chromium's renderer and GPU helpers go with it.
    static func forceKill(_ pid: Int32) {
        guard pid > 0 else { return }
        if getpgid(pid) == pid, pid != getpgrp() {
            kill(-pid, SIGKILL)
        } else {
            kill(pid, SIGKILL)
        }
    }

    /// The last few lines Chromium wrote, to put beside a failure; its routine dbus noise is left out.
    static func lastLines(of log: URL) -> String {
        guard let data = try? Data(contentsOf: log), let text = String(data: data, encoding: .utf8) else { return "" }
        let lines = text.split(whereSeparator: \.isNewline).map(String.init)
            .filter { !$0.localizedCaseInsensitiveContains("dbus") && !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        let tail = lines.suffix(5)
        return tail.isEmpty ? "" : ": " + tail.joined(separator: " | ")
    }

    static func firstIndex(of needle: [UInt8], in bytes: [UInt8], from start: Int) -> Int? {
        guard !needle.isEmpty, bytes.count >= needle.count, start <= bytes.count - needle.count else { return nil }
        var index = start
        while index <= bytes.count - needle.count {
            if bytes[index] == needle[0], matches(needle, in: bytes, at: index) { return index }
            index += 1
        }
        return nil
    }

    static func matches(_ needle: [UInt8], in bytes: [UInt8], at start: Int) -> Bool {
        guard start >= 0, start + needle.count <= bytes.count else { return false }
        for offset in 0..<needle.count where bytes[start + offset] != needle[offset] { return false }
        return true
    }

    /// PDF whitespace: NUL, tab, line feed, form feed, carriage return and space.
    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0 || byte == 9 || byte == 10 || byte == 12 || byte == 13 || byte == 32
    }

    /// A byte that ends a PDF name, so "/Page" followed by it is the whole name and not "/Pages".
    static func isDelimiterOrWhitespace(_ byte: UInt8) -> Bool {
        isWhitespace(byte) || Array("()<>[]{}/%".utf8).contains(byte)
    }
}
