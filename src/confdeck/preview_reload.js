// confdeck preview: reload when a rebuild finishes, back on the slide that was showing.
// Served pages only; `confdeck build` output never contains this script.
(function () {
  "use strict";
  var build = Number(document.currentScript.getAttribute("data-build"));
  // One key per frame: the speaker view's two iframes differ only in their query string.
  var key = "confdeck-preview:" + location.pathname + location.search;
  // Speaker-view iframes carry ?receiver; they follow the main window instead of opening
  // their own event stream, since browsers allow only ~6 connections per host.
  var receiver = /receiver/i.test(location.search);
  var channel = "BroadcastChannel" in window ? new BroadcastChannel("confdeck-preview") : null;

  // What identifies a slide across rebuilds: its heading and its kind (section, content …).
  function identity(slide) {
    if (!slide) return "";
    var h = slide.querySelector("h1, h2");
    var kind = Array.prototype.filter.call(slide.classList, function (c) { return /-slide$/.test(c); });
    return kind.join(" ") + "|" + (h ? h.textContent.replace(/\s+/g, " ").trim() : "");
  }

  function remember() {
    if (!window.Reveal || !Reveal.isReady()) return;
    try {
      sessionStorage.setItem(key, JSON.stringify({state: Reveal.getState(), slide: identity(Reveal.getCurrentSlide())}));
    } catch (e) { /* storage off: the #/h/v hash still keeps the slide */ }
  }

  function restore() {
    var saved = null;
    try {
      saved = JSON.parse(sessionStorage.getItem(key));
      sessionStorage.removeItem(key);
    } catch (e) { return; }
    if (!saved || !saved.state) return;
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
    remember();
    location.reload();
  }

  if (window.Reveal) {
    if (Reveal.isReady()) restore(); else Reveal.on("ready", restore);
  }

  if (receiver) {
    if (channel) channel.onmessage = function (event) {
      if (event.data && event.data.build !== build) reload();
    };
    return;
  }
  var events = new EventSource("/__confdeck/events?build=" + build);
  events.onmessage = function (event) {
    var message = JSON.parse(event.data);
    if (message.build === build) return;
    events.close();
    if (channel) channel.postMessage({build: message.build});
    reload();
  };
  window.addEventListener("pagehide", function () { events.close(); });
})();
