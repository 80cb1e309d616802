import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import YJICore
import YJIStore
@testable import YJIWeb

@Suite("Inspection set-up, sampling and allocation pages")
struct SetupTests {
    /// A multipart body with text fields and one file, as a browser sends it.
    static func multipart(_ fields: [String: String], file: (field: String, name: String, text: String)) -> (String, String) {
        let boundary = "yji-test-boundary-7d1f"
        var body = ""
        for (name, value) in fields.sorted(by: { $0.key < $1.key }) {
            body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n"
        }
        body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(file.field)\"; filename=\"\(file.name)\"\r\n"
        body += "Content-Type: text/csv\r\n\r\n\(file.text)\r\n--\(boundary)--\r\n"
        return ("multipart/form-data; boundary=\(boundary)", body)
    }

    static func upload(_ client: any TestClientProtocol, _ session: WebSession, inspection: Int, csv: String, name: String = "caseload.csv") async throws -> TestResponse {
        let (type, body) = multipart(["csrf": session.csrf], file: ("caseload", name, csv))
        var headers = session.headers
        headers[.contentType] = type
        return try await client.execute(uri: "/inspections/\(inspection)/caseload", method: .post, headers: headers, body: ByteBuffer(string: body))
    }

    @Test func leadCreatesAnInspectionThenSamplesAndAllocates() async throws {
        try await WebFixture.with { fixture, client in
            let lead = try await WebSession.demo(client, .leadInspector)
            let refused = try await lead.post(client, "/inspections", ["area": "", "programme": "cci", "fieldwork_start": "2026-12-07"])
            #expect(refused.status == .unprocessableContent)
            let refusedHTML = Web.body(refused)
            #expect(refusedHTML.contains("href=\"#area\""))
            #expect(refusedHTML.contains("Enter both fieldwork dates"))

            let created = try await lead.post(client, "/inspections", [
                "area": "Testbridge (synthetic)", "region": "Test Region", "country": "England", "programme": "cci",
                "fieldwork_start": "2026-12-07", "fieldwork_end": "2026-12-10",
            ])
            #expect(created.status == .seeOther)
            let location = try #require(created.headers[.location])
            let id = try #require(Int(location.split(separator: "/").last.map(String.init) ?? ""))
            let tasks = Web.body(try await lead.get(client, location))
            #expect(tasks.contains("Caseload and sample"))
            #expect(tasks.contains("Cannot start yet"))

            #expect(try await lead.post(client, "/inspections/\(id)/team", ["email": "inspector@demo.yji.invalid", "role": "inspector"]).status == .seeOther)
            let unknown = try await lead.post(client, "/inspections/\(id)/team", ["email": "nobody@demo.yji.invalid", "role": "inspector"])
            #expect(unknown.status == .unprocessableContent)
            #expect(Web.body(unknown).contains("No user with email nobody@demo.yji.invalid"))

            // A caseload with a bad row is refused whole, with the file, line and field named.
            let asOf = CalendarDate(year: 2026, month: 11, day: 20)!
            var csv = CaseloadFile.write(SyntheticCaseload.make(count: 120, seed: 3, asOf: asOf))
            let bad = csv.replacingOccurrences(of: "\n", with: "\nBROKEN,row\n", options: [], range: csv.range(of: "\n"))
            let badUpload = try await Self.upload(client, lead, inspection: id, csv: bad, name: "bad-caseload.csv")
            #expect(badUpload.status == .unprocessableContent)
            #expect(Web.body(badUpload).contains("bad-caseload.csv:2"))
            #expect(try await fixture.store.sampling.caseloadSummary(inspection: id) == nil)

            #expect(try await Self.upload(client, lead, inspection: id, csv: csv).status == .seeOther)
            #expect(try await fixture.store.sampling.caseloadSummary(inspection: id) == 120)
            csv = ""
            let tooSmall = try await lead.post(client, "/inspections/\(id)/sample", ["as_of": "2026-11-20", "size": "10", "seed": "4"])
            #expect(tooSmall.status == .unprocessableContent)
            #expect(Web.body(tooSmall).contains("below the programme&#39;s minimum of 38"))
            #expect(Web.body(tooSmall).contains(##"<a href="#size">A sample of 10 is below"##), "the size refusal reaches the size field")
            let drawn = try await lead.post(client, "/inspections/\(id)/sample", ["as_of": "2026-11-20", "size": "", "seed": "4"])
            #expect(drawn.status == .seeOther)
            let sample = try #require(try await fixture.store.sampling.sample(inspection: id))
            #expect(sample.selected.count >= 38, "the CCI rule samples at least 38 cases")
            let samplePage = Web.body(try await lead.get(client, "/inspections/\(id)/sample"))
            #expect(samplePage.contains(sample.selected[0].caseID))

            let noReason = try await lead.post(client, "/inspections/\(id)/sample/replace", ["case": sample.selected[0].caseID])
            #expect(noReason.status == .unprocessableContent)
            // A replacement is shown first (nothing changes), then confirmed with the preview's fingerprint.
            let check = try await lead.post(client, "/inspections/\(id)/sample/replace",
                                            ["case": sample.selected[0].caseID, "reason": "case transferred out"])
            #expect(check.status == .ok)
            #expect(try await fixture.store.sampling.sample(inspection: id) == sample)
            let fingerprint = try #require(BulkConfirmTests.fingerprint(in: Web.body(check)))
            #expect(try await lead.post(client, "/inspections/\(id)/sample/replace",
                                        ["case": sample.selected[0].caseID, "reason": "case transferred out", "confirm": "yes",
                                         "fingerprint": fingerprint]).status == .seeOther)
            #expect(try await fixture.store.sampling.sample(inspection: id)?.caseIDs.contains(sample.selected[0].caseID) == false)

            let allocate = try await client.execute(
                uri: "/inspections/\(id)/allocation", method: .post,
                headers: lead.headers.merging(contentType: "application/x-www-form-urlencoded"),
                body: ByteBuffer(string: "csrf=\(lead.csrf)&assessor=lead%40demo.yji.invalid&assessor=inspector%40demo.yji.invalid&slots_per_day=3"))
            #expect(allocate.status == .seeOther)
            let plan = try #require(try await fixture.store.sampling.allocation(inspection: id))
            #expect(Set(plan.allocations.map(\.assessor)) == ["Demo Lead Inspector", "Demo Inspector"])
            let moved = try #require(plan.allocations.first { $0.assessor == "Demo Inspector" })
            #expect(try await lead.post(client, "/inspections/\(id)/allocation/reassign",
                                        ["case": moved.caseID, "to": "Demo Lead Inspector", "reason": "inspector on leave"]).status == .seeOther)
            #expect(try await fixture.store.sampling.allocation(inspection: id)?.allocations.first { $0.caseID == moved.caseID }?.assessor == "Demo Lead Inspector")

            // The inspector now finds their cases under "My cases".
            let inspector = try await WebSession.demo(client, .inspector)
            let mine = Web.body(try await inspector.get(client, "/my-cases"))
            #expect(mine.contains("Testbridge (synthetic) CCI"))
        }
    }

    @Test func oversizedFormsAreRefusedWith413() async throws {
        try await WebFixture.with { fixture, client in
            let lead = try await WebSession.demo(client, .leadInspector)
            let huge = String(repeating: "a", count: 80 * 1024)
            let response = try await lead.post(client, "/inspections", ["area": huge, "programme": "cci"])
            #expect(response.status == .contentTooLarge)
            #expect(try await fixture.store.inspections.inspections().count == 3)
            let cci = try await fixture.inspectionID("cci")
            var headers = lead.headers
            headers[.contentType] = "multipart/form-data"
            let noBoundary = try await client.execute(uri: "/inspections/\(cci)/caseload", method: .post, headers: headers,
                                                      body: ByteBuffer(string: "csrf=\(lead.csrf)"))
            #expect(noBoundary.status == .unprocessableContent)
        }
    }

    @Test func errorPagesSayWhatWentWrongWithoutInternals() async throws {
        try await WebFixture.with { fixture, client in
            let admin = try await WebSession.demo(client, .admin)
            let missing = try await admin.get(client, "/inspections/424242")
            #expect(missing.status == .notFound)
            let html = Web.body(missing)
            #expect(html.contains("Page not found"))
            for leak in ["SELECT", "sqlite", "Swift", ".swift", "Error("] { #expect(!html.contains(leak)) }
            let api = try await admin.get(client, "/api/v1/inspections/424242")
            #expect((try Web.json(api) as? [String: [String: String]])?["error"]?["code"] == "not-found")
        }
    }

    @Test func healthAndMetrics() async throws {
        try await WebFixture.with { fixture, client in
            let health = try await client.execute(uri: "/health", method: .get)
            #expect(health.status == .ok)
            #expect(Web.body(health).contains(#""database":"reachable""#))
            _ = try await client.execute(uri: "/sign-in", method: .get)
            let metrics = Web.body(try await client.execute(uri: "/metrics", method: .get))
            #expect(metrics.contains("hb_requests") || metrics.contains("http_server_request_duration"))
            #expect(metrics.contains("# TYPE"))
        }
    }

    @Test func adminAddsAUser() async throws {
        try await WebFixture.with { fixture, client in
            let admin = try await WebSession.demo(client, .admin)
            let short = try await admin.post(client, "/users", ["email": "new@demo.yji.invalid", "role": "inspector", "password": "short"])
            #expect(short.status == .unprocessableContent)
            #expect(Web.body(short).contains("at least 10 characters"))
            let added = try await admin.post(client, "/users", ["email": "new@demo.yji.invalid", "name": "New Inspector",
                                                               "role": "inspector", "password": "a-long-enough-password"])
            #expect(added.status == .seeOther)
            let session = try await WebSession.signIn(client, email: "new@demo.yji.invalid", password: "a-long-enough-password")
            #expect(try await session.get(client, "/inspections").status == .ok)
        }
    }
}

extension HTTPFields {
    func merging(contentType: String) -> HTTPFields {
        var fields = self
        fields[.contentType] = contentType
        return fields
    }
}
