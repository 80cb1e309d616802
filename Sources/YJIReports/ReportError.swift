import YJICore

/// Why a report could not be produced, worded for the person running `yji report` or pressing "Download".
public enum ReportError: Error, CustomStringConvertible {
    /// No headless Chromium was found, so no PDF can be printed.
    case chromiumMissing
    /// Chromium ran but gave no usable PDF; the text says what went wrong.
    case pdfFailed(String)
    /// The inspection's framework belongs to a programme yji has no report shape for.
    case unknownProgramme(String)
    /// The report may not be published while protected names appear in it.
    case namesFound([NameMatch])

    /// A sentence that says what happened and what to do about it.
    public var description: String {
        switch self {
        case .chromiumMissing:
            "PDF needs headless Chromium: install it (Debian: apt-get install chromium) or set YJI_CHROMIUM to its path; "
                + "HTML and Markdown need nothing"
        case .pdfFailed(let reason):
            "PDF could not be made: \(reason)"
        case .unknownProgramme(let programme):
            "yji has no report shape for the programme '\(programme)' (it drafts cci, sqs and fji reports)"
        case .namesFound(let matches):
            "the report cannot be published: \(matches.count) protected name\(matches.count == 1 ? "" : "s") found ("
                + matches.prefix(3).map { "\($0.name.name) in \($0.location)" }.joined(separator: "; ")
                + (matches.count > 3 ? "; …" : "") + ")"
        }
    }
}
