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
  // when a save reloads that page first they stop, and the speaker view showed "Error connecting
  // to main window" for good. Worse, a speaker window the plugin opens and writes while the old
  // page is going away can be left with scripts that never run: a blank or dead window.
  // So a speaker window not yet connected when this page goes away is taken over by the next
  // page: it loads the speaker view afresh from the preview server (/__confdeck/speaker, a real
  // page whose scripts run), which connects itself to this window as soon as the deck is ready;
  // the plugin's own heartbeat then lets the new page drive it.
  var SPEAKER_WINDOW = "reveal.js - Notes", SPEAKER_PAGE = "/__confdeck/speaker";
  var speakerKey = "confdeck-preview:speaker-connecting";
  function speakerConnected(speaker) {
    try {
      var status = speaker.document.getElementById("connection-status");
      return !!status && status.style.display === "none";
    } catch (e) { return true; /* cannot tell: leave it to the plugin */ }
  }
  function remember(wanted) {
    try {
      if (wanted) sessionStorage.setItem(speakerKey, "1"); else sessionStorage.removeItem(speakerKey);
    } catch (e) { /* then S again is the way */ }
  }
  var openWindow = window.open, speakerWindow = null;
  window.open = function (url, name) {
    var opened = openWindow.apply(window, arguments);
    if (opened && name === SPEAKER_WINDOW) {
      speakerWindow = opened;
      remember(true);  // now, not at pagehide: S may come as the page is already going away
    }
    return opened;
  };
  window.addEventListener("pagehide", function () {
    remember(!!speakerWindow && !speakerWindow.closed && !speakerConnected(speakerWindow));
  });
  function recoverSpeaker() {
    var leftBehind = false;
    try { leftBehind = !!sessionStorage.getItem(speakerKey); } catch (e) { /* nothing to recover */ }
    remember(false);
    if (!leftBehind) {
      // S pressed while this page was loading, before reveal.js listened to keys (noted by the
      // page's first script, confdeck-early-keys): the press still allows a popup for a few seconds.
      var notes = Reveal.getPlugin && Reveal.getPlugin("notes");
      if (window.confdeckSpeakerWanted && notes) notes.open();
      return;
    }
    var speaker = openWindow.call(window, "", SPEAKER_WINDOW);  // the open one, found by its name
    if (!speaker || speakerConnected(speaker)) return;  // connected: the plugin's heartbeat takes it over
    try {
      if (speaker.location.pathname === SPEAKER_PAGE) return;  // already loading it afresh
    } catch (e) { return; /* not ours */ }
    speaker.location.replace(SPEAKER_PAGE);
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
