/* Progressive enhancement of the reporting page: everything works without it except the proof of
   work asked for under a flood. No cookies, no storage, no requests but to this server. */
(function () {
  'use strict';

  function focusMessage() {
    var el = document.querySelector('[data-focus]');
    if (el) el.focus();
  }

  function setupCopy() {
    var buttons = document.querySelectorAll('[data-copy]');
    Array.prototype.forEach.call(buttons, function (button) {
      var source = document.getElementById(button.getAttribute('data-copy'));
      var said = button.parentNode.querySelector('.copied');
      button.hidden = false;
      button.addEventListener('click', function () {
        var text = source.textContent.trim();
        function ok() { said.textContent = '已复制。请粘贴到安全的地方保存。'; }
        function fallback() {
          var range = document.createRange();
          range.selectNodeContents(source);
          var selection = window.getSelection();
          selection.removeAllRanges();
          selection.addRange(range);
          try { document.execCommand('copy'); ok(); } catch (e) { said.textContent = '请手动选中查询码并复制。'; }
        }
        if (navigator.clipboard && window.isSecureContext) {
          navigator.clipboard.writeText(text).then(ok, fallback);
        } else {
          fallback();
        }
      });
    });
  }

  function solveInline(challenge, bits, done) {
    var start = 0, step = 4096;
    (function chunk() {
      var nonce = window.cadrePow.search(challenge, bits, start, step);
      if (nonce !== null) { done(nonce); return; }
      start += step;
      setTimeout(chunk, 0);
    })();
  }

  function solve(challenge, bits, done) {
    if (window.Worker) {
      try {
        var worker = new Worker('/static/report/pow-worker.js');
        worker.onmessage = function (event) {
          if (event.data.nonce !== undefined) { worker.terminate(); done(event.data.nonce); }
        };
        worker.onerror = function () { worker.terminate(); solveInline(challenge, bits, done); };
        worker.postMessage({ challenge: challenge, bits: bits });
        return;
      } catch (e) { /* fall through to the page's own thread */ }
    }
    solveInline(challenge, bits, done);
  }

  function setupProofOfWork() {
    var form = document.getElementById('report-form');
    if (!form || !form.hasAttribute('data-pow')) return;
    var challenge = form.querySelector('[name=pow_challenge]');
    var nonce = form.querySelector('[name=pow_nonce]');
    var status = document.getElementById('pow-status');
    var button = form.querySelector('button[type=submit]');
    var solved = false;
    var submitWhenSolved = form.hasAttribute('data-autosubmit');
    status.hidden = false;
    status.textContent = '正在进行防灌水计算（通常一两秒）……';
    if (submitWhenSolved) button.disabled = true;
    form.addEventListener('submit', function (event) {
      if (solved) return;
      event.preventDefault();
      submitWhenSolved = true;
      button.disabled = true;
      status.textContent = '正在进行防灌水计算，完成后自动提交，请不要关闭页面……';
    });
    solve(challenge.value, parseInt(challenge.getAttribute('data-bits'), 10), function (found) {
      nonce.value = found;
      solved = true;
      status.textContent = '计算完成。';
      if (submitWhenSolved) { status.textContent = '计算完成，正在提交……'; form.submit(); }
    });
  }

  document.addEventListener('DOMContentLoaded', function () {
    focusMessage();
    setupCopy();
    setupProofOfWork();
  });
})();
