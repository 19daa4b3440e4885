// Runs before the app's wasm loads. kehu is compiled with WebAssembly SIMD (Chrome 91,
// Firefox 89, Safari 16.4 and later); a browser without it, or without WebAssembly,
// could not start the app and would show a blank page. It gets a message in both
// languages instead.
(function () {
  // The smallest module that uses SIMD: a function returning i8x16.popcnt of a splat.
  var simd = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0,
    10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98, 11]);
  var runs = false;
  try {
    runs = typeof WebAssembly === 'object' && WebAssembly.validate(simd);
  } catch (e) {
    runs = false;
  }
  if (runs) return;
  document.addEventListener('DOMContentLoaded', function () {
    var box = document.createElement('div');
    box.className = 'unsupported';
    box.setAttribute('role', 'alert');
    [
      ['zh-CN', '此浏览器版本过旧，无法运行客户 kehu。请更新到 Chrome 91、Firefox 89、Safari 16.4（iOS 16.4）或更新的版本。'],
      ['en', 'This browser is too old to run kehu. Please update to Chrome 91, Firefox 89, Safari 16.4 (iOS 16.4) or later.'],
    ].forEach(function (m) {
      var p = document.createElement('p');
      p.lang = m[0];
      p.textContent = m[1];
      box.appendChild(p);
    });
    document.body.appendChild(box);
  });
})();
