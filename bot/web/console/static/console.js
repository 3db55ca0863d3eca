// Live updates without reloading: the list and an open transcript ask for changes
// every few seconds (ETag / last line id, so an unchanged list costs a 304).
(function () {
  "use strict";

  function every(seconds, fn) {
    var ms = Math.max(2, Number(seconds) || 5) * 1000;
    function tick() {
      if (document.visibilityState === "visible") {
        fn().catch(function () {});
      }
      window.setTimeout(tick, ms);
    }
    window.setTimeout(tick, ms);
  }

  function signedOut(response) {
    if (response.status === 401) {
      window.location.reload();
      return true;
    }
    return false;
  }

  var rows = document.getElementById("rows");
  if (rows) {
    var etag = rows.getAttribute("data-etag") || "";
    var status = document.getElementById("list-status");
    every(rows.getAttribute("data-poll-seconds"), function () {
      return fetch(rows.getAttribute("data-poll-url"), {
        headers: { "If-None-Match": etag },
        credentials: "same-origin"
      }).then(function (response) {
        if (signedOut(response) || response.status !== 200) { return; }
        etag = response.headers.get("ETag") || "";
        return response.text().then(function (html) {
          rows.innerHTML = html;
          if (status) {
            var now = new Date();
            var time = now.toLocaleTimeString(document.documentElement.lang, { hour: "2-digit", minute: "2-digit" });
            status.textContent = (rows.getAttribute("data-updated") || "{time}").replace("{time}", time);
          }
        });
      });
    });
  }

  var lines = document.getElementById("lines");
  if (lines) {
    every(lines.getAttribute("data-poll-seconds"), function () {
      var url = lines.getAttribute("data-poll-url") + "?after=" + encodeURIComponent(lines.getAttribute("data-last-id") || "0");
      return fetch(url, { credentials: "same-origin" }).then(function (response) {
        if (signedOut(response) || response.status !== 200) { return; }
        var last = response.headers.get("X-Last-Id");
        return response.text().then(function (html) {
          lines.insertAdjacentHTML("beforeend", html);
          if (last) { lines.setAttribute("data-last-id", last); }
        });
      });
    });
  }

  var form = document.getElementById("news-form");
  var preview = document.getElementById("preview");
  if (form && preview) {
    var timer = null;
    var refresh = function () {
      var body = new URLSearchParams(new FormData(form));
      fetch(preview.getAttribute("data-preview-url"), {
        method: "POST",
        body: body,
        credentials: "same-origin",
        headers: { "X-Requested-With": "fetch" }
      }).then(function (response) {
        if (signedOut(response) || response.status !== 200) { return; }
        return response.text().then(function (html) { preview.innerHTML = html; });
      }).catch(function () {});
    };
    form.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(refresh, 400);
    });
  }
})();
