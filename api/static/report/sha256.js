/* SHA-256 (FIPS 180-4) and the hashcash search of the reporting page's proof of work.
   Written out here rather than taken from WebCrypto: crypto.subtle exists only on HTTPS pages, and
   offices may serve this page over plain HTTP inside a closed network. */
(function (global) {
  'use strict';
  var K = new Uint32Array([
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2
  ]);
  var W = new Uint32Array(64);
  var H = new Uint32Array(8);
  var buffers = {};  // one message buffer per length in blocks, reused from hash to hash

  /* The digest of an ASCII string, as eight 32-bit words (big-endian order of the bytes). */
  function sha256Words(text) {
    var n = text.length;
    var blocks = (n + 9 + 63) >> 6;
    var m = buffers[blocks] || (buffers[blocks] = new Uint8Array(blocks * 64));
    m.fill(0);
    for (var i = 0; i < n; i++) m[i] = text.charCodeAt(i);
    m[n] = 0x80;
    var bitsLen = n * 8;
    m[blocks * 64 - 4] = bitsLen >>> 24; m[blocks * 64 - 3] = (bitsLen >>> 16) & 255;
    m[blocks * 64 - 2] = (bitsLen >>> 8) & 255; m[blocks * 64 - 1] = bitsLen & 255;
    H[0] = 0x6a09e667; H[1] = 0xbb67ae85; H[2] = 0x3c6ef372; H[3] = 0xa54ff53a;
    H[4] = 0x510e527f; H[5] = 0x9b05688c; H[6] = 0x1f83d9ab; H[7] = 0x5be0cd19;
    for (var b = 0; b < blocks; b++) {
      var o = b * 64, t;
      for (t = 0; t < 16; t++) {
        W[t] = (m[o + 4 * t] << 24) | (m[o + 4 * t + 1] << 16) | (m[o + 4 * t + 2] << 8) | m[o + 4 * t + 3];
      }
      for (t = 16; t < 64; t++) {
        var x = W[t - 15], y = W[t - 2];
        var s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
        var s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
        W[t] = (W[t - 16] + s0 + W[t - 7] + s1) | 0;
      }
      var a = H[0], c1 = H[1], c2 = H[2], d = H[3], e = H[4], f = H[5], g = H[6], h = H[7];
      for (t = 0; t < 64; t++) {
        var S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
        var ch = (e & f) ^ (~e & g);
        var t1 = (h + S1 + ch + K[t] + W[t]) | 0;
        var S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
        var maj = (a & c1) ^ (a & c2) ^ (c1 & c2);
        var t2 = (S0 + maj) | 0;
        h = g; g = f; f = e; e = (d + t1) | 0; d = c2; c2 = c1; c1 = a; a = (t1 + t2) | 0;
      }
      H[0] = (H[0] + a) | 0; H[1] = (H[1] + c1) | 0; H[2] = (H[2] + c2) | 0; H[3] = (H[3] + d) | 0;
      H[4] = (H[4] + e) | 0; H[5] = (H[5] + f) | 0; H[6] = (H[6] + g) | 0; H[7] = (H[7] + h) | 0;
    }
    return H;
  }

  function leadingZeroBits(words) {
    var zeros = 0;
    for (var i = 0; i < 8; i++) {
      if (words[i] === 0) { zeros += 32; continue; }
      return zeros + Math.clz32(words[i]);
    }
    return zeros;
  }

  /* Try nonces start … start+count-1; the first whose SHA-256(challenge + ":" + nonce) begins with
     `bits` zero bits, as a string, or null. */
  function powSearch(challenge, bits, start, count) {
    var prefix = challenge + ':';
    for (var nonce = start; nonce < start + count; nonce++) {
      if (leadingZeroBits(sha256Words(prefix + nonce)) >= bits) return String(nonce);
    }
    return null;
  }

  function hex(words) {
    var out = '';
    for (var i = 0; i < 8; i++) out += ('00000000' + (words[i] >>> 0).toString(16)).slice(-8);
    return out;
  }

  global.cadrePow = { search: powSearch, sha256Hex: function (text) { return hex(sha256Words(text)); } };
})(typeof self !== 'undefined' ? self : this);
