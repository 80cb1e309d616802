/// The report's stylesheet, inline in every HTML file so the file stands alone: a readable screen layout, and print
/// rules for A4 with major sections on a new page, the report's short title at the top of each page and its number at
/// the foot.
enum ReportStyle {
    static func css(runningHeader: String) -> String {
        // A CSS string: quotes and backslashes escaped, line breaks dropped, so a title cannot end the rule early.
        let header = runningHeader.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: " ")
        return """
        :root { color: #0b0c0c; background: #fff; }
        body { font-family: Arial, Helvetica, sans-serif; font-size: 12pt; line-height: 1.45; margin: 0; }
        .report { max-width: 46rem; margin: 0 auto; padding: 1.5rem; }
        .report-title h1 { font-size: 2rem; margin: 0 0 0.5rem; }
        .report-subtitle { font-size: 1.25rem; margin: 0; color: #383f43; }
        h2 { font-size: 1.5rem; margin-top: 2rem; border-bottom: 2px solid #1d70b8; padding-bottom: 0.2rem; }
        h3 { font-size: 1.2rem; margin-top: 1.5rem; }
        h4, h5, h6 { font-size: 1.05rem; margin-top: 1.2rem; }
        .section-number { color: #1d70b8; }
        .report-contents ol { list-style: none; padding-left: 0; }
        .report-list.labelled { list-style: none; padding-left: 0; }
        .report-list.labelled li { margin-bottom: 0.4rem; padding-left: 2.4rem; text-indent: -2.4rem; }
        .item-label { display: inline-block; min-width: 2.2rem; text-indent: 0; font-weight: bold; }
        .report-subheading { margin: 1rem 0 0.3rem; }
        .report-score { font-size: 1.1rem; border-left: 6px solid #1d70b8; padding: 0.3rem 0.8rem; background: #f3f2f1; }
        .score-value { font-weight: bold; font-size: 1.4rem; }
        .score-band { font-weight: bold; margin-left: 0.5rem; }
        .report-table { border-collapse: collapse; width: 100%; margin: 1rem 0; font-size: 0.95rem; }
        .report-table caption { text-align: left; font-weight: bold; margin-bottom: 0.3rem; }
        .report-table th, .report-table td { border-bottom: 1px solid #b1b4b6; padding: 0.3rem 0.4rem; text-align: left; vertical-align: top; }
        .report-table .numeric { text-align: right; }
        .report-fields { display: grid; grid-template-columns: max-content 1fr; gap: 0.2rem 1rem; }
        .report-fields dt { font-weight: bold; }
        .report-fields dd { margin: 0; }
        .report-note { font-size: 0.9rem; color: #383f43; font-style: italic; }
        .report-figure { margin: 1rem 0; }
        .report-figure svg { max-width: 100%; height: auto; }
        .report-figure figcaption { font-size: 0.9rem; color: #383f43; }
        mark.figures-moved, .figures-moved { background: #fff2a8; outline: 2px solid #b35400; }
        @page { size: A4; margin: 20mm 18mm 20mm 18mm;
          @top-center { content: "\(header)"; font-family: Arial, Helvetica, sans-serif; font-size: 9pt; color: #505a5f; }
          @bottom-right { content: "Page " counter(page); font-family: Arial, Helvetica, sans-serif; font-size: 9pt; color: #505a5f; } }
        @media print {
          body { font-size: 11pt; }
          .report { max-width: none; padding: 0; }
          .starts-page { break-before: page; }
          h2, h3, h4 { break-after: avoid; }
          .report-table, .report-figure, .report-score { break-inside: avoid; }
          .report-contents a { color: inherit; text-decoration: none; }
          mark.figures-moved, .figures-moved { background: none; outline: none; }
        }

        """
    }
}
