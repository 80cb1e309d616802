import YJICore

extension Drafting {
    /// The scoring appendix's account of the labels, from the framework's rating scales: which levels carry a label,
    /// which cut-offs a report publishes and which yji inferred (with what each rests on), and who decides the label.
    /// A reader can then tell a stated rule from a reconstruction, as issue #17 asks.
    func ratingRulesBlocks() -> [ReportBlock] {
        let levels = ratedLevels
        guard !framework.ratingScales.isEmpty else {
            return [.paragraph(.plain("This programme publishes no rating scale, so no score carries a label: the figures speak for themselves."))]
        }
        var blocks: [ReportBlock] = []
        for scale in framework.ratingScales {
            let rated = levels.filter { scale.levels.contains($0) }
            guard !rated.isEmpty else { continue }
            let bands = scale.bands.reversed().map { "\($0.label) (\($0.from)-\($0.to)%)" }.joined(separator: "; ")
            blocks.append(.paragraph(.plain(
                "\(Self.phrase(rated).capitalisedFirst) carry a label from the \(scale.name.lowercased()) scale: \(bands).")))
            blocks.append(.paragraph(.plain(Self.labelsSentence(scale))))
            let published = scale.cutOffs.filter { $0.provenance?.kind == .published }
            let inferred = scale.cutOffs.filter { $0.provenance?.kind == .inferred }
            let judged = scale.cutOffs.filter { $0.provenance?.kind == .judged }
            if published.isEmpty {
                blocks.append(.paragraph(.plain("No published report states where one label ends and the next begins.")))
            } else {
                blocks.append(.paragraph(.plain("Published cut-offs:")))
                blocks.append(.list(.bullets, published.map(Self.cutOffItem)))
            }
            if !inferred.isEmpty {
                blocks.append(.paragraph(.plain(
                    "Inferred cut-offs, reconstructed by yji from published figures rather than stated in a report:")))
                blocks.append(.list(.bullets, inferred.map(Self.cutOffItem)))
            }
            if !judged.isEmpty {
                blocks.append(.paragraph(.plain("Cut-offs inspectors set:")))
                blocks.append(.list(.bullets, judged.map(Self.cutOffItem)))
            }
            blocks.append(.paragraph(.plain(scale.overridable
                ? "The label is the inspectors' judgement, informed by the score: the band a score falls in is only a proposal, and inspectors may set another label, always with a recorded reason."
                : "The label follows from the score by this scale alone; inspectors cannot replace it.")))
        }
        let unrated = levels.filter { framework.ratingScale(for: $0) == nil }
        if !unrated.isEmpty {
            blocks.append(.paragraph(.plain(
                "\(Self.phrase(unrated).capitalisedFirst) carry no label, because the published reports print none for them.")))
        }
        if framework.sections.contains(where: { $0.assessment == .judged }) {
            blocks.append(.paragraph(.plain(
                "A section judged by inspectors from meetings and documents has no score; its label is theirs alone, given with a reason.")))
        }
        return blocks
    }

    /// The levels this framework scores, in the order the reports present them.
    private var ratedLevels: [ScoreLevel] {
        var levels: [ScoreLevel] = []
        if !framework.headlines.isEmpty { levels.append(.headline) }
        if framework.sections.contains(where: { $0.assessment == .scored }) { levels.append(.section) }
        if !framework.criteria.isEmpty { levels.append(.criterion) }
        return levels
    }

    /// "headline and criterion scores".
    private static func phrase(_ levels: [ScoreLevel]) -> String {
        let names = levels.map(\.rawValue)
        let joined = names.count > 1 ? names.dropLast().joined(separator: ", ") + " and " + names[names.count - 1] : names.joined()
        return joined + " scores"
    }

    /// Where the scale's labels come from, in a sentence that says whether a report states them.
    private static func labelsSentence(_ scale: RatingScale) -> String {
        switch scale.provenance.kind {
        case .published: return "The labels are published: \(scale.provenance.source)"
        case .inferred: return "The labels are partly or wholly inferred by yji: \(scale.provenance.source)"
        case .judged: return "The labels are the inspectors' own: \(scale.provenance.source)"
        }
    }

    /// "SUBSTANTIAL improvement required from 45%: Harrow prints ...".
    private static func cutOffItem(_ band: RatingBand) -> ReportItem {
        .plain("\(band.label) from \(band.from)%: \(band.provenance?.source ?? "")")
    }
}
