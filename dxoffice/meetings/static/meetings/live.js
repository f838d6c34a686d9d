/* The live view of a meeting (participant and projector) over its WebSocket.
 * The server sends the whole state with a version on connect and after every change; this page keeps
 * the newest version and ignores older ones, so a dropped link only needs a reconnect to catch up. */
(function () {
  "use strict";
  var root = document.getElementById("live");
  if (!root) { return; }
  var texts = JSON.parse(document.getElementById("live-texts").textContent);
  var state = JSON.parse(document.getElementById("live-initial").textContent);
  var me = { voter: false, participants: [], runs: false, voted: [], cast: [] };
  var REFUSED = [4403, 4404];  // the server will not let this person follow the meeting: no retry
  var chosenBallot = null;
  var version = -1;
  var socket = null;
  var retry = 0;
  var pending = {};
  var counter = 0;

  function el(id) { return document.getElementById(id); }
  function clear(node) { while (node && node.firstChild) { node.removeChild(node.firstChild); } }
  function add(parent, tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) { node.textContent = text; }
    if (cls) { node.className = cls; }
    parent.appendChild(node);
    return node;
  }

  function setLink(ok) {
    var badge = el("live-link");
    if (!badge) { return; }
    badge.textContent = ok ? texts.connected : texts.reconnecting;
    badge.className = "badge " + (ok ? "text-bg-success" : "text-bg-warning");
    badge.dataset.state = ok ? "connected" : "reconnecting";
  }

  function renderItem() {
    var box = el("live-item");
    if (!box) { return; }
    clear(box);
    if (!state.item) { add(box, "p", texts.noItem, "text-muted mb-0"); return; }
    add(box, "div", texts.item + " " + state.item.position, "small text-muted");
    add(box, "div", state.item.title, "fs-4 fw-semibold");
    if (state.item.presenter) { add(box, "div", state.item.presenter, "small"); }
  }

  function renderTimer() {
    var box = el("live-timer");
    if (!box) { return; }
    if (!state.item || !state.item.started_at) { box.textContent = ""; return; }
    var end = new Date(state.item.started_at).getTime() + state.item.duration_minutes * 60000;
    var left = Math.round((end - Date.now()) / 1000);
    var sign = left < 0 ? "-" : "";
    var abs = Math.abs(left);
    box.textContent = sign + Math.floor(abs / 60) + ":" + String(abs % 60).padStart(2, "0");
    box.className = "font-monospace fs-3 " + (left < 0 ? "text-danger" : "");
  }

  function renderAttendance() {
    var box = el("live-attendance");
    if (!box) { return; }
    var a = state.attendance;
    box.textContent = texts.present.replace("%(present)s", a.present).replace("%(members)s", a.members) +
      " · " + (a.quorum_reached ? texts.quorum : texts.noQuorum);
    box.className = "badge " + (a.quorum_reached ? "text-bg-success" : "text-bg-warning");
  }

  var refocus = null;
  var TAP = "min-width: 44px; min-height: 44px";  // tap targets of at least 44px

  function button(parent, text, label, cls) {
    var node = add(parent, "button", text, "btn btn-sm " + cls);
    node.type = "button";
    node.setAttribute("style", TAP);
    if (label) { node.setAttribute("aria-label", label); node.title = label; }
    return node;
  }

  function renderSpeakers() {
    var list = el("live-speakers");
    if (!list) { return; }
    clear(list);
    if (!state.speakers.length) { add(list, "li", texts.noSpeakers, "list-group-item text-muted small"); }
    var participantView = root.dataset.mode === "participant";
    var mine = me.mine || [];
    var waiting = state.speakers.filter(function (s) { return s.state === "waiting"; });
    var reorders = participantView && me.runs && !!root.dataset.reorder;
    state.speakers.forEach(function (s) {
      var li = add(list, "li", null, "list-group-item d-flex flex-wrap gap-2 align-items-center" + (s.state === "speaking" ? " list-group-item-success" : ""));
      li.dataset.speaker = String(s.id);
      add(li, "span", s.name, "me-auto");
      add(li, "span", s.state === "speaking" ? texts.speaking : texts.waiting, "small");
      if (s.state !== "waiting") { return; }
      var index = waiting.indexOf(s);
      if (reorders) {
        var up = button(li, "\u2191", texts.moveUp.replace("%(name)s", s.name), "btn-outline-secondary");
        up.dataset.move = "up";
        up.disabled = index === 0;
        up.addEventListener("click", function () { move(waiting, index, -1); });
        var down = button(li, "\u2193", texts.moveDown.replace("%(name)s", s.name), "btn-outline-secondary");
        down.dataset.move = "down";
        down.disabled = index === waiting.length - 1;
        down.addEventListener("click", function () { move(waiting, index, 1); });
      }
      if (participantView && mine.indexOf(s.participant) >= 0) {
        var quit = button(li, texts.withdraw, texts.withdrawLabel, "btn-outline-danger");
        quit.dataset.testid = "withdraw";
        quit.addEventListener("click", function () { send({ type: "withdraw", speaker: s.id }); });
      }
    });
    if (refocus && state.version > refocus.after) {
      var row = list.querySelector('[data-speaker="' + refocus.speaker + '"]');
      var target = row && (row.querySelector('[data-move="' + refocus.move + '"]:not([disabled])') ||
        row.querySelector("[data-move]:not([disabled])"));
      if (target) { target.focus(); }
      refocus = null;
    }
  }

  function move(waiting, index, step) {
    var target = index + step;
    if (target < 0 || target >= waiting.length) { return; }
    var ids = waiting.map(function (s) { return s.id; });
    var moved = ids[index];
    ids[index] = ids[target];
    ids[target] = moved;
    // The room's new state follows over the socket; the keyboard's focus then stays on the one moved.
    refocus = { speaker: moved, move: step < 0 ? "up" : "down", after: state.version };
    fetch(root.dataset.reorder, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": root.dataset.csrf },
      body: JSON.stringify({ order: ids })
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (body) {
        if (response.ok) {
          notice(texts.reordered, "success");
        } else {
          refocus = null;
          renderSpeakers();
          notice(body.detail || texts.reorderFailed, "danger");
        }
      });
    }).catch(function () { refocus = null; notice(texts.reorderFailed, "danger"); });
  }

  function renderPoll() {
    var box = el("live-poll");
    if (!box) { return; }
    clear(box);
    var poll = state.poll;
    if (!poll) { add(box, "p", texts.noPoll, "text-muted mb-0"); return; }
    add(box, "div", poll.question, "fs-5 fw-semibold mb-1");
    add(box, "div", (poll.secret ? texts.secret : texts.named) + " · " + texts.states[poll.state], "small text-muted mb-2");
    box.dataset.pollState = poll.state;
    if (poll.state === "open" && me.voter && root.dataset.mode === "participant") {
      var left = ballotsLeft(poll.id);
      if (!left.length) {
        add(box, "div", texts.voted, "alert alert-success py-2 mb-0").dataset.testid = "voted";
      } else {
        var multiple = poll.kind === "multiple";
        var form = add(box, "form", null, "d-grid gap-2");
        if (me.participants.length > 1) {
          // A deputy for several members casts each member's ballot in turn, choosing whose.
          var ids = left.map(function (p) { return p.id; });
          if (ids.indexOf(chosenBallot) < 0) { chosenBallot = ids[0]; }
          var label = add(form, "label", texts.ballotOf, "form-label small mb-0");
          var select = add(form, "select", null, "form-select");
          select.id = label.htmlFor = "live-ballot-of";
          select.dataset.testid = "ballot-of";
          left.forEach(function (p) {
            var option = add(select, "option", p.name);
            option.value = String(p.id);
            option.selected = p.id === chosenBallot;
          });
          select.addEventListener("change", function () { chosenBallot = parseInt(select.value, 10); });
        }
        poll.options.forEach(function (label, index) {
          if (multiple) {
            var wrap = add(form, "label", null, "btn btn-outline-primary btn-lg text-start");
            var input = add(wrap, "input", null, "form-check-input me-2");
            input.type = "checkbox"; input.value = String(index);
            wrap.appendChild(document.createTextNode(label));
          } else {
            var button = add(form, "button", label, "btn btn-outline-primary btn-lg");
            button.type = "button";
            button.dataset.choice = String(index);
            button.addEventListener("click", function () { vote(poll.id, [index]); });
          }
        });
        if (multiple) {
          var submit = add(form, "button", texts.vote, "btn btn-primary btn-lg");
          submit.type = "submit";
          form.addEventListener("submit", function (event) {
            event.preventDefault();
            var chosen = [];
            form.querySelectorAll("input:checked").forEach(function (i) { chosen.push(parseInt(i.value, 10)); });
            vote(poll.id, chosen);
          });
        }
      }
    }
    if (poll.state === "open") {
      add(box, "div", texts.votesCast.replace("%(n)s", poll.votes_cast), "small text-muted mt-2");
    }
    if (poll.result) { renderResult(box, poll); }
  }

  function renderResult(box, poll) {
    var r = poll.result;
    var table = add(box, "table", null, "table table-sm mt-2 mb-1");
    table.dataset.testid = "live-result";
    var body = add(table, "tbody");
    var total = r.counts.reduce(function (a, b) { return a + b; }, 0) || 1;
    r.options.forEach(function (label, index) {
      var tr = add(body, "tr");
      add(tr, "td", label);
      add(tr, "td", String(r.counts[index]), "text-end fw-semibold");
      var bar = add(add(tr, "td", null, "w-50"), "div", null, "progress");
      var fill = add(bar, "div", null, "progress-bar");
      fill.style.width = Math.round(r.counts[index] * 100 / total) + "%";
    });
    add(box, "div", texts.turnout.replace("%(cast)s", r.votes_cast).replace("%(present)s", r.present_count), "small");
    add(box, "div", r.passed ? texts.passed : texts.notPassed, "fw-bold " + (r.passed ? "text-success" : "text-danger")).dataset.testid = "live-verdict";
  }

  function renderAll() {
    var title = el("live-version");
    if (title) { title.textContent = String(state.version); }
    renderItem(); renderTimer(); renderAttendance(); renderSpeakers(); renderPoll();
  }

  function notice(text, kind) {
    var box = el("live-notice");
    if (!box) { return; }
    box.textContent = text;
    box.className = "alert py-2 alert-" + (kind || "info");
    box.hidden = !text;
  }

  function send(message) {
    counter += 1;
    message.request_id = "r" + counter;
    pending[message.request_id] = message;
    if (socket && socket.readyState === WebSocket.OPEN) { socket.send(JSON.stringify(message)); }
    return message.request_id;
  }

  function ballotsLeft(pollId) {
    return me.participants.filter(function (p) {
      return !me.cast.some(function (pair) { return pair[0] === pollId && pair[1] === p.id; });
    });
  }

  function vote(pollId, choice) {
    var message = { type: "vote", poll: pollId, choice: choice };
    var left = ballotsLeft(pollId);
    var whose = left.filter(function (p) { return p.id === chosenBallot; })[0] || left[0];
    if (whose) { message.participant = whose.id; }
    send(message);
  }

  function onMessage(event) {
    var data;
    try { data = JSON.parse(event.data); } catch (e) { return; }
    if (data.request_id) { delete pending[data.request_id]; }
    if (data.type === "state") {
      if (data.me) { me = data.me; me.cast = me.cast || []; }
      if (data.state.version >= version || data.me) {
        version = data.state.version;
        state = data.state;
        renderAll();
      }
    } else if (data.type === "voted") {
      if (data.participant) { me.cast.push([data.poll, data.participant]); }
      if (!ballotsLeft(data.poll).length && me.voted.indexOf(data.poll) < 0) { me.voted.push(data.poll); }
      notice(data.counted ? texts.receipt.replace("%(code)s", data.receipt) : texts.already, "success");
      renderPoll();
    } else if (data.type === "speak") {
      notice(texts.asked, "info");
    } else if (data.type === "withdraw") {
      notice(texts.withdrawn, "info");
    } else if (data.type === "error") {
      notice(data.message, "danger");
    }
  }

  function connect() {
    var scheme = location.protocol === "https:" ? "wss://" : "ws://";
    socket = new WebSocket(scheme + location.host + root.dataset.ws);
    socket.addEventListener("open", function () {
      retry = 0;
      setLink(true);
      Object.keys(pending).forEach(function (id) { socket.send(JSON.stringify(pending[id])); });
    });
    socket.addEventListener("message", onMessage);
    socket.addEventListener("close", function (event) {
      if (REFUSED.indexOf(event.code) >= 0) {
        pending = {};
        var badge = el("live-link");
        if (badge) {
          badge.textContent = texts.refused;
          badge.className = "badge text-bg-danger";
          badge.dataset.state = "refused";
        }
        notice(texts.refusedLong, "danger");
        return;
      }
      setLink(false);
      retry = Math.min(retry + 1, 6);
      window.setTimeout(connect, Math.min(500 * Math.pow(2, retry), 15000));
    });
  }

  var speak = el("live-speak");
  if (speak) { speak.addEventListener("click", function () { send({ type: "speak" }); }); }
  renderAll();
  window.setInterval(renderTimer, 1000);
  connect();
})();
