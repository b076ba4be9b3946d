// confdeck preview: follow every rebuild, staying on the slide that is showing.
// Served pages only; `confdeck build` output never contains this script.
//
// A new build whose page differs only in its slides and styles is patched in place: the
// server sends the changed slides only, this script swaps them in and calls Reveal.sync,
// keeping the current slide and fragment; no reload, no blank flash. Anything else (scripts,
// reveal.js settings, the page around the slides) reloads the page and returns to the same
// slide afterwards.
(function () {
  "use strict";
  var me = document.currentScript;
  var build = Number(me.getAttribute("data-build"));
  // One key per frame: the speaker view's two iframes differ only in their query string.
  var key = "confdeck-preview:" + location.pathname + location.search;
  // Speaker-view iframes carry ?receiver; they follow the main window instead of opening
  // their own event stream, since browsers allow only ~6 connections per host.
  var receiver = /receiver/i.test(location.search);
  var channel = "BroadcastChannel" in window ? new BroadcastChannel("confdeck-preview") : null;
  var updating = false, wanted = build;

  // What identifies a slide across rebuilds: its kind (section, content …) and its heading.
  function identity(slide) {
    if (!slide) return "";
    var h = slide.querySelector("h1, h2");
    var kind = Array.prototype.filter.call(slide.classList, function (c) { return /-slide$/.test(c); });
    return kind.join(" ") + "|" + (h ? h.textContent.replace(/\s+/g, " ").trim() : "");
  }

  function where() {
    return {state: Reveal.getState(), slide: identity(Reveal.getCurrentSlide())};
  }

  function follow(saved) {
    Reveal.setState(saved.state);
    if (!saved.slide || identity(Reveal.getCurrentSlide()) === saved.slide) return;
    // Slides were added or removed before this one: follow it, nearest match first.
    var slides = Reveal.getSlides(), best = null, here = Reveal.getIndices().h;
    for (var i = 0; i < slides.length; i++) {
      if (identity(slides[i]) !== saved.slide) continue;
      var at = Reveal.getIndices(slides[i]);
      if (best === null || Math.abs(at.h - here) < Math.abs(best.h - here)) best = at;
    }
    if (best) Reveal.slide(best.h, best.v || 0);
  }

  function reload() {
    if (!receiver && window.Reveal && Reveal.isReady()) {
      try { sessionStorage.setItem(key, JSON.stringify(where())); } catch (e) { /* the #/h/v hash remains */ }
    }
    location.reload();
  }

  function restoreAfterReload() {
    // A reloaded speaker-view iframe reports "ready"; the speaker view then sends it the state.
    if (receiver) return;
    var saved = null;
    try {
      saved = JSON.parse(sessionStorage.getItem(key));
      sessionStorage.removeItem(key);
    } catch (e) { /* nothing saved */ }
    if (saved && saved.state) follow(saved);
  }

  // The server cuts each build into shell, styles and slides (preview_parts.py) and answers
  // "what changed since build N": for each new slide, the index of the same slide on this page
  // (kept as it is: its pictures are not fetched or decoded again) or its HTML.
  function fetchUpdate() {
    return fetch("/__confdeck/update?build=" + build, {cache: "no-store", credentials: "same-origin"})
      .then(function (response) {
        if (!response.ok) throw new Error("update " + response.status);
        return response.json();
      });
  }

  function parsed(html) {
    var holder = document.createElement("template");
    holder.innerHTML = html;
    return holder.content.firstElementChild;
  }

  // Put the new build in place; false when only a reload can show it.
  function apply(change) {
    var live = document.querySelector(".reveal .slides");
    var styles = document.head.querySelectorAll("style");
    if (change.reload || !live || !window.Reveal || !Reveal.isReady() || live.children.length !== change.before
        || styles.length !== change.styles.length) {
      return false;
    }
    var saved = where();
    change.styles.forEach(function (css, i) { if (css !== null) styles[i].textContent = css; });
    document.title = change.title;
    var old = Array.prototype.slice.call(live.children), used = [];
    var wanted = change.slides.map(function (slide) {
      if (typeof slide !== "number") return parsed(slide);
      if (used[slide]) return old[slide].cloneNode(true);  // the same slide twice in the new deck
      used[slide] = true;
      return old[slide];
    });
    wanted.forEach(function (el, i) {
      if (live.children[i] !== el) live.insertBefore(el, live.children[i] || null);
    });
    while (live.children.length > wanted.length) live.removeChild(live.lastElementChild);
    var oldError = document.getElementById("confdeck-error");
    if (oldError) oldError.remove();
    if (change.error) me.parentNode.insertBefore(parsed(change.error), me);
    build = change.build;
    me.setAttribute("data-build", String(build));
    Reveal.sync();
    // The speaker view drives its iframes; a slide change of their own would move the main window.
    if (receiver) return true;
    follow(saved);
    if (!Reveal.isPaused()) {
      // The notes plugin sends an open speaker view the current notes on events like these only;
      // both happen before the next paint, so nothing flickers.
      Reveal.togglePause(true);
      Reveal.togglePause(false);
    }
    return true;
  }

  function update(next) {
    wanted = Math.max(wanted, next);
    if (updating) return;
    updating = true;
    fetchUpdate().then(function (change) {
      updating = false;
      if (!apply(change)) return reload();
      if (wanted > build) update(wanted);  // another build finished while this one was fetched
    }, function () {
      updating = false;
      reload();
    });
  }

  if (window.Reveal) {
    if (Reveal.isReady()) restoreAfterReload(); else Reveal.on("ready", restoreAfterReload);
  }

  if (receiver) {
    if (channel) channel.onmessage = function (event) {
      if (event.data && event.data.build !== build) update(event.data.build);
    };
    return;
  }
  // The notes plugin's speaker view waits for "connect" messages from the page that opened it;
  // when a save reloads that page first, they stop, and the speaker view showed "Error connecting
  // to main window" for good. A small script put into the speaker view asks the reloaded page
  // itself: it sends the speaker view the "connect" the plugin would have sent, after which the
  // plugin's own heartbeat lets the new page take it over.
  var SPEAKER_WINDOW = "reveal.js - Notes";
  function keepSpeakerConnected(speaker) {
    var source = "(" + function () {
      var status = document.getElementById("connection-status");
      var timer = setInterval(function () {
        if (!status || status.style.display === "none") return clearInterval(timer);  // connected
        if (/Error connecting/.test(status.textContent)) status.textContent = "Waiting for the deck to reload…";
        try {
          var main = window.opener;
          if (!main || main.closed || !main.Reveal || !main.Reveal.isReady()) return;
          var url = main.Reveal.getConfig().url;
          if (typeof url !== "string") url = main.location.protocol + "//" + main.location.host
                                            + main.location.pathname + main.location.search;
          window.postMessage(JSON.stringify({namespace: "reveal-notes", type: "connect",
                                             state: main.Reveal.getState(), url: url}), "*");
        } catch (e) { /* the main window is between two pages */ }
      }, 250);
    } + ")();";
    try {
      if (speaker.confdeckKeepsConnected) return;
      speaker.confdeckKeepsConnected = true;
      var script = speaker.document.createElement("script");
      script.textContent = source;
      speaker.document.body.appendChild(script);
    } catch (e) { /* not ours to script (another origin): the plugin alone handles it */ }
  }
  function speakerConnected(speaker) {
    try {
      var status = speaker.document.getElementById("connection-status");
      return !!status && status.style.display === "none";
    } catch (e) { return true; /* cannot tell: leave it to the plugin */ }
  }
  var openWindow = window.open, speakerWindow = null, speakerKey = "confdeck-preview:speaker-connecting";
  window.open = function (url, name) {
    var opened = openWindow.apply(window, arguments);
    if (opened && name === SPEAKER_WINDOW) {
      speakerWindow = opened;
      // The plugin writes the speaker view into the new window right after this returns.
      setTimeout(function () { keepSpeakerConnected(opened); }, 0);
    }
    return opened;
  };
  // S pressed while the page was already going away: the speaker view may not even be written yet.
  // The next page finds that window by its name and finishes the job.
  window.addEventListener("pagehide", function () {
    if (speakerWindow && !speakerWindow.closed && !speakerConnected(speakerWindow)) {
      try { sessionStorage.setItem(speakerKey, "1"); } catch (e) { /* then S again is the way */ }
    }
  });
  function recoverSpeaker() {
    try {
      if (!sessionStorage.getItem(speakerKey)) return;
      sessionStorage.removeItem(speakerKey);
    } catch (e) { return; }
    var speaker = openWindow.call(window, "", SPEAKER_WINDOW);  // the open one, by its name
    if (!speaker) return;
    speakerWindow = speaker;
    var written = false;
    try { written = !!speaker.document.getElementById("connection-status"); } catch (e) { return; }
    if (written) keepSpeakerConnected(speaker);
    else if (Reveal.getPlugin && Reveal.getPlugin("notes")) Reveal.getPlugin("notes").open();  // a blank window
  }
  if (window.Reveal) {
    if (Reveal.isReady()) recoverSpeaker(); else Reveal.on("ready", recoverSpeaker);
  }

  var events = new EventSource("/__confdeck/events?build=" + build);
  events.onmessage = function (event) {
    var message = JSON.parse(event.data);
    if (message.build === build) return;
    if (channel) channel.postMessage({build: message.build});
    update(message.build);
  };
  window.addEventListener("pagehide", function () { events.close(); });
})();
