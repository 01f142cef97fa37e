/* Solves the proof of work off the page's main thread, reporting progress now and then. */
importScripts('/static/report/sha256.js');
self.onmessage = function (event) {
  var challenge = event.data.challenge, bits = event.data.bits, step = 16384;
  for (var start = 0; ; start += step) {
    var nonce = self.cadrePow.search(challenge, bits, start, step);
    if (nonce !== null) { self.postMessage({ nonce: nonce }); return; }
    self.postMessage({ tried: start + step });
  }
};
