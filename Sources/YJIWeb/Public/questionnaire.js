// The questionnaire pages' script. Both pages work without it; it adds:
// - on the form a child or victim fills in, follow-up questions that appear and disappear with the answer they depend
//   on. Which ones apply is asked of the server (the same rule that checks a submission), never worked out here;
// - on the page of newly issued links, a Copy button beside each link and a Print button.
(function () {
  "use strict";

  // A polite live region, so a screen reader hears that a question appeared or a link was copied.
  function announcer(near) {
    var region = document.createElement("p");
    region.className = "visually-hidden";
    region.setAttribute("role", "status");
    region.setAttribute("aria-live", "polite");
    near.parentNode.insertBefore(region, near);
    return function (text) {
      region.textContent = "";
      window.setTimeout(function () { region.textContent = text; }, 50);
    };
  }

  // Follow-up questions ------------------------------------------------------------------------------------------

  var form = document.querySelector("form[data-applies]");
  if (form && window.fetch && window.URLSearchParams && window.FormData) {
    var endpoint = form.getAttribute("data-applies");
    var followUps = Array.prototype.slice.call(form.querySelectorAll("[data-follow-up]"));
    var say = announcer(form);
    var latest = 0;

    // A hidden follow-up's fieldset is disabled too, so its answer is not sent (the server would drop it anyway).
    var show = function (question, applies, announce) {
      var fieldset = question.querySelector("fieldset");
      var wasHidden = question.hidden;
      question.hidden = !applies;
      if (fieldset) { fieldset.disabled = !applies; }
      if (announce && applies && wasHidden) {
        var legend = question.querySelector("legend, label");
        say("A new question has appeared: " + (legend ? legend.textContent : ""));
      }
    };

    // What the server said when it drew the page; used until it answers for the answers now on the page.
    followUps.forEach(function (question) { show(question, question.getAttribute("data-applies-now") !== "no", false); });

    var ask = function (announce) {
      var asked = ++latest;
      fetch(endpoint, {
        method: "POST", credentials: "same-origin",
        headers: { "Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json" },
        body: new URLSearchParams(new FormData(form)).toString()
      }).then(function (response) {
        if (!response.ok) { throw new Error("status " + response.status); }
        return response.json();
      }).then(function (body) {
        // An older answer arriving after a newer one must not undo it.
        if (asked !== latest) { return; }
        followUps.forEach(function (question) {
          var applies = body.applies[question.getAttribute("data-question")];
          show(question, applies !== false, announce);
        });
      }).catch(function () {
        // Without the server's word, fall back to the page without the script: every question shown, none lost.
        if (asked !== latest) { return; }
        followUps.forEach(function (question) { show(question, true, false); });
      });
    };

    form.addEventListener("change", function (event) {
      if (event.target && event.target.type === "radio") { ask(true); }
    });
    // The browser may have put back answers from an earlier visit (the back button): ask once for those.
    ask(false);
  }

  // Issued links: copy and print -------------------------------------------------------------------------------------

  var copyButtons = Array.prototype.slice.call(document.querySelectorAll("button[data-copy]"));
  if (copyButtons.length > 0) {
    var copied = announcer(copyButtons[0].closest("ol") || copyButtons[0]);
    copyButtons.forEach(function (button) {
      var field = document.getElementById(button.getAttribute("data-copy"));
      if (!field) { return; }
      button.hidden = false;
      button.addEventListener("click", function () {
        var done = function () {
          button.textContent = "Copied";
          copied(button.getAttribute("aria-label").replace(/^Copy/, "Copied"));
          window.setTimeout(function () { button.textContent = "Copy"; }, 2000);
        };
        var fallback = function () {
          // Pages served over plain HTTP (other than localhost) have no clipboard API; select the text and copy it.
          field.focus();
          field.select();
          try { if (document.execCommand("copy")) { done(); } } catch (ignored) { /* the text stays selected to copy by hand */ }
        };
        if (navigator.clipboard && window.isSecureContext) {
          navigator.clipboard.writeText(field.value).then(done, fallback);
        } else {
          fallback();
        }
      });
    });
  }

  var printButton = document.querySelector("button[data-print]");
  if (printButton && window.print) {
    printButton.hidden = false;
    printButton.addEventListener("click", function () { window.print(); });
  }
})();
