// confdeck preview: the speaker view as /__confdeck/speaker serves it, to a speaker window that a
// save's reload left unconnected (preview_reload.js loads it there). It is reveal.js's own speaker
// view; this script connects it to the deck in the window that opened it, as the notes plugin
// would have, as soon as that deck is ready.
(function () {
  "use strict";
  var status = document.getElementById("connection-status");
  var WAITING = "confdeck-preview-waiting";
  window.addEventListener("message", function (event) {
    // reveal.js's listener ran first: any message stops its 5 s "Error connecting" timer and hides
    // the status. Show what is awaited instead, until the deck's own messages hide it again.
    if (event.source === window && event.data === JSON.stringify({namespace: WAITING}) && status) {
      status.textContent = "Waiting for the deck to reload…";
      status.style.display = "";
    }
  });
  window.postMessage(JSON.stringify({namespace: WAITING}), "*");
  var timer = setInterval(function () {
    try {
      var main = window.opener;
      if (!main || main.closed) return clearInterval(timer);
      if (!main.Reveal || !main.Reveal.isReady()) return;  // the deck is between two pages
      var url = main.Reveal.getConfig().url;
      if (typeof url !== "string") {
        url = main.location.protocol + "//" + main.location.host + main.location.pathname + main.location.search;
      }
      // A heartbeat first: the deck's notes plugin takes this window over on it and from then on
      // answers its calls. The speaker view's first calls (its timer asks the deck for the slide
      // timings) follow right after the connect; messages to the deck keep their order.
      main.postMessage(JSON.stringify({namespace: "reveal-notes", type: "heartbeat"}), "*");
      window.postMessage(JSON.stringify({namespace: "reveal-notes", type: "connect",
                                         state: main.Reveal.getState(), url: url}), "*");
      clearInterval(timer);
    } catch (e) { /* not reachable now: try again */ }
  }, 100);
})();
