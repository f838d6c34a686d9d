// The entry grid: Enter moves to the next field, a pasted column fills the fields below, drafts are
// saved as you type (values, their breakdown parts, evidence, comments and the explanations of rule
// flags), and what is typed while offline stays on this device until the link is back.
(function () {
  "use strict";
  var form = document.getElementById("entry-form");
  if (!form || form.dataset.editable !== "1") return;
  var key = "dxoffice.indicators.entry." + form.dataset.submission;
  var state = document.getElementById("entry-state");
  var timer = null;
  var fields = Array.prototype.slice.call(form.querySelectorAll(".entry-value, .entry-extra, input[name^='flag-']"));
  var values = Array.prototype.slice.call(form.querySelectorAll(".entry-value"));

  function say(what) { state.textContent = state.dataset[what] || ""; }
  function pending() { try { return JSON.parse(localStorage.getItem(key) || "{}"); } catch (e) { return {}; } }
  function keep(data) { localStorage.setItem(key, JSON.stringify(data)); }

  function check(input) {
    // The same rules the server applies, so a mistake shows before anything is sent.
    var type = input.dataset.type, text = (input.value || "").trim().replace(",", ".");
    var box = form.querySelector("[data-error-for='" + (input.dataset.code || input.closest("tr").dataset.code) + "']");
    var bad = false;
    if (text && type) {
      var n = Number(text.replace("%", ""));
      if (isNaN(n)) bad = true;
      else if (type === "percent" && (n < 0 || n > 100)) bad = true;
      else if ((type === "count" || type === "money") && (n < 0 || Math.floor(n) !== n)) bad = true;
    }
    input.classList.toggle("is-invalid", bad);
    if (box && !bad) box.textContent = "";
    return !bad;
  }

  function remember(input) {
    var data = pending();
    data[input.name] = input.value;
    keep(data);
  }

  function body(data) {
    var out = { values: {}, evidence: {}, comments: {}, parts: {}, flags: {} };
    Object.keys(data).forEach(function (name) {
      var code = name.slice(2);
      if (name.indexOf("p-") === 0 && code.indexOf(".") > 0) {
        var at = code.indexOf(".");
        (out.parts[code.slice(0, at)] = out.parts[code.slice(0, at)] || {})[code.slice(at + 1)] = data[name];
      }
      else if (name.indexOf("v-") === 0) out.values[code] = data[name];
      else if (name.indexOf("e-") === 0) out.evidence[code] = data[name];
      else if (name.indexOf("c-") === 0) out.comments[code] = data[name];
      else if (name.indexOf("flag-") === 0) out.flags[name.slice(5)] = data[name];
    });
    return out;
  }

  function total(code) {
    // The total of a breakdown whose total is the sum of its parts, shown as they are typed.
    var shown = form.querySelector("[data-total-for='" + code + "']");
    if (!shown) return;
    var sum = 0, any = false;
    form.querySelectorAll(".entry-part[data-code='" + code + "']").forEach(function (part) {
      var n = Number((part.value || "").trim().replace(",", "."));
      if ((part.value || "").trim() && !isNaN(n)) { sum += n; any = true; }
    });
    shown.textContent = any ? String(Math.round(sum * 1e6) / 1e6) : "—";
  }

  function send() {
    var data = pending();
    if (!Object.keys(data).length) return;
    if (!navigator.onLine) { say("offline"); return; }
    if (values.some(function (i) { return i.classList.contains("is-invalid"); })) { say("failed"); return; }
    say("saving");
    fetch(window.location.pathname, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-CSRFToken": form.querySelector("[name=csrfmiddlewaretoken]").value },
      body: JSON.stringify(body(data)),
      credentials: "same-origin",
    }).then(function (response) {
      return response.json().then(function (answer) {
        if (answer.saved) {
          var now = pending();
          Object.keys(data).forEach(function (name) { if (now[name] === data[name]) delete now[name]; });
          keep(now);
          say("saved");
        } else {
          Object.keys(answer.errors || {}).forEach(function (code) {
            var box = form.querySelector("[data-error-for='" + code + "']");
            var input = document.getElementById("v-" + code);
            if (box) box.textContent = answer.errors[code].join(" ");
            if (input) input.classList.add("is-invalid");
            form.querySelectorAll(".entry-part[data-code='" + code + "']").forEach(function (part) { part.classList.add("is-invalid"); });
          });
          say("failed");
        }
      });
    }).catch(function () { say("offline"); });
  }

  function schedule() { clearTimeout(timer); timer = setTimeout(send, 1200); }

  // Values kept from an earlier visit (typed offline) come back into the fields.
  var kept = pending();
  fields.forEach(function (input) {
    if (Object.prototype.hasOwnProperty.call(kept, input.name)) {
      input.value = kept[input.name];
      if (input.dataset.code) total(input.dataset.code);
    }
    input.addEventListener("input", function () {
      if (input.classList.contains("entry-value")) check(input);
      if (input.dataset.code) total(input.dataset.code);
      remember(input); schedule();
    });
    input.addEventListener("change", function () { remember(input); schedule(); });
  });
  values.forEach(function (input, index) {
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        event.preventDefault();
        var next = values[index + (event.shiftKey ? -1 : 1)];
        if (next) next.focus();
      }
    });
    input.addEventListener("paste", function (event) {
      var text = (event.clipboardData || window.clipboardData).getData("text");
      var lines = text.replace(/\r/g, "").split("\n").filter(function (line, i, all) { return line !== "" || i < all.length - 1; });
      if (lines.length < 2) return;
      event.preventDefault();
      lines.forEach(function (line, offset) {
        var target = values[index + offset];
        if (!target) return;
        target.value = line.split("\t")[0].trim();
        if (target.tagName === "INPUT") check(target);
        if (target.dataset.code) total(target.dataset.code);
        remember(target);
      });
      schedule();
    });
  });
  window.addEventListener("online", send);
  form.addEventListener("submit", function () { localStorage.removeItem(key); });
  if (Object.keys(kept).length) schedule();
})();
