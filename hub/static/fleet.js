// The fleet page's live update: the table is replaced by what the server
// pushes (Server-Sent Events). EventSource reconnects by itself. Without
// JavaScript the page is the same, reloaded by hand.
(function () {
  if (!window.EventSource) return;
  var live = document.getElementById('live');
  var es = new EventSource('/fleet/events');
  es.addEventListener('fleet', function (e) {
    document.getElementById('fleet').innerHTML = e.data;
  });
  es.onopen = function () { live.hidden = false; };
  es.onerror = function () { live.hidden = true; };
})();
