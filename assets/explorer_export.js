// The desk's picture exports (app/explorer/exports.py decides what they say, and audits them): the
// drawing exactly as on screen, from cytoscape's own png()/svg(), on white, with the marking, title,
// date, legend and sources around it. "Without addresses" relabels every home before drawing.
(function () {
  "use strict";
  var NETWORK = "family-network";
  var STATUS = "family-export-status";
  var FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif";

  function cyOf() {
    var box = document.getElementById(NETWORK);
    return box && box._cyreg ? box._cyreg.cy : null;
  }

  function say(text) {
    if (window.dash_clientside && window.dash_clientside.set_props) {
      window.dash_clientside.set_props(STATUS, { children: text });
    }
  }

  function download(blob, filename) {
    var url = URL.createObjectURL(blob);
    var a = document.createElement("a");
    a.href = url;
    a.download = filename;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 5000);
  }

  function withoutAddresses(cy, plain, draw) {
    var homes = cy.nodes(".household");
    if (plain) { homes.addClass("no-address"); }
    try { return draw(); } finally { if (plain) { homes.removeClass("no-address"); } }
  }

  function legendLine(spec) {
    return spec.legend.map(function (item) { return item.mark + " " + item.text; }).join("    ");
  }

  // Lines of text that fit `width` when set in `font` on `ctx` (words wrap; a long word stays whole).
  function wrap(ctx, text, width) {
    var words = text.split(" "), lines = [], line = "";
    words.forEach(function (word) {
      var next = line ? line + " " + word : word;
      if (line && ctx.measureText(next).width > width) { lines.push(line); line = word; } else { line = next; }
    });
    if (line) { lines.push(line); }
    return lines;
  }

  function png(cy, spec) {
    var scale = 2;
    var uri = withoutAddresses(cy, spec.plain, function () {
      return cy.png({ output: "base64uri", bg: "#ffffff", full: true, scale: scale, maxWidth: 6000 });
    });
    return new Promise(function (resolve, reject) {
      var img = new Image();
      img.onerror = reject;
      img.onload = function () {
        var pad = 24 * scale, width = Math.max(img.width + 2 * pad, 1200 * scale);
        var canvas = document.createElement("canvas");
        var ctx = canvas.getContext("2d");
        ctx.font = 13 * scale + "px " + FONT;
        var foot = wrap(ctx, "Legend: " + legendLine(spec), width - 2 * pad);
        var sources = ["Sources:"].concat(spec.sources);
        var lineH = 19 * scale, head = 110 * scale;
        var footH = (foot.length + sources.length + 3) * lineH + 40 * scale;
        canvas.width = width;
        canvas.height = head + img.height + footH;
        ctx.fillStyle = "#ffffff";
        ctx.fillRect(0, 0, canvas.width, canvas.height);
        ctx.fillStyle = "#000000";
        ctx.textAlign = "center";
        ctx.font = "bold " + 15 * scale + "px " + FONT;
        ctx.fillText(spec.marking, width / 2, 24 * scale);
        ctx.fillText(spec.marking, width / 2, canvas.height - 12 * scale);
        ctx.textAlign = "left";
        ctx.font = "bold " + 24 * scale + "px " + FONT;
        ctx.fillText(spec.title, pad, 62 * scale);
        ctx.font = 14 * scale + "px " + FONT;
        ctx.fillText(spec.subtitle + " · " + spec.handling, pad, 88 * scale);
        ctx.drawImage(img, (width - img.width) / 2, head);
        var y = head + img.height + 30 * scale;
        ctx.font = 13 * scale + "px " + FONT;
        foot.concat([""]).concat(sources).forEach(function (line) { ctx.fillText(line, pad, y); y += lineH; });
        canvas.toBlob(function (blob) { resolve(blob); }, "image/png");
      };
      img.src = uri;
    });
  }

  function esc(text) {
    return String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  }

  function svg(cy, spec) {
    var inner = withoutAddresses(cy, spec.plain, function () {
      return cy.svg({ full: true, bg: "#ffffff", scale: 1 });
    });
    inner = inner.replace(/<\?xml[^>]*\?>/, "").replace(/<!DOCTYPE[^>]*>/, "");
    var box = cy.elements().boundingBox({ includeLabels: true });
    var w = Math.max(Math.ceil(box.w) + 20, 1000), h = Math.ceil(box.h) + 20;
    var head = 110, lineH = 19, lines = [];
    var legend = spec.legend.map(function (item) { return item.mark + " " + item.text; });
    for (var i = 0; i < legend.length; i += 5) { lines.push(legend.slice(i, i + 5).join("    ")); }
    lines = ["Legend:"].concat(lines).concat([""]).concat(["Sources:"]).concat(spec.sources);
    var total = head + h + (lines.length + 2) * lineH + 30;
    var out = [
      '<svg xmlns="http://www.w3.org/2000/svg" width="' + (w + 48) + '" height="' + total + '" ' +
        'viewBox="0 0 ' + (w + 48) + " " + total + '" font-family="' + esc(FONT) + '">',
      "<title>" + esc(spec.title) + "</title>",
      '<rect x="0" y="0" width="100%" height="100%" fill="#ffffff"/>',
      '<text x="50%" y="24" text-anchor="middle" font-weight="bold" font-size="15">' + esc(spec.marking) + "</text>",
      '<text x="24" y="62" font-weight="bold" font-size="24">' + esc(spec.title) + "</text>",
      '<text x="24" y="88" font-size="14">' + esc(spec.subtitle + " · " + spec.handling) + "</text>",
      '<g transform="translate(24,' + head + ')">' + inner + "</g>",
    ];
    var y = head + h + 30;
    lines.forEach(function (line) {
      out.push('<text x="24" y="' + y + '" font-size="13">' + esc(line) + "</text>");
      y += lineH;
    });
    out.push('<text x="50%" y="' + (total - 10) + '" text-anchor="middle" font-weight="bold" font-size="15">' +
      esc(spec.marking) + "</text>");
    out.push("</svg>");
    return Promise.resolve(new Blob([out.join("\n")], { type: "image/svg+xml" }));
  }

  window.dash_clientside = window.dash_clientside || {};
  window.dash_clientside.familynet = window.dash_clientside.familynet || {};
  window.dash_clientside.familynet.exportPicture = function (spec) {
    var none = window.dash_clientside.no_update;
    var cy = cyOf();
    if (!spec || !cy) { return none; }
    var make = spec.kind === "svg" ? svg : png;
    make(cy, spec).then(function (blob) {
      download(blob, spec.filename);
      say(spec.kind.toUpperCase() + " downloaded (" + Math.max(1, Math.round(blob.size / 1024)) + " KB)");
    }).catch(function (error) {
      say("The picture could not be drawn: " + error);
    });
    return none;
  };
})();
