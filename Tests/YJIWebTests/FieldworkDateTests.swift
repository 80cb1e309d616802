import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import YJICore
import YJIStore
@testable import YJIWeb

/// The new-inspection form and the API refuse a fieldwork day the calendar lacks on the field that holds it, and
/// create nothing.
@Suite("Fieldwork dates on the form and the API")
struct FieldworkDateTests {
    static func form(area: String, start: String, end: String) -> [String: String] {
        ["area": area, "region": "Test Region", "country": "England", "programme": "cci",
         "fieldwork_start": start, "fieldwork_end": end]
    }

    @Test func theFormRefusesADayTheCalendarLacksOnItsOwnField() async throws {
        try await WebFixture.with { fixture, client in
            let lead = try await WebSession.demo(client, .leadInspector)
            let before = try await fixture.store.inspections.inspections().count
            let cases: [(start: String, end: String, field: String, words: [String])] = [
                ("2026-02-31", "2026-03-04", "fieldwork_start", ["First day of fieldwork", "2026-02-31", "February 2026 has 28 days"]),
                ("2026-12-28", "2026-13-01", "fieldwork_end", ["Last day of fieldwork", "2026-13-01", "there is no month 13"]),
                ("2027-02-29", "2027-03-02", "fieldwork_start", ["First day of fieldwork", "2027-02-29", "February 2027 has 28 days"]),
                ("2026-03-09", "2026-03-02", "fieldwork_end", ["Fieldwork must end on or after the day it starts"]),
            ]
            for refusal in cases {
                let response = try await lead.post(client, "/inspections", Self.form(area: "Nodayton (synthetic)", start: refusal.start, end: refusal.end))
                #expect(response.status == .unprocessableContent, "\(refusal.start) to \(refusal.end)")
                let html = Web.body(response)
                #expect(html.contains("href=\"#\(refusal.field)\""), "\(refusal.start) to \(refusal.end)")
                for words in refusal.words { #expect(html.contains(words), "\(refusal.start) to \(refusal.end): \(words)") }
                // What was typed is shown again to be corrected.
                #expect(html.contains("value=\"\(refusal.start)\"") && html.contains("value=\"\(refusal.end)\""))
            }
            #expect(try await fixture.store.inspections.inspections().count == before)

            let leap = try await lead.post(client, "/inspections", Self.form(area: "Leapford (synthetic)", start: "2028-02-28", end: "2028-02-29"))
            #expect(leap.status == .seeOther)
            let created = try #require(try await fixture.store.inspections.inspections().first { $0.area.name == "Leapford (synthetic)" })
            #expect(created.fieldworkStart?.description == "2028-02-28" && created.fieldworkEnd?.description == "2028-02-29")
        }
    }

    @Test func theAPIRefusesADayTheCalendarLacksNamingTheField() async throws {
        try await WebFixture.with { fixture, client in
            let lead = try await WebSession.demo(client, .leadInspector)
            let before = try await fixture.store.inspections.inspections().count
            let cases: [(body: String, message: String)] = [
                (#"{"area": "Nodayton (synthetic)", "programme": "cci", "fieldworkStart": "2026-02-31", "fieldworkEnd": "2026-03-04"}"#,
                 "fieldworkStart: '2026-02-31' is not a date: February 2026 has 28 days"),
                (#"{"area": "Nodayton (synthetic)", "programme": "cci", "fieldworkStart": "2026-12-28", "fieldworkEnd": "2026-13-01"}"#,
                 "fieldworkEnd: '2026-13-01' is not a date: there is no month 13"),
                (#"{"area": "Nodayton (synthetic)", "programme": "cci", "fieldworkStart": "2027-02-29", "fieldworkEnd": "2027-03-01"}"#,
                 "fieldworkStart: '2027-02-29' is not a date: February 2027 has 28 days"),
            ]
            for refusal in cases {
                let response = try await lead.json(client, .post, "/api/v1/inspections", refusal.body)
                #expect(response.status == .unprocessableContent)
                let error = try #require(try Web.json(response) as? [String: [String: String]])
                #expect(error["error"]?["code"] == "invalid")
                #expect(error["error"]?["message"] == refusal.message)
            }
            #expect(try await fixture.store.inspections.inspections().count == before)

            let leap = try await lead.json(client, .post, "/api/v1/inspections",
                                           #"{"area": "Leapford (synthetic)", "programme": "cci", "fieldworkStart": "2028-02-28", "fieldworkEnd": "2028-02-29"}"#)
            #expect(leap.status == .created)
            let body = try #require(try Web.json(leap) as? [String: Any])
            #expect(body["fieldworkEnd"] as? String == "2028-02-29")
        }
    }
}
