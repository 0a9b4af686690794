// Meeting mode (app/meeting/page.py): move between people with the keyboard, open and close the details,
// full screen, and keep the network fitted to its box. Also the summary page's Print button.
(function () {
  "use strict";

  function cyOf() {
    var box = document.getElementById("meeting-network");
    return box && box._cyreg ? box._cyreg.cy : null;
  }

  // The person opened first, then everyone else clockwise from twelve o'clock around them.
  function peopleInOrder(cy) {
    var focus = cy.nodes(".person.focus");
    var centre = focus.length ? focus.position() : { x: 0, y: 0 };
    var others = cy.nodes(".person").not(focus).toArray();
    others.sort(function (a, b) { return angle(a) - angle(b); });
    function angle(n) {
      var p = n.position();
      var a = Math.atan2(p.x - centre.x, centre.y - p.y);
      return a < 0 ? a + 2 * Math.PI : a;
    }
    return focus.toArray().concat(others);
  }

  function announce(text) {
    var live = document.getElementById("meeting-live");
    if (live) { live.textContent = text; }
  }

  function move(cy, step) {
    var order = peopleInOrder(cy);
    if (!order.length) { return false; }
    var current = cy.nodes(".person:selected");
    var at = current.length ? order.findIndex(function (n) { return n.id() === current[0].id(); }) : -1;
    var next = at === -1 ? (step > 0 ? 0 : order.length - 1) : at + step;
    if (next < 0 || next >= order.length) { return false; }
    cy.elements().unselect();
    order[next].select();
    announce(order[next].data("label").replace("\n", " ") + " selected. Press Enter for details.");
    return true;
  }

  function visible(id) {
    var el = document.getElementById(id);
    return el && !el.classList.contains("hidden") && !el.classList.contains("closed");
  }

  function onKey(event) {
    if (!document.querySelector(".meeting-page")) { return; }
    var dialogOpen = visible("meeting-dialog");
    if (event.key === "Escape") {
      var button = document.getElementById(dialogOpen ? "meeting-cancel" : "meeting-close");
      if (dialogOpen || visible("meeting-drawer")) { button.click(); event.preventDefault(); }
      var box = document.getElementById("meeting-network");
      if (!dialogOpen && box) { box.focus(); }
      return;
    }
    if (dialogOpen || !visible("meeting-network-view")) { return; }
    var active = document.activeElement;
    var box2 = document.getElementById("meeting-network");
    var inNetwork = active === box2 || (box2 && box2.contains(active));
    if (!inNetwork && active && active !== document.body) { return; }  // buttons, links, inputs keep their keys
    var cy = cyOf();
    if (!cy) { return; }
    var step = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 }[event.key];
    if (event.key === "Tab" && inNetwork) { step = event.shiftKey ? -1 : 1; }
    if (step) {
      if (move(cy, step)) { event.preventDefault(); }  // at either end Tab leaves the network as usual
      return;
    }
    if (event.key === "Enter") {
      var chosen = cy.nodes(":selected");
      if (chosen.length) { chosen[0].emit("tap"); event.preventDefault(); }
    }
  }

  function onClick(event) {
    var target = event.target;
    if (target.id === "meeting-fullscreen") {
      if (document.fullscreenElement) { document.exitFullscreen(); }
      else if (document.documentElement.requestFullscreen) { document.documentElement.requestFullscreen(); }
    } else if (target.id === "summary-print") {
      window.print();
    }
  }

  var watched = new WeakSet();
  function fitWhenResized(box) {
    if (watched.has(box) || !window.ResizeObserver) { return; }
    watched.add(box);
    box.setAttribute("tabindex", "0");
    box.setAttribute("aria-label", "Family network: arrow keys or Tab move between people, Enter opens");
    var timer = null;
    new ResizeObserver(function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var cy = cyOf();
        if (cy) { cy.resize(); cy.fit(undefined, 50); }
      }, 150);
    }).observe(box);
  }

  document.addEventListener("keydown", onKey, true);
  document.addEventListener("click", onClick);
  new MutationObserver(function () {
    var box = document.getElementById("meeting-network");
    if (box) { fitWhenResized(box); }
  }).observe(document.documentElement, { childList: true, subtree: true });
})();
