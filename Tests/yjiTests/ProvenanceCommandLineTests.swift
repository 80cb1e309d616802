import Foundation
import Testing
import YJICore

/// `yji framework show` and `validate` state where each rating and lifecycle rule comes from; `yji score` prints no
/// band where the reports print none.
@Suite("yji command line: provenance and unrated levels")
struct ProvenanceCommandLineTests {
    @Test func showGivesEveryRatingScaleAndBandFlatProvenanceAndSource() throws {
        let result = try YJIProcess.run(["framework", "show", "cci", "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let scales = try #require(json["ratingScales"] as? [[String: Any]])
        #expect(scales.count == 1)
        for scale in scales {
            #expect(scale["provenance"] as? String == "published")
            #expect((scale["source"] as? String)?.hasPrefix("Harrow YOT 2011") == true)
            #expect(scale["levels"] as? [String] == ["headline", "criterion"])
            let bands = try #require(scale["bands"] as? [[String: Any]])
            #expect(bands.count == 4)
            // The bottom band has no cut-off: both keys present and null. Every other band states its cut-off's origin.
            #expect(bands[0]["provenance"] is NSNull && bands[0]["source"] is NSNull)
            for band in bands.dropFirst() {
                #expect(band["provenance"] as? String == "inferred", "\(band["label"] ?? "")")
                #expect((band["source"] as? String)?.isEmpty == false)
            }
        }
        let lifecycle = try #require(json["lifecycle"] as? [String: Any])
        for milestone in try #require(lifecycle["milestones"] as? [[String: Any]]) {
            #expect(milestone["provenance"] as? String == "published", "\(milestone["id"] ?? "")")
            #expect((milestone["source"] as? String)?.isEmpty == false)
        }
        // Flat everywhere, the rules of other sections included: no provenance is left as a nested {kind, source} object.
        func nested(_ value: Any) -> [String] {
            if let array = value as? [Any] { return array.flatMap(nested) }
            guard let object = value as? [String: Any] else { return [] }
            return object.flatMap { key, child -> [String] in
                (key.hasSuffix("rovenance") && child is [String: Any] ? [key] : []) + nested(child)
            }
        }
        #expect(nested(json) == [])
        // A rule that is nothing but a provenance (the report's judged split, when the framework states one) reads the same.
        func bare(_ value: Any) -> Int {
            if let array = value as? [Any] { return array.map(bare).reduce(0, +) }
            guard let object = value as? [String: Any] else { return 0 }
            let isBare = object.count == 2 && object["kind"] != nil && object["source"] != nil
            return (isBare ? 1 : 0) + object.values.map(bare).reduce(0, +)
        }
        #expect(bare(json) == 0)
        #expect(result.stdout.contains("\"provenance\" : \"inferred\"") || result.stdout.contains("\"provenance\":\"inferred\""))
    }

    @Test func showTextEndsWithTheInferredRules() throws {
        let result = try YJIProcess.run(["framework", "show", "sqs"])
        #expect(result.status == 0, "\(result.stderr)")
        let text = result.stdout
        let heading = try #require(text.range(of: "Inferred rules (reconstructed by yji, not stated by a report):"))
        let list = text[heading.upperBound...].split(separator: "\n")
        #expect(list.allSatisfy { $0.hasPrefix("  - ") }, "nothing but the list follows the heading")
        #expect(list.contains { $0.hasPrefix("  - Provisional findings milestone: The SQS letters say nothing of provisional findings") })
        #expect(list.contains { $0.hasPrefix("  - Publication milestone: No letter states a timetable") })
        #expect(list.contains { $0.hasPrefix("  - Improvement plan milestone: ") && $0.contains("borrowed") })

        let fji = try YJIProcess.run(["framework", "show", "fji"]).stdout
        #expect(fji.contains("  labels: inferred: Staffordshire YOS 2016 key judgements"))
        #expect(fji.contains("    cut-off at 80%: inferred: Staffordshire prints 78% satisfactory"))
        #expect(fji.contains("  - Theme judgement: good from 80%: Staffordshire prints 78% satisfactory"))
        #expect(fji.contains("  - Theme judgement labels: "))
        #expect(!fji.contains("  - Publication milestone"), "FJI publication is published, not inferred")
    }

    @Test func validateRefusesARatingScaleWithoutProvenanceAtItsLine() throws {
        let folder = try TemporaryFolder()
        let fji = try String(contentsOf: try #require(FrameworkCatalog.url(of: "fji")), encoding: .utf8)
        var lines = fji.components(separatedBy: "\n")
        let scaleLine = try #require(lines.firstIndex { $0 == "  - id: theme-judgement" })
        let provenance = try #require(lines[scaleLine...].firstIndex { $0.hasPrefix("    provenance: ") })
        lines.removeSubrange(provenance...(provenance + 1))
        let goodProvenance = try #require(lines.indices.first { lines[$0].contains("label: \"good\"") })
        lines.remove(at: goodProvenance + 3)
        let file = try folder.write("fji.yaml", lines.joined(separator: "\n"))
        let result = try YJIProcess.run(["framework", "validate", file])
        #expect(result.status == 65)
        #expect(result.stderr.contains("\(file):\(scaleLine + 1): theme-judgement: missing 'provenance'"), "\(result.stderr)")
        #expect(result.stderr.contains("\(file):\(goodProvenance + 1): theme-judgement: missing 'provenance'"), "\(result.stderr)")
    }

    @Test func coreCaseInspectionSectionsScoreWithoutABand() throws {
        let folder = try TemporaryFolder()
        let generated = try YJIProcess.run(["generate", "--framework", "cci", "--cases", "38", "--seed", "5", "--out", folder.path("x")])
        #expect(generated.status == 0, "\(generated.stderr)")
        let score = try YJIProcess.run(["score", "--framework", "cci", "--cases", folder.path("x/cases.csv"),
                                        "--judgements", folder.path("x/judgements.csv"), "--format", "json"])
        #expect(score.status == 0, "\(score.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(score.stdout.utf8)) as? [String: Any])
        let sections = try #require(json["sections"] as? [[String: Any]])
        #expect(sections.map { $0["id"] as? String } == ["1", "2", "3"])
        for section in sections {
            #expect(section["percent"] is Int)
            #expect(section.keys.contains("band") && section["band"] is NSNull, "section \(section["id"] ?? "")")
        }
        let criteria = try #require(json["criteria"] as? [[String: Any]])
        #expect(criteria.allSatisfy { ($0["band"] as? String)?.hasSuffix("improvement required") == true || $0["percent"] is NSNull })
        let headlines = try #require(json["headlines"] as? [[String: Any]])
        #expect(headlines.allSatisfy { ($0["band"] as? String)?.hasSuffix("improvement required") == true })
    }
}
