/* The status page's "may be out of date" notice. A static page cannot know
   that it has stopped being rebuilt, so the browser compares the build time
   with its own clock. Without JavaScript the build time is still shown. */
(function () {
  "use strict";

  /* How long ago, in words ("45 minutes", "3 hours", "2 days"). */
  function describeAge(milliseconds) {
    var minutes = Math.floor(milliseconds / 60000);
    var units = [[1440, "day"], [60, "hour"], [1, "minute"]];
    for (var i = 0; i < units.length; i++) {
      var count = Math.floor(minutes / units[i][0]);
      if (count >= 1 || i === units.length - 1) {
        return count + " " + units[i][1] + (count === 1 ? "" : "s");
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
    var allowed = Number(page.getAttribute("data-incidents-stale-after")) * 60000;
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

  /* Check on every page Material shows (also with instant loading), and again each
     minute, so that a page left open in a tab warns when it goes out of date. */
  if (typeof window.document$ !== "undefined" && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(checkAge);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", checkAge);
  } else {
    checkAge();
  }
  window.setInterval(checkAge, 60000);
})();
