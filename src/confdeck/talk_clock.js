// confdeck talk clock: a reveal.js plugin that counts the time plan down on stage.
//
// It keeps one clock in the main window (the window that survives while the speaker view is
// opened, closed and reopened) and draws it in the speaker view's popup and, with
// `timer: both`, in a small bar on the slides. The speaker view is reveal.js's notes plugin: an
// about:blank popup written by this page, so it shares our origin (also from file://) and we can
// put our panel into its document. We find it through the heartbeat it posts to us every second.
//
// What it shows: time left in the section and in the talk, counting down from the plan; at each
// section start the split (planned start vs actual); whose part it is and that speaker's time left.
// Keys: T pauses and resumes the clock (questions from the audience), R resets it. Neither is a
// reveal.js key, whose own pacing timer in the speaker view is left as it is.
//
// The clock records the time spent on every slide, pauses excluded: a rehearsal is what it
// recorded since the last reset. "Save rehearsal" sends it to `confdeck preview` (same origin,
// with the page's token) or, from a file, downloads it as JSON for `confdeck plan --rehearsals`.
(function () {
  "use strict";

  var KEY_PAUSE = 84;  // T
  var KEY_RESET = 82;  // R
  var TICK_MS = 250;

  function clockText(ms) {
    var sign = ms < 0 ? "-" : "";
    var total = Math.ceil(Math.abs(ms) / 1000);  // a countdown shows 10:00 until a whole second has gone
    var h = Math.floor(total / 3600), m = Math.floor(total % 3600 / 60), s = total % 60;
    var two = function (n) { return (n < 10 ? "0" : "") + n; };
    return sign + (h ? h + ":" + two(m) : m) + ":" + two(s);
  }

  // When something happens: a time of day with `start:`, else an offset such as +5:00.
  function atText(seconds, startOfDay) {
    if (startOfDay === null || startOfDay === undefined) return "+" + clockText(seconds * 1000);
    var t = (startOfDay + Math.round(seconds)) % 86400;
    var h = Math.floor(t / 3600), m = Math.floor(t % 3600 / 60), s = t % 60;
    return h + ":" + (m < 10 ? "0" : "") + m + (s ? ":" + (s < 10 ? "0" : "") + s : "");
  }

  var STYLE = [
    ".cd-clock{font:16px/1.35 'DejaVu Sans',Arial,sans-serif;color:#222;background:#f4f6f8;",
    "border-radius:6px;padding:8px 12px;margin:0 0 10px 0;text-align:left}",
    ".cd-clock .cd-row{display:flex;justify-content:space-between;gap:12px;padding:2px 6px;border-radius:4px}",
    ".cd-clock .cd-value{font-weight:bold;font-variant-numeric:tabular-nums;font-size:1.25em}",
    ".cd-clock [data-level=warn3]{background:#ffe08a}",
    ".cd-clock [data-level=warn1]{background:#ffb347}",
    ".cd-clock [data-level=over]{background:#e53935;color:#fff}",
    ".cd-clock .cd-split,.cd-clock .cd-state{font-size:.85em;color:#555;padding:2px 6px}",
    ".cd-clock .cd-split[data-way=behind]{color:#b71c1c}.cd-clock .cd-split[data-way=ahead]{color:#1b5e20}",
    ".cd-clock button{font:inherit;font-size:.85em;margin:4px 6px 0 0}",
    ".cd-clock.cd-bar{position:fixed;left:8px;bottom:8px;z-index:30;width:360px;opacity:.92;font-size:13px}",
  ].join("");

  // The plan of the slides showing: each slide's seconds (data-timing) and section, each section's
  // title, owner, seconds and planned start (on its header slide). Read from the slides, so that
  // new slides swapped in by `confdeck preview` bring their new times with them.
  function readLayout() {
    var slides = [], sections = [];
    var elements = document.querySelectorAll(".reveal .slides > section");
    Array.prototype.forEach.call(elements, function (element) {
      var section = element.getAttribute("data-cd-section");
      var heading = element.querySelector("h1, h2");
      slides.push({title: heading ? heading.textContent.replace(/\s+/g, " ").trim() : "",
                   section: section === null ? null : Number(section),
                   seconds: Number(element.getAttribute("data-timing")) || 0});
      if (element.hasAttribute("data-cd-section-title")) {
        sections[Number(section)] = {
          title: element.getAttribute("data-cd-section-title"),
          speaker: element.getAttribute("data-cd-speaker") || null,
          seconds: Number(element.getAttribute("data-cd-section-seconds")),
          start: Number(element.getAttribute("data-cd-section-start"))
        };
      }
    });
    for (var i = 0; i < sections.length; i++) {
      if (!sections[i]) sections[i] = {title: "", speaker: null, seconds: 0, start: 0};
    }
    return {slides: slides, sections: sections};
  }

  function TalkClock() {
    var deck = null, plan = null, layout = null, speakerDoc = null, bar = null;
    // The clock: `banked` ms counted before the last resume; `resumedAt` (Date.now) while running.
    var clock = null;
    var storageKey = "";

    function fresh() {
      return {started: false, running: false, banked: 0, resumedAt: 0, slide: 0, enteredAt: 0,
              spent: {}, sectionStarts: {}, recordedFrom: new Date().toISOString()};
    }

    function elapsed() {
      return clock.banked + (clock.running ? Date.now() - clock.resumedAt : 0);
    }

    // Time on the slide showing is added to its total when we leave it (and whenever we look).
    function creditSlide() {
      var now = elapsed();
      if (clock.started) clock.spent[clock.slide] = (clock.spent[clock.slide] || 0) + (now - clock.enteredAt);
      clock.enteredAt = now;
    }

    function start() {
      if (clock.started) return;
      clock.started = true;
      resume();
      enterSlide(deck.getIndices().h);
    }

    function pause() {
      if (!clock.running) return;
      creditSlide();
      clock.banked = elapsed();
      clock.running = false;
      save();
    }

    function resume() {
      if (clock.running) return;
      clock.resumedAt = Date.now();
      clock.running = true;
      save();
    }

    function toggle() {
      if (!clock.started) start();
      else if (clock.running) pause();
      else resume();
      draw();
    }

    function reset() {
      clock = fresh();
      save();
      draw();
    }

    function sectionOf(index) {
      var slide = layout.slides[index];
      return slide ? slide.section : null;
    }

    function enterSlide(index) {
      creditSlide();
      clock.slide = index;
      var section = sectionOf(index);
      if (clock.started && section !== null && !(section in clock.sectionStarts)) {
        clock.sectionStarts[section] = elapsed();
      }
      save();
    }

    function spentOn(sections) {
      creditSlide();
      var total = 0;
      for (var i = 0; i < layout.slides.length; i++) {
        if (sections.indexOf(layout.slides[i].section) >= 0) total += clock.spent[i] || 0;
      }
      return total;
    }

    // Everything shown, as data: the speaker view, the bar and the tests read the same numbers.
    function status() {
      var now = elapsed();
      var talkLeft = plan.talkSeconds * 1000 - now;
      var result = {
        running: clock.running, started: clock.started, elapsed: now, talkLeft: talkLeft,
        talkLevel: talkLeft < 0 ? "over" : talkLeft <= 60000 ? "warn1" : talkLeft <= 180000 ? "warn3" : "ok",
        section: null
      };
      var index = sectionOf(deck.getIndices().h);
      if (index === null) {
        // On the title or agenda: the section to come is the first one not started yet.
        for (var i = 0; i < layout.sections.length && index === null; i++) if (!(i in clock.sectionStarts)) index = i;
        if (index === null) return result;
      }
      var section = layout.sections[index];
      if (!section) return result;
      var left = section.seconds * 1000 - spentOn([index]);
      result.section = {
        index: index, title: section.title, speaker: section.speaker, left: left,
        level: left < 0 ? "over" : "ok", plannedStart: section.start,
        actualStart: index in clock.sectionStarts ? clock.sectionStarts[index] / 1000 : null
      };
      if (section.speaker) {
        var theirs = [], planned = 0;
        layout.sections.forEach(function (s, i) {
          if (s.speaker === section.speaker) { theirs.push(i); planned += s.seconds; }
        });
        result.speakerLeft = planned * 1000 - spentOn(theirs);
      }
      return result;
    }

    function splitText(section) {
      if (section.actualStart === null) {
        return "Starts at " + atText(section.plannedStart, plan.startOfDay);
      }
      var diff = Math.round(section.actualStart - section.plannedStart);
      var way = diff > 0 ? clockText(diff * 1000) + " behind" : diff < 0 ? clockText(-diff * 1000) + " ahead" : "on time";
      return "Started " + atText(section.actualStart, plan.startOfDay) + ", planned " +
        atText(section.plannedStart, plan.startOfDay) + ": " + way;
    }

    // -- drawing ----------------------------------------------------------------------------

    function panel(doc, extraClass) {
      var box = doc.createElement("div");
      box.className = "cd-clock" + (extraClass ? " " + extraClass : "");
      box.innerHTML =
        '<div class="cd-row cd-section"><span class="cd-label"></span><span class="cd-value cd-section-left"></span></div>' +
        '<div class="cd-split"></div>' +
        '<div class="cd-row cd-speaker"><span class="cd-label cd-speaker-name"></span><span class="cd-value cd-speaker-left"></span></div>' +
        '<div class="cd-row cd-talk"><span class="cd-label">Talk left</span><span class="cd-value cd-talk-left"></span></div>' +
        '<div class="cd-state"></div>' +
        '<button type="button" class="cd-save">Save rehearsal</button><span class="cd-saved"></span>';
      box.querySelector(".cd-save").addEventListener("click", saveRehearsal);
      var style = doc.createElement("style");
      style.textContent = STYLE;
      doc.head.appendChild(style);
      return box;
    }

    function fill(box, s) {
      var q = function (selector) { return box.querySelector(selector); };
      box.setAttribute("data-state", !s.started ? "ready" : s.running ? "running" : "paused");
      q(".cd-talk").setAttribute("data-level", s.talkLevel);
      q(".cd-talk-left").textContent = clockText(s.talkLeft);
      var sectionRow = q(".cd-section"), speakerRow = q(".cd-speaker");
      sectionRow.style.display = s.section ? "" : "none";
      q(".cd-split").style.display = s.section ? "" : "none";
      speakerRow.style.display = s.section && s.section.speaker ? "" : "none";
      if (s.section) {
        sectionRow.setAttribute("data-level", s.section.level);
        q(".cd-section .cd-label").textContent = "Section " + (s.section.index + 1) + "/" + layout.sections.length +
          " · " + s.section.title;
        q(".cd-section-left").textContent = clockText(s.section.left);
        var split = q(".cd-split");
        split.textContent = splitText(s.section);
        var diff = s.section.actualStart === null ? 0 : Math.round(s.section.actualStart - s.section.plannedStart);
        split.setAttribute("data-way", diff > 0 ? "behind" : diff < 0 ? "ahead" : "on-time");
        if (s.section.speaker) {
          q(".cd-speaker-name").textContent = s.section.speaker + "'s part";
          q(".cd-speaker-left").textContent = clockText(s.speakerLeft);
          speakerRow.setAttribute("data-level", s.speakerLeft < 0 ? "over" : "ok");
        }
      }
      q(".cd-state").textContent = !s.started ? "Starts when you leave the first slide · T starts it now" :
        s.running ? "Running · T pause · R reset" : "Paused · T resume · R reset";
    }

    function showBar() {
      bar = panel(document, "cd-bar");
      document.body.appendChild(bar);
    }

    function draw() {
      if (!deck || !plan) return;
      // `confdeck preview --rehearse` adds its tag after the deck's scripts: look for it as we draw.
      var token = bar ? null : document.getElementById("confdeck-rehearsal-token");
      if (token && token.getAttribute("data-rehearse") === "1") showBar();
      var s = status();
      if (bar) fill(bar, s);
      if (speakerDoc) {
        var box = null;
        try { box = speakerDoc.querySelector(".cd-clock"); } catch (e) { speakerDoc = null; }
        if (box) fill(box, s); else speakerDoc = null;
      }
    }

    // -- the speaker view ---------------------------------------------------------------------

    function attachSpeakerView(win) {
      var doc;
      try { doc = win.document; } catch (e) { return; }  // another origin: never ours
      if (!doc || doc === speakerDoc || doc.querySelector(".cd-clock")) return;
      var controls = doc.getElementById("speaker-controls");
      if (!controls) return;
      controls.insertBefore(panel(doc), controls.firstChild);
      doc.addEventListener("keydown", onKey);
      speakerDoc = doc;
      draw();
    }

    function onMessage(event) {
      if (!event.source || event.source === window || typeof event.data !== "string") return;
      var data;
      try { data = JSON.parse(event.data); } catch (e) { return; }
      if (data && data.namespace === "reveal-notes" && (data.type === "heartbeat" || data.type === "connected")) {
        attachSpeakerView(event.source);
      }
    }

    function onKey(event) {
      if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
      var target = event.target;
      if (target && /input|textarea|select/i.test(target.tagName || "")) return;
      if (event.keyCode === KEY_PAUSE) toggle();
      else if (event.keyCode === KEY_RESET) reset();
      else return;
      event.preventDefault();
    }

    // -- keeping the clock across a reload (the preview reloads the page on some saves) --------

    function save() {
      try { sessionStorage.setItem(storageKey, JSON.stringify({clock: clock})); } catch (e) { /* private mode */ }
    }

    function restore() {
      try {
        var saved = JSON.parse(sessionStorage.getItem(storageKey));
        if (saved && saved.clock) {
          clock = saved.clock;  // a running clock counts on from Date.now: the reload was talk time too
          return;
        }
      } catch (e) { /* nothing saved */ }
      clock = fresh();
    }

    // -- rehearsals ----------------------------------------------------------------------------

    function rehearsal() {
      creditSlide();
      var slides = layout.slides.map(function (slide, i) {
        return {index: i, title: slide.title, section: slide.section, planned_seconds: slide.seconds,
                seconds: Math.round((clock.spent[i] || 0) / 1000)};
      });
      var sections = layout.sections.map(function (section, i) {
        var total = 0;
        slides.forEach(function (slide) { if (slide.section === i) total += slide.seconds; });
        return {title: section.title, planned_seconds: section.seconds, seconds: total};
      });
      return {format: "confdeck-rehearsal", version: 1, notes: plan.notes, title: plan.title,
              started: clock.recordedFrom, saved: new Date().toISOString(),
              total_seconds: Math.round(elapsed() / 1000), sections: sections, slides: slides};
    }

    function saved(message) {
      [bar, speakerDoc && speakerDoc.querySelector(".cd-clock")].forEach(function (box) {
        if (box) box.querySelector(".cd-saved").textContent = message;
      });
    }

    function saveRehearsal() {
      var record = rehearsal();
      var body = JSON.stringify(record);
      var token = document.getElementById("confdeck-rehearsal-token");
      if (token && /^https?:$/.test(location.protocol)) {
        fetch(token.getAttribute("data-path"), {
          method: "POST", body: body, credentials: "same-origin",
          headers: {"Content-Type": "application/json", "X-Confdeck-Token": token.getAttribute("data-token")}
        }).then(function (answer) {
          saved(answer.ok ? "Saved (" + clockText(record.total_seconds * 1000) + ")" : "Not saved: " + answer.status);
        }, function () { saved("Not saved: the preview is not running"); });
        return;
      }
      var link = document.createElement("a");
      link.href = URL.createObjectURL(new Blob([body], {type: "application/json"}));
      link.download = plan.notes.replace(/\.[^.\/]*$/, "") + ".rehearsal.json";
      document.body.appendChild(link);
      link.click();
      link.remove();
      saved("Downloaded " + link.download);
    }

    return {
      id: "confdeck-talk-clock",
      init: function (reveal) {
        // The speaker view's slide previews load this page again (?receiver): they keep no clock.
        if (/receiver/i.test(location.search)) return;
        var source = document.getElementById("confdeck-talk-plan");
        if (!source) return;
        plan = JSON.parse(source.textContent);
        layout = readLayout();
        deck = reveal;
        storageKey = "confdeck-talk-clock:" + location.pathname + ":" + plan.title;
        restore();
        if (plan.timer === "both") showBar();
        reveal.addKeyBinding({keyCode: KEY_PAUSE, key: "T", description: "Pause or resume the talk clock"}, toggle);
        reveal.addKeyBinding({keyCode: KEY_RESET, key: "R", description: "Reset the talk clock"}, reset);
        // reveal.js goes to the slide in the address before its "ready" event: that is not a move.
        var opened = false;
        reveal.on("ready", function () { opened = true; });
        reveal.on("slidechanged", function (event) {
          // Opening the deck on a later slide (#/3, a reload) is not the talk starting.
          if (!clock.started && event.indexh > 0 && opened) start();
          else enterSlide(event.indexh);
          draw();
        });
        window.addEventListener("message", onMessage);
        // The preview swaps in new slides (and their times): read the plan again when they change.
        new MutationObserver(function () { layout = readLayout(); draw(); })
          .observe(document.querySelector(".reveal .slides"), {childList: true});
        setInterval(draw, TICK_MS);
        draw();
      },
      status: function () { return status(); },
      rehearsal: function () { return rehearsal(); }
    };
  }

  window.ConfdeckTalkClock = TalkClock;
})();
