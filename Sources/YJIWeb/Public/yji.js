// yji's page script. Every page works without it; it adds: focus on the error summary, a warning before leaving
// a page with unsaved typing, autosave of case answers and their evidence notes through the JSON API (asking first
// when a changed answer would set other answers aside), saving one report box at a time without reloading the
// page, and live score updates.
(function () {
  "use strict";
  var summary = document.querySelector("[data-focus]");
  if (summary) { summary.focus(); }

  function csrf(form) {
    var field = form.querySelector("input[name=csrf]");
    return field ? field.value : "";
  }

  // Unsaved typing: a field differs from what the page was drawn with (its default), or the server drew it with
  // text that was typed but not saved (data-unsaved). Saving a field through the script makes its value the default.
  var leaving = false;
  function fieldDirty(field) {
    if (field.hasAttribute("data-unsaved")) { return true; }
    var type = (field.type || "").toLowerCase();
    if (type === "hidden" || type === "submit" || type === "button" || type === "password") { return false; }
    if (type === "checkbox" || type === "radio") { return field.checked !== field.defaultChecked; }
    if (type === "file") { return field.value !== ""; }
    if (field.tagName === "SELECT") {
      for (var i = 0; i < field.options.length; i++) {
        if (field.options[i].selected !== field.options[i].defaultSelected) { return true; }
      }
      return false;
    }
    return field.value !== field.defaultValue;
  }
  function formDirty(form) {
    if (form.hasAttribute("data-unsaved")) { return true; }
    for (var i = 0; i < form.elements.length; i++) {
      if (fieldDirty(form.elements[i])) { return true; }
    }
    return false;
  }
  // Every form that posts, except sign-in (a password is never kept) and forms with nothing to type.
  var watched = Array.prototype.filter.call(document.querySelectorAll("form"), function (form) {
    return (form.getAttribute("method") || "").toLowerCase() === "post" && !form.querySelector("input[type=password]");
  });
  watched.forEach(function (form) {
    form.addEventListener("submit", function () { leaving = true; });
  });
  window.addEventListener("beforeunload", function (event) {
    if (leaving) { leaving = false; return; }
    var dirty = watched.some(formDirty);
    if (!dirty) { return; }
    event.preventDefault();
    event.returnValue = "";
    return "";
  });
  // A submit the script stops (to save through fetch instead) is not a departure after all.
  function stayed() { leaving = false; }

  // Case form autosave: an answer saves as soon as it is chosen, its evidence note a moment after typing stops and
  // when the note loses focus; each with the version it was loaded at, one save at a time per question.
  var form = document.querySelector("form[data-autosave]");
  if (form && window.fetch) {
    var status = form.querySelector(".autosave-status");
    var pending = [];
    var chains = {};
    var timers = {};
    // A save pressed while autosaves are still on their way waits for them, so it sends the versions they got.
    form.addEventListener("submit", function (event) {
      Object.keys(timers).forEach(function (id) { clearTimeout(timers[id]); });
      if (pending.length === 0 || !form.requestSubmit) { return; }
      event.preventDefault();
      stayed();
      var submitter = event.submitter;
      Promise.all(pending).then(function () { form.requestSubmit(submitter); });
    });
    var base = form.getAttribute("action");
    var api = "/api/v1" + base + "/judgements/";

    function field(kind, id) {
      return form.querySelector("input[name='" + kind + "." + id + "']");
    }
    function note(id) { return form.querySelector("textarea[name='note." + id + "']"); }
    function chosen(id) { return form.querySelector("input[name='answer." + id + "']:checked"); }
    function say(text) { status.textContent = text; }
    function questionText(id) {
      var legend = form.querySelector("[data-question='" + id + "'] legend");
      if (!legend) { return id; }
      var idLabel = legend.querySelector(".question-id");
      return "\u201C" + legend.textContent.slice(idLabel ? idLabel.textContent.length : 0).trim() + "\u201D";
    }

    function queue(id, setAside) {
      var request = (chains[id] || Promise.resolve()).then(function () { return save(id, setAside); });
      chains[id] = request.catch(function () {});
      pending.push(request);
      request.then(done, done);
      function done() { pending.splice(pending.indexOf(request), 1); }
      return request;
    }

    function save(id, setAside) {
      var radio = chosen(id);
      var noteField = note(id);
      var version = field("version", id), original = field("original", id), originalNote = field("original-note", id);
      var text = noteField ? noteField.value : "";
      if (!radio) {
        if (text !== (originalNote ? originalNote.value : "")) {
          say("Choose an answer to " + questionText(id) + " to save its note.");
        }
        return Promise.resolve();
      }
      if (!setAside && radio.value === original.value && text === originalNote.value) { return Promise.resolve(); }
      var body = { answer: radio.value, note: text, version: version.value ? parseInt(version.value, 10) : null };
      if (setAside) { body.setAside = true; }
      say("Saving " + questionText(id) + "\u2026");
      return fetch(api + encodeURIComponent(id), {
        method: "PUT", credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf(form) },
        body: JSON.stringify(body)
      }).then(function (response) {
        return response.json().then(function (data) { return { ok: response.ok, code: response.status, data: data }; });
      }).then(function (result) {
        if (result.ok) {
          version.value = result.data.version;
          original.value = result.data.answer;
          originalNote.value = result.data.note;
          // What was saved is now what the page holds: only typing after it counts as unsaved.
          form.querySelectorAll("input[name='answer." + id + "']").forEach(function (each) {
            each.defaultChecked = each.value === result.data.answer;
          });
          if (noteField) { noteField.defaultValue = result.data.note; }
          say("Saved " + questionText(id) + (result.data.note ? " and its note." : "."));
        } else if (result.code === 409 && result.data.error && result.data.error.code === "set-aside-needed") {
          askSetAside(id, result.data);
        } else if (result.code === 409) {
          say("Not saved: " + questionText(id) + " was changed by someone else. Use Save answers to see their answer.");
        } else {
          say("Not saved: " + (result.data.error ? result.data.error.message : "unknown problem") + " Use Save answers.");
        }
      }).catch(function () { say("Not saved automatically. Use Save answers."); });
    }

    // The change would set answers aside: ask beside the question, with two buttons, before anything is written.
    function askSetAside(id, data) {
      var wrap = form.querySelector("[data-question='" + id + "']");
      var old = form.querySelector(".confirm-set-aside[data-for='" + id + "']");
      if (old) { old.remove(); }
      var panel = document.createElement("div");
      panel.className = "conflict confirm-set-aside";
      panel.setAttribute("role", "alert");
      panel.setAttribute("tabindex", "-1");
      panel.setAttribute("data-for", id);
      var message = document.createElement("p");
      message.textContent = "Changing " + questionText(id) + " sets aside your answers to these questions. Nothing has been saved yet.";
      panel.appendChild(message);
      var list = document.createElement("ul");
      data.setAside.forEach(function (item) {
        var entry = document.createElement("li");
        entry.textContent = item.text;
        list.appendChild(entry);
      });
      panel.appendChild(list);
      var buttons = document.createElement("div");
      buttons.className = "button-group";
      var confirm = document.createElement("button");
      confirm.type = "button";
      confirm.className = "button";
      confirm.textContent = "Confirm: set the answers aside";
      var keep = document.createElement("button");
      keep.type = "button";
      keep.className = "button button-secondary";
      keep.textContent = "Keep the earlier answer";
      buttons.appendChild(confirm);
      buttons.appendChild(keep);
      panel.appendChild(buttons);
      wrap.appendChild(panel);
      panel.focus();
      say("Not saved yet: changing " + questionText(id) + " would set other answers aside. Choose below the question.");
      confirm.addEventListener("click", function () {
        panel.remove();
        queue(id, true).then(function () {
          var now = chosen(id);
          if (!now || field("original", id).value !== now.value) { return; }
          data.setAside.forEach(function (item) {
            var other = form.querySelector("[data-question='" + item.questionId + "']");
            if (!other) { return; }
            var set = document.createElement("p");
            set.className = "not-askable";
            set.textContent = item.text + " \u2014 set aside: it no longer applies. The answer is kept and comes back if it applies again.";
            other.replaceChildren(set);
          });
          say("Saved " + questionText(id) + ". Set aside: " + data.setAside.map(function (item) { return "\u201C" + item.text + "\u201D"; }).join(", ") + ".");
        });
      });
      keep.addEventListener("click", function () {
        panel.remove();
        var earlier = field("original", id).value;
        form.querySelectorAll("input[name='answer." + id + "']").forEach(function (each) { each.checked = each.value === earlier; });
        say("Kept the earlier answer to " + questionText(id) + ".");
        var first = chosen(id) || form.querySelector("input[name='answer." + id + "']");
        if (first) { first.focus(); }
      });
    }

    form.addEventListener("change", function (event) {
      var input = event.target;
      if (!input.name) { return; }
      if (input.name.indexOf("answer.") === 0) {
        queue(input.name.slice("answer.".length), false);
      } else if (input.name.indexOf("note.") === 0) {
        var id = input.name.slice("note.".length);
        clearTimeout(timers[id]);
        queue(id, false);
      }
    });
    // Typing in a note saves it once the typing pauses; leaving the box (change) saves it at once.
    form.addEventListener("input", function (event) {
      var input = event.target;
      if (!input.name || input.name.indexOf("note.") !== 0) { return; }
      var id = input.name.slice("note.".length);
      clearTimeout(timers[id]);
      timers[id] = setTimeout(function () { delete timers[id]; queue(id, false); }, 800);
    });
  }

  // Report editor: a box's Save button saves that box alone through fetch and keeps the page, so what was typed in
  // other boxes stays. Anything but a clean save (a bad token, someone else's save) falls back to posting the whole
  // form, which the server answers with the problem shown and every box's typing kept.
  var editor = document.querySelector("form[data-report-editor]");
  if (editor && window.fetch && window.URLSearchParams && editor.requestSubmit) {
    var fallback = false;
    var editorStatus = editor.querySelector(".autosave-status");
    editor.addEventListener("submit", function (event) {
      var button = event.submitter;
      if (fallback || !button || button.value.indexOf("save:") !== 0) { return; }
      event.preventDefault();
      stayed();
      var key = button.value.slice("save:".length);
      var block = Array.prototype.find.call(editor.querySelectorAll(".report-block"), function (each) {
        return each.getAttribute("data-key") === key;
      });
      var box = block.querySelector("textarea");
      var version = block.querySelector("input[type=hidden]");
      var blockStatus = block.querySelector(".block-status");
      var sent = box.value;
      var body = new URLSearchParams();
      body.append("csrf", csrf(editor));
      body.append("key", key);
      body.append("text", sent);
      body.append("version", version.value);
      body.append("action", "save");
      blockStatus.textContent = "Saving\u2026";
      fetch(editor.getAttribute("action"), {
        method: "POST", credentials: "same-origin",
        headers: { "Accept": "application/json", "Content-Type": "application/x-www-form-urlencoded" },
        body: body.toString()
      }).then(function (response) {
        var type = response.headers.get("Content-Type") || "";
        if (!response.ok || type.indexOf("application/json") !== 0) { throw new Error("not saved"); }
        return response.json();
      }).then(function (data) {
        version.value = data.version;
        box.defaultValue = sent;
        box.removeAttribute("data-unsaved");
        blockStatus.textContent = box.value === sent ? "Saved." : "Saved; you have typed more since.";
        if (editorStatus) { editorStatus.textContent = "Saved " + data.location + "."; }
      }).catch(function () {
        blockStatus.textContent = "Not saved here; sending the whole page to show why\u2026";
        fallback = true;
        editor.requestSubmit(button);
      });
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
