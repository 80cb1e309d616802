import Testing
import YJICore

/// The rule that decides whether an inspection may be published, condition by condition.
@Suite("Publication gate")
struct PublicationGateTests {
    func facts(status: InspectionStatus = .factualAccuracy, cases: [PublicationGate.CaseReadiness]? = nil, moved: Int = 0,
               names: Int = 0) -> PublicationGate.Facts {
        PublicationGate.Facts(
            inspectionID: 7, status: status,
            cases: cases ?? (1...3).map { PublicationGate.CaseReadiness(caseID: "SYN-000\($0)", markedAssessed: true, unanswered: 0) },
            movedSentences: moved, protectedNamesFound: names)
    }

    @Test func aReadyInspectionHasNoBlockers() {
        #expect(PublicationGate.blockers(facts()).isEmpty)
        #expect(PublicationGate.stageBeforePublication == .factualAccuracy)
    }

    @Test func eachConditionIsNamedWithWhereToPutItRight() {
        let blockers = PublicationGate.blockers(facts(
            status: .fieldwork,
            cases: [PublicationGate.CaseReadiness(caseID: "SYN-0001", markedAssessed: false, unanswered: 12),
                    PublicationGate.CaseReadiness(caseID: "SYN-0002", markedAssessed: true, unanswered: 0),
                    // Marked assessed, then an answer set aside left it incomplete: not ready.
                    PublicationGate.CaseReadiness(caseID: "SYN-0003", markedAssessed: true, unanswered: 1)],
            moved: 1, names: 2))
        #expect(blockers.map(\.condition) == [.stage, .cases, .movedFigures, .anonymisation])
        #expect(blockers.map(\.link) == ["/inspections/7/timetable", "/inspections/7/cases", "/inspections/7/report#report-moved",
                                         "/inspections/7/report#anonymisation"])
        #expect(blockers[0].message.contains("fieldwork") && blockers[0].message.contains("factual accuracy"))
        #expect(blockers[1].message.contains("2 of the 3 sampled cases are not yet assessed, with 13 applicable answers still to give"))
        #expect(blockers[1].message.contains("SYN-0001, SYN-0003"))
        #expect(blockers[2].message.hasPrefix("1 sentence holds figures"))
        #expect(blockers[3].message.contains("2 protected names"))
    }

    @Test func noCasesIsNotReadyAndPublishedIsNeverReadyAgain() {
        #expect(PublicationGate.blockers(facts(cases: [])).map(\.condition) == [.cases])
        #expect(PublicationGate.blockers(facts(status: .published)).map(\.condition) == [.alreadyPublished])
        // Any stage before factual accuracy is too early, and factual accuracy itself is not.
        for status in InspectionStatus.allCases where status < .factualAccuracy {
            #expect(PublicationGate.blockers(facts(status: status)).map(\.condition) == [.stage])
        }
    }
}
