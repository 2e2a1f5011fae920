/* The status page's enhancements; without JavaScript the page says the same in text.
   - The "may be out of date" notice: a static page cannot know that it has stopped being
     rebuilt, so the browser compares the build time with its own clock.
   - How long ago each time was ("2 hours ago"), beside the time itself.
   Every word comes from the page (data- attributes the templates translate), plural forms
   chosen by the browser's Intl.PluralRules for the page's <html lang>: the script holds no words.
   - Each availability bar becomes one control: one tab stop, arrow keys move between
     days, a tap picks a day, and the day's details show under the bar. On a narrow screen
     the bar's cells are weeks (a day would be too thin for a finger), each with its days' details. */
(function () {
  "use strict";

  var MINUTE = 60000;
  var DAY = 1440 * MINUTE;

  function language() {
    return document.documentElement.lang || "en";
  }

  /* The page's words for what this script writes (the templates translate them; browsers' Intl
     formats lack many languages, Welsh among them): how long ago, month names, a date's shape. */
  function words() {
    var page = document.querySelector("[data-incidents-words]");
    try {
      return JSON.parse(page.getAttribute("data-incidents-words"));
    } catch (error) {
      return null;
    }
  }

  /* A count in a message's plural form for the page's language ("2 hours ago", "2 awr yn ôl"). */
  function plural(forms, count) {
    var category = "other";
    try {
      category = new Intl.PluralRules(language()).select(count);
    } catch (error) { /* a browser without plural rules uses "other" */ }
    return (forms[category] || forms.other).replace("{n}", String(count));
  }

  /* How long ago, in the page's words ("now", "45 minutes ago", "3 hours ago", "yesterday", "2 days ago");
     ``counted`` always gives a number ("0 minutes ago", "1 day ago"), as the out-of-date notice says it. */
  function ago(milliseconds, said, counted) {
    var minutes = Math.max(0, Math.floor(milliseconds / MINUTE));
    if (minutes < 1 && !counted) {
      return said.now;
    }
    if (minutes < 60) {
      return plural(said.minute, minutes);
    }
    if (minutes < 1440) {
      return plural(said.hour, Math.floor(minutes / 60));
    }
    var days = Math.floor(minutes / 1440);
    return days === 1 && !counted ? said.yesterday : plural(said.day, days);
  }

  /* Show the notice when the page is older than the site allows, hide it otherwise. */
  function checkAge(said) {
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
      ageText.textContent = ago(age, said, true);
    }
    notice.hidden = age <= allowed;
  }

  /* "(2 hours ago)" after each time that asks for it. */
  function showAges(said) {
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
      label.textContent = " (" + ago(Date.now() - moment, said) + ")";
    }
  }

  /* A day's date as the page writes dates: "26 Nov 2026", "26 Tachwedd 2026". */
  function dayName(end, daysBefore, said) {
    var parts = end.split("-").map(Number);
    var day = new Date(Date.UTC(parts[0], parts[1] - 1, parts[2]) - daysBefore * DAY);
    return said.date.replace("{d}", String(day.getUTCDate())).replace("{M}", said.months[day.getUTCMonth()])
      .replace("{y}", String(day.getUTCFullYear()));
  }

  /* Letters of day codes, least to worst impact: a week takes its worst day's. */
  var SEVERITY = "nodpm";
  /* Under this width a bar groups its days into weeks, so that a finger can pick one. */
  var NARROW = "(max-width: 44.984375em)";

  /* Days ``first`` to ``last`` (indexes into the bar's codes) as one cell: its worst day's letter. */
  function worstCode(codes, first, last) {
    var worst = "n";
    for (var i = first; i <= last; i++) {
      if (SEVERITY.indexOf(codes.charAt(i)) > SEVERITY.indexOf(worst)) {
        worst = codes.charAt(i);
      }
    }
    return worst;
  }

  /* Make one bar a control over its days (on a narrow screen, its weeks, counted back from today). */
  function enhanceBar(bar, said) {
    var codes = bar.getAttribute("data-days");
    var end = bar.getAttribute("data-end");
    var item = bar.closest(".incidents-service");
    var section = bar.closest("[data-day-ok]");
    var detail = item && item.querySelector(".incidents-bar__detail");
    if (!codes || !end || !detail || !section || bar.getAttribute("role") === "slider") {
      return;
    }
    var last = codes.length - 1;
    var groups = [];
    var cells = [];
    var current = 0;

    /* The details of day ``index``: its row in the table of days with impact, else a sentence. */
    function describeDay(index) {
      var row = item.querySelector('tr[data-day="' + index + '"]');
      var date = dayName(end, last - index, said);
      if (!row) {
        var words = section.getAttribute(codes.charAt(index) === "n" ? "data-day-none" : "data-day-ok");
        return { text: words.replace("{date}", date), links: [] };
      }
      var cells = row.querySelectorAll("td");
      return { text: date + ": " + cells[1].textContent + ".", links: Array.prototype.slice.call(cells[2].querySelectorAll("a")) };
    }

    /* The details of a group of days: one day's, or a week's (its days with impact, else a sentence). */
    function describe(group) {
      if (group[0] === group[1]) {
        return describeDay(group[0]);
      }
      var range = section.getAttribute("data-week").replace("{start}", dayName(end, last - group[0], said))
        .replace("{end}", dayName(end, last - group[1], said));
      var texts = [];
      var links = [];
      for (var day = group[1]; day >= group[0]; day--) {
        if (item.querySelector('tr[data-day="' + day + '"]')) {
          var found = describeDay(day);
          texts.push(found.text);
          // Each incident once, however many of the week's days it touched.
          found.links.forEach(function (link) {
            if (!links.some(function (kept) { return kept.getAttribute("href") === link.getAttribute("href"); })) {
              links.push(link);
            }
          });
        }
      }
      if (!texts.length) {
        var words = section.getAttribute(worstCode(codes, group[0], group[1]) === "n" ? "data-day-none" : "data-day-ok");
        return { text: words.replace("{date}", range), links: [] };
      }
      return { text: range + ": " + texts.join(" "), links: links };
    }

    function select(index) {
      current = Math.max(0, Math.min(groups.length - 1, index));
      var found = describe(groups[current]);
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

    /* One cell per day, or per week on a narrow screen; the last group ends today. */
    function draw(weeks) {
      var size = weeks ? 7 : 1;
      groups = [];
      for (var stop = last; stop >= 0; stop -= size) {
        groups.unshift([Math.max(0, stop - size + 1), stop]);
      }
      bar.textContent = "";
      cells = [];
      for (var g = 0; g < groups.length; g++) {
        var cell = document.createElement("span");
        cell.className = "incidents-bar__day incidents-bar__day--" + worstCode(codes, groups[g][0], groups[g][1]);
        bar.appendChild(cell);
        cells.push(cell);
      }
      bar.classList.toggle("incidents-bar--weeks", weeks);
      bar.setAttribute("aria-valuemax", String(groups.length));
      current = groups.length - 1;
      bar.setAttribute("aria-valuenow", String(groups.length));
      detail.hidden = true;
    }

    var narrow = window.matchMedia ? window.matchMedia(NARROW) : null;
    draw(!!(narrow && narrow.matches));
    if (narrow && narrow.addEventListener) {
      narrow.addEventListener("change", function () { draw(narrow.matches); });
    }
    bar.setAttribute("role", "slider");
    bar.setAttribute("tabindex", "0");
    bar.setAttribute("aria-valuemin", "1");
    bar.addEventListener("focus", function () { select(current); });
    bar.addEventListener("keydown", function (event) {
      var page = groups.length > last ? 7 : 4;
      var moves = { ArrowLeft: -1, ArrowDown: -1, ArrowRight: 1, ArrowUp: 1, PageUp: page, PageDown: -page };
      if (event.key in moves) {
        select(current + moves[event.key]);
      } else if (event.key === "Home") {
        select(0);
      } else if (event.key === "End") {
        select(groups.length - 1);
      } else {
        return;
      }
      event.preventDefault();
    });
    bar.addEventListener("click", function (event) {
      var box = bar.getBoundingClientRect();
      bar.focus();
      select(Math.floor(((event.clientX - box.left) / box.width) * groups.length));
    });
  }

  function enhance() {
    var said = words();
    if (!said) {
      return;
    }
    checkAge(said);
    showAges(said);
    var bars = document.querySelectorAll(".incidents-bar[data-days]");
    for (var i = 0; i < bars.length; i++) {
      enhanceBar(bars[i], said);
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
  window.setInterval(function () {
    var said = words();
    if (said) {
      checkAge(said);
      showAges(said);
    }
  }, MINUTE);
})();
