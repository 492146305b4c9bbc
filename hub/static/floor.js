// The floor page's live list and its action forms (hub/src/web/floor.rs).
// - The list (#floor) is replaced by what the server pushes (Server-Sent
//   Events, event "floor", data: the list's HTML). If the connection
//   drops (network, hub restarting), a banner says "Offline sedan hh:mm"
//   and a new connection is tried every 2 s; the server sends the current
//   list on connect, and the banner goes away.
// - The forms are posted with fetch (the page does not reload) and the
//   answer is shown in #floor-msg; where that cannot be done, the form is
//   submitted as usual. Without JavaScript the page works as it is.
(function () {
  'use strict';
  var list = document.getElementById('floor');
  if (!list) return;
  var msg = document.getElementById('floor-msg');
  var offline = document.getElementById('offline');
  var since = document.getElementById('offline-since');
  var live = document.getElementById('live');
  var url = list.getAttribute('data-events');
  var es = null;
  var again = null;
  var down = false;

  function two(n) { return (n < 10 ? '0' : '') + n; }

  function goneOffline() {
    if (down) return;
    down = true;
    var d = new Date();
    since.textContent = two(d.getHours()) + ':' + two(d.getMinutes());
    offline.hidden = false;
    live.hidden = true;
    document.body.classList.add('is-offline');
    document.body.classList.remove('is-live');
  }

  function backOnline() {
    down = false;
    offline.hidden = true;
    live.hidden = false;
    document.body.classList.remove('is-offline');
    document.body.classList.add('is-live');
  }

  function connect() {
    again = null;
    if (!window.EventSource) return;
    es = new EventSource(url);
    es.addEventListener('floor', function (e) {
      list.innerHTML = e.data;
      backOnline();
    });
    es.onerror = function () {
      goneOffline();
      // Signed out meanwhile (the session ended): to the login page.
      if (window.fetch) {
        fetch(location.pathname + location.search, { method: 'HEAD', credentials: 'same-origin' })
          .then(function (r) {
            if (r.redirected && /\/login$/.test(new URL(r.url).pathname)) location.href = r.url;
          }, function () {});
      }
      // Our own retry every 2 s, whatever the browser would do.
      es.close();
      if (!again) again = setTimeout(connect, 2000);
    };
  }

  var sayTimer = null;

  // The answer to the last action; gone after 30 s (the list shows the
  // state anyway, and an old answer would mislead). After "Klar" on a
  // walk-in it offers the survey ("Ge besökaren enkäten") for 5 minutes.
  function say(text, ok, code, survey, label) {
    clearTimeout(sayTimer);
    sayTimer = setTimeout(function () { msg.textContent = ''; msg.className = 'flash'; },
      survey ? 300000 : 30000);
    msg.textContent = text;
    if (code) {
      msg.appendChild(document.createTextNode(' '));
      var big = document.createElement('span');
      big.className = 'code-big';
      big.textContent = code;
      msg.appendChild(big);
    }
    if (survey && /^\/floor\/[A-Za-z0-9._%-]+\/survey$/.test(survey)) {
      msg.appendChild(document.createTextNode(' '));
      var a = document.createElement('a');
      a.className = 'button survey-offer';
      a.href = survey;
      a.textContent = label || 'Ge besökaren enkäten';
      msg.appendChild(a);
    }
    msg.className = 'flash ' + (ok ? 'ok' : 'problem');
  }

  document.addEventListener('submit', function (ev) {
    var f = ev.target;
    if (!f.matches || !f.matches('form.act, #register-form')) return;
    if (!window.fetch || !window.FormData || !window.URLSearchParams) return;
    ev.preventDefault();
    var buttons = f.querySelectorAll('button');
    for (var i = 0; i < buttons.length; i++) buttons[i].disabled = true;
    fetch(f.action, {
      method: 'POST',
      body: new URLSearchParams(new FormData(f)),
      headers: { 'X-Floor': 'fetch' },
      credentials: 'same-origin'
    }).then(function (r) {
      var type = r.headers.get('content-type') || '';
      if (type.indexOf('application/json') !== 0) {
        // A page (signed out, form expired, an error): show it.
        f.submit();
        return null;
      }
      return r.json();
    }).then(function (j) {
      if (!j) return;
      say(j.message, j.ok, j.code, j.survey, j.survey_label);
      if (j.ok && f.id === 'register-form') {
        f.reset();
        msg.scrollIntoView({ block: 'nearest' });
      }
    }).catch(function () {
      say('Hubben svarar inte. Försök igen om en stund.', false);
    }).then(function () {
      for (var i = 0; i < buttons.length; i++) buttons[i].disabled = false;
    });
  });

  connect();
})();
