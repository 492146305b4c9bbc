// The visitor's survey page (hub/src/web/survey.rs).
// - A question: after data-idle seconds without a tap the form is posted
//   as it is (timeout=1): the hub keeps what was answered and sends the
//   browser back to the floor. A tap is posted once (no double answers).
// - The thanks: back to the floor (data-back) after data-idle seconds.
// Without JavaScript the page's meta refresh does the same, a little later.
(function () {
  'use strict';
  var form = document.getElementById('survey-form');
  var thanks = document.getElementById('survey-thanks');
  var el = form || thanks;
  if (!el) return;
  var idle = parseInt(el.getAttribute('data-idle'), 10);
  if (!(idle > 0)) idle = 60;
  var sent = false;
  if (form) {
    form.addEventListener('submit', function (ev) {
      if (sent) { ev.preventDefault(); return; }
      sent = true;
      document.body.classList.add('is-sending');
    });
  }
  setTimeout(function () {
    if (sent) return;
    if (form) {
      sent = true;
      form.elements.timeout.value = '1';
      form.submit();
    } else {
      location.replace(thanks.getAttribute('data-back') || '/floor');
    }
  }, idle * 1000);
})();
