/* The status page's enhancements; without JavaScript the page says the same in text.
   - The "may be out of date" notice: a static page cannot know that it has stopped being
     rebuilt, so the browser compares the build time with its own clock.
   - How long ago each time was ("2 hours ago"), beside the time itself.
   - Each availability bar becomes one control: one tab stop, arrow keys move between
     days, a tap picks a day, and the day's details show under the bar. */
(function () {
  "use strict";

  var MINUTE = 60000;
  var DAY = 1440 * MINUTE;

  function language() {
    return document.documentElement.lang || "en";
  }

  /* How long ago, in the page's language ("45 minutes ago", "3 hours ago", "2 days ago"). */
  function ago(milliseconds) {
    var minutes = Math.max(0, Math.floor(milliseconds / MINUTE));
    var units = [[1440, "day"], [60, "hour"], [1, "minute"]];
    var format = new Intl.RelativeTimeFormat(language(), { numeric: "auto" });
    for (var i = 0; i < units.length; i++) {
      var count = Math.floor(minutes / units[i][0]);
      if (count >= 1 || i === units.length - 1) {
        return format.format(-count, units[i][1]);
      }
    }
    return "";
  }

  /* How long, for the notice's sentence ("45 minutes", "3 hours"). */
  function describeAge(milliseconds) {
    var minutes = Math.floor(milliseconds / MINUTE);
    var units = [[1440, "day"], [60, "hour"], [1, "minute"]];
    for (var i = 0; i < units.length; i++) {
      var count = Math.floor(minutes / units[i][0]);
      if (count >= 1 || i === units.length - 1) {
        return new Intl.NumberFormat(language(), { style: "unit", unit: units[i][1], unitDisplay: "long" }).format(count);
      }
    }
    return "";
  }

  /* Show the notice when the page is older than the site allows, hide it otherwise. */
  function checkAge() {
    var page = document.querySelector("[data-incidents-built]");
    var notice = page && page.querySelector(".incidents-stale");
    if (!notice) {
      return;
    }
    var built = Date.parse(page.getAttribute("data-incidents-built"));
    var allowed = Number(page.getAttribute("data-incidents-stale-after")) * MINUTE;
    if (isNaN(built) || isNaN(allowed)) {
      return;
    }
    var age = Date.now() - built;
    var ageText = notice.querySelector(".incidents-stale__age");
    if (ageText) {
      ageText.textContent = describeAge(age);
    }
    notice.hidden = age <= allowed;
  }

  /* "(2 hours ago)" after each time that asks for it. */
  function showAges() {
    var times = document.querySelectorAll("time[data-incidents-ago]");
    for (var i = 0; i < times.length; i++) {
      var moment = Date.parse(times[i].getAttribute("datetime"));
      if (isNaN(moment)) {
        continue;
      }
      var label = times[i].nextElementSibling;
      if (!label || !label.classList.contains("incidents-ago")) {
        label = document.createElement("span");
        label.className = "incidents-ago";
        times[i].insertAdjacentElement("afterend", label);
      }
      label.textContent = " (" + ago(Date.now() - moment) + ")";
    }
  }

  /* A day's date in the page's language, e.g. "26 Nov 2026", as the page writes dates. */
  function dayName(end, daysBefore) {
    var parts = end.split("-").map(Number);
    var day = new Date(Date.UTC(parts[0], parts[1] - 1, parts[2]) - daysBefore * DAY);
    var found = {};
    new Intl.DateTimeFormat(language(), { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" })
      .formatToParts(day).forEach(function (part) { found[part.type] = part.value; });
    /* The order the page's own dates use (day, month, year). */
    return found.day + " " + found.month + " " + found.year;
  }

  /* Make one bar a control over its days. */
  function enhanceBar(bar) {
    var codes = bar.getAttribute("data-days");
    var end = bar.getAttribute("data-end");
    var item = bar.closest(".incidents-service");
    var section = bar.closest("[data-day-ok]");
    var detail = item && item.querySelector(".incidents-bar__detail");
    if (!codes || !end || !detail || !section || bar.getAttribute("role") === "slider") {
      return;
    }
    var last = codes.length - 1;
    bar.textContent = "";
    var cells = [];
    for (var i = 0; i <= last; i++) {
      var cell = document.createElement("span");
      cell.className = "incidents-bar__day incidents-bar__day--" + codes.charAt(i);
      bar.appendChild(cell);
      cells.push(cell);
    }
    var current = last;

    /* The details of day ``index``: its row in the table of days with impact, else a sentence. */
    function describe(index) {
      var row = item.querySelector('tr[data-day="' + index + '"]');
      var date = dayName(end, last - index);
      if (!row) {
        var words = section.getAttribute(codes.charAt(index) === "n" ? "data-day-none" : "data-day-ok");
        return { text: words.replace("{date}", date), links: [] };
      }
      var cells = row.querySelectorAll("td");
      return { text: date + ": " + cells[1].textContent + ".", links: cells[2].querySelectorAll("a") };
    }

    function select(index) {
      current = Math.max(0, Math.min(last, index));
      var found = describe(current);
      detail.textContent = found.text;
      for (var l = 0; l < found.links.length; l++) {
        detail.appendChild(document.createTextNode(" "));
        detail.appendChild(found.links[l].cloneNode(true));
      }
      detail.hidden = false;
      bar.setAttribute("aria-valuenow", String(current + 1));
      bar.setAttribute("aria-valuetext", found.text);
      for (var c = 0; c < cells.length; c++) {
        cells[c].classList.toggle("incidents-bar__day--selected", c === current);
      }
    }

    bar.setAttribute("role", "slider");
    bar.setAttribute("tabindex", "0");
    bar.setAttribute("aria-valuemin", "1");
    bar.setAttribute("aria-valuemax", String(last + 1));
    bar.setAttribute("aria-valuenow", String(last + 1));
    bar.addEventListener("focus", function () { select(current); });
    bar.addEventListener("keydown", function (event) {
      var moves = { ArrowLeft: -1, ArrowDown: -1, ArrowRight: 1, ArrowUp: 1, PageUp: 7, PageDown: -7 };
      if (event.key in moves) {
        select(current + moves[event.key]);
      } else if (event.key === "Home") {
        select(0);
      } else if (event.key === "End") {
        select(last);
      } else {
        return;
      }
      event.preventDefault();
    });
    bar.addEventListener("click", function (event) {
      var box = bar.getBoundingClientRect();
      bar.focus();
      select(Math.floor(((event.clientX - box.left) / box.width) * (last + 1)));
    });
  }

  function enhance() {
    checkAge();
    showAges();
    var bars = document.querySelectorAll(".incidents-bar[data-days]");
    for (var i = 0; i < bars.length; i++) {
      enhanceBar(bars[i]);
    }
  }

  /* On every page Material shows (also with instant loading), and again each minute,
     so that a page left open in a tab warns when it goes out of date. */
  if (typeof window.document$ !== "undefined" && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(enhance);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", enhance);
  } else {
    enhance();
  }
  window.setInterval(function () { checkAge(); showAges(); }, MINUTE);
})();
