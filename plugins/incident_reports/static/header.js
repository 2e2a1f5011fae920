/* The header, as the plugin's partials make it.
   - The language menu is a disclosure (<details>): Enter or Space opens and closes it without this
     script; here Escape closes it and gives the focus back to its button, and a click or the focus
     going elsewhere closes it, as a menu does.
   - Material's script reads a sitemap.xml beside each <link rel="alternate"> of a page, to send its own
     language selector to the same page in another language. The plugin's selector links there itself,
     and those links name the published address (hreflang) or a feed's folder: from a copy served anywhere
     else (a preview, a standby host) the read would go to another host, and beside a feed it finds
     nothing. So those reads are refused before any request is made. Only the site's own sitemap is
     read, and only when Material's instant navigation, which needs it, is on. */
(function () {
  "use strict";

  function config() {
    var element = document.getElementById("__config");
    try {
      return JSON.parse(element.textContent);
    } catch (error) {
      return null;
    }
  }

  function guardSitemaps() {
    var settings = config();
    if (!settings || !window.XMLHttpRequest || !window.URL) {
      return;
    }
    var own = (settings.features || []).indexOf("navigation.instant") !== -1
      ? new URL("sitemap.xml", new URL(settings.base, location.href)).href : null;
    var open = window.XMLHttpRequest.prototype.open;
    window.XMLHttpRequest.prototype.open = function (method, url) {
      var target = new URL(String(url), location.href);
      if (/\/sitemap\.xml$/.test(target.pathname) && target.href !== own) {
        // Material's script takes a failed read as "no other language here" and carries on.
        throw new Error("sitemap not read: " + target.href);
      }
      return open.apply(this, arguments);
    };
  }

  function languageMenu(menu) {
    if (menu.getAttribute("data-incidents-ready")) {
      return;
    }
    menu.setAttribute("data-incidents-ready", "true");
    var button = menu.querySelector("summary");
    menu.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && menu.open) {
        menu.open = false;
        button.focus();
        event.preventDefault();
      }
    });
    menu.addEventListener("focusout", function (event) {
      if (menu.open && event.relatedTarget && !menu.contains(event.relatedTarget)) {
        menu.open = false;
      }
    });
    document.addEventListener("click", function (event) {
      if (menu.open && !menu.contains(event.target)) {
        menu.open = false;
      }
    });
  }

  function enhance() {
    var menus = document.querySelectorAll("details.incidents-languages");
    for (var i = 0; i < menus.length; i++) {
      languageMenu(menus[i]);
    }
  }

  guardSitemaps();
  if (typeof window.document$ !== "undefined" && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(enhance);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", enhance);
  } else {
    enhance();
  }
})();
