import ArgumentParser
import Foundation
import YJICore

/// `yji bench`: how long the scoring path takes, measured on synthetic data in one run so ratios are comparable.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Time reading and scoring synthetic inspections (median of repeated runs)."
    )

    @Option(help: "Framework to score.")
    var framework: String = "cci"

    @Option(help: "Case counts to measure, comma-separated.")
    var cases: String = "38,99,1000"

    @Option(help: "Repetitions per size; the median is reported.")
    var repetitions: Int = 15

    func validate() throws {
        guard repetitions > 0 else { throw ValidationError("--repetitions must be at least 1") }
        guard !sizes.isEmpty else { throw ValidationError("--cases needs at least one positive number") }
    }

    var sizes: [Int] { cases.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }.filter { $0 > 0 } }

    func run() throws {
        let framework = try Terminal.framework(self.framework)
        print("cases  judgements   read median  score median  total median   total max   (framework \(framework.id), medians of \(repetitions) runs)")
        for size in sizes {
            let inspection = SyntheticInspection(framework: framework, caseCount: size, seed: 42)
            let casesText = CaseFile.write(inspection.cases)
            let judgementsText = JudgementFile.write(inspection.judgements)
            var reading: [Double] = [], scoring: [Double] = [], totals: [Double] = []
            for _ in 0..<repetitions {
                let start = ContinuousClock.now
                let cases = try CaseFile.read(casesText, file: "cases.csv")
                let judgements = try JudgementFile.read(judgementsText, file: "judgements.csv", framework: framework)
                let read = ContinuousClock.now
                _ = try ScoringEngine(framework: framework).scorecard(cases: cases, judgements: judgements.judgements)
                let end = ContinuousClock.now
                reading.append(Self.seconds(read - start))
                scoring.append(Self.seconds(end - read))
                totals.append(Self.seconds(end - start))
            }
            print(String(format: "%5d  %10d  %9.1f ms  %9.1f ms  %9.1f ms  %7.1f ms", size, inspection.judgements.count,
                         Self.median(reading) * 1000, Self.median(scoring) * 1000, Self.median(totals) * 1000,
                         (totals.max() ?? 0) * 1000))
        }
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    static func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
}
