import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import YJICore
@testable import YJIStore
@testable import YJIWeb

/// The API's OpenAPI document (Sources/YJIWeb/Public/openapi.json): it must list exactly the routes the router serves,
/// and every response the API gives must be one it documents, with a body its schema accepts.
@Suite("OpenAPI document")
struct OpenAPITests {
    // MARK: The document and the router

    @Test func documentIsOpenAPI31AndListsExactlyTheRoutesTheRouterServes() async throws {
        try await WebFixture.with { fixture, client in
            let served = try await client.execute(uri: "/api/v1/openapi.json", method: .get)
            #expect(served.status == .ok)
            #expect(served.headers[.contentType] == "application/json")
            let document = try OpenAPIDocument(data: Data(buffer: served.body))
            let version = try #require(document.json["openapi"]?.string)
            #expect(version.hasPrefix("3.1."), "openapi is \(version)")
            #expect(document.json["info"]?["title"]?.string?.isEmpty == false)
            #expect(document.json["info"]?["version"]?.string?.isEmpty == false)

            let router = try await fixture.router()
            let apiRoutes = router.routes.filter { $0.path.description.hasPrefix("/api/") }
            // A new API version needs a document of its own; this one covers /api/v1.
            #expect(apiRoutes.allSatisfy { $0.path.description.hasPrefix("/api/v1/") },
                    "routes under /api outside /api/v1: \(apiRoutes.map(\.description))")
            let registered = Set(apiRoutes.map { "\($0.method.rawValue) \(Self.normalised($0.path.description))" })
            let documented = Set(document.operations.map { "\($0.method) \(Self.normalised(document.basePath + $0.path))" })
            #expect(registered.count >= 9, "the router registers only \(registered.sorted())")
            #expect(registered.subtracting(documented).isEmpty,
                    "served under /api/v1 but not documented: \(registered.subtracting(documented).sorted())")
            #expect(documented.subtracting(registered).isEmpty,
                    "documented but not served: \(documented.subtracting(registered).sorted())")
        }
    }

    /// `/api/v1/inspections/{inspection}/` and `/api/v1//inspections/{inspection}` read as the same path.
    static func normalised(_ path: String) -> String {
        "/" + path.split(separator: "/", omittingEmptySubsequences: true).joined(separator: "/")
    }

    @Test func documentIsWellFormed() throws {
        let document = try OpenAPIDocument.source()
        let validator = document.validator

        // Every $ref resolves, and every schema uses only keywords the conformance check understands.
        for reference in document.references() {
            #expect(validator.resolve(reference) != nil, "unresolvable $ref \(reference)")
        }
        var schemas: [(String, JSONValue)] = (document.json["components"]?["schemas"]?.object ?? [:])
            .map { ("#/components/schemas/\($0.key)", $0.value) }
        for (name, response) in document.json["components"]?["responses"]?.object ?? [:] {
            if let schema = response["content"]?["application/json"]?["schema"] { schemas.append(("#/components/responses/\(name)", schema)) }
        }
        var operationIDs: [String] = []
        for (method, path) in document.operations {
            let operation = try #require(document.operation(method, path))
            let name = "\(method) \(path)"
            operationIDs.append(operation["operationId"]?.string ?? "")
            if let schema = operation["requestBody"]?["content"]?["application/json"]?["schema"] { schemas.append(("\(name) request", schema)) }

            // Path parameters: exactly the template's, each required.
            let parameters = ((document.json["paths"]?[path]?["parameters"]?.array ?? []) + (operation["parameters"]?.array ?? []))
                .map { parameter in parameter["$ref"]?.string.flatMap(validator.resolve) ?? parameter }
                .filter { $0["in"]?.string == "path" }
            let declared = Set(parameters.compactMap { $0["name"]?.string })
            let templated = Set(path.split(separator: "/").filter { $0.hasPrefix("{") && $0.hasSuffix("}") }.map { String($0.dropFirst().dropLast()) })
            #expect(declared == templated, "\(name) declares path parameters \(declared.sorted()), its path has \(templated.sorted())")
            #expect(parameters.allSatisfy { $0["required"] == .bool(true) }, "\(name): path parameters must be required")

            // Responses: three-digit statuses, each with a JSON schema.
            let responses = try #require(operation["responses"]?.object, "\(name) has no responses")
            #expect(responses.keys.contains { $0.hasPrefix("2") }, "\(name) documents no success")
            for status in responses.keys.sorted() {
                #expect(Int(status).map { (100...599).contains($0) } == true, "\(name) documents status '\(status)'")
                let response = try #require(document.response(method, path, status: Int(status) ?? 0))
                let schema = response["content"]?["application/json"]?["schema"]
                #expect(schema != nil, "\(name) \(status) has no application/json schema")
                if let schema { schemas.append(("\(name) \(status)", schema)) }
            }
            // Errors every route can give: the database outage, and anything unexpected.
            #expect(responses["503"] != nil && responses["500"] != nil, "\(name) must document 500 and 503")

            // Security: the document itself is public; everything else needs the session; writes also the CSRF header.
            let security = (operation["security"] ?? document.json["security"])?.array ?? []
            let schemes = Set(security.flatMap { $0.object?.keys.map { $0 } ?? [] })
            if path == "/openapi.json" {
                #expect(security.isEmpty, "\(name) must not require a session")
            } else if method == "GET" {
                #expect(schemes == ["cookieAuth"], "\(name) security \(schemes.sorted())")
            } else {
                #expect(schemes == ["cookieAuth", "csrfHeader"], "\(name) security \(schemes.sorted())")
                #expect(responses["403"] != nil && responses["413"] != nil, "\(name) must document the CSRF refusal and the body limit")
            }
        }
        #expect(Set(operationIDs).count == operationIDs.count && !operationIDs.contains(""), "operationIds: \(operationIDs)")
        for (name, schema) in schemas {
            #expect(validator.unsupportedKeywords(in: schema, at: name).isEmpty,
                    "keywords the conformance check does not understand: \(validator.unsupportedKeywords(in: schema, at: name))")
        }

        // Response objects are closed, so a new or renamed property fails the conformance check.
        let requestSchemas: Set<String> = ["NewInspection", "JudgementEdit"]
        for (name, schema) in document.json["components"]?["schemas"]?.object ?? [:] where !requestSchemas.contains(name) {
            #expect(schema["additionalProperties"] == .bool(false), "\(name) must set additionalProperties: false")
            #expect(schema["required"]?.array?.isEmpty == false, "\(name) must list its required properties")
        }
        let schemes = document.json["components"]?["securitySchemes"]
        #expect(schemes?["cookieAuth"]?["type"]?.string == "apiKey")
        #expect(schemes?["cookieAuth"]?["in"]?.string == "cookie")
        #expect(schemes?["cookieAuth"]?["name"]?.string == SessionCookies.session)
        #expect(schemes?["csrfHeader"]?["in"]?.string == "header")
        #expect(schemes?["csrfHeader"]?["name"]?.string == WebHeaders.csrfToken.rawName)
    }

    @Test func servedDocumentIsTheOneInTheSources() async throws {
        let source = try Data(contentsOf: OpenAPIDocument.sourceURL)
        let text = String(decoding: source, as: UTF8.self)
        // Pretty-printed with two-space indentation, one trailing newline.
        #expect(text.hasPrefix("{\n  \"openapi\""))
        #expect(text.hasSuffix("}\n") && !text.hasSuffix("\n\n"))
        #expect(!text.contains("\t"))
        let indents = text.split(separator: "\n" as Character).map { (line: Substring) -> Int in line.prefix(while: { $0 == " " }).count }
        #expect(indents.allSatisfy { $0 % 2 == 0 })
        try await WebFixture.with { _, client in
            let served = try await client.execute(uri: "/api/v1/openapi.json", method: .get)
            #expect(served.status == .ok)
            #expect(Data(buffer: served.body) == source, "the bundled openapi.json differs from Sources/YJIWeb/Public/openapi.json")
        }
    }

    // MARK: Conformance of real responses

    /// Drives every documented operation to every documented status that can be reached, and checks each response
    /// against the document: the status must be listed for the operation and the body must match its schema.
    @Test func everyResponseConformsToTheDocument() async throws {
        let document = try OpenAPIDocument.source()
        let log = ConformanceLog(document: document)

        try await WebFixture.with { fixture, client in
            try await Self.exerciseTheDemo(fixture: fixture, api: APIProbe(client: client, log: log))
        }
        try await Self.exerciseOutages(log: log)

        let checked = await log.checked
        let documented = document.documentedPairs
        #expect(checked.isSubset(of: documented))
        // The document is bundled with the application, so its own route cannot answer 404 in a test.
        let unreachable: Set<String> = ["GET /openapi.json 404"]
        #expect(documented.subtracting(checked) == unreachable,
                "documented but never exercised: \(documented.subtracting(checked).subtracting(unreachable).sorted())")
        print("OpenAPI conformance: \(document.operations.count) operations, \(checked.count) of \(documented.count) documented (operation, status) pairs validated against \(await log.responses) real responses")
    }

    /// Everything that works on the demo database.
    static func exerciseTheDemo(fixture: WebFixture, api: APIProbe) async throws {
        let anonymous = WebSession.anonymous
        let admin = try await WebSession.demo(api.client, .admin)
        let lead = try await WebSession.demo(api.client, .leadInspector)
        let inspector = try await WebSession.demo(api.client, .inspector)
        let assessor = try await WebSession.demo(api.client, .localAssessor)
        let viewer = try await WebSession.demo(api.client, .serviceViewer)
        let cci = try await fixture.inspectionID("cci")
        let sqs = try await fixture.inspectionID("sqs")
        let fji = try await fixture.inspectionID("fji")
        let sqsCase = try #require(try await fixture.store.assessment.cases(inspection: sqs).first).id
        let unknown = "999999"
        let big = "{\"note\": \"" + String(repeating: "x", count: 70 * 1024) + "\"}"

        // The document itself: public, and served with a session too.
        try await api.call(.get, "/openapi.json", as: anonymous, expect: .ok)
        try await api.call(.get, "/openapi.json", as: viewer, expect: .ok)

        // Inspections
        for session in [admin, lead, inspector, assessor, viewer] {
            try await api.call(.get, "/inspections", as: session, expect: .ok)
        }
        let viewerSees = try await api.call(.get, "/inspections", as: viewer, expect: .ok)
        #expect(viewerSees.array?.allSatisfy { $0["status"]?.string == "published" } == true)
        try await api.call(.get, "/inspections", as: anonymous, expect: .unauthorized, code: "sign-in-required")
        let me = try await api.call(.get, "/session", as: lead, expect: .ok)
        #expect(me["csrfToken"]?.string == lead.csrf && me["role"]?.string == "lead-inspector")
        try await api.call(.get, "/session", as: anonymous, expect: .unauthorized, code: "sign-in-required")

        let created = try await api.call(.post, "/inspections", as: lead, body: """
            {"area": "Testbury (synthetic)", "region": "South East", "country": "Wales", "programme": "sqs",
             "fieldworkStart": "2027-02-01", "fieldworkEnd": "2027-02-05"}
            """, expect: .created)
        #expect(created["role"]?.string == "lead-inspector")
        #expect(created["fieldworkStart"]?.string == "2027-02-01")
        let createdID = String(try #require(created["id"]?.int))
        let bare = try await api.call(.post, "/inspections", as: admin, body: #"{"area": "Nodates (synthetic)", "programme": "fji", "region": null}"#,
                                      expect: .created)
        #expect(bare["fieldworkStart"] == .null && bare["fieldworkEnd"] == .null && bare["country"]?.string == "England")
        let bareID = String(try #require(bare["id"]?.int))
        try await api.call(.post, "/inspections", as: inspector, body: #"{"area": "X", "programme": "cci"}"#, expect: .forbidden, code: "forbidden")
        try await api.call(.post, "/inspections", as: lead, body: #"{"area": "X", "programme": "cci"}"#, csrf: false, expect: .forbidden, code: "csrf")
        try await api.call(.post, "/inspections", as: anonymous, body: #"{"area": "X", "programme": "cci"}"#, expect: .unauthorized, code: "sign-in-required")
        for body in [#"{"area": "X", "programme": "nope"}"#, #"{"programme": "cci"}"#, #"{"area": " ", "programme": "cci"}"#,
                     #"{"area": "X", "programme": "cci", "fieldworkStart": "next week"}"#, #"{"area": "X", "programme": "cci", "country": "France"}"#,
                     #"{"area": 7, "programme": "cci"}"#, "not json"] {
            try await api.call(.post, "/inspections", as: lead, body: body, expect: .unprocessableContent, code: "invalid")
        }
        try await api.call(.post, "/inspections", as: lead, body: big, expect: .contentTooLarge, code: "too-large")

        for (session, id) in [(admin, cci), (lead, cci), (inspector, fji), (assessor, cci), (viewer, sqs)] {
            try await api.call(.get, "/inspections/{inspection}", ["inspection": "\(id)"], as: session, expect: .ok)
        }
        try await api.call(.get, "/inspections/{inspection}", ["inspection": createdID], as: lead, expect: .ok)
        try await api.call(.get, "/inspections/{inspection}", ["inspection": "\(cci)"], as: anonymous, expect: .unauthorized, code: "sign-in-required")
        for (session, id) in [(lead, unknown), (lead, "not-a-number"), (viewer, "\(cci)"), (lead, bareID)] {
            try await api.call(.get, "/inspections/{inspection}", ["inspection": id], as: session, expect: .notFound, code: "not-found")
        }

        // Cases
        let cases = try await api.call(.get, "/inspections/{inspection}/cases", ["inspection": "\(cci)"], as: lead, expect: .ok).array ?? []
        let mine = try await api.call(.get, "/inspections/{inspection}/cases", ["inspection": "\(cci)"], as: assessor, expect: .ok).array ?? []
        try await api.call(.get, "/inspections/{inspection}/cases", ["inspection": "\(fji)"], as: inspector, expect: .ok)
        let none = try await api.call(.get, "/inspections/{inspection}/cases", ["inspection": createdID], as: lead, expect: .ok)
        #expect(none.array?.isEmpty == true)
        try await api.call(.get, "/inspections/{inspection}/cases", ["inspection": "\(sqs)"], as: viewer, expect: .forbidden, code: "forbidden")
        try await api.call(.get, "/inspections/{inspection}/cases", ["inspection": unknown], as: lead, expect: .notFound, code: "not-found")
        try await api.call(.get, "/inspections/{inspection}/cases", ["inspection": "\(cci)"], as: anonymous, expect: .unauthorized, code: "sign-in-required")

        let assessorCases = Set(mine.compactMap { $0["id"]?.string })
        let open = try #require(cases.first { $0["stage"]?.string == "Not started" && ($0["missing"]?.array?.count ?? 0) >= 2 },
                                "no case in the demo is waiting to be assessed")
        let openCase = try #require(open["id"]?.string)
        let missing = (open["missing"]?.array ?? []).compactMap(\.string)
        let assessed = try #require(cases.first { $0["stage"]?.string == "Assessed" }?["id"]?.string)
        let notMine = try #require(cases.compactMap { $0["id"]?.string }.first { !assessorCases.contains($0) })
        let assessorCase = try #require(assessorCases.sorted().first)
        #expect(cases.contains { $0["assessedAt"] == .null } && cases.contains { $0["assessedAt"]?.string != nil })

        // Judgements
        let judged = try await api.call(.get, "/inspections/{inspection}/cases/{case}/judgements", ["inspection": "\(cci)", "case": assessed], as: lead, expect: .ok)
        #expect(judged.array?.isEmpty == false)
        try await api.call(.get, "/inspections/{inspection}/cases/{case}/judgements", ["inspection": "\(cci)", "case": openCase], as: inspector, expect: .ok)
        try await api.call(.get, "/inspections/{inspection}/cases/{case}/judgements", ["inspection": "\(cci)", "case": assessorCase], as: assessor, expect: .ok)
        try await api.call(.get, "/inspections/{inspection}/cases/{case}/judgements", ["inspection": "\(sqs)", "case": sqsCase], as: viewer,
                           expect: .forbidden, code: "forbidden")
        for (session, id, caseID) in [(assessor, "\(cci)", notMine), (lead, "\(cci)", "NO-SUCH-CASE"), (lead, unknown, assessed)] {
            try await api.call(.get, "/inspections/{inspection}/cases/{case}/judgements", ["inspection": id, "case": caseID], as: session,
                               expect: .notFound, code: "not-found")
        }
        try await api.call(.get, "/inspections/{inspection}/cases/{case}/judgements", ["inspection": "\(cci)", "case": assessed], as: anonymous,
                           expect: .unauthorized, code: "sign-in-required")

        let framework = try FrameworkCatalog.resolve("cci")
        func answer(_ questionID: String) throws -> String {
            try #require(framework.question(questionID)?.acceptedAnswers.first { $0 != "na" })
        }
        let question = missing[0], other = missing[1]
        let given = try answer(question), otherGiven = try answer(other)
        let path = "/inspections/{inspection}/cases/{case}/judgements/{question}"
        let at: [String: String] = ["inspection": "\(cci)", "case": openCase, "question": question]
        let first = try await api.call(.put, path, at, as: lead, body: #"{"answer": "\#(given)", "note": "First look.", "version": null}"#,
                                       expect: .created)
        #expect(first["version"]?.int == 1)
        let second = try await api.call(.put, path, at, as: lead, body: #"{"answer": "\#(given)", "note": "Second look.", "version": 1}"#,
                                        expect: .ok)
        #expect(second["version"]?.int == 2)
        let stale = try await api.call(.put, path, at, as: inspector, body: #"{"answer": "\#(given)", "version": 1}"#,
                                       expect: .conflict, code: "conflict")
        #expect(stale["theirs"]?["version"]?.int == 2)
        let phantom = try await api.call(.put, path, at.merging(["question": other]) { $1 }, as: lead,
                                         body: #"{"answer": "\#(otherGiven)", "version": 3}"#, expect: .conflict, code: "conflict")
        #expect(phantom["theirs"] == .null)
        for body in [#"{"answer": "maybe", "version": 2}"#, #"{"note": "no answer"}"#, #"{"answer": "yes", "version": "2"}"#, "{"] {
            try await api.call(.put, path, at, as: lead, body: body, expect: .unprocessableContent, code: "invalid")
        }
        for (session, parameters) in [(lead, at.merging(["question": "NO-SUCH-QUESTION"]) { $1 }), (lead, at.merging(["inspection": unknown]) { $1 }),
                                      (lead, at.merging(["case": "NO-SUCH-CASE"]) { $1 }), (assessor, at.merging(["case": notMine]) { $1 })] {
            try await api.call(.put, path, parameters, as: session, body: #"{"answer": "\#(given)", "version": 2}"#,
                               expect: .notFound, code: "not-found")
        }
        try await api.call(.put, path, ["inspection": "\(sqs)", "case": sqsCase, "question": question], as: viewer, body: #"{"answer": "yes"}"#,
                           expect: .forbidden, code: "forbidden")
        try await api.call(.put, path, at, as: lead, body: #"{"answer": "yes", "version": 2}"#, csrf: false, expect: .forbidden, code: "csrf")
        try await api.call(.put, path, at, as: anonymous, body: #"{"answer": "yes", "version": 2}"#, expect: .unauthorized, code: "sign-in-required")
        try await api.call(.put, path, at, as: lead, body: big, expect: .contentTooLarge, code: "too-large")

        // Marking assessed
        let assessedPath = "/inspections/{inspection}/cases/{case}/assessed"
        let incomplete = try await api.call(.post, assessedPath, ["inspection": "\(cci)", "case": openCase], as: lead,
                                            expect: .unprocessableContent, code: "incomplete")
        #expect(incomplete["missing"]?.array?.isEmpty == false)
        let done = try await api.call(.post, assessedPath, ["inspection": "\(cci)", "case": assessed], as: inspector, expect: .ok)
        #expect(done["stage"]?.string == "Assessed" && done["assessedAt"]?.string != nil)
        try await api.call(.post, assessedPath, ["inspection": "\(sqs)", "case": sqsCase], as: viewer, expect: .forbidden, code: "forbidden")
        // The SQS is published: the team's changes are refused for that, whatever they are.
        try await api.call(.post, assessedPath, ["inspection": "\(sqs)", "case": sqsCase], as: lead, expect: .conflict, code: "published")
        try await api.call(.put, path, ["inspection": "\(sqs)", "case": sqsCase, "question": question], as: lead,
                           body: #"{"answer": "yes", "version": 1}"#, expect: .conflict, code: "published")
        try await api.call(.post, assessedPath, ["inspection": "\(cci)", "case": openCase], as: lead, csrf: false, expect: .forbidden, code: "csrf")
        for (session, id, caseID) in [(assessor, "\(cci)", notMine), (lead, "\(cci)", "NO-SUCH-CASE"), (lead, unknown, assessed)] {
            try await api.call(.post, assessedPath, ["inspection": id, "case": caseID], as: session, expect: .notFound, code: "not-found")
        }
        try await api.call(.post, assessedPath, ["inspection": "\(cci)", "case": openCase], as: anonymous, expect: .unauthorized, code: "sign-in-required")
        try await api.call(.post, assessedPath, ["inspection": "\(cci)", "case": openCase], as: lead, body: big, expect: .contentTooLarge, code: "too-large")

        // Scores
        let scoresPath = "/inspections/{inspection}/scores"
        let card = try await api.call(.get, scoresPath, ["inspection": "\(cci)"], as: lead, expect: .ok)
        #expect(card["questions"]?.array?.contains { $0["options"] == .null } == true, "ExplicitNull keys must be present as null")
        try await api.call(.get, scoresPath, ["inspection": "\(sqs)"], as: viewer, expect: .ok)
        try await api.call(.get, scoresPath, ["inspection": "\(fji)"], as: inspector, expect: .ok)
        let empty = try await api.call(.get, scoresPath, ["inspection": bareID], as: admin, expect: .ok)
        #expect(empty["cases"]?["total"]?.int == 0)
        try await api.call(.get, scoresPath, ["inspection": "\(cci)"], as: assessor, expect: .forbidden, code: "forbidden")
        try await api.call(.get, scoresPath, ["inspection": "\(cci)"], as: viewer, expect: .notFound, code: "not-found")
        try await api.call(.get, scoresPath, ["inspection": unknown], as: lead, expect: .notFound, code: "not-found")
        try await api.call(.get, scoresPath, ["inspection": "\(cci)"], as: anonymous, expect: .unauthorized, code: "sign-in-required")

        // Ratings: the lead inspector decides a label in place of the proposal, then returns the score to it.
        let ratingPath = "/inspections/{inspection}/ratings/{level}/{score}"
        let cciCard = try await fixture.store.scores.scorecard(inspection: cci).1
        let rated = try #require(cciCard.criteria.first { $0.percent != nil })
        let otherLabel = try #require(framework.ratingScale(for: .criterion)?.bands.map(\.label).first { $0 != rated.computedBand })
        let ratingAt = ["inspection": "\(cci)", "level": "criterion", "score": rated.id]
        let decision = #"{"label": "\#(otherLabel)", "reason": "Synthetic: the case files told a different story."}"#
        let decided = try await api.call(.put, ratingPath, ratingAt, as: lead, body: decision, expect: .ok)
        #expect(decided["label"]?.string == otherLabel && decided["proposal"]?.string == rated.computedBand)
        #expect(decided["decision"]?["decidedBy"]?.string == DemoData.accounts.first { $0.role == .leadInspector }?.email)
        let carded = try await api.call(.get, scoresPath, ["inspection": "\(cci)"], as: inspector, expect: .ok)
        let item = carded["criteria"]?.array?.first { $0["id"]?.string == rated.id }
        #expect(item?["band"]?.string == otherLabel && item?["computedBand"]?.string == rated.computedBand && item?["ratingSource"]?.string == "decision")
        for body in [#"{"label": "splendid", "reason": "x"}"#, #"{"label": "\#(otherLabel)", "reason": " "}"#, #"{"reason": "x"}"#, "{"] {
            try await api.call(.put, ratingPath, ratingAt, as: lead, body: body, expect: .unprocessableContent, code: "invalid")
        }
        for method in [HTTPRequest.Method.put, .delete] {
            let body = method == .put ? decision : #"{"reason": "Synthetic: the proposal stands."}"#
            for parameters in [ratingAt.merging(["inspection": unknown]) { $1 }, ratingAt.merging(["level": "question"]) { $1 },
                               ratingAt.merging(["score": "9.9"]) { $1 }] {
                try await api.call(method, ratingPath, parameters, as: lead, body: body, expect: .notFound, code: "not-found")
            }
            try await api.call(method, ratingPath, ratingAt, as: inspector, body: body, expect: .forbidden, code: "forbidden")
            try await api.call(method, ratingPath, ratingAt, as: lead, body: body, csrf: false, expect: .forbidden, code: "csrf")
            try await api.call(method, ratingPath, ratingAt, as: anonymous, body: body, expect: .unauthorized, code: "sign-in-required")
            try await api.call(method, ratingPath, ["inspection": "\(sqs)", "level": "section", "score": "1"], as: lead, body: body,
                               expect: .conflict, code: "published")
            try await api.call(method, ratingPath, ratingAt, as: lead, body: big, expect: .contentTooLarge, code: "too-large")
        }
        try await api.call(.delete, ratingPath, ratingAt, as: lead, body: #"{"reason": " "}"#, expect: .unprocessableContent, code: "invalid")
        let withdrawn = try await api.call(.delete, ratingPath, ratingAt, as: lead, body: #"{"reason": "Synthetic: the proposal stands."}"#,
                                           expect: .ok)
        #expect(withdrawn["label"]?.string == rated.computedBand && withdrawn["decision"] == .null)
        try await api.call(.delete, ratingPath, ratingAt, as: lead, body: #"{"reason": "Again."}"#, expect: .notFound, code: "not-found")

        // A judgement that does not score (written behind the store's back) makes the scorecard refuse with 422.
        try await fixture.store.transaction { db in
            let key = try #require(try await fixture.store.assessment.caseKeys(db, inspection: cci, caseRef: assessed)[assessed])
            try await db.raw("""
                INSERT INTO judgements (inspection_id, case_id, question_id, answer, answer_option, assessor, note, version, updated_at, updated_by)
                VALUES (\(bind: cci), \(bind: key), 'NO-SUCH-QUESTION', 'yes', NULL, 'test', '', 1, '2026-01-01T00:00:00Z', 'test')
                """).run()
        }
        try await api.call(.get, scoresPath, ["inspection": "\(cci)"], as: lead, expect: .unprocessableContent, code: "invalid")
    }

    /// 503 when the database cannot be opened, 500 when it answers with something unexpected: every operation, called
    /// with a session cookie (so that even the public document looks the session up).
    static func exerciseOutages(log: ConformanceLog) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("yji-openapi-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("yji.sqlite").path
        try FileManager.default.copyItem(atPath: try await DemoTemplate.shared.file(), toPath: path)
        let fixture = WebFixture(store: try await Store.open(.sqlite(path: path)), configuration: WebFixture.testConfiguration, path: path)
        let away = folder.path + ".away"
        defer {
            try? FileManager.default.removeItem(atPath: away)
            try? FileManager.default.removeItem(at: folder)
        }
        let cci = String(try await fixture.inspectionID("cci"))
        let caseID = try #require(try await fixture.store.assessment.cases(inspection: Int(cci)!).first).id
        let parameters = ["inspection": cci, "case": caseID, "question": "NO-SUCH-QUESTION", "level": "section", "score": "1"]
        let bodies = ["/inspections": #"{"area": "X", "programme": "cci"}"#,
                      "/inspections/{inspection}/cases/{case}/judgements/{question}": #"{"answer": "yes"}"#]

        try await Application(router: try await fixture.router()).test(.router) { client in
            let api = APIProbe(client: client, log: log)
            let lead = try await WebSession.demo(client, .leadInspector)
            func everyOperation(expect status: HTTPResponse.Status, code: String) async throws {
                for (method, path) in log.document.operations {
                    try await api.call(HTTPRequest.Method(method)!, path, parameters, as: lead, body: bodies[path], expect: status, code: code)
                }
            }
            // The database's folder is gone: no connection can be opened.
            try FileManager.default.moveItem(atPath: folder.path, toPath: away)
            try await everyOperation(expect: .serviceUnavailable, code: "unavailable")
            // An empty database where yji's was: every query fails in a way yji does not expect.
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false)
            FileManager.default.createFile(atPath: path, contents: Data())
            try await everyOperation(expect: .internalServerError, code: "internal")
            try FileManager.default.removeItem(at: folder)
            try FileManager.default.moveItem(atPath: away, toPath: folder.path)
            // And back: the same session works again.
            try await api.call(.get, "/inspections", as: lead, expect: .ok)
        }
        await fixture.remove()
    }

    // MARK: The check itself

    /// A status the document does not list for an operation fails the check, whatever the body.
    @Test func anUndocumentedStatusOrBodyFailsTheCheck() async throws {
        let document = try OpenAPIDocument.source()
        try await WebFixture.with { _, client in
            let response = try await client.execute(uri: "/api/v1/inspections", method: .get)
            #expect(response.status == .unauthorized)
            let body = Data(buffer: response.body)
            let contentType = response.headers[.contentType]
            #expect(document.problems("GET", "/inspections", status: 401, contentType: contentType, body: body).isEmpty)

            // The same real response against a document that no longer lists 401 for the operation.
            let trimmed = document.removing(["paths", "/inspections", "get", "responses", "401"])
            let undocumented = trimmed.problems("GET", "/inspections", status: 401, contentType: contentType, body: body)
            #expect(undocumented.count == 1 && undocumented.first?.contains("does not list") == true, "\(undocumented)")
            // A status no operation lists, and an operation the document does not have.
            #expect(document.problems("GET", "/inspections", status: 418, contentType: contentType, body: body).first?.contains("does not list") == true)
            #expect(document.problems("DELETE", "/inspections", status: 401, contentType: contentType, body: body).first?.contains("not in the document") == true)
            // A documented status with the wrong body, or the wrong content type.
            #expect(!document.problems("GET", "/inspections", status: 200, contentType: contentType, body: body).isEmpty)
            #expect(!document.problems("GET", "/inspections", status: 401, contentType: "text/html", body: body).isEmpty)
            #expect(!document.problems("GET", "/inspections", status: 401, contentType: contentType, body: Data("<html>".utf8)).isEmpty)
        }
    }

    @Test func validatorReportsMissingPropertiesAndWrongTypesWithTheirPaths() throws {
        let schema = try JSONValue(data: Data("""
            {"type": "object", "required": ["id", "tags", "score"], "additionalProperties": false,
             "properties": {"id": {"type": "integer", "minimum": 1}, "tags": {"type": "array", "items": {"type": "string"}},
                            "score": {"type": ["integer", "null"]}, "kind": {"enum": ["a", "b"]},
                            "child": {"$ref": "#/$defs/child"}},
             "$defs": {"child": {"type": "object", "required": ["name"], "properties": {"name": {"type": "string"}}}}}
            """.utf8))
        // `$defs` is only a home for the `$ref` target here; the validator reads it through the reference.
        let validator = JSONSchemaValidator(root: schema)
        func problems(_ json: String) throws -> [String] {
            let object = try #require(schema.object)
            return validator.validate(try JSONValue(data: Data(json.utf8)), against: .object(object.filter { $0.key != "$defs" })).map(\.description)
        }
        #expect(try problems(#"{"id": 1, "tags": ["x"], "score": null, "kind": "a", "child": {"name": "n"}}"#).isEmpty)
        #expect(try problems(#"{"id": 1, "tags": []}"#) == ["$: required property 'score' is missing"])
        #expect(try problems(#"{"id": "1", "tags": [], "score": 2}"#) == [#"$.id: expected integer, found string "1""#])
        #expect(try problems(#"{"id": 1, "tags": ["x", 2], "score": 2.5}"#) == [
            "$.score: expected integer or null, found number 2.5", "$.tags[1]: expected string, found integer 2",
        ])
        #expect(try problems(#"{"id": 0, "tags": [], "score": 1, "kind": "c", "extra": true, "child": {}}"#) == [
            "$.child: required property 'name' is missing", "$.extra: property 'extra' is not allowed",
            "$.id: 0 is less than the minimum 1", #"$.kind: "c" is not one of "a", "b""#,
        ])
        #expect(try problems("[]") == ["$: expected object, found array []"])

        // Keywords it does not check are reported rather than silently passed.
        let pattern = validator.validate(.string("x"), against: .object(["type": .string("string"), "pattern": .string("^y")]))
        #expect(pattern.map(\.description) == ["$: unsupported schema keyword 'pattern'"])
        let dangling = validator.validate(.null, against: .object(["$ref": .string("#/components/schemas/Nothing")]))
        #expect(dangling.count == 1)

        // Against the document: oneOf picks exactly one of the 422 shapes of the assessed operation.
        let document = try OpenAPIDocument.source()
        let unprocessable = try #require(document.response("POST", "/inspections/{inspection}/cases/{case}/assessed", status: 422)?["content"]?["application/json"]?["schema"])
        func check(_ json: String) throws -> [SchemaProblem] {
            document.validator.validate(try JSONValue(data: Data(json.utf8)), against: unprocessable)
        }
        #expect(try check(#"{"error": {"code": "incomplete", "message": "2 questions"}, "missing": ["q1"]}"#).isEmpty)
        #expect(try check(#"{"error": {"code": "invalid", "message": "no boundary"}}"#).isEmpty)
        #expect(try check(#"{"error": {"code": "incomplete", "message": "2 questions"}}"#).count == 1)
        #expect(try check(#"{"error": {"code": "invalid"}, "missing": []}"#).count == 1)
        let judgement = JSONValue.object(["$ref": .string("#/components/schemas/Judgement")])
        let wrong = document.validator.validate(try JSONValue(data: Data(#"{"caseId": "C1", "questionId": "q", "answer": "yes", "note": "", "version": "2", "updatedAt": "t"}"#.utf8)),
                                                against: judgement).map(\.description)
        #expect(wrong == ["$: required property 'updatedBy' is missing", #"$.version: expected integer, found string "2""#])
    }
}

// MARK: - Support

/// yji's OpenAPI document, with the look-ups the tests need.
struct OpenAPIDocument: Sendable {
    static let methods = ["get", "put", "post", "delete", "patch", "head", "options", "trace"]
    static var sourceURL: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/YJIWeb/Public/openapi.json")
    }

    let json: JSONValue

    init(json: JSONValue) { self.json = json }
    init(data: Data) throws { json = try JSONValue(data: data) }

    /// The document as checked in.
    static func source() throws -> OpenAPIDocument { try OpenAPIDocument(data: Data(contentsOf: sourceURL)) }

    var validator: JSONSchemaValidator { JSONSchemaValidator(root: json) }
    /// The path of the first server, which the document's paths are relative to.
    var basePath: String { json["servers"]?.array?.first?["url"]?.string ?? "" }

    /// Every operation: upper-case method and the path as the document writes it.
    var operations: [(method: String, path: String)] {
        (json["paths"]?.object ?? [:]).flatMap { path, item in Self.methods.filter { item[$0] != nil }.map { (method: $0.uppercased(), path: path) } }
            .sorted { ($0.path, $0.method) < ($1.path, $1.method) }
    }

    func operation(_ method: String, _ path: String) -> JSONValue? { json["paths"]?[path]?[method.lowercased()] }

    /// The response an operation documents for a status, `$ref` followed; nil when the status is not listed.
    func response(_ method: String, _ path: String, status: Int) -> JSONValue? {
        guard let response = operation(method, path)?["responses"]?["\(status)"] else { return nil }
        return response["$ref"]?.string.flatMap(validator.resolve) ?? response
    }

    /// Every documented (operation, status) pair, as "METHOD path status".
    var documentedPairs: Set<String> {
        Set(operations.flatMap { method, path in
            (operation(method, path)?["responses"]?.object ?? [:]).keys.map { "\(method) \(path) \($0)" }
        })
    }

    /// Every `$ref` in the document.
    func references() -> [String] {
        func walk(_ value: JSONValue) -> [String] {
            switch value {
            case .object(let members): (members["$ref"]?.string.map { [$0] } ?? []) + members.values.flatMap(walk)
            case .array(let items): items.flatMap(walk)
            default: []
            }
        }
        return walk(json)
    }

    /// A copy without the member at `keys`.
    func removing(_ keys: [String]) -> OpenAPIDocument {
        func remove(_ value: JSONValue, _ keys: ArraySlice<String>) -> JSONValue {
            guard let key = keys.first, case .object(var members) = value else { return value }
            if keys.count == 1 { members[key] = nil } else if let inner = members[key] { members[key] = remove(inner, keys.dropFirst()) }
            return .object(members)
        }
        return OpenAPIDocument(json: remove(json, keys[...]))
    }

    /// What is wrong with one response of an operation: an operation or status the document does not list, or a
    /// content type or body other than the one it documents. Empty when the response conforms.
    func problems(_ method: String, _ path: String, status: Int, contentType: String?, body: Data) -> [String] {
        let name = "\(method) \(path)"
        guard operation(method, path) != nil else { return ["\(name) is not in the document"] }
        guard let response = response(method, path, status: status) else {
            return ["\(name) answered \(status), a status the document does not list for it: \(String(decoding: body.prefix(300), as: UTF8.self))"]
        }
        guard let content = response["content"]?.object, !content.isEmpty else {
            return body.isEmpty ? [] : ["\(name) \(status): the document gives no body, the response has \(body.count) bytes"]
        }
        guard let schema = content["application/json"]?["schema"] else { return ["\(name) \(status): no application/json schema in the document"] }
        var problems: [String] = []
        if contentType?.lowercased().hasPrefix("application/json") != true {
            problems.append("\(name) \(status): Content-Type is \(contentType ?? "missing"), the document says application/json")
        }
        guard let value = try? JSONValue(data: body) else {
            return problems + ["\(name) \(status): the body is not JSON: \(String(decoding: body.prefix(200), as: UTF8.self))"]
        }
        return problems + validator.validate(value, against: schema).map { "\(name) \(status): \($0)" }
    }
}

/// The (operation, status) pairs checked so far.
actor ConformanceLog {
    let document: OpenAPIDocument
    private(set) var checked: Set<String> = []
    /// How many responses were checked.
    private(set) var responses = 0

    init(document: OpenAPIDocument) { self.document = document }

    func check(_ method: String, _ path: String, status: Int, contentType: String?, body: Data) -> [String] {
        responses += 1
        if document.response(method, path, status: status) != nil { checked.insert("\(method) \(path) \(status)") }
        return document.problems(method, path, status: status, contentType: contentType, body: body)
    }
}

/// Calls the API by the document's paths and checks every response against the document.
struct APIProbe: Sendable {
    let client: any TestClientProtocol
    let log: ConformanceLog

    func uri(_ path: String, _ parameters: [String: String]) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        var uri = log.document.basePath + path
        for (name, value) in parameters {
            uri = uri.replacingOccurrences(of: "{\(name)}", with: value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value)
        }
        return uri
    }

    /// Calls an operation as a session (JSON body and CSRF header for writes, as yji.js sends them).
    @discardableResult
    func call(_ method: HTTPRequest.Method, _ path: String, _ parameters: [String: String] = [:], as session: WebSession,
              body: String? = nil, csrf: Bool = true, expect status: HTTPResponse.Status, code: String? = nil,
              sourceLocation: SourceLocation = #_sourceLocation) async throws -> JSONValue {
        let uri = uri(path, parameters)
        let response = method == .get
            ? try await session.get(client, uri)
            : try await session.json(client, method, uri, body, csrf: csrf)
        return await record(response, method, path, uri: uri, requestBody: body, expect: status, code: code, sourceLocation)
    }

    /// Calls an operation with exactly these headers.
    @discardableResult
    func send(_ method: HTTPRequest.Method, _ path: String, _ parameters: [String: String] = [:], headers: HTTPFields, body: String? = nil,
              expect status: HTTPResponse.Status, code: String? = nil, sourceLocation: SourceLocation = #_sourceLocation) async throws -> JSONValue {
        let uri = uri(path, parameters)
        let response = try await client.execute(uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) })
        return await record(response, method, path, uri: uri, requestBody: body, expect: status, code: code, sourceLocation)
    }

    private func record(_ response: TestResponse, _ method: HTTPRequest.Method, _ path: String, uri: String, requestBody: String?,
                        expect status: HTTPResponse.Status, code: String?, _ sourceLocation: SourceLocation) async -> JSONValue {
        let data = Data(buffer: response.body)
        #expect(response.status == status, "\(method) \(uri) answered \(response.status.code): \(String(decoding: data.prefix(300), as: UTF8.self))",
                sourceLocation: sourceLocation)
        for problem in await log.check(method.rawValue, path, status: Int(response.status.code), contentType: response.headers[.contentType], body: data) {
            Issue.record("\(problem)", sourceLocation: sourceLocation)
        }
        let value = (try? JSONValue(data: data)) ?? .null
        if let code {
            #expect(value["error"]?["code"]?.string == code, "\(method) \(uri): error code", sourceLocation: sourceLocation)
        }
        // What the tests send on success must be what the document asks clients to send.
        if (200..<300).contains(Int(response.status.code)), let requestBody,
           let schema = log.document.operation(method.rawValue, path)?["requestBody"]?["content"]?["application/json"]?["schema"] {
            let sent = (try? JSONValue(data: Data(requestBody.utf8))) ?? .null
            for problem in log.document.validator.validate(sent, against: schema, at: "request") {
                Issue.record("\(method) \(path) request body: \(problem)", sourceLocation: sourceLocation)
            }
        }
        return value
    }
}
