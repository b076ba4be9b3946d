// The handout: reveal.js has laid the slides out for print (one .pdf-page each); this moves
// each one, made smaller, into a row beside its speaker notes, on the paper's pages.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("cd-handout-data").textContent);

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function build() {
    // reveal.js sized the printed page to the slide; the paper's size (handout CSS) takes over.
    Array.prototype.forEach.call(document.querySelectorAll("style"), function (style) {
      if (style.id !== "cd-handout-style" && /^\s*@page/.test(style.textContent)) style.remove();
    });
    document.body.style.width = "";
    document.body.style.height = "";
    var config = Reveal.getConfig();
    var slides = document.querySelector(".reveal .slides");
    var pages = Array.prototype.slice.call(slides.querySelectorAll(":scope > .pdf-page"));
    var handout = element("div", "cd-handout");
    var header = element("div", "cd-handout-header");
    header.appendChild(element("h1", "", data.title));
    if (data.byline) header.appendChild(element("p", "", data.byline));
    handout.appendChild(header);
    slides.appendChild(handout);  // in the page first: the frames need their laid-out width
    pages.forEach(function (page, index) {
      var slide = data.slides[index] || { heading: "", notes: [], links: [] };
      var row = element("div", "cd-handout-row");
      var frame = element("div", "cd-handout-slide");
      row.appendChild(frame);
      var notes = element("div", "cd-handout-notes");
      notes.appendChild(element("p", "cd-handout-heading", slide.heading));
      slide.notes.forEach(function (line) { notes.appendChild(element("p", "", line)); });
      if (slide.links.length) {
        notes.appendChild(element("p", "cd-handout-links-heading", data.linksLabel));
        var list = element("ul", "cd-handout-links");
        slide.links.forEach(function (address) { list.appendChild(element("li", "", address)); });
        notes.appendChild(list);
      }
      row.appendChild(notes);
      handout.appendChild(row);
      frame.appendChild(page);
      var scale = frame.clientWidth / config.width;
      frame.style.height = (config.height * scale) + "px";
      page.style.width = config.width + "px";
      page.style.height = config.height + "px";
      // zoom, not a transform: a transform leaves the full-size box in the print layout, and
      // Chromium then shrinks every page to make room for it.
      page.style.zoom = scale;
    });
    document.documentElement.classList.add("cd-handout-ready");
  }

  if (document.querySelector(".reveal .slides > .pdf-page")) build();
  else Reveal.on("pdf-ready", build);
})();
