// yji's only script. Every page works without it; it adds three things:
// focus on the error summary, autosave of case answers through the JSON API, and live score updates.
(function () {
  "use strict";
  var summary = document.querySelector("[data-focus]");
  if (summary) { summary.focus(); }

  function csrf(form) {
    var field = form.querySelector("input[name=csrf]");
    return field ? field.value : "";
  }

  // Autosave: each changed answer is saved on its own with the version it was loaded at; a conflict
  // is shown beside the question and the form falls back to a normal save.
  var form = document.querySelector("form[data-autosave]");
  if (form && window.fetch) {
    var status = form.querySelector(".autosave-status");
    var pending = [];
    // A save pressed while autosaves are still on their way waits for them, so it sends the versions they got.
    form.addEventListener("submit", function (event) {
      if (pending.length === 0 || !form.requestSubmit) { return; }
      event.preventDefault();
      var submitter = event.submitter;
      Promise.all(pending).then(function () { form.requestSubmit(submitter); });
    });
    var base = form.getAttribute("action");
    var api = "/api/v1" + base + "/judgements/";
    form.addEventListener("change", function (event) {
      var input = event.target;
      if (!input.name || input.name.indexOf("answer.") !== 0) { return; }
      var id = input.name.slice("answer.".length);
      var version = form.querySelector("input[name='version." + id + "']");
      var original = form.querySelector("input[name='original." + id + "']");
      var note = form.querySelector("textarea[name='note." + id + "']");
      var body = { answer: input.value, note: note ? note.value : "", version: version.value ? parseInt(version.value, 10) : null };
      status.textContent = "Saving " + id + "…";
      var request = fetch(api + encodeURIComponent(id), {
        method: "PUT", credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf(form) },
        body: JSON.stringify(body)
      }).then(function (response) {
        return response.json().then(function (data) { return { ok: response.ok, code: response.status, data: data }; });
      }).then(function (result) {
        if (result.ok) {
          version.value = result.data.version;
          original.value = result.data.answer;
          var originalNote = form.querySelector("input[name='original-note." + id + "']");
          if (originalNote) { originalNote.value = result.data.note; }
          status.textContent = "Saved " + id + ".";
        } else if (result.code === 409) {
          status.textContent = "Question " + id + " was changed by someone else. Use Save answers to see their answer.";
        } else {
          status.textContent = "Not saved: " + (result.data.error ? result.data.error.message : "unknown problem") + " Use Save answers.";
        }
      }).catch(function () { status.textContent = "Not saved automatically. Use Save answers."; });
      pending.push(request);
      request.then(function () { pending.splice(pending.indexOf(request), 1); });
    });
  }

  // Live scores: reload the scores section when the judgements behind it change.
  var live = document.querySelector("[data-live]");
  if (live && window.fetch && window.DOMParser) {
    setInterval(function () {
      fetch(window.location.pathname, { credentials: "same-origin" }).then(function (response) {
        return response.ok ? response.text() : null;
      }).then(function (html) {
        if (!html) { return; }
        var next = new DOMParser().parseFromString(html, "text/html").querySelector("[data-live]");
        if (next && next.getAttribute("data-live") !== live.getAttribute("data-live")) {
          live.replaceWith(next);
          live = next;
        }
      }).catch(function () {});
    }, 5000);
  }
})();
