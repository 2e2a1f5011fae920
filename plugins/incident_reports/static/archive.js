/* The archive's "Combine filters" form: an enhancement of the filter links, which work without it.
   It loads incidents/archive-index.json once, on first use, and lists the reports that match
   every chosen value. The chosen values are kept in the page's address (?service=payments&kind=incident),
   so that a combined view can be shared and reloaded. Every word comes from the page (the form's
   data-incidents-words, which the templates translate), plural forms chosen by Intl.PluralRules for the
   page's language; each status's icon comes from the form's <template>. */
(function () {
  "use strict";
  var PAGE = 50;

  function said(form) {
    try {
      return JSON.parse(form.getAttribute("data-incidents-words"));
    } catch (error) {
      return null;
    }
  }

  /* A count in a message's plural form for the page's language. */
  function plural(forms, count) {
    var category = "other";
    try {
      category = new Intl.PluralRules(document.documentElement.lang || "en").select(count);
    } catch (error) { /* a browser without plural rules uses "other" */ }
    return (forms[category] || forms.other).replace("{n}", String(count));
  }

  function item(report, icons) {
    var li = document.createElement("li");
    var link = document.createElement("a");
    link.href = report.id + "/";
    link.textContent = report.title;
    li.appendChild(link);
    li.appendChild(document.createTextNode(" — " + report.date + " · " + report.kind + " · "));
    var icon = icons && icons.content.querySelector('[data-status="' + report.state + '"]');
    if (icon) {
      li.appendChild(icon.cloneNode(true));
      li.appendChild(document.createTextNode(" "));
    }
    li.appendChild(document.createTextNode(report.status));
    return li;
  }

  function setup(form) {
    var words = said(form);
    if (form.dataset.incidentsReady || !words) return;
    form.dataset.incidentsReady = "true";
    var url = form.getAttribute("data-incidents-archive");
    var status = form.querySelector(".incidents-combine__status");
    var results = form.querySelector(".incidents-combine__results");
    var icons = form.querySelector("template.incidents-combine__icons");
    var selects = Array.prototype.slice.call(form.querySelectorAll("select"));
    var reports = null;

    function show(matches, shown) {
      results.textContent = "";
      matches.slice(0, shown).forEach(function (report) { results.appendChild(item(report, icons)); });
      if (matches.length > shown) {
        var li = document.createElement("li");
        var more = document.createElement("button");
        more.type = "button";
        more.className = "md-button";
        more.textContent = plural(words.more, Math.min(PAGE, matches.length - shown));
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

    function chosen() {
      return selects.filter(function (select) { return select.value; }).map(function (select) {
        return [select.name, select.value];
      });
    }

    /* The chosen values in the page's address, without a new history entry. */
    function remember(pairs) {
      if (!window.history || !window.URLSearchParams) return;
      var query = new URLSearchParams(pairs).toString();
      window.history.replaceState(window.history.state, "", location.pathname + (query ? "?" + query : "") + location.hash);
    }

    function filter() {
      var pairs = chosen();
      var matches = reports.filter(function (report) {
        return pairs.every(function (pair) {
          return (report.values[pair[0]] || []).indexOf(pair[1]) !== -1;
        });
      });
      status.textContent = plural(pairs.length ? words.matches : words.all, matches.length);
      show(matches, PAGE);
    }

    function run() {
      remember(chosen());
      if (reports) return filter();
      status.textContent = words.loading;
      fetch(url).then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      }).then(function (data) {
        reports = data.reports;
        filter();
      }).catch(function () {
        status.textContent = words.failed;
      });
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      run();
    });
    form.addEventListener("reset", function () {
      status.textContent = "";
      results.textContent = "";
      results.hidden = true;
      remember([]);
    });
    form.hidden = false;

    /* A shared or reloaded address with chosen values shows their reports at once. */
    if (window.URLSearchParams) {
      var query = new URLSearchParams(location.search);
      var restored = false;
      selects.forEach(function (select) {
        var value = query.get(select.name);
        if (value && Array.prototype.some.call(select.options, function (option) { return option.value === value; })) {
          select.value = value;
          restored = true;
        }
      });
      if (restored) run();
    }
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
