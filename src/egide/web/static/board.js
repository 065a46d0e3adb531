/* Égide — the live alert board: new alerts arrive as server-sent events carrying the row
 * (rendered and escaped by the service) and the banner the page now needs. */
(function () {
  "use strict";
  function start() {
    var board = document.getElementById("board");
    if (!board || !window.EventSource) { return; }
    var rows = document.getElementById("alert-rows");
    var live = document.getElementById("live");
    var top = document.getElementById("banner-top");
    var url = board.getAttribute("data-stream");
    var base = top ? top.textContent.trim() : "";
    url += (url.indexOf("?") < 0 ? "?" : "&") + "base=" + encodeURIComponent(base);
    var source = new EventSource(url);
    source.addEventListener("open", function () {
      live.textContent = live.getAttribute("data-connected");
      board.setAttribute("data-live", "1");
    });
    source.addEventListener("alert", function (event) {
      var data = JSON.parse(event.data);
      rows.insertAdjacentHTML("afterbegin", data.html);
      var row = rows.firstElementChild;
      if (row) {
        row.setAttribute("data-received", String(Date.now()));
        if (window.htmx) { window.htmx.process(row); }
      }
      ["banner-top", "banner-bottom"].forEach(function (id) {
        var el = document.getElementById(id);
        if (el) { el.textContent = data.banner; el.className = "banner banner-" + data.level; }
      });
      var none = document.getElementById("no-alerts");
      if (none) { none.remove(); }
    });
    window.addEventListener("pagehide", function () { source.close(); });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
