// Keep the family network fitted to its box: the box changes size when the window does (laptop vs
// shared screen) and when the page first lays out, after cytoscape has measured it.
(function () {
  "use strict";
  var watched = new WeakSet();

  function fitWhenResized(container) {
    if (watched.has(container) || !window.ResizeObserver) { return; }
    watched.add(container);
    var timer = null;
    new ResizeObserver(function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var cy = container._cyreg && container._cyreg.cy;
        if (cy) { cy.resize(); cy.fit(undefined, 30); }
      }, 150);
    }).observe(container);
  }

  new MutationObserver(function () {
    var container = document.getElementById("family-network");
    if (container) { fitWhenResized(container); }
  }).observe(document.documentElement, { childList: true, subtree: true });
})();
