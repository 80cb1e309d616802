#!/usr/bin/env python3
"""One end-to-end journey through yji in headless Chromium, with axe-core on every page.

The lead inspector creates a CCI inspection, adds the demo inspector to its team, imports a synthetic
caseload, draws the sample and allocates it; the inspector then assesses one allocated case to the end and
checks that the inspection's scoring summary moved. Nothing typed is lost: an evidence note typed after its answer
autosaves and survives leaving the page, and in the report editor one box saves on its own while another keeps its
unsaved typing (and leaving warns). Changing an earlier answer on the assessed case asks before answers are set aside,
and the case then goes back to in progress with a notice on My cases. Every page the browser lands on is checked with axe-core
against WCAG 2.0, 2.1 and 2.2 A/AA; the run fails on the first broken step, or at the end if axe found anything.

Run it through Tests/browser/run.sh, which starts a server on a fresh demo database; by hand:

    python3 Tests/browser/journey.py --base-url http://127.0.0.1:8080 \
        --caseload /tmp/gen/caseload.csv --as-of 2026-03-02
"""

import argparse
import datetime
import json
import os
import re
import sys
import tempfile
import time
import traceback
from urllib.parse import urlsplit

from axe_selenium_python import Axe
from selenium import webdriver
from selenium.common.exceptions import TimeoutException, WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

LEAD = ("lead@demo.yji.invalid", "demo-lead-password")
INSPECTOR = ("inspector@demo.yji.invalid", "demo-inspector-password")
INSPECTOR_NAME = "Demo Inspector"

# The rule sets the journey holds every page to.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

# Generous, for a debug build of the server on a two-core machine; every wait returns as soon as its
# condition holds, so a healthy run never sits one out.
WAIT_SECONDS = 20


class JourneyFailure(Exception):
    """A step did not do what a person would expect; the message says what was seen."""


class Browser:
    """The Chromium session plus the helpers a journey step needs: go, click, fill, wait, and check with axe."""

    def __init__(self, base_url, artifacts):
        self.base_url = base_url.rstrip("/")
        self.artifacts = artifacts
        options = webdriver.ChromeOptions()
        options.binary_location = "/usr/bin/chromium"
        for argument in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                         "--window-size=1280,900"]:
            options.add_argument(argument)
        # Debian's driver, named explicitly: otherwise Selenium Manager tries to download one.
        self.driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
        self.wait = WebDriverWait(self.driver, WAIT_SECONDS)
        self.axe = Axe(self.driver)
        self.axe_version = None
        self.pages_checked = set()    # distinct pages: (path without query or fragment, title)
        self.violations = []          # (path, rule id, impact, help, [target selectors])
        self.needs_review = {}        # rule id -> paths where axe could not decide ("incomplete")
        self.started = time.monotonic()

    # Navigation -----------------------------------------------------------------------------------------------

    def path(self):
        return urlsplit(self.driver.current_url).path

    def get(self, path):
        """Goes to a page by address, as typing it would, and checks it."""
        self.driver.get(self.base_url + path)
        self.landed()

    def landed(self):
        """Called once a new page has loaded: waits for it to be complete, refuses error pages, runs axe."""
        self.wait.until(lambda d: d.execute_script("return document.readyState") == "complete")
        title = self.driver.title
        # Error pages (403, 404, 500...) use the error template, whose title is the error, not a page name.
        if self.driver.find_elements(By.CSS_SELECTOR, "main p.lead") and "Go to the start page" in self.driver.page_source:
            raise JourneyFailure(f"{self.path()} is an error page: {title!r}: {self.text('main')}")
        self.check_accessibility()

    def submit(self, button):
        """Clicks a button or link that loads a new page, and waits for that page rather than sleeping."""
        # The old document is marked and the wait is for a complete document without the mark. (Selenium's
        # staleness_of is not used: while a page unloads, chromedriver sometimes answers its probe with an
        # "unknown error" about a detached node instead of "stale element", and the wait would give up.)
        label = " ".join(button.text.split())
        self.driver.execute_script("window.yjiJourneyOldPage = true;")
        self.click(button)
        try:
            # Scripts sent while the browser swaps documents can fail; they are simply tried again.
            WebDriverWait(self.driver, WAIT_SECONDS, ignored_exceptions=(WebDriverException,)).until(
                lambda d: d.execute_script("return !window.yjiJourneyOldPage && document.readyState === 'complete';"))
        except TimeoutException:
            raise JourneyFailure(f"{self.path()}: no new page within {WAIT_SECONDS}s of clicking {label!r}") from None
        self.landed()

    def click(self, element):
        # The case form's sticky action bar can sit on top of an element near the bottom of the window;
        # centring the element first makes the click land on it, as a person would scroll to it.
        self.driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", element)
        element.click()

    def button(self, label):
        return self.find(By.XPATH, f"//button[normalize-space()='{label}']")

    def link(self, text):
        return self.find(By.XPATH, f"//a[normalize-space()='{text}']")

    def find(self, by, selector):
        try:
            return self.wait.until(EC.presence_of_element_located((by, selector)))
        except TimeoutException:
            raise JourneyFailure(f"{self.path()}: no element {selector!r} on the page {self.driver.title!r}") from None

    def text(self, selector):
        return " ".join(self.driver.find_element(By.CSS_SELECTOR, selector).text.split())

    def fill(self, element_id, value):
        field = self.find(By.ID, element_id)
        field.clear()
        field.send_keys(value)

    def set_date(self, element_id, iso_date):
        # Typing into <input type=date> depends on the browser's locale (mm/dd/yyyy or dd/mm/yyyy); setting
        # the value the way the date picker does, with the events it sends, is the same for every locale.
        field = self.find(By.ID, element_id)
        self.driver.execute_script(
            "arguments[0].value = arguments[1];"
            "arguments[0].dispatchEvent(new Event('input', {bubbles: true}));"
            "arguments[0].dispatchEvent(new Event('change', {bubbles: true}));", field, iso_date)
        if field.get_attribute("value") != iso_date:
            raise JourneyFailure(f"{self.path()}: date field {element_id} did not take {iso_date}")

    def expect_no_error_summary(self, doing):
        summaries = self.driver.find_elements(By.CSS_SELECTOR, ".error-summary")
        if summaries:
            raise JourneyFailure(f"{doing}: {self.path()} shows an error summary: {' '.join(summaries[0].text.split())}")

    def expect_path(self, pattern, doing):
        if not re.fullmatch(pattern, self.path()):
            raise JourneyFailure(f"{doing}: expected a page matching {pattern}, got {self.driver.current_url} "
                                 f"({self.driver.title!r})")
        return re.fullmatch(pattern, self.path())

    # Accessibility ----------------------------------------------------------------------------------------------

    def check_accessibility(self):
        """Runs axe-core on the page as it is now and keeps any violations with the page they were on."""
        self.axe.inject()
        results = self.axe.run(options=json.dumps({"runOnly": {"type": "tag", "values": AXE_TAGS}}))
        self.axe_version = results.get("testEngine", {}).get("version", self.axe_version)
        if tuple(int(part) for part in re.findall(r"\d+", self.axe_version or "0")[:2]) < (4, 7):
            # Older axe-core has no rules tagged wcag22aa and few wcag21aa ones: a pass would mean little.
            raise JourneyFailure(f"axe-core {self.axe_version} is too old for WCAG 2.2 checks; "
                                 "install Tests/browser/requirements.txt")
        path = self.path()
        # A form shown again after a refused POST has the address it was posted to (the new-inspection form
        # with errors is at /inspections), so a page is its path and its title.
        self.pages_checked.add((path, self.driver.title))
        for violation in results["violations"]:
            targets = [", ".join(node["target"]) if isinstance(node["target"], list) else str(node["target"])
                       for node in violation["nodes"]]
            finding = (path, violation["id"], violation.get("impact") or "unknown", violation["help"], targets)
            if finding not in self.violations:
                self.violations.append(finding)
        for unsure in results.get("incomplete", []):
            self.needs_review.setdefault(unsure["id"], set()).add(path)

    def accessibility_report(self):
        lines = []
        for path, rule, impact, help_text, targets in self.violations:
            lines.append(f"  {self.base_url}{path}: {rule} ({impact}): {help_text}")
            for target in targets:
                lines.append(f"      {target}")
        return "\n".join(lines)

    # Reporting --------------------------------------------------------------------------------------------------

    def step(self, message):
        print(f"[{time.monotonic() - self.started:6.1f}s] {message}", flush=True)

    def save_evidence(self, name):
        """On failure: a screenshot and the HTML of the page the browser was on, for the person reading the log."""
        os.makedirs(self.artifacts, exist_ok=True)
        png = os.path.join(self.artifacts, f"{name}.png")
        html = os.path.join(self.artifacts, f"{name}.html")
        try:
            self.driver.save_screenshot(png)
            with open(html, "w", encoding="utf-8") as f:
                f.write(self.driver.page_source)
            print(f"  page at failure: {self.driver.current_url}; saved {png} and {html}", file=sys.stderr)
        except Exception as error:  # the browser itself may be what failed
            print(f"  could not save the page at failure: {error}", file=sys.stderr)

    def quit(self):
        self.driver.quit()


# The journey's steps ------------------------------------------------------------------------------------------

def sign_in(b, account):
    email, password = account
    b.get("/sign-in")
    b.fill("email", email)
    b.fill("password", password)
    b.submit(b.button("Sign in"))
    b.expect_no_error_summary(f"signing in as {email}")
    if b.path() == "/sign-in":
        raise JourneyFailure(f"signing in as {email} stayed on the sign-in page")
    b.step(f"signed in as {email}; landed on {b.path()}")


def sign_out(b):
    b.submit(b.button("Sign out"))
    b.expect_path("/sign-in", "signing out")
    if b.driver.find_elements(By.XPATH, "//button[normalize-space()='Sign out']"):
        raise JourneyFailure("still signed in after pressing Sign out")
    b.step("signed out")


def create_inspection(b, area, fieldwork_start, fieldwork_end):
    b.get("/inspections")
    b.submit(b.link("Create a new inspection"))
    b.expect_path("/inspections/new", "opening the new-inspection form")
    # First as someone in a hurry would: nothing filled in. The form must come back with an error summary,
    # focused so that a screen reader announces it, and axe checks that page too.
    b.submit(b.button("Create inspection"))
    summary = b.find(By.CSS_SELECTOR, ".error-summary")
    for message in ("Enter the youth offending service's area", "Choose a programme"):
        if message not in summary.text:
            raise JourneyFailure(f"the empty new-inspection form's error summary lacks {message!r}: {summary.text}")
    try:
        b.wait.until(lambda d: d.switch_to.active_element == summary)
    except TimeoutException:
        raise JourneyFailure("the new-inspection form's error summary did not take the focus") from None
    b.step("the empty form came back with its error summary focused")
    b.fill("area", area)
    b.click(b.find(By.ID, "programme-cci"))
    b.set_date("fieldwork_start", fieldwork_start)
    b.set_date("fieldwork_end", fieldwork_end)
    b.submit(b.button("Create inspection"))
    b.expect_no_error_summary("creating the inspection")
    inspection = b.expect_path(r"/inspections/(\d+)", "creating the inspection").group(1)
    heading = b.text("h1")
    if heading != area:
        raise JourneyFailure(f"the new inspection's task list is headed {heading!r}, not {area!r}")
    b.step(f"created CCI inspection {inspection} for {area!r}, fieldwork {fieldwork_start} to {fieldwork_end}")
    return inspection


def add_inspector_to_team(b, inspection):
    b.get(f"/inspections/{inspection}")
    b.submit(b.link("Set up the inspection and its team"))
    b.expect_path(f"/inspections/{inspection}/team", "opening the team page")
    b.fill("email", INSPECTOR[0])
    b.click(b.find(By.ID, "role-inspector"))
    b.submit(b.button("Add to team"))
    b.expect_no_error_summary("adding the inspector to the team")
    members = b.text("table")
    if INSPECTOR_NAME not in members:
        raise JourneyFailure(f"{INSPECTOR_NAME} is not in the team table after adding them: {members}")
    b.step(f"added {INSPECTOR_NAME} to the team")


def import_caseload_and_draw_sample(b, inspection, caseload, as_of):
    b.get(f"/inspections/{inspection}")
    b.submit(b.link("Caseload and sample"))
    b.expect_path(f"/inspections/{inspection}/sample", "opening the sample page")
    # A file input takes the file's path as typed keys; the browser uploads it on submit.
    b.find(By.ID, "caseload").send_keys(os.path.abspath(caseload))
    b.submit(b.button("Import caseload"))
    b.expect_no_error_summary("importing the caseload")
    holds = re.search(r"The caseload holds (\d+) cases", b.text("main"))
    if not holds:
        raise JourneyFailure(f"no caseload count after importing: {b.text('main')[:300]}")
    b.step(f"imported the caseload: {holds.group(1)} cases")

    # The size is left empty: CCI's rule (25% of the eligible cases, at least 38) decides it, as it would in a
    # real inspection; a smaller size is outside the programme's bounds.
    b.set_date("as_of", as_of)
    b.fill("size", "")
    b.fill("seed", "7")
    b.submit(b.button("Draw sample"))
    b.expect_no_error_summary("drawing the sample")
    drawn = re.search(r"(\d+) cases were eligible; (\d+) are in the sample", b.text("main"))
    if not drawn or int(drawn.group(2)) == 0:
        raise JourneyFailure(f"no sample after drawing: {b.text('main')[:300]}")
    b.step(f"drew the sample: {drawn.group(2)} of {drawn.group(1)} eligible cases")


def allocate(b, inspection):
    b.submit(b.link("Continue to allocation"))
    b.expect_path(f"/inspections/{inspection}/allocation", "opening the allocation page")
    # The lead inspector and the inspector both assess; their checkboxes carry their email addresses.
    for email in (LEAD[0], INSPECTOR[0]):
        box = b.find(By.CSS_SELECTOR, f"input[name=assessor][value='{email}']")
        if not box.is_selected():
            b.click(box)
    b.submit(b.button("Allocate cases"))
    b.expect_no_error_summary("allocating the cases")
    rows = b.driver.find_elements(By.XPATH, "//h2[normalize-space()='Cases and interviews']/following-sibling::table[1]/tbody/tr")
    mine = [row for row in rows if row.find_element(By.XPATH, "./td[1]").text == INSPECTOR_NAME]
    if not mine:
        raise JourneyFailure(f"no case is allocated to {INSPECTOR_NAME} ({len(rows)} rows allocated)")
    b.step(f"allocated {len(rows)} cases; {len(mine)} to {INSPECTOR_NAME}")


def open_my_case(b, inspection, area):
    b.get("/inspections")
    b.submit(b.link("My cases"))
    b.expect_path("/my-cases", "opening My cases")
    # Each inspection is a heading followed by its table; the demo database has other inspections too.
    links = b.driver.find_elements(
        By.XPATH, f"//h2[starts-with(normalize-space(), '{area}')]/following-sibling::table[1]//a")
    links = [link for link in links if f"/inspections/{inspection}/cases/" in link.get_attribute("href")]
    if not links:
        raise JourneyFailure(f"My cases lists no case of inspection {inspection} ({area})")
    href = links[0].get_attribute("href")
    case = href.rsplit("/", 1)[1]
    b.step(f"My cases lists {len(links)} cases of the new inspection; taking {case}")
    return case, href


def scoring_summary(b, inspection):
    """The scoring summary table's rows as text, and its "n of N" counts added up."""
    b.get(f"/inspections/{inspection}/scores")
    table = b.find(By.CSS_SELECTOR, "table.scores")
    rows = [" ".join(row.text.split()) for row in table.find_elements(By.CSS_SELECTOR, "tbody tr")]
    counts = [tuple(map(int, m)) for m in re.findall(r"(\d+) of (\d+)", " ".join(rows))]
    return rows, sum(n for n, _ in counts), sum(total for _, total in counts)


def unanswered_questions(b):
    """The askable questions on the case form with no answer chosen, as {question id: (first radio, its value)}.
    Read in one script rather than hundreds of WebDriver calls: a CCI case has over a hundred questions."""
    pending = b.driver.execute_script("""
        var groups = {};
        document.querySelectorAll("form.assessment input[type=radio][name^='answer.']").forEach(function (radio) {
            var group = groups[radio.name] || (groups[radio.name] = {first: radio, checked: false});
            group.checked = group.checked || radio.checked;
        });
        return Object.keys(groups).filter(function (name) { return !groups[name].checked; })
            .map(function (name) { return [name.slice('answer.'.length), groups[name].first, groups[name].first.value]; });
    """)
    return {question: (radio, value) for question, radio, value in pending}


def wait_for_autosave(b, chosen):
    """The page's script saves each answer as it is chosen, then records the saved answer in the hidden
    original.<id> field. Pressing Save answers before that has happened would post the answer again as a
    first answer, which the server refuses as a conflict with the autosaved one; so wait for every one."""
    def saved(_):
        message = b.text(".autosave-status")
        if message.startswith("Not saved") or "changed by someone else" in message:
            raise JourneyFailure(f"autosave failed: {message}")
        waiting = b.driver.execute_script("""
            var chosen = arguments[0];
            return Object.keys(chosen).filter(function (id) {
                var original = document.querySelector("input[name='original." + id + "']");
                return !original || original.value !== chosen[id];
            });
        """, chosen)
        return not waiting or None

    try:
        b.wait.until(saved)
    except TimeoutException:
        raise JourneyFailure(f"autosave did not finish; status: {b.text('.autosave-status')!r}") from None


def leave_warning_armed(b):
    """Whether leaving the page now would ask first: the page's beforeunload handler cancels the event only while
    something typed is unsaved. (ChromeDriver answers a real leave dialog by itself, so the handler is asked directly.)"""
    return b.driver.execute_script(
        "var e = new Event('beforeunload', {cancelable: true}); window.dispatchEvent(e); return e.defaultPrevented;")


def wait_until(b, condition, what):
    try:
        WebDriverWait(b.driver, WAIT_SECONDS).until(lambda _: condition() or None)
    except TimeoutException:
        raise JourneyFailure(f"{b.path()}: {what} did not happen within {WAIT_SECONDS}s") from None


def note_survives_leaving(b, href, question):
    """An evidence note typed after choosing the answer is saved with it: the page warns while it is unsaved, stops
    warning once it is saved, and the note is there after leaving the page and coming back."""
    anchor = "q-" + re.sub(r"[^A-Za-z0-9]", "-", question)
    note = f"Evidence note typed after the answer ({int(time.time()) % 100000})."
    box = b.find(By.ID, f"note-{anchor}")
    b.driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", box)
    box.send_keys(note)
    warned = leave_warning_armed(b)
    wait_until(b, lambda: b.driver.execute_script(
        "var f = document.querySelector(\"input[name='original-note.\" + arguments[0] + \"']\"); return f && f.value === arguments[1];",
        question, note), f"autosave of the note on {question}")
    if leave_warning_armed(b):
        raise JourneyFailure(f"the page still warns about leaving after the note on {question} was saved: {b.text('.autosave-status')!r}")
    b.get("/my-cases")
    b.driver.get(href)
    b.landed()
    kept = b.find(By.ID, f"note-{anchor}").get_attribute("value")
    if kept != note:
        raise JourneyFailure(f"the note typed on {question} did not survive leaving the page: {kept!r}")
    b.step(f"a note typed after answering {question} autosaved ({'the page warned while it was unsaved' if warned else 'saved at once'})"
           " and survived leaving the page")


def assess_case(b, inspection, case, href):
    b.driver.get(href)
    b.landed()
    b.expect_path(f"/inspections/{inspection}/cases/{case}", "opening the case")
    # Questions that depend on an earlier answer become askable only once that answer is saved, so answer
    # what is askable, save, and look again until nothing askable is left unanswered.
    answered = 0
    for round_number in range(1, 30):
        pending = unanswered_questions(b)
        if not pending:
            break
        # The first option of each question (Yes, for yes/no questions): any valid answer will do. Each click
        # starts an autosave; they run side by side, and all must have finished before the form is saved.
        for radio, _ in pending.values():
            b.click(radio)
        wait_for_autosave(b, {question: value for question, (_, value) in pending.items()})
        if round_number == 1:
            note_survives_leaving(b, href, next(iter(pending)))
        answered += len(pending)
        b.submit(b.button("Save answers"))
        b.expect_no_error_summary(f"saving answers (round {round_number})")
        b.expect_path(f"/inspections/{inspection}/cases/{case}", "saving answers")
        b.step(f"round {round_number}: answered and saved {len(pending)} questions; {b.text('#progress')}")
    else:
        raise JourneyFailure(f"case {case} still had unanswered askable questions after {round_number} rounds")
    progress = b.text("#progress")
    if "(100%)" not in progress:
        raise JourneyFailure(f"every askable question is answered but the progress line says: {progress}")

    b.submit(b.button("Save and check answers"))
    b.expect_path(f"/inspections/{inspection}/cases/{case}/check", "checking answers")
    b.expect_no_error_summary("checking answers")
    if "Not answered" in b.text("main"):
        raise JourneyFailure("the check page lists a question as not answered")
    b.submit(b.button("Mark assessed"))
    b.expect_no_error_summary("marking the case assessed")
    b.expect_path(f"/inspections/{inspection}/cases", "marking the case assessed")
    row = b.find(By.XPATH, f"//table//tr[th/a[normalize-space()='{case}']]")
    b.step(f"marked {case} assessed ({answered} answers): {' '.join(row.text.split())}")


def issue_questionnaire_link(b, inspection):
    """The lead issues one-use links for the children's questionnaire and keeps the first."""
    b.get(f"/inspections/{inspection}/evidence")
    b.fill("count-children", "2")
    b.submit(b.find(By.CSS_SELECTOR, "form[action$='/questionnaires/children/links'] button"))
    # Each link is shown whole, in a read-only box to copy from; the journey opens it by its path on this server.
    links = [field.get_attribute("value") for field in b.driver.find_elements(By.CSS_SELECTOR, "input.link-url")]
    if len(links) != 2 or not all(link.startswith(b.base_url + "/q/") for link in links):
        raise JourneyFailure(f"expected two questionnaire links starting {b.base_url}/q/, found {links!r}")
    b.step(f"issued questionnaire links, e.g. {links[0][:len(b.base_url) + 12]}...")
    return urlsplit(links[0]).path


def answer_questionnaire(b, link):
    """Signed out, as a child: open the link, answer every question with its first option, send; the link then closes."""
    b.get(link)
    if b.driver.find_elements(By.XPATH, "//button[normalize-space()='Sign out']"):
        raise JourneyFailure("the questionnaire link was opened while signed in")
    groups = {}
    for radio in b.driver.find_elements(By.CSS_SELECTOR, "input[type=radio][name^='answer.']"):
        groups.setdefault(radio.get_attribute("name"), radio)
    for name, radio in groups.items():
        # The label is what a person taps; clicking it checks the radio as a tap would. A follow-up question appears
        # only once the answer before it is in, so wait until it can be seen.
        label = (By.CSS_SELECTOR, f"label[for='{radio.get_attribute('id')}']")
        try:
            b.click(b.wait.until(EC.visibility_of_element_located(label)))
        except TimeoutException:
            raise JourneyFailure(f"the question with {name!r} never appeared") from None
    b.submit(b.button("Send my answers"))
    if "Your answers have been sent" not in b.text("main"):
        raise JourneyFailure(f"the questionnaire was not accepted: {b.text('main')[:300]}")
    b.step(f"answered the children's questionnaire through its link ({len(groups)} questions)")
    # The same link again must be refused: opened by address, not through landed(), as it is an error page.
    b.driver.get(b.base_url + link)
    if "already been used or has expired" not in b.driver.page_source:
        raise JourneyFailure("a used questionnaire link was not refused")
    b.step("the used link is refused")


def review_report(b, inspection):
    """The inspector previews the drafted report and opens its editor; axe checks both pages. In the editor, one box is
    saved on its own while another holds unsaved typing: the page stays, the other box keeps its text, and leaving
    would warn; after leaving and coming back the saved box has its text, and Save every changed part saves the rest."""
    b.get(f"/inspections/{inspection}/report")
    b.find(By.CSS_SELECTOR, "article.report")
    editor = f"/inspections/{inspection}/report/edit"
    b.get(editor)
    boxes = b.driver.find_elements(By.CSS_SELECTOR, "form[data-report-editor] textarea")
    if len(boxes) < 2:
        raise JourneyFailure(f"the report editor offers {len(boxes)} boxes")
    first_id, second_id = boxes[0].get_attribute("id"), boxes[1].get_attribute("id")
    first_text, second_text = "Rewritten by the journey: the first box.", "Typed by the journey in the second box."
    b.fill(first_id, first_text)
    b.fill(second_id, second_text)
    b.driver.execute_script("window.yjiJourneySamePage = true;")
    block = b.find(By.ID, first_id).find_element(By.XPATH, "ancestor::div[contains(@class, 'report-block')]")
    b.click(block.find_element(By.XPATH, ".//button[starts-with(@value, 'save:')]"))
    wait_until(b, lambda: block.find_element(By.CSS_SELECTOR, ".block-status").text.startswith("Saved"), "saving the first box")
    if not b.driver.execute_script("return window.yjiJourneySamePage === true;"):
        raise JourneyFailure("saving one box of the report editor reloaded the page")
    if b.find(By.ID, second_id).get_attribute("value") != second_text:
        raise JourneyFailure("saving one box lost the typing in another")
    if not leave_warning_armed(b):
        raise JourneyFailure("the report editor does not warn about leaving with an unsaved box")
    b.step("saved one report box on its own; the other box kept its typing and leaving would warn")
    b.get(f"/inspections/{inspection}/report")
    b.get(editor)
    if b.find(By.ID, first_id).get_attribute("value") != first_text:
        raise JourneyFailure("the saved report box lost its text after leaving the editor and coming back")
    second = b.find(By.ID, second_id).get_attribute("value")
    survived = second == second_text
    if not survived:
        b.fill(second_id, second_text)
    b.submit(b.button("Save every changed part"))
    b.expect_no_error_summary("saving every changed part of the report")
    b.get(f"/inspections/{inspection}/report")
    b.get(editor)
    if [b.find(By.ID, i).get_attribute("value") for i in (first_id, second_id)] != [first_text, second_text]:
        raise JourneyFailure("the report editor did not keep both boxes' text after Save every changed part")
    if leave_warning_armed(b):
        raise JourneyFailure("the report editor warns about leaving with nothing unsaved")
    b.step("both report boxes kept their text after leaving and coming back"
           + ("" if survived else " (the unsaved one was typed again: leaving had been warned about)"))


def answers_set_aside_return_the_case(b, inspection, case, href):
    """Changing an earlier answer on the assessed case asks, beside the question, before answers are set aside; once
    confirmed, the case lists them, goes back to in progress, and My cases says why."""
    b.driver.get(href)
    b.landed()
    radio = b.find(By.CSS_SELECTOR, "input[name='answer.rmp-required'][value='not required']")
    b.click(radio)
    panel = b.find(By.CSS_SELECTOR, ".confirm-set-aside")
    asked = " ".join(panel.text.split())
    if "sets aside your answers" not in asked or "rmp-" in asked:
        raise JourneyFailure(f"the question before setting answers aside reads: {asked!r}")
    b.click(panel.find_element(By.XPATH, ".//button[starts-with(normalize-space(), 'Confirm')]"))
    wait_until(b, lambda: "Set aside:" in b.text(".autosave-status"), "saving the change that sets answers aside")
    b.step(f"asked before setting answers aside ({asked[:90]}...); confirmed")
    b.driver.get(href)
    b.landed()
    listed = b.text("section.set-aside")
    b.submit(b.link("My cases"))
    notice = b.text("main")
    if f"Case {case} was returned to in progress" not in notice:
        raise JourneyFailure(f"My cases does not say that {case} went back to in progress: {notice[:300]}")
    b.step(f"the case lists its set-aside answers ({listed.count('Set aside on')}) and My cases says it returned to in progress")


def run(b, caseload, as_of):
    caseload_date = datetime.date.fromisoformat(as_of)
    # Fieldwork a few weeks after the caseload was taken, Monday to Friday as inspections run.
    start = caseload_date + datetime.timedelta(days=21)
    start += datetime.timedelta(days=(7 - start.weekday()) % 7)
    end = start + datetime.timedelta(days=4)
    # A name of its own, so this run's inspection is told apart from the demo ones (and from earlier runs).
    area = f"Synthetic Browser Borough {int(time.time()) % 100000}"

    sign_in(b, LEAD)
    inspection = create_inspection(b, area, start.isoformat(), end.isoformat())
    add_inspector_to_team(b, inspection)
    import_caseload_and_draw_sample(b, inspection, caseload, as_of)
    allocate(b, inspection)
    link = issue_questionnaire_link(b, inspection)
    sign_out(b)
    answer_questionnaire(b, link)

    sign_in(b, INSPECTOR)
    case, href = open_my_case(b, inspection, area)
    before_rows, before_met, before_total = scoring_summary(b, inspection)
    b.step(f"scores before: {before_met} of {before_total} across the summary's rows")
    assess_case(b, inspection, case, href)
    after_rows, after_met, after_total = scoring_summary(b, inspection)
    b.step(f"scores after: {after_met} of {after_total} across the summary's rows")
    if after_rows == before_rows:
        raise JourneyFailure("the scoring summary did not change after a case was assessed:\n  " + "\n  ".join(after_rows))
    if after_total <= before_total:
        raise JourneyFailure(f"the summary's counts did not grow: {before_total} applicable before, {after_total} after")
    changed = [row for row in after_rows if row not in before_rows]
    b.step(f"the scoring summary changed in {len(changed)} rows, e.g. {changed[0]!r}")
    review_report(b, inspection)
    answers_set_aside_return_the_case(b, inspection, case, href)
    sign_out(b)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base-url", required=True, help="where yji is served, e.g. http://127.0.0.1:8080")
    parser.add_argument("--caseload", required=True, help="caseload CSV written by `yji generate --caseload N`")
    parser.add_argument("--as-of", required=True, help="the caseload's date (yji generate --as-of), YYYY-MM-DD")
    parser.add_argument("--artifacts", default=os.path.join(tempfile.gettempdir(), "yji-browser"),
                        help="folder for a screenshot and the HTML of the page a failure happened on")
    args = parser.parse_args()

    b = Browser(args.base_url, args.artifacts)
    failed = False
    try:
        run(b, args.caseload, args.as_of)
        print("journey: passed", flush=True)
    except Exception as error:
        failed = True
        print(f"journey: FAILED: {error}", file=sys.stderr, flush=True)
        if not isinstance(error, JourneyFailure):
            traceback.print_exc()
        b.save_evidence("failure")
    finally:
        b.quit()

    # Accessibility findings are reported whether or not the journey got to the end.
    # A violation is one rule broken on one page, however many elements break it.
    violations = len({(path, rule) for path, rule, *_ in b.violations})
    if violations:
        failed = True
        print(f"axe-core {b.axe_version} found {violations} violations (page: rule (impact): what it asks, then "
              f"the elements that break it):\n{b.accessibility_report()}", file=sys.stderr)
    if b.needs_review:
        # Not failures: axe could not decide these by itself (e.g. contrast over an overlapping element).
        print("axe: for a person to review: " + "; ".join(
            f"{rule} on {', '.join(sorted(paths))}" for rule, paths in sorted(b.needs_review.items())), flush=True)
    print(f"axe: {violations} violations on {len(b.pages_checked)} pages"
          f" (axe-core {b.axe_version}; {', '.join(AXE_TAGS)})", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
