#!/usr/bin/env python3
"""A child finishes the questionnaire on a phone, after changing the answer a follow-up question depends on.

In headless Chromium with a 390 px wide window (a phone's): the lead inspector issues a link (shown whole, with a
Copy button), signs out; the child opens the link, answers "yes" to "Did you have a plan?", answers the follow-up
that appears, changes the first answer to "no" (the follow-up disappears), clears another answer with "Prefer not
to say", writes a comment and sends the form. The stored response must hold "no", no answer to the follow-up and
none to the cleared question; the lead then finds the comment on the evidence page. axe-core checks every page, and
the questionnaire again with its follow-up showing.

Run it through Tests/browser/run.sh, which starts a server on a fresh demo database; by hand:

    python3 Tests/browser/questionnaire_journey.py --base-url http://127.0.0.1:8080 --database ./yji-demo.sqlite
"""

import argparse
import json
import os
import sqlite3
import sys
import tempfile
import time
import traceback

from selenium.common.exceptions import TimeoutException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC

from journey import LEAD, Browser, JourneyFailure, sign_in, sign_out

# A phone's width in CSS pixels (an iPhone 12 to 15), and its height.
PHONE = (390, 844)

# The FJI of the demo has no questionnaire responses, so the stored response is the journey's own.
AREA = "Samplefield (synthetic)"


def phone(b, screenshots):
    """Makes the window a phone's and checks the page really is that wide (no sideways scrolling either)."""
    b.driver.set_window_size(*PHONE)
    width = b.driver.execute_script("return window.innerWidth;")
    if width > PHONE[0]:
        raise JourneyFailure(f"the window is {width} px wide, not {PHONE[0]}")
    b.screenshots = screenshots


def shoot(b, name):
    if b.screenshots:
        os.makedirs(b.screenshots, exist_ok=True)
        b.driver.save_screenshot(os.path.join(b.screenshots, f"{name}.png"))


def no_sideways_scroll(b, doing):
    overflow = b.driver.execute_script("return document.documentElement.scrollWidth - window.innerWidth;")
    if overflow > 0:
        raise JourneyFailure(f"{doing}: {b.path()} is {overflow} px wider than the phone's window")


def issue_link(b):
    """The lead issues one link for the children's questionnaire of the demo FJI and copies it."""
    b.get("/inspections")
    inspection = b.find(By.XPATH, f"//a[contains(normalize-space(), '{AREA}')]").get_attribute("href").rstrip("/").split("/")[-1]
    b.get(f"/inspections/{inspection}/evidence")
    b.fill("count-children", "1")
    b.submit(b.find(By.CSS_SELECTOR, "form[action$='/questionnaires/children/links'] button"))
    field = b.find(By.CSS_SELECTOR, "input.link-url")
    link = field.get_attribute("value")
    if not link.startswith(b.base_url + "/q/") or field.get_attribute("readonly") is None:
        raise JourneyFailure(f"the link is not a whole address in a read-only box: {link!r}")
    copy = b.find(By.CSS_SELECTOR, "button[data-copy='link-1']")
    printing = b.find(By.CSS_SELECTOR, "button[data-print]")
    if not copy.is_displayed() or not printing.is_displayed():
        raise JourneyFailure("the script did not offer the Copy and Print buttons")
    # The signed-in pages' navigation is wider than a phone (a matter for the site header); the links must still fit.
    right = b.driver.execute_script("return arguments[0].getBoundingClientRect().right;", field)
    if right > PHONE[0]:
        raise JourneyFailure(f"the link's box runs {right - PHONE[0]:.0f} px past the phone's window")
    shoot(b, "links")
    b.click(copy)
    try:
        b.wait.until(lambda d: copy.text == "Copied")
    except TimeoutException:
        raise JourneyFailure(f"pressing Copy did not say the link was copied (button says {copy.text!r})") from None
    b.step(f"issued a link for inspection {inspection} and copied it: {link[:len(b.base_url) + 12]}...")
    return inspection, link


def follow_up(b):
    return b.find(By.CSS_SELECTOR, "[data-question='plan_reviewed']")


def tap(b, question, label_text):
    """Taps the answer with this label in the question with this id, as a person taps the words."""
    label = b.find(By.XPATH, f"//div[@data-question='{question}']//label[normalize-space()='{label_text}']")
    b.click(label)
    radio = b.driver.find_element(By.ID, label.get_attribute("for"))
    if not radio.is_selected():
        raise JourneyFailure(f"tapping {label_text!r} did not choose it")


def wait_for(b, condition, what):
    try:
        b.wait.until(lambda d: condition())
    except TimeoutException:
        raise JourneyFailure(f"{b.path()}: {what} did not happen") from None


def answer(b, link, comment):
    """The child, with no account, answers on the phone and changes their mind about having a plan."""
    b.driver.get(link)
    b.landed()
    if b.driver.find_elements(By.XPATH, "//button[normalize-space()='Sign out']"):
        raise JourneyFailure("the questionnaire link was opened while signed in")
    text = b.text("main")
    if "_" in text or "to question" in text:
        raise JourneyFailure(f"the form shows an id or code: {text[:300]}")
    no_sideways_scroll(b, "opening the questionnaire")
    groups = {radio.get_attribute("name") for radio in b.driver.find_elements(By.CSS_SELECTOR, "input[type=radio]")}
    blanks = {radio.get_attribute("name") for radio in b.driver.find_elements(By.CSS_SELECTOR, "input[type=radio][value='']")}
    if groups != blanks:
        raise JourneyFailure(f"questions with no way to leave them unanswered: {sorted(groups - blanks)}")
    if follow_up(b).is_displayed():
        raise JourneyFailure("the plan follow-up shows before the child said they had a plan")
    shoot(b, "form")

    tap(b, "knew_why", "Yes")
    tap(b, "had_plan", "Yes")
    wait_for(b, lambda: follow_up(b).is_displayed(), "the follow-up appearing after 'Yes'")
    tap(b, "plan_reviewed", "Yes")
    b.driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", follow_up(b))
    shoot(b, "follow-up-shown")
    b.check_accessibility()
    b.step("answered yes to having a plan; the follow-up appeared and was answered")

    tap(b, "had_plan", "No")
    wait_for(b, lambda: not follow_up(b).is_displayed(), "the follow-up disappearing after 'No'")
    shoot(b, "follow-up-hidden")
    b.step("changed the answer to no; the follow-up disappeared")

    # Changing their mind about another answer: "Prefer not to say" takes it back.
    tap(b, "knew_why", "Prefer not to say")
    tap(b, "satisfaction", "8")
    b.fill("q-comment", comment)
    b.submit(b.button("Send my answers"))
    if "Your answers have been sent" not in b.text("main"):
        raise JourneyFailure(f"the questionnaire was not accepted: {b.text('main')[:300]}")
    no_sideways_scroll(b, "sending the questionnaire")
    shoot(b, "thanks")
    b.step("sent the questionnaire and saw the thanks page")


def stored_response(database, comment):
    """The response as the server stored it, read from its database (opened read-only)."""
    connection = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    try:
        rows = connection.execute(
            "SELECT answers, source FROM questionnaire_responses WHERE questionnaire_id = 'children' AND comment = ?",
            (comment,)).fetchall()
    finally:
        connection.close()
    if len(rows) != 1:
        raise JourneyFailure(f"expected one stored response with the journey's comment, found {len(rows)}")
    return json.loads(rows[0][0]), rows[0][1]


def run(b, database):
    comment = f"The worker explained things well ({int(time.time())})."
    sign_in(b, LEAD)
    inspection, link = issue_link(b)
    sign_out(b)
    answer(b, link, comment)

    answers, source = stored_response(database, comment)
    expected = {"had_plan": "no", "satisfaction": "8"}
    if answers != expected or source != "link":
        raise JourneyFailure(f"stored {answers!r} (source {source!r}), expected {expected!r} through the link")
    b.step(f"the response is stored as {answers} with no answer to the follow-up")

    sign_in(b, LEAD)
    b.get(f"/inspections/{inspection}/evidence")
    if comment not in b.text("main"):
        raise JourneyFailure("the child's comment is not on the evidence page")
    b.step("the lead reads the child's comment on the evidence page")
    sign_out(b)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base-url", required=True, help="where yji is served, e.g. http://127.0.0.1:8080")
    parser.add_argument("--database", required=True, help="the SQLite file the server uses, to check what it stored")
    parser.add_argument("--artifacts", default=os.path.join(tempfile.gettempdir(), "yji-browser-questionnaire"),
                        help="folder for a screenshot and the HTML of the page a failure happened on")
    parser.add_argument("--screenshots", help="also keep a screenshot of each step in this folder")
    args = parser.parse_args()

    b = Browser(args.base_url, args.artifacts)
    failed = False
    try:
        phone(b, args.screenshots)
        run(b, args.database)
        print("questionnaire journey: passed", flush=True)
    except Exception as error:
        failed = True
        print(f"questionnaire journey: FAILED: {error}", file=sys.stderr, flush=True)
        if not isinstance(error, JourneyFailure):
            traceback.print_exc()
        b.save_evidence("questionnaire-failure")
    finally:
        b.quit()

    violations = len({(path, rule) for path, rule, *_ in b.violations})
    if violations:
        failed = True
        print(f"axe-core {b.axe_version} found {violations} violations at {PHONE[0]} px:\n{b.accessibility_report()}",
              file=sys.stderr)
    print(f"axe: {violations} violations on {len(b.pages_checked)} pages at {PHONE[0]} px (axe-core {b.axe_version})", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
