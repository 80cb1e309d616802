import Foundation
import Testing
import YJICore
@testable import YJIStore

/// Fieldwork dates are calendar days: a day the calendar lacks is refused with the field named and nothing written,
/// and the order of the two dates is the calendar's.
@Suite("Fieldwork dates in the store")
struct FieldworkDateStoreTests {
    func create(_ test: TestStore, area: String, start: String?, end: String?) async throws -> Inspection {
        let (framework, yaml) = try FrameworkCatalog.resolveWithSource("cci")
        return try await test.store.inspections.createInspection(
            NewInspection(areaName: area, framework: framework, fieldworkStart: start, fieldworkEnd: end),
            frameworkYAML: yaml, actor: "Test Lead")
    }

    @Test(arguments: TestEngine.available)
    func aDayTheCalendarLacksIsRefusedNamingTheFieldAndNothingIsWritten(_ engine: TestEngine) async throws {
        try await TestStore.with(engine) { test in
            let refusals: [(start: String, end: String, message: String)] = [
                ("2026-02-31", "2026-03-02", "fieldwork start: '2026-02-31' is not a date: February 2026 has 28 days"),
                ("2026-12-30", "2026-13-01", "fieldwork end: '2026-13-01' is not a date: there is no month 13"),
                ("2027-02-26", "2027-02-29", "fieldwork end: '2027-02-29' is not a date: February 2027 has 28 days"),
                ("2026-3-9", "2026-03-10", "fieldwork start: '2026-3-9' is not a date: write it as yyyy-mm-dd, e.g. 2026-03-09"),
                ("09/03/2026", "2026-03-10", "fieldwork start: '09/03/2026' is not a date: write it as yyyy-mm-dd, e.g. 2026-03-09"),
            ]
            for (index, refusal) in refusals.enumerated() {
                await #expect(throws: StoreError.invalid(refusal.message)) {
                    _ = try await create(test, area: "Nodayshire \(index) (synthetic)", start: refusal.start, end: refusal.end)
                }
            }
            let inspections = try await test.store.inspections.inspections(), areas = try await test.store.accounts.areas()
            #expect(inspections.isEmpty)
            #expect(areas.isEmpty)
        }
    }

    @Test(arguments: TestEngine.available)
    func aLeapDayIsADayOnlyInALeapYear(_ engine: TestEngine) async throws {
        try await TestStore.with(engine) { test in
            let leap = try await create(test, area: "Leapton (synthetic)", start: "2028-02-28", end: "2028-02-29")
            #expect(leap.fieldworkStart?.description == "2028-02-28" && leap.fieldworkEnd?.description == "2028-02-29")
            await #expect(throws: StoreError.invalid("fieldwork start: '2027-02-29' is not a date: February 2027 has 28 days")) {
                _ = try await create(test, area: "Noleap (synthetic)", start: "2027-02-29", end: "2027-03-01")
            }
            #expect(try await test.store.inspections.inspections().map(\.id) == [leap.id])
        }
    }

    @Test(arguments: TestEngine.available)
    func fieldworkEndingBeforeItStartsIsRefusedByTheCalendar(_ engine: TestEngine) async throws {
        try await TestStore.with(engine) { test in
            await #expect(throws: StoreError.invalid("fieldwork ends (2026-02-28) before it starts (2026-03-01)")) {
                _ = try await create(test, area: "Backwards (synthetic)", start: "2026-03-01", end: "2026-02-28")
            }
            // Across a year's end, and on one day, the order is the calendar's.
            let turn = try await create(test, area: "Turnofyear (synthetic)", start: "2026-12-30", end: "2027-01-02")
            let oneDay = try await create(test, area: "Oneday (synthetic)", start: "2026-05-05", end: "2026-05-05")
            #expect(Set(try await test.store.inspections.inspections().map(\.id)) == [turn.id, oneDay.id])
        }
    }
}
