// Entré's first four screens as a plain web kiosk page: one section a
// screen, shown one at a time. No framework, no build step.
(function () {
  "use strict";

  var IDLE_MS = 90 * 1000; // kiosk.toml: idle_timeout_s = 90
  var screens = ["welcome", "purposes", "errands", "errand"];
  var current = "welcome";
  var idleTimer = null;
  var errandPage = 0;
  var PAGES = 2;

  function show(name) {
    if (name === "errands" && (current === "purposes" || current === "welcome")) {
      // A new list starts on its first page; back from an errand keeps it.
      setPage(0);
    }
    if (name === "errand") {
      document.querySelector("#errand .scroll").scrollTop = 0;
    }
    for (var i = 0; i < screens.length; i++) {
      document.getElementById(screens[i]).hidden = screens[i] !== name;
    }
    current = name;
    restartIdle();
  }

  function setPage(p) {
    errandPage = Math.max(0, Math.min(PAGES - 1, p));
    var pages = document.querySelectorAll("#errands .errand-page");
    for (var i = 0; i < pages.length; i++) {
      pages[i].hidden = Number(pages[i].getAttribute("data-page")) !== errandPage;
    }
    document.getElementById("page-number").textContent =
      "Sida " + (errandPage + 1) + " av " + PAGES;
  }

  // Idle reset: after 90 s without a touch on any screen but the first,
  // back to the welcome screen. No timer runs on the welcome screen.
  function restartIdle() {
    if (idleTimer !== null) {
      clearTimeout(idleTimer);
      idleTimer = null;
    }
    if (current !== "welcome") {
      idleTimer = setTimeout(function () {
        idleTimer = null;
        show("welcome");
      }, IDLE_MS);
    }
  }
  document.addEventListener("pointerdown", restartIdle, true);
  document.addEventListener("keydown", restartIdle, true);

  // Every language starts the visit (in Swedish, in this baseline).
  var langs = document.querySelectorAll("#welcome .lang");
  for (var i = 0; i < langs.length; i++) {
    langs[i].addEventListener("click", function () {
      show("purposes");
    });
  }

  // Tiles and navigation buttons say where they go.
  var links = document.querySelectorAll("[data-go]");
  for (var j = 0; j < links.length; j++) {
    links[j].addEventListener("click", function (e) {
      show(e.currentTarget.getAttribute("data-go"));
    });
  }

  document.getElementById("page-previous").addEventListener("click", function () {
    setPage(errandPage - 1);
  });
  document.getElementById("page-next").addEventListener("click", function () {
    setPage(errandPage + 1);
  });

  // No context menu on a long press.
  document.addEventListener("contextmenu", function (e) {
    e.preventDefault();
  });

  show("welcome");
})();
