// The desk (app/explorer/page.py): keep the picture fitted to its box and readable, and work it by
// keyboard as meeting mode does (assets/meeting.js): arrows move between people and services in
// reading order, Enter opens the one selected, Esc leaves the picture for the details panel.
(function () {
  "use strict";
  var NETWORK = "family-network";
  var MIN_FONT = 11; // px on screen: a picture is never fitted smaller than this
  var MAX_FIT = 1.3; // nor blown up beyond this when the family is small
  var watched = new WeakSet();

  function cyOf() {
    var box = document.getElementById(NETWORK);
    return box && box._cyreg ? box._cyreg.cy : null;
  }

  // The whole family when it fits readably; otherwise the person opened with their parents, brothers
  // and sisters and household; otherwise the person opened alone, at the smallest readable size.
  function fitReadable(cy) {
    cy.resize();
    cy.fit(undefined, 30);
    var person = cy.nodes(".person").first();
    var font = person.length ? parseFloat(person.style("font-size")) || 12 : 12;
    var least = MIN_FONT / font;
    var focus = cy.nodes(".focus");
    if (cy.zoom() >= least) {
      if (cy.zoom() > MAX_FIT) { cy.zoom(MAX_FIT); cy.center(); }
      return;
    }
    if (focus.length) {
      var near = focus.closedNeighborhood().closedNeighborhood().nodes(".person");
      near = near.union(focus.parent()).union(focus.parent().children());
      cy.fit(near, 30);
    }
    if (cy.zoom() < least) {
      cy.zoom(least);
      cy.center(focus.length ? focus : undefined);
    }
    if (cy.zoom() > MAX_FIT) { cy.zoom(MAX_FIT); cy.center(focus); }
    keepInside(cy);
  }

  // After centring on the person opened: no empty margin where the picture has more to show.
  function keepInside(cy) {
    var bb = cy.elements().boundingBox({ includeLabels: true }), ext = cy.extent(), z = cy.zoom();
    var dx = 0, dy = 0;
    if (bb.w > ext.w) {
      if (ext.x1 < bb.x1) { dx = ext.x1 - bb.x1; } else if (ext.x2 > bb.x2) { dx = ext.x2 - bb.x2; }
    }
    if (bb.h > ext.h) {
      if (ext.y1 < bb.y1) { dy = ext.y1 - bb.y1; } else if (ext.y2 > bb.y2) { dy = ext.y2 - bb.y2; }
    } else {
      dy = (ext.y1 + ext.y2) / 2 - (bb.y1 + bb.y2) / 2;
    }
    cy.panBy({ x: dx * z, y: dy * z });
  }

  function readingOrder(cy) {
    var nodes = cy.nodes(".person, .service").filter(function (n) { return n.visible(); }).toArray();
    nodes.sort(function (a, b) {
      var pa = a.position(), pb = b.position();
      return Math.round(pa.y / 40) - Math.round(pb.y / 40) || pa.x - pb.x;
    });
    return nodes;
  }

  function announce(text) {
    var live = document.getElementById("family-live");
    if (live) { live.textContent = text; }
  }

  function move(cy, step) {
    var order = readingOrder(cy);
    if (!order.length) { return; }
    var current = cy.nodes(":selected");
    var at = current.length ? order.findIndex(function (n) { return n.id() === current[0].id(); }) : -1;
    var next = at === -1 ? (step > 0 ? 0 : order.length - 1) : Math.min(order.length - 1, Math.max(0, at + step));
    cy.elements().unselect();
    order[next].select();
    var ext = cy.extent(), p = order[next].position();
    if (p.x < ext.x1 || p.x > ext.x2 || p.y < ext.y1 || p.y > ext.y2) { cy.center(order[next]); }
    announce(order[next].data("label").replace(/\n/g, " ") + " selected. Press Enter for details.");
  }

  function onKey(event) {
    var box = document.getElementById(NETWORK);
    if (!box || !(document.activeElement === box || box.contains(document.activeElement))) { return; }
    var cy = cyOf();
    if (!cy) { return; }
    var step = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 }[event.key];
    if (step) {
      move(cy, step);
      event.preventDefault();
    } else if (event.key === "Enter" || event.key === " ") {
      var chosen = cy.nodes(":selected");
      if (chosen.length) { chosen[0].emit("tap"); event.preventDefault(); }
    } else if (event.key === "Escape") {
      var panel = document.getElementById("family-details-panel");
      if (panel) { panel.focus(); event.preventDefault(); }
    }
  }

  function watch(container) {
    if (watched.has(container)) { return; }
    watched.add(container);
    container.setAttribute("tabindex", "0");
    container.setAttribute("role", "application");
    container.setAttribute("aria-label", "Family picture: arrow keys move between people and services, Enter opens, Esc goes to the details");
    var panel = document.getElementById("family-details-panel");
    if (panel) { panel.setAttribute("tabindex", "-1"); }
    var cy = container._cyreg && container._cyreg.cy;
    if (cy) {
      cy.on("layoutstop", function () { fitReadable(cy); });
      setTimeout(function () { fitReadable(cy); }, 0);
    }
    if (!window.ResizeObserver) { return; }
    var timer = null;
    new ResizeObserver(function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var c = container._cyreg && container._cyreg.cy;
        if (c) { fitReadable(c); }
      }, 150);
    }).observe(container);
  }

  document.addEventListener("keydown", onKey, true);
  document.addEventListener("click", function (event) {
    if (event.target.id === "family-fit") {
      var cy = cyOf();
      if (cy) { cy.fit(undefined, 30); }
    }
  });
  new MutationObserver(function () {
    var container = document.getElementById(NETWORK);
    if (container && container._cyreg) { watch(container); }
  }).observe(document.documentElement, { childList: true, subtree: true });
})();
