import Foundation
import Testing

/// `yji report` on the demo's SQS: the letter as a user downloads it gives counts and words, as the three letters
/// do, and no percentage but the published reoffending figures.
@Suite("yji report: the SQS letter")
struct SQSLetterCommandLineTests {
    @Test func theDemoLetterPrintsNoPercentageButTheReoffendingFigures() throws {
        let folder = try TemporaryFolder()
        let database = folder.path("demo.sqlite")
        let demo = try YJIProcess.run(["demo", "--no-serve", "--database", database])
        #expect(demo.status == 0, "\(demo.stderr)")
        var letter: String?
        for id in 1...3 {
            let markdown = try YJIProcess.run(["report", "--inspection", String(id), "--format", "md", "--database", database])
            #expect(markdown.status == 0, "\(markdown.stderr)")
            if markdown.stdout.hasPrefix("# Short Quality Screening") { letter = markdown.stdout }
        }
        let text = try #require(letter, "the demo has an SQS")
        // Sentences about the published reoffending rate may carry percentages; nothing else may.
        let sentences = text.components(separatedBy: "\n").flatMap { $0.components(separatedBy: ". ") }.filter { $0.contains("%") }
        let stray = sentences.filter { !$0.contains("reoffending rate") && !$0.contains("England and Wales average") }
        #expect(stray == [], "percentages outside the reoffending figures: \(stray)")
        // The demo records the area's published rate, so the letter sets it against the England and Wales average.
        #expect(sentences.contains { $0.contains("reoffending rate published") })
        #expect(text.contains("## 4 Making sure the sentence is served"))
        // Findings count cases as the letters do: "n of the N cases", "all N cases", "all but 1 of the N cases".
        let counted = try NSRegularExpression(pattern: #"in (only )?([0-9]+|[a-z]+) of the ([0-9]+|[a-z]+) cases"#)
        #expect(counted.numberOfMatches(in: text, range: NSRange(text.startIndex..., in: text)) >= 10)
    }
}
