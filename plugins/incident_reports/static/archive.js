/* The archive's "Combine filters" form: an enhancement of the filter links, which work without it.
   It loads incidents/archive-index.json once, on first use, and lists the reports that match
   every chosen value. */
(function () {
  "use strict";
  var PAGE = 50;

  function words(count) {
    return count === 1 ? "1 report matches" : count + " reports match";
  }

  function item(report) {
    var li = document.createElement("li");
    var link = document.createElement("a");
    link.href = report.id + "/";
    link.textContent = report.title;
    li.appendChild(link);
    li.appendChild(document.createTextNode(" — " + report.date + " · " + report.kind + " · "));
    var icon = document.createElement("span");
    icon.setAttribute("aria-hidden", "true");
    icon.textContent = report.icon + " ";
    li.appendChild(icon);
    li.appendChild(document.createTextNode(report.status));
    return li;
  }

  function setup(form) {
    if (form.dataset.incidentsReady) return;
    form.dataset.incidentsReady = "true";
    var url = form.getAttribute("data-incidents-archive");
    var status = form.querySelector(".incidents-combine__status");
    var results = form.querySelector(".incidents-combine__results");
    var reports = null;

    function show(matches, shown) {
      results.textContent = "";
      matches.slice(0, shown).forEach(function (report) { results.appendChild(item(report)); });
      if (matches.length > shown) {
        var li = document.createElement("li");
        var more = document.createElement("button");
        more.type = "button";
        more.className = "md-button";
        more.textContent = "Show " + Math.min(PAGE, matches.length - shown) + " more";
        more.addEventListener("click", function () {
          show(matches, shown + PAGE);
          var next = results.children[shown];
          if (next) next.querySelector("a").focus();
        });
        li.appendChild(more);
        results.appendChild(li);
      }
      results.hidden = false;
    }

    function filter() {
      var chosen = [];
      Array.prototype.forEach.call(form.querySelectorAll("select"), function (select) {
        if (select.value) chosen.push([select.name, select.value]);
      });
      var matches = reports.filter(function (report) {
        return chosen.every(function (pair) {
          return (report.values[pair[0]] || []).indexOf(pair[1]) !== -1;
        });
      });
      status.textContent = words(matches.length) + (chosen.length ? " the chosen filters." : ": every report.");
      show(matches, PAGE);
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (reports) return filter();
      status.textContent = "Loading…";
      fetch(url).then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      }).then(function (data) {
        reports = data.reports;
        filter();
      }).catch(function () {
        status.textContent = "The filters could not be loaded; use the links above instead.";
      });
    });
    form.addEventListener("reset", function () {
      status.textContent = "";
      results.textContent = "";
      results.hidden = true;
    });
    form.hidden = false;
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("form[data-incidents-archive]"), setup);
  }

  // Material's instant navigation swaps pages without reloading scripts; it announces each page on document$.
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(start);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
